/**
 * Claiming an e-card on a relative's behalf (代为申领): the relative's face on the helper's
 * phone (an adult) or the guardian's own (a child under 16), the relative's PIN, their
 * consent; the card and the binding in one transaction, or nothing at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimForRelative, type ClaimForRelativeRequest } from '../../functions/family/claimForRelative.js';
import { ClaimForRelativeBody } from '../../functions/family/family.schemas.js';
import { addFamilyMember, issueFamilyMemberCode, listFamilyMembers } from '../../functions/family/members.js';
import { getFamilyBinding, getFamilyCount } from '../../functions/family/family.store.js';
import { getCard } from '../../functions/holder/card.store.js';
import { getPerson } from '../../functions/holder/person.store.js';
import { pii } from '../../functions/core/pii/crypto.js';
import { getFaceVerification } from '../../functions/face/faceVerification.store.js';
import { verifyCode } from '../../functions/codes/verify.js';
import { claimCard } from '../../functions/cards/claim.js';
import { CONSENT_VERSIONS } from '../../functions/holder/consent.js';
import { verifyPin } from '../../functions/core/pii/pinHash.js';
import { ageOn } from '../../functions/holder/idNumber.rules.js';
import { writeBinding } from '../../functions/family/bind.js';
import { cardPut, newCardRecord } from '../../functions/holder/card.store.js';
import { personCardClaim } from '../../functions/holder/person.store.js';
import { faceUsedProblem, useFace } from '../../functions/face/faceProof.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { claimAs, faceCheck, newSession, startFace, stopFace, type ClaimedHolder } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const RELATIVE_PIN = '369024';

beforeAll(startFace);
afterAll(stopFace);

const holder = (i: number) => claimAs(people.claimable(i), PIN);
const idHashOf = async (p: SeedPerson) => (await pii()).hash('idNumber', p.idNumber);
const cardIdOf = async (p: SeedPerson) => (await getPerson(await idHashOf(p), true))?.cardId;

/** The relative's face on the helper's phone, then the claim. */
async function claimWithRelativeFace(helper: ClaimedHolder, relative: SeedPerson, extra: Partial<ClaimForRelativeRequest> = {}) {
  const face = await faceCheck(helper.session, 'family', 'pass', relative);
  return claimForRelative(helper.session, {
    relationship: 'parent',
    name: relative.name,
    idNumber: relative.idNumber,
    faceVerificationId: face.id,
    pin: RELATIVE_PIN,
    consent: true,
    ...extra,
  });
}

describe('claiming an e-card on a relative\'s behalf', () => {
  it('an adult parent without a card: offered before any face check, then claimed with their face and PIN, bound in the same step; their own app later binds the same card with that PIN', async () => {
    const helper = await holder(0);
    const parent = people.retiree(0);
    expect(await cardIdOf(parent)).toBeUndefined();

    // The add flow says so before any face check, so the app can offer the claim.
    await expect(addFamilyMember(helper.session, { relationship: 'parent', name: parent.name, idNumber: parent.idNumber })).rejects.toMatchObject({
      status: 422,
      code: 'family_relative_no_card',
    });

    const face = await faceCheck(helper.session, 'family', 'pass', parent);
    const { member } = await claimForRelative(helper.session, {
      relationship: 'parent',
      name: parent.name,
      idNumber: parent.idNumber,
      faceVerificationId: face.id,
      pin: RELATIVE_PIN,
      consent: true,
    });
    expect(member).toMatchObject({ relationship: 'parent', cardStatus: 'normal', isPensioner: true, accountSharing: { fromMe: false, toMe: false } });
    expect(JSON.stringify(member)).not.toContain(parent.idNumber);
    expect(JSON.stringify(member)).not.toContain(parent.name);

    // The person's one e-card is the new card; it records whose consent and which face check.
    expect(await cardIdOf(parent)).toBe(member.memberId);
    const card = (await getCard(member.memberId))!;
    expect(card.idHash).toBe(await idHashOf(parent));
    expect(card.claimedOnBehalf).toEqual({
      helperCardId: helper.cardId,
      channelId: helper.session.channelId,
      consentBy: 'relative',
      consentAt: expect.any(String),
      consentVersion: CONSENT_VERSIONS.relative,
      faceVerificationId: face.id,
    });
    expect(await getFaceVerification(face.id)).toMatchObject({ status: 'used' });
    expect(await getFamilyBinding(helper.cardId, member.memberId)).toMatchObject({ relationship: 'parent', faceVerificationId: face.id, claimedForRelative: true });
    expect(await getFamilyCount(helper.cardId)).toBe(1);
    expect((await listFamilyMembers(helper.session)).members.map((m) => m.memberId)).toEqual([member.memberId]);

    // The helper shows the parent's code; the pharmacy sees the parent's card.
    const issued = await issueFamilyMemberCode(helper.session, member.memberId);
    expect((await verifyCode('demo-pharmacy', issued.code, 'query')).cardId).toBe(member.memberId);

    // Claiming again for them: they have a card now.
    await expect(claimWithRelativeFace(helper, parent)).rejects.toMatchObject({ status: 409, code: 'family_relative_has_card' });

    // The parent's own app: their own face makes the card theirs, and the PIN they choose there
    // replaces the one typed on the helper's phone (they may not remember it).
    const own = newSession();
    const ownFace = await faceCheck(own, 'claim', 'pass', parent);
    const claimed = await claimCard(own, { name: parent.name, idNumber: parent.idNumber, faceVerificationId: ownFace.id, pin: PIN, consent: true });
    expect(claimed.id).toBe(member.memberId);
    expect(await verifyPin(PIN, (await getCard(member.memberId))!.pinHash)).toBe(true);
    // From then on the card is held by the parent's app: a claim in another app needs the parent's PIN, as any card's.
    const elsewhere = newSession('demo-bank');
    const elsewhereFace = await faceCheck(elsewhere, 'claim', 'pass', parent);
    await expect(
      claimCard(elsewhere, { name: parent.name, idNumber: parent.idNumber, faceVerificationId: elsewhereFace.id, pin: RELATIVE_PIN, consent: true }),
    ).rejects.toMatchObject({ code: 'wrong_pin' });
  });

  it('refuses, writing nothing: a PIN against the rules, another person\'s face, a wrong name, a relative who has a card, no consent', async () => {
    const helper = await holder(1);
    const parent = people.retiree(1);
    const withCard = await holder(2);

    // A PIN from the relative's own ID number: refused on the field, the face check not used up.
    const face = await faceCheck(helper.session, 'family', 'pass', parent);
    const fromId = parent.idNumber.slice(-7, -1);
    await expect(
      claimForRelative(helper.session, { relationship: 'parent', name: parent.name, idNumber: parent.idNumber, faceVerificationId: face.id, pin: fromId, consent: true }),
    ).rejects.toMatchObject({ status: 422, code: 'pin_rule_violated', errors: [{ field: 'pin' }] });
    await expect(
      claimForRelative(helper.session, { relationship: 'parent', name: parent.name, idNumber: parent.idNumber, faceVerificationId: face.id, pin: '111111', consent: true }),
    ).rejects.toMatchObject({ code: 'pin_rule_violated' });
    expect(await getFaceVerification(face.id)).toMatchObject({ status: 'passed' });

    // The helper's own face is not the parent's.
    const helperFace = await faceCheck(helper.session, 'guardian', 'pass');
    await expect(
      claimForRelative(helper.session, { relationship: 'parent', name: parent.name, idNumber: parent.idNumber, faceVerificationId: helperFace.id, pin: RELATIVE_PIN, consent: true }),
    ).rejects.toMatchObject({ code: 'face_verification_wrong_purpose' });
    const failed = await faceCheck(helper.session, 'family', 'fail', parent);
    await expect(claimWithRelativeFace(helper, parent, { faceVerificationId: failed.id })).rejects.toMatchObject({ code: 'face_verification_failed' });

    // A name that is not the ID number's.
    await expect(
      claimForRelative(helper.session, { relationship: 'parent', name: '王小明', idNumber: parent.idNumber, faceVerificationId: face.id, pin: RELATIVE_PIN, consent: true }),
    ).rejects.toMatchObject({ code: 'identity_mismatch' });

    // Someone with a card is added the normal way.
    await expect(claimWithRelativeFace(helper, withCard.person)).rejects.toMatchObject({ status: 409, code: 'family_relative_has_card' });
    // Oneself.
    await expect(claimWithRelativeFace(helper, helper.person)).rejects.toMatchObject({ code: 'family_self' });

    // The request schema: consent must be given, the PIN six digits.
    const body = { relationship: 'parent', name: parent.name, idNumber: parent.idNumber, faceVerificationId: face.id, pin: RELATIVE_PIN };
    expect(ClaimForRelativeBody.safeParse({ ...body, consent: true }).success).toBe(true);
    expect(ClaimForRelativeBody.safeParse({ ...body, consent: false }).success).toBe(false);
    expect(ClaimForRelativeBody.safeParse(body).success).toBe(false);
    expect(ClaimForRelativeBody.safeParse({ ...body, consent: true, pin: '12345' }).success).toBe(false);

    expect(await cardIdOf(parent)).toBeUndefined();
    expect(await getFamilyCount(helper.cardId)).toBe(0);

    // The untouched face check still does the real thing.
    const { member } = await claimForRelative(helper.session, { relationship: 'parent', name: parent.name, idNumber: parent.idNumber, faceVerificationId: face.id, pin: RELATIVE_PIN, consent: true });
    expect(await cardIdOf(parent)).toBe(member.memberId);
  });

  it('a child under 16: the guardian claims with their own face as 子女 only; consent recorded as the guardian\'s', async () => {
    const child = people.child(0);
    // A plausible parent (an adult who was at least 14 at the child's birth) among the block's unused adults 7–23.
    const g = Array.from({ length: 17 }, (_, k) => 7 + k).find((i) => ageOn(people.claimable(i).birthDate, child.birthDate) >= 14 && ageOn(people.claimable(i).birthDate, new Date()) >= 18);
    if (g === undefined) throw new Error('no plausible guardian in this block');
    const guardian = await holder(g);
    const childFace = await faceCheck(guardian.session, 'family', 'pass', child);
    // The child's own face is not the guardian's.
    await expect(
      claimForRelative(guardian.session, { relationship: 'child', name: child.name, idNumber: child.idNumber, faceVerificationId: childFace.id, pin: RELATIVE_PIN, consent: true }),
    ).rejects.toMatchObject({ code: 'face_verification_wrong_purpose' });
    const face = await faceCheck(guardian.session, 'guardian', 'pass');
    await expect(
      claimForRelative(guardian.session, { relationship: 'sibling', name: child.name, idNumber: child.idNumber, faceVerificationId: face.id, pin: RELATIVE_PIN, consent: true }),
    ).rejects.toMatchObject({ code: 'family_guardian_only', errors: [{ field: 'relationship' }] });

    const { member } = await claimForRelative(guardian.session, { relationship: 'child', name: child.name, idNumber: child.idNumber, faceVerificationId: face.id, pin: RELATIVE_PIN, consent: true });
    expect((await getCard(member.memberId))!.claimedOnBehalf).toMatchObject({ helperCardId: guardian.cardId, consentBy: 'guardian', consentVersion: CONSENT_VERSIONS.guardian, faceVerificationId: face.id });
    expect(await getFamilyBinding(guardian.cardId, member.memberId)).toMatchObject({ relationship: 'child', addedAsGuardian: true });
    expect(await getFaceVerification(face.id)).toMatchObject({ status: 'used' });
  });

  it('two helpers claiming for the same parent at once: one card, one binding; the other is told the parent has a card', async () => {
    const [a, b] = await Promise.all([holder(4), holder(5)]);
    const parent = people.retiree(2);
    const [faceA, faceB] = await Promise.all([faceCheck(a.session, 'family', 'pass', parent), faceCheck(b.session, 'family', 'pass', parent)]);
    const request = (id: string): ClaimForRelativeRequest => ({ relationship: 'parent', name: parent.name, idNumber: parent.idNumber, faceVerificationId: id, pin: RELATIVE_PIN, consent: true });
    const outcomes = await Promise.allSettled([claimForRelative(a.session, request(faceA.id)), claimForRelative(b.session, request(faceB.id))]);
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((o) => (o.reason as { code?: string }).code)).toEqual(['family_relative_has_card']);
    const cardId = await cardIdOf(parent);
    expect(cardId).toBe((won[0] as PromiseFulfilledResult<{ member: { memberId: string } }>).value.member.memberId);
    expect((await getFamilyCount(a.cardId)) + (await getFamilyCount(b.cardId))).toBe(1);
    // The loser's face check was not used up: it can still add the parent the normal way.
    const loser = outcomes[0]!.status === 'rejected' ? { h: a, face: faceA } : { h: b, face: faceB };
    expect(await getFaceVerification(loser.face.id)).toMatchObject({ status: 'passed' });
    const added = await addFamilyMember(loser.h.session, { relationship: 'parent', name: parent.name, idNumber: parent.idNumber, faceVerificationId: loser.face.id });
    expect(added).toMatchObject({ member: { memberId: cardId } });
  });

  it('a card claimed for the person between the checks and the write: the transaction refuses it as family_relative_has_card and writes nothing', async () => {
    const helper = await holder(6);
    const parent = people.retiree(3);
    const face = await faceCheck(helper.session, 'family', 'pass', parent);
    // The person got their card a moment ago (their own app): the person item now names it.
    const idHash = await idHashOf(parent);
    const theirs = await claimAs(parent, PIN);
    expect(await cardIdOf(parent)).toBe(theirs.cardId);
    const person = (await getPerson(idHash, true))!;
    const cardId = 'card_race-test';
    const record = newCardRecord(person, cardId, 'pinhash', new Date().toISOString());
    const binding = { helperCardId: helper.cardId, relativeCardId: cardId, relationship: 'parent' as const, boundAt: new Date().toISOString(), boundByChannelId: helper.session.channelId, boundByOpenid: helper.session.openid, faceVerificationId: face.id, claimedForRelative: true };
    const record0 = (await getFaceVerification(face.id))!;
    await expect(
      writeBinding(binding, useFace(record0, new Date(), 'race'), faceUsedProblem, { person: personCardClaim(idHash, cardId), card: cardPut(record) }),
    ).rejects.toMatchObject({ status: 409, code: 'family_relative_has_card' });
    expect(await getCard(cardId)).toBeUndefined();
    expect(await getFamilyBinding(helper.cardId, cardId)).toBeUndefined();
    expect(await getFamilyCount(helper.cardId)).toBe(0);
    expect(await getFaceVerification(face.id)).toMatchObject({ status: 'passed' });
  });
});
