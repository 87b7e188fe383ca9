/**
 * Whose card a holder call is about: the holder's own card, or (with `subjectCardId`) a
 * relative's card reached through the holder's family binding (亲情服务). Only reading and
 * the actions the family service allows go through here (face check for pension
 * certification, pension status and certification, records, account); PIN, loss status
 * and bindings always act on the holder's own card via `holderCard`.
 */
import { noteAccess } from '../core/audit/trail.js';
import type { Session } from '../core/session/sessionToken.js';
import { getCard, getPerson, holderCard, holderErrors, type CardRecord, type PersonRecord } from '../holder/index.js';
import { familyErrors } from './errors.js';
import { getFamilyBinding, type FamilyBindingRecord } from './family.store.js';

export interface SubjectCard {
  card: CardRecord;
  /** The holder's own card (the actor). */
  actorCard: CardRecord;
  /** Present when acting for a relative. */
  family?: FamilyBindingRecord;
}

export interface Subject extends SubjectCard {
  person: PersonRecord;
}

/** The card a call is about; enough for the account, which is keyed by the card's idHash. */
export async function subjectCardOf(session: Session, subjectCardId?: string): Promise<SubjectCard> {
  const { card: actorCard } = await holderCard(session);
  if (subjectCardId === undefined || subjectCardId === actorCard.cardId) return { card: actorCard, actorCard };
  const [family, card] = await Promise.all([getFamilyBinding(actorCard.cardId, subjectCardId), getCard(subjectCardId)]);
  // The same answer for "no such card" and "not bound to you": don't reveal card ids.
  if (!family || !card) throw familyErrors.problem('family_member_not_found');
  noteAccess(card.idHash, 'relative');
  return { card, actorCard, family };
}

/** The card and its register entry (for pension, records and face checks). */
export async function subjectOf(session: Session, subjectCardId?: string): Promise<Subject> {
  const subject = await subjectCardOf(session, subjectCardId);
  const person = await getPerson(subject.card.idHash);
  if (!person) throw subject.family ? familyErrors.problem('family_member_not_found') : holderErrors.problem('card_not_found');
  return { ...subject, person };
}

/** The helper's birth date from the register: the guardian rule (family.rules) needs it. */
export async function helperBirthDate(idHash: string): Promise<string> {
  const person = await getPerson(idHash);
  if (!person) throw holderErrors.problem('card_not_found');
  return person.birthDate;
}
