/**
 * Whose card a holder call is about: the holder's own card, or (with `subjectCardId`) a
 * relative's card reached through the holder's family binding (亲情服务). Only reading and
 * the actions the family service allows go through here (face check for pension
 * certification, pension status and certification, records, account); PIN, loss status
 * and bindings always act on the holder's own card via `holderCard`.
 */
import { NotFound } from '../core/problem.js';
import type { Session } from '../core/session/sessionToken.js';
import { getCard, type CardRecord } from './card.store.js';
import { getFamilyBinding, type FamilyBindingRecord } from '../family/family.store.js';
import { getPerson, type PersonRecord } from './person.store.js';
import { holderCard } from './holderCard.js';

export class SubjectNotFound extends NotFound {
  override name = 'SubjectNotFound';
  constructor() {
    // The same answer for "no such card" and "not bound to you": don't reveal card ids.
    super('family_member_not_found', '未找到该亲属绑定，或绑定已解除。');
  }
}

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
  if (!family || !card) throw new SubjectNotFound();
  return { card, actorCard, family };
}

/** The card and its register entry (for pension, records and face checks). */
export async function subjectOf(session: Session, subjectCardId?: string): Promise<Subject> {
  const subject = await subjectCardOf(session, subjectCardId);
  const person = await getPerson(subject.card.idHash);
  if (!person) throw subject.family ? new SubjectNotFound() : new NotFound('card_not_found', '未找到该卡。');
  return { ...subject, person };
}
