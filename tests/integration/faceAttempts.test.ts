/**
 * Face attempts count on the server (issue 9): a verification started and not passed counts
 * whether or not the client asks for its result, and starts are limited per person, purpose
 * and day.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchFaceResult, startFaceVerification } from '../../functions/face/faceVerifications.js';
import { getFaceVerification } from '../../functions/face/faceVerification.store.js';
import { chooseOutcome, newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);

beforeAll(startFace);
afterAll(stopFace);

describe('face attempts the client never reports', () => {
  it('three failed checks nobody asked the result of lock the purpose at the next start', async () => {
    const person = people.claimable(0);
    const session = newSession();
    for (let i = 0; i < 3; i++) {
      const started = await startFaceVerification(session, { purpose: 'claim', ...person });
      await chooseOutcome(started.handoff.url!, 'fail');
    }
    await expect(startFaceVerification(session, { purpose: 'claim', ...person })).rejects.toMatchObject({ status: 423, code: 'face_locked' });
  });

  it('checks started and abandoned count too, also from another channel user', async () => {
    const person = people.claimable(1);
    for (let i = 0; i < 3; i++) await startFaceVerification(newSession(), { purpose: 'claim', ...person });
    await expect(startFaceVerification(newSession(), { purpose: 'claim', ...person })).rejects.toMatchObject({ code: 'face_locked' });
  });

  it('a passed check nobody asked about is not a failure, and stays usable', async () => {
    const person = people.claimable(2);
    const session = newSession();
    const first = await startFaceVerification(session, { purpose: 'claim', ...person });
    await chooseOutcome(first.handoff.url!, 'pass');
    const second = await startFaceVerification(session, { purpose: 'claim', ...person });
    expect(second.attemptsLeft).toBe(3);
    expect((await getFaceVerification(first.id))!.status).toBe('passed');
    expect(await fetchFaceResult(session, first.id)).toMatchObject({ status: 'passed', attemptsLeft: 3 });
  });

  it('limits starts per person, purpose and day: the 11th is 429 with Retry-After', async () => {
    const person = people.claimable(3);
    const session = newSession();
    for (let i = 0; i < 10; i++) {
      const started = await startFaceVerification(session, { purpose: 'claim', ...person });
      await chooseOutcome(started.handoff.url!, 'pass');
      await fetchFaceResult(session, started.id);
    }
    const refused = await startFaceVerification(session, { purpose: 'claim', ...person }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number((refused as { headers: Record<string, string> }).headers['retry-after'])).toBeGreaterThan(0);
  });
});
