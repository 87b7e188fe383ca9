import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { claimCard } from '../../functions/cards/claim.js';
import { myCard } from '../../functions/cards/myCard.js';
import { startFaceVerification, fetchFaceResult } from '../../functions/face/faceVerifications.js';
import { getPerson } from '../../functions/holder/person.store.js';
import { listBindingsOfCard } from '../../functions/holder/binding.store.js';
import { listReviews } from '../../functions/face/review.store.js';
import { pii } from '../../functions/core/pii/crypto.js';
import { setClockOffset } from '../../functions/core/clock.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { chooseOutcome, faceCheck, newSession, personWithCardStatus, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';
import { getCard } from '../../functions/holder/card.store.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';

beforeAll(startFace);
afterAll(stopFace);
afterEach(() => setClockOffset(0));

async function passedClaimFace(session = newSession(), person = people.claimable(0)) {
  const face = await faceCheck(session, 'claim', 'pass', { name: person.name, idNumber: person.idNumber });
  expect(face.result.status).toBe('passed');
  return { session, person, faceId: face.id };
}

describe('claiming an e-card', () => {
  it('claims with real name, real card and a passed face check; the card is masked', async () => {
    const { session, person, faceId } = await passedClaimFace();
    const card = await claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: faceId, pin: PIN, consent: true });
    expect(card.status).toBe('normal');
    expect(card.maskedIdNumber).toBe(`${person.idNumber.slice(0, 4)}**********${person.idNumber.slice(-4)}`);
    expect(card.maskedName).not.toContain(person.name.slice(1));
    expect(card.level).toBe(3);
    expect(await myCard(session)).toMatchObject({ id: card.id, status: 'normal' });
    const stored = await getPerson((await pii()).hash('idNumber', person.idNumber));
    expect(stored?.cardId).toBe(card.id);
  });

  it('refuses a face verification used twice, failed, expired, or of another person', async () => {
    const person = people.claimable(1);
    const other = people.claimable(2);
    const claim = (session: ReturnType<typeof newSession>, p: typeof person, faceVerificationId: string) =>
      claimCard(session, { name: p.name, idNumber: p.idNumber, faceVerificationId, pin: PIN, consent: true });

    const failedSession = newSession();
    const failed = await faceCheck(failedSession, 'claim', 'fail', person);
    expect(failed.result).toMatchObject({ status: 'failed', attemptsLeft: 2 });
    await expect(claim(failedSession, person, failed.id)).rejects.toMatchObject({ status: 422, code: 'face_verification_failed' });

    const s1 = newSession();
    const ofOther = await faceCheck(s1, 'claim', 'pass', other);
    await expect(claim(s1, person, ofOther.id)).rejects.toMatchObject({ code: 'face_verification_other_person' });

    const pending = await startFaceVerification(s1, { purpose: 'claim', ...person });
    await expect(claim(s1, person, pending.id)).rejects.toMatchObject({ code: 'face_verification_not_passed' });

    const s2 = newSession();
    const expiring = await faceCheck(s2, 'claim', 'pass', person);
    setClockOffset(61 * 60_000);
    await expect(claim(s2, person, expiring.id)).rejects.toMatchObject({ code: 'face_verification_expired' });
    setClockOffset(0);

    // Another user's verification looks like it doesn't exist.
    await expect(claim(newSession(), person, expiring.id)).rejects.toMatchObject({ code: 'face_verification_not_found' });

    await expect(claim(s2, person, expiring.id)).resolves.toMatchObject({ status: 'normal' });
    const s3 = newSession();
    await expect(claim(s3, person, expiring.id)).rejects.toMatchObject({ code: 'face_verification_not_found' });
  });

  it('checks the register: ID check digit, name, physical card status, PIN rules', async () => {
    const person = people.claimable(3);
    const session = newSession();
    const base = { name: person.name, idNumber: person.idNumber, faceVerificationId: 'fv_none', pin: PIN, consent: true as const };
    const badDigit = person.idNumber.slice(0, 17) + (person.idNumber[17] === '0' ? '1' : '0');
    await expect(claimCard(session, { ...base, idNumber: badDigit })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_id_number',
      errors: [{ field: 'idNumber' }],
    });
    await expect(claimCard(session, { ...base, name: '张冒名' })).rejects.toMatchObject({ status: 422, code: 'identity_mismatch' });
    const lost = personWithCardStatus('lost');
    await expect(claimCard(session, { ...base, name: lost.name, idNumber: lost.idNumber })).rejects.toMatchObject({ code: 'physical_card_lost' });
    const cancelled = personWithCardStatus('cancelled');
    await expect(claimCard(session, { ...base, name: cancelled.name, idNumber: cancelled.idNumber })).rejects.toMatchObject({
      code: 'physical_card_cancelled',
    });
    for (const pin of ['123456', '999999', person.idNumber.slice(6, 12)]) {
      await expect(claimCard(session, { ...base, pin })).rejects.toMatchObject({ code: 'pin_rule_violated', errors: [{ field: 'pin' }] });
    }
    await expect(claimCard(session, base)).rejects.toMatchObject({ code: 'face_verification_not_found' });
  });

  it('two concurrent claims of the same person end with exactly one card and one binding', async () => {
    const person = people.claimable(4);
    const a = await passedClaimFace(newSession(), person);
    const b = await passedClaimFace(newSession(), person);
    const results = await Promise.allSettled(
      [a, b].map(({ session, faceId }) =>
        claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: faceId, pin: PIN, consent: true }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toMatchObject({ status: 409 });
    const stored = await getPerson((await pii()).hash('idNumber', person.idNumber), true);
    const cards = await ddb().send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: undefined,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `CARD#${stored!.cardId}` },
      }),
    );
    expect(cards.Items?.filter((i) => i.sk === 'CARD')).toHaveLength(1);
    expect(await listBindingsOfCard(stored!.cardId!)).toHaveLength(1);
  });

  it('the same user claiming twice at once with one face check gets one card', async () => {
    const person = people.claimable(5);
    const { session, faceId } = await passedClaimFace(newSession(), person);
    const body = { name: person.name, idNumber: person.idNumber, faceVerificationId: faceId, pin: PIN, consent: true as const };
    const results = await Promise.allSettled([claimCard(session, body), claimCard(session, body)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const stored = await getPerson((await pii()).hash('idNumber', person.idNumber), true);
    expect(await listBindingsOfCard(stored!.cardId!)).toHaveLength(1);
  });

  it('binds an existing e-card only in another channel; a second user here gets one answer whatever the PIN', async () => {
    const person = people.claimable(6);
    const first = await passedClaimFace(newSession(), person);
    const card = await claimCard(first.session, { ...person, faceVerificationId: first.faceId, pin: PIN, consent: true });
    // A second user in the same channel: refused before the PIN is compared, the card is bound here already.
    const wrong = await passedClaimFace(newSession(), person);
    await expect(claimCard(wrong.session, { ...person, faceVerificationId: wrong.faceId, pin: '702581', consent: true })).rejects.toMatchObject({
      status: 409,
      code: 'card_bound_in_channel',
    });
    const right = await passedClaimFace(newSession(), person);
    await expect(claimCard(right.session, { ...person, faceVerificationId: right.faceId, pin: PIN, consent: true })).rejects.toMatchObject({
      status: 409,
      code: 'card_bound_in_channel',
    });
    // Each try used its face check up.
    await expect(claimCard(right.session, { ...person, faceVerificationId: right.faceId, pin: PIN, consent: true })).rejects.toMatchObject({
      code: 'face_verification_used',
    });
    expect((await listBindingsOfCard(card.id)).map((b) => b.openid)).toEqual([first.session.openid]);
    expect((await getCard(card.id))!.pinFailures).toBe(0);
  });

  it('three failed face checks in a day lock the purpose and open one manual review', async () => {
    const person = people.claimable(7);
    const session = newSession();
    const left: number[] = [];
    for (let i = 0; i < 3; i++) left.push((await faceCheck(session, 'claim', 'fail', person)).result.attemptsLeft);
    expect(left).toEqual([2, 1, 0]);
    await expect(startFaceVerification(session, { purpose: 'claim', ...person })).rejects.toMatchObject({
      status: 423,
      code: 'face_locked',
    });
    const idHash = (await pii()).hash('idNumber', person.idNumber);
    const reviews = (await listReviews('open', 200)).filter((r) => r.subjectIdHash === idHash);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ purpose: 'claim', kind: 'face_failures' });
    // Other purposes are not locked by claim failures.
    // (pension etc. need a card; the lock is per purpose, which the key shows)
  });

  it('asks the provider: a pending verification stays pending, a repeated result call changes nothing', async () => {
    const person = people.claimable(8);
    const session = newSession();
    const started = await startFaceVerification(session, { purpose: 'claim', ...person });
    expect(await fetchFaceResult(session, started.id)).toMatchObject({ status: 'pending', attemptsLeft: 3 });
    await chooseOutcome(started.handoff.url!, 'pass');
    const first = await fetchFaceResult(session, started.id);
    const again = await fetchFaceResult(session, started.id);
    expect(first).toMatchObject({ status: 'passed' });
    expect(again).toEqual(first);
    await expect(fetchFaceResult(newSession(), started.id)).rejects.toMatchObject({ status: 404 });
  });
});
