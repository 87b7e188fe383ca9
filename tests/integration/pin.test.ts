/**
 * The card PIN under attack (issue 9): concurrent wrong guesses get at most 5 comparisons
 * and leave a clean counter; a claim into another channel is no PIN oracle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putChannel } from '../../functions/channels/channel.store.js';
import { reportLoss } from '../../functions/cards/lossReport.js';
import { claimCard } from '../../functions/cards/claim.js';
import { getCard } from '../../functions/holder/card.store.js';
import { listBindingsOfCard } from '../../functions/holder/binding.store.js';
import { claimAs, faceCheck, newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const OTHER_CHANNEL = 'it-pin-channel-b';

beforeAll(async () => {
  await startFace();
  await putChannel({ id: OTHER_CHANNEL, name: '测试渠道B', platform: 'h5', login: 'sandbox', faceProvider: 'sandbox', state: 'live' });
});
afterAll(stopFace);

const problemOf = async (p: Promise<unknown>) =>
  p.then(
    () => ({ code: 'ok' }) as { code: string; attemptsLeft?: number },
    (err: { code: string; attemptsLeft?: number; extensions?: { attemptsLeft?: number } }) => ({ code: err.code, attemptsLeft: err.extensions?.attemptsLeft }),
  );

describe('the PIN lockout', () => {
  it('20 concurrent wrong PINs: 5 comparisons (4 wrong_pin, then the lock), a clean counter, and the right PIN locked out too', async () => {
    const holder = await claimAs(people.claimable(0), PIN);
    const results = await Promise.all(Array.from({ length: 20 }, () => problemOf(reportLoss(holder.session, 'temporary', '000001'))));
    const wrong = results.filter((r) => r.code === 'wrong_pin');
    expect(wrong.map((r) => r.attemptsLeft).sort()).toEqual([1, 2, 3, 4]);
    expect(results.filter((r) => r.code === 'pin_locked')).toHaveLength(16);
    const card = (await getCard(holder.cardId))!;
    expect(card.pinFailures).toBe(0);
    expect(card.pinLockedUntil! > new Date().toISOString()).toBe(true);
    expect(card.status).toBe('normal');
    await expect(reportLoss(holder.session, 'temporary', PIN)).rejects.toMatchObject({ status: 423, code: 'pin_locked' });
  });
});

describe('claiming an existing card into another channel', () => {
  it('counts a wrong PIN, uses up the face check whatever the PIN, and answers 423 once locked, even to the right PIN', async () => {
    const person = people.claimable(1);
    const holder = await claimAs(person, PIN);
    const claimIn = async (pin: string) => {
      const session = newSession(OTHER_CHANNEL);
      const face = await faceCheck(session, 'claim', 'pass', person);
      const attempt = await problemOf(claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin, consent: true }));
      const reuse = await problemOf(claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true }));
      return { attempt, reuse };
    };
    const first = await claimIn('702581');
    expect(first.attempt).toEqual({ code: 'wrong_pin', attemptsLeft: 4 });
    expect(first.reuse.code).toBe('face_verification_used');
    for (const left of [3, 2, 1]) expect((await claimIn('702581')).attempt).toEqual({ code: 'wrong_pin', attemptsLeft: left });
    expect((await claimIn('702581')).attempt.code).toBe('pin_locked');
    // The right PIN while locked: 423, not a 201 or a 409 that would tell it apart.
    expect((await claimIn(PIN)).attempt.code).toBe('pin_locked');
    expect(await listBindingsOfCard(holder.cardId)).toHaveLength(1);
    expect((await getCard(holder.cardId))!.pinFailures).toBe(0);
  });
});
