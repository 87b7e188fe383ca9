import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCode } from '../../functions/codes/issue.js';
import { verifyCode } from '../../functions/codes/verify.js';
import { addFamilyMember, issueFamilyMemberCode, listFamilyHelpers, listFamilyMembers, removeFamilyHelper, removeFamilyMember } from '../../functions/family/members.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { ageOn } from '../../functions/holder/idNumber.rules.js';
import { getCard, updateCard } from '../../functions/holder/card.store.js';
import { getCode } from '../../functions/codes/code.store.js';
import { getFaceVerification } from '../../functions/face/faceVerification.store.js';
import { getFamilyCount } from '../../functions/family/family.store.js';
import { claimAs, faceCheck, startFace, stopFace, type ClaimedHolder } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';

beforeAll(startFace);
afterAll(stopFace);

type Holder = ClaimedHolder;
const claim = (person: SeedPerson) => claimAs(person, PIN);
const holder = (i: number) => claim(people.claimable(i));

/** The helper runs the relative's face check on their own phone, then adds them. */
async function addWithFace(helper: Holder, relative: SeedPerson, relationship: 'parent' | 'spouse' | 'sibling' | 'other' = 'parent') {
  const face = await faceCheck(helper.session, 'family', 'pass', relative);
  const added = await addFamilyMember(helper.session, { relationship, name: relative.name, idNumber: relative.idNumber, faceVerificationId: face.id });
  if (!('member' in added)) throw new Error('expected a member, got an invitation');
  return added.member;
}

describe('family service', () => {
  it('adds an adult with their face check; lists masked; refuses self, duplicates, another face, a cancelled card', async () => {
    const helper = await holder(0);
    const parent = await holder(1);
    const stranger = people.claimable(2);

    // The face check of someone else is refused, and nothing is written.
    const wrongFace = await faceCheck(helper.session, 'family', 'pass', stranger);
    await expect(
      addFamilyMember(helper.session, { relationship: 'parent', name: parent.person.name, idNumber: parent.person.idNumber, faceVerificationId: wrongFace.id }),
    ).rejects.toMatchObject({ status: 422, code: 'face_verification_other_person' });
    // No face at all for an adult.
    await expect(
      addFamilyMember(helper.session, { relationship: 'parent', name: parent.person.name, idNumber: parent.person.idNumber }),
    ).rejects.toMatchObject({ status: 422, code: 'face_verification_required' });
    // A failed face check.
    const failed = await faceCheck(helper.session, 'family', 'fail', parent.person);
    await expect(
      addFamilyMember(helper.session, { relationship: 'parent', name: parent.person.name, idNumber: parent.person.idNumber, faceVerificationId: failed.id }),
    ).rejects.toMatchObject({ code: 'face_verification_failed' });
    expect((await listFamilyMembers(helper.session)).members).toEqual([]);
    expect(await getFamilyCount(helper.cardId)).toBe(0);

    const added = await addWithFace(helper, parent.person);
    expect(added).toMatchObject({ memberId: parent.cardId, relationship: 'parent', cardStatus: 'normal' });

    // Self.
    await expect(addWithFace(helper, helper.person)).rejects.toMatchObject({ status: 422, code: 'family_self' });
    // Duplicate.
    await expect(addWithFace(helper, parent.person, 'other')).rejects.toMatchObject({ status: 409, code: 'family_member_exists' });

    const { members } = await listFamilyMembers(helper.session);
    expect(members).toHaveLength(1);
    const [m] = members;
    expect(m).toEqual({
      memberId: parent.cardId,
      relationship: 'parent',
      maskedName: expect.stringMatching(/^\S\*+$/u),
      maskedIdNumber: expect.stringMatching(/^\d{4}\*{10}[\dX]{4}$/),
      cardStatus: 'normal',
      boundAt: expect.any(String),
      isPensioner: parent.person.personType === 'retiree',
      accountSharing: { fromMe: false, toMe: false },
    });
    expect(JSON.stringify(members)).not.toContain(parent.person.idNumber);
    expect(JSON.stringify(members)).not.toContain(parent.person.name);
    expect(await getFamilyCount(helper.cardId)).toBe(1);

    // The relative sees the helper (reverse item).
    const { helpers } = await listFamilyHelpers(parent.session);
    expect(helpers).toEqual([expect.objectContaining({ helperId: helper.cardId, relationship: 'parent' })]);

    // A relative whose e-card is cancelled cannot be bound.
    const cancelled = await holder(3);
    const card = (await getCard(cancelled.cardId))!;
    expect(await updateCard(card.cardId, card.version, { status: 'cancelled' })).toBe(true);
    await expect(addWithFace(helper, cancelled.person)).rejects.toMatchObject({ status: 422, code: 'family_card_cancelled' });

    // A relative without an e-card cannot be bound (the stranger never claimed).
    await expect(addWithFace(helper, stranger)).rejects.toMatchObject({ status: 422, code: 'family_relative_no_card' });
    expect(await getFamilyCount(helper.cardId)).toBe(1);
  });

  it("the helper shows the relative's code: the terminal sees the relative's card; unbinding kills it", async () => {
    const helper = await holder(4);
    const parent = await holder(5);
    await addWithFace(helper, parent.person);

    const own = await issueCode(helper.session);
    const issued = await issueFamilyMemberCode(helper.session, parent.cardId);
    expect(issued.code).toMatch(/^88\d{18}$/);
    const record = await getCode(issued.code);
    expect(record).toMatchObject({ cardId: parent.cardId, issuedByCardId: helper.cardId, openid: helper.session.openid });

    const verified = await verifyCode('demo-pharmacy', issued.code, 'query');
    expect(verified.cardId).toBe(parent.cardId);
    expect(verified.cardId).not.toBe(helper.cardId);
    await expect(verifyCode('demo-pharmacy', issued.code, 'query')).rejects.toMatchObject({ code: 'code_used' });
    // Issuing for the relative did not void the helper's own code.
    await expect(verifyCode('demo-pharmacy', own.code, 'query')).resolves.toMatchObject({ cardId: helper.cardId });

    // A newer family code voids the previous one.
    const older = await issueFamilyMemberCode(helper.session, parent.cardId);
    const live = await issueFamilyMemberCode(helper.session, parent.cardId);
    await expect(verifyCode('demo-pharmacy', older.code, 'query')).rejects.toMatchObject({ code: 'code_voided' });

    await removeFamilyMember(helper.session, parent.cardId);
    await expect(verifyCode('demo-pharmacy', live.code, 'query')).rejects.toMatchObject({ status: 422, code: 'code_voided' });
    await expect(issueFamilyMemberCode(helper.session, parent.cardId)).rejects.toMatchObject({ status: 404, code: 'family_member_not_found' });
    await expect(removeFamilyMember(helper.session, parent.cardId)).rejects.toMatchObject({ status: 404, code: 'family_member_not_found' });
    expect((await listFamilyMembers(helper.session)).members).toEqual([]);
    expect(await listFamilyHelpers(parent.session)).toEqual({ helpers: [] });
    expect(await getFamilyCount(helper.cardId)).toBe(0);

    // Bound again, then the relative removes the helper from their side: the code dies too.
    await addWithFace(helper, parent.person);
    const again = await issueFamilyMemberCode(helper.session, parent.cardId);
    await removeFamilyHelper(parent.session, helper.cardId);
    await expect(verifyCode('demo-pharmacy', again.code, 'query')).rejects.toMatchObject({ code: 'code_voided' });
    await expect(issueFamilyMemberCode(helper.session, parent.cardId)).rejects.toMatchObject({ code: 'family_member_not_found' });
    await expect(removeFamilyHelper(parent.session, helper.cardId)).rejects.toMatchObject({ code: 'family_member_not_found' });
    expect(await getFamilyCount(helper.cardId)).toBe(0);
  });

  it('8 relatives at most: two concurrent adds for the 8th slot, exactly one wins; the 9th is refused', async () => {
    const helper = await holder(6);
    const relatives = await Promise.all(Array.from({ length: 9 }, (_, k) => holder(7 + k)));
    for (const r of relatives.slice(0, 7)) await addWithFace(helper, r.person, 'sibling');
    expect(await getFamilyCount(helper.cardId)).toBe(7);

    const [a, b] = [relatives[7]!, relatives[8]!];
    const [faceA, faceB] = [await faceCheck(helper.session, 'family', 'pass', a.person), await faceCheck(helper.session, 'family', 'pass', b.person)];
    const race = await Promise.allSettled([
      addFamilyMember(helper.session, { relationship: 'other', name: a.person.name, idNumber: a.person.idNumber, faceVerificationId: faceA.id }),
      addFamilyMember(helper.session, { relationship: 'other', name: b.person.name, idNumber: b.person.idNumber, faceVerificationId: faceB.id }),
    ]);
    expect(race.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = race.filter((r) => r.status === 'rejected');
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ status: 422, code: 'family_limit_reached' });
    expect(await getFamilyCount(helper.cardId)).toBe(8);
    expect((await listFamilyMembers(helper.session)).members).toHaveLength(8);

    // Nothing half-written: the loser's face check was not consumed.
    const loser = race[0].status === 'rejected' ? a : b;
    const loserFace = race[0].status === 'rejected' ? faceA : faceB;
    expect(await getFaceVerification(loserFace.id)).toMatchObject({ status: 'passed' });
    // The 9th, with a fresh face check, is refused.
    await expect(addWithFace(helper, loser.person)).rejects.toMatchObject({ code: 'family_limit_reached' });
    expect(await getFamilyCount(helper.cardId)).toBe(8);

    // Freeing a slot lets the 9th in.
    await removeFamilyMember(helper.session, relatives[0]!.cardId);
    await expect(addWithFace(helper, loser.person)).resolves.toMatchObject({ memberId: loser.cardId });
    expect(await getFamilyCount(helper.cardId)).toBe(8);
  });

  it('a child under 16 is added by a guardian (relationship child) without the child’s face check', async () => {
    const child = people.child(0);
    expect(ageOn(child.birthDate, new Date())).toBeLessThan(16);
    // A plausible parent (an adult who was at least 14 at the child's birth), from the block's unused adults 16–23.
    const g = [16, 17, 18, 19, 20, 21, 22, 23].find((i) => ageOn(people.claimable(i).birthDate, child.birthDate) >= 14 && ageOn(people.claimable(i).birthDate, new Date()) >= 18);
    if (g === undefined) throw new Error('no plausible guardian among adults 16–23 of this block');
    const guardian = await holder(g);
    const childCard = await claim(child);

    await expect(
      addFamilyMember(guardian.session, { relationship: 'sibling', name: child.name, idNumber: child.idNumber }),
    ).rejects.toMatchObject({ status: 422, code: 'family_guardian_only' });
    const added = await addFamilyMember(guardian.session, { relationship: 'child', name: child.name, idNumber: child.idNumber });
    expect(added).toMatchObject({ member: { memberId: childCard.cardId, relationship: 'child' } });
    const { code } = await issueFamilyMemberCode(guardian.session, childCard.cardId);
    await expect(verifyCode('demo-pharmacy', code, 'query')).resolves.toMatchObject({ cardId: childCard.cardId });
  });
});
