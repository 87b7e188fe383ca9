/**
 * The one transaction that creates a binding, whoever confirmed it: the helper still holds
 * their card in the channel that asked, a free slot (count < 8), both binding items put if
 * absent, the relative's card not cancelled (or, for a card claimed on the relative's
 * behalf, the new card put and the person's one e-card taken); then the caller's proof (the
 * consumed face verification, or the accepted invitation).
 */
import type { ProblemError } from '../core/problem.js';
import type { TransactItem } from '../core/table/item.js';
import { attemptTransact } from '../core/table/transaction.js';
import { bindingStillHolds, cardNotCancelledCheck, holderErrors } from '../holder/index.js';
import { familyErrors } from './errors.js';
import { familyCountIncrement, familyPuts, type FamilyBindingRecord } from './family.store.js';

/** A card claimed for the relative in the same step: the person gets it only if they have none yet. */
export interface NewRelativeCard {
  person: TransactItem;
  card: TransactItem;
}

export async function writeBinding(
  binding: FamilyBindingRecord,
  proof: TransactItem | undefined,
  proofRefused: () => ProblemError,
  newCard?: NewRelativeCard,
): Promise<void> {
  const puts = familyPuts(binding);
  const refusal = await attemptTransact([
    ['helperBinding', bindingStillHolds(binding.boundByChannelId, binding.boundByOpenid, binding.helperCardId)],
    ['slot', familyCountIncrement(binding.helperCardId)],
    ['helperSide', puts.helperSide],
    ['relativeSide', puts.relativeSide],
    ['relativeCard', newCard ? newCard.card : cardNotCancelledCheck(binding.relativeCardId)],
    ['relativePerson', newCard?.person],
    ['proof', proof],
  ]);
  if (!refusal) return;
  if (refusal.refused('helperBinding')) throw holderErrors.problem('card_not_found');
  if (refusal.refused('slot')) throw familyErrors.problem('family_limit_reached', { errors: [{ field: 'idNumber', message: 'family_limit_reached' }] });
  // Someone claimed the relative's card a moment ago (the relative in their own app, or another helper).
  if (refusal.refused('relativePerson')) throw familyErrors.problem('family_relative_has_card', { errors: [{ field: 'idNumber', message: 'family_relative_has_card' }] });
  if (refusal.refused('helperSide') || refusal.refused('relativeSide')) throw familyErrors.problem('family_member_exists');
  if (refusal.refused('relativeCard') && !newCard) throw familyErrors.problem('family_card_cancelled', { errors: [{ field: 'idNumber', message: 'family_card_cancelled' }] });
  if (refusal.refused('proof')) throw proofRefused();
  throw holderErrors.problem('concurrent_update');
}
