/**
 * Whose card a holder call is about: the holder's own card, or (with `subjectCardId`) a
 * relative's card reached through the holder's family binding (亲情服务). Only reading and
 * the actions the family service allows go through here (face check for pension
 * certification, pension status and certification, records, account); PIN, loss status
 * and bindings always act on the holder's own card via `holderCard`.
 */
import { NotFound } from '../lib/problem.js';
import type { Session } from '../session/token.js';
import { getCard, type CardRecord } from '../store/card.js';
import { getFamilyBinding, type FamilyBindingRecord } from '../store/family.js';
import { getPerson, type PersonRecord } from '../store/person.js';
import { holderCard } from './holder.js';

export class SubjectNotFound extends NotFound {
  override name = 'SubjectNotFound';
  constructor() {
    // The same answer for "no such card" and "not bound to you": don't reveal card ids.
    super('family_member_not_found', '未找到该亲属绑定，或绑定已解除。');
  }
}

export interface Subject {
  card: CardRecord;
  person: PersonRecord;
  /** The holder's own card (the actor). */
  actorCard: CardRecord;
  /** Present when acting for a relative. */
  family?: FamilyBindingRecord;
}

export async function subjectOf(session: Session, subjectCardId?: string): Promise<Subject> {
  const { card: actorCard } = await holderCard(session);
  if (subjectCardId === undefined || subjectCardId === actorCard.cardId) {
    const person = await getPerson(actorCard.idHash);
    if (!person) throw new NotFound('card_not_found', '未找到该卡。');
    return { card: actorCard, person, actorCard };
  }
  const family = await getFamilyBinding(actorCard.cardId, subjectCardId);
  if (!family) throw new SubjectNotFound();
  const card = await getCard(subjectCardId);
  const person = card ? await getPerson(card.idHash) : undefined;
  if (!card || !person) throw new SubjectNotFound();
  return { card, person, actorCard, family };
}
