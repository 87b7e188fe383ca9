/**
 * The holder: who is calling (the card behind a session), their card, its bindings to
 * channels, the card register and the rules of names, ID numbers, PINs and card status.
 * Most capabilities start here.
 */
export { holderCard } from './holderCard.js';
export { checkCardPin, PIN_RESET_PATH } from './pinCheck.js';
export { checkRealCard, checkRealName, requireValidIdNumber } from './register.js';
export { cardView, type CardView } from './cardView.js';
export { holderErrors } from './errors.js';
export {
  cardExistsCheck,
  cardChange,
  cardLiftUpdate,
  cardNotCancelledCheck,
  cardPut,
  cardUsableCheck,
  getCard,
  newCardRecord,
  pinSetChange,
  updateCard,
  type CardRecord,
  type CardStatus,
  type OnBehalfClaim,
} from './card.store.js';
export {
  bindingDeletes,
  bindingPointsAt,
  bindingPuts,
  bindingRepoint,
  bindingStillHolds,
  getBindingOfCard,
  getBindingOfUser,
  listBindingsOfCard,
  touchBinding,
  type BindingRecord,
} from './binding.store.js';
export { getPerson, personCardCheck, personCardClaim, type PersonRecord } from './person.store.js';
export { decideLift, decideLossReport, effectiveStatus, isUsable } from './cardStatus.rules.js';
export { checkPin } from './pin.rules.js';
export { requirePinRule } from './newPin.js';
export { CONSENT_VERSION, CONSENT_VERSIONS } from './consent.js';

