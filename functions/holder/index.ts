/**
 * The holder: who is calling (the card behind a session), their card, its bindings to
 * channels, the card register and the rules of names, ID numbers, PINs and card status.
 * Most capabilities start here.
 */
export { holderCard, type HolderCard } from './holderCard.js';
export { checkCardPin, MAX_PIN_FAILURES } from './pinCheck.js';
export { checkRealCard, checkRealName, requireValidIdNumber, type RegisteredPerson } from './register.js';
export { cardView, type CardView } from './cardView.js';
export { holderErrors } from './errors.js';
export {
  cardExistsCheck,
  cardItem,
  cardKey,
  cardLiftUpdate,
  cardNotCancelledCheck,
  cardPut,
  cardUsableCheck,
  getCard,
  updateCard,
  type CardRecord,
  type CardStatus,
  type LossReport,
} from './card.store.js';
export {
  bindingDeletes,
  bindingPointsAt,
  bindingPuts,
  bindingRepoint,
  bindingStillHolds,
  getBindingOfUser,
  listBindingsOfCard,
  type BindingRecord,
  type CodePointer,
} from './binding.store.js';
export { getPerson, personCardCheck, personCardClaim, personItem, personKey, type PersonRecord, type PersonType } from './person.store.js';
export { decideLift, decideLossReport, effectiveStatus, isUsable } from './cardStatus.rules.js';
export { maskCardNumber, maskIdNumber, maskName } from './mask.rules.js';
export { checkPin } from './pin.rules.js';
export { ageOn, validateIdNumber } from './idNumber.rules.js';
export { normalizeName } from './name.rules.js';
