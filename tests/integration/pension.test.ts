import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimCard } from '../../functions/cards/claim.js';
import { certifyPension, pensionCertificationStatus, resolvePensionReview } from '../../functions/pension/certify.js';
import { startFaceVerification } from '../../functions/face/faceVerifications.js';
import { holderCard } from '../../functions/holder/holderCard.js';
import { setClockOffset } from '../../functions/core/clock.js';
import { addMonths } from '../../functions/pension/pension.rules.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { getFaceVerification, putFaceVerification } from '../../functions/face/faceVerification.store.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import { runOperator } from '../../scripts/operator.js';
import { certifyPension as certify, pensionCertificationStatus as statusHandler } from '../../functions/pension/pensionRoutes.js';
import { issueSessionToken } from '../../functions/core/session/sessionToken.js';
import { httpEvent, invoke } from '../unit/support/lambda.js';
import { faceCheck, newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';

beforeAll(startFace);
afterAll(stopFace);
afterEach(() => setClockOffset(0));

async function claim(person: SeedPerson): Promise<Session> {
  const session = newSession();
  const face = await faceCheck(session, 'claim', 'pass', person);
  await claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true });
  return session;
}

describe('pension certification', () => {
  it('a retiree is due, certifies by face, and is certified for 12 months', async () => {
    const session = await claim(people.retiree(0));
    const before = await pensionCertificationStatus(session);
    expect(before.status).toBe('due');
    expect(before.dueAt).toBeDefined();
    const face = await faceCheck(session, 'pension', 'pass');
    const certified = await certifyPension(session, face.id);
    expect(certified.status).toBe('certified');
    expect(certified.validUntil).toBe(addMonths(new Date(certified.certifiedAt!), 12).toISOString());
    expect(await pensionCertificationStatus(session)).toEqual(certified);
    expect((await getFaceVerification(face.id))!.status).toBe('used');
    // The same face check works once.
    await expect(certifyPension(session, face.id)).rejects.toMatchObject({ status: 422, code: 'face_verification_used' });
    // 11 months on it is due, after 12 overdue.
    const validUntil = new Date(certified.validUntil!).getTime();
    setClockOffset(validUntil - 29 * 86_400_000 - Date.now());
    expect((await pensionCertificationStatus(session)).status).toBe('due');
    setClockOffset(validUntil + 1000 - Date.now());
    expect((await pensionCertificationStatus(session)).status).toBe('overdue');
  });

  it('a non-retiree: not_applicable, and certifying is refused', async () => {
    const person = people.claimable(1);
    expect(person.personType).not.toBe('retiree');
    const session = await claim(person);
    expect(await pensionCertificationStatus(session)).toEqual({ status: 'not_applicable' });
    const face = await faceCheck(session, 'pension', 'pass');
    await expect(certifyPension(session, face.id)).rejects.toMatchObject({ status: 422, code: 'not_a_pensioner' });
  });

  it('refuses wrong-purpose, failed, another user’s and another person’s face checks; nothing is written', async () => {
    const session = await claim(people.retiree(1));
    const wrongPurpose = await faceCheck(session, 'unlock', 'pass');
    await expect(certifyPension(session, wrongPurpose.id)).rejects.toMatchObject({ code: 'face_verification_wrong_purpose' });
    const failed = await faceCheck(session, 'pension', 'fail');
    await expect(certifyPension(session, failed.id)).rejects.toMatchObject({ code: 'face_verification_failed' });
    const other = await claim(people.retiree(2));
    const othersFace = await faceCheck(other, 'pension', 'pass');
    await expect(certifyPension(session, othersFace.id)).rejects.toMatchObject({ code: 'face_verification_not_found' });
    // A passed pension check of this channel user, but about someone else.
    const mine = (await getFaceVerification(othersFace.id))!;
    const swapped = { ...mine, id: `${mine.id}x`, channelId: session.channelId, openid: session.openid };
    await putFaceVerification(swapped);
    await expect(certifyPension(session, swapped.id)).rejects.toMatchObject({ code: 'face_verification_other_person' });
    await expect(certifyPension(session, 'fv_missing')).rejects.toMatchObject({ code: 'face_verification_not_found' });
    expect((await pensionCertificationStatus(session)).status).toBe('due');
    // The other retiree's check is still usable by them.
    expect((await certifyPension(other, othersFace.id)).status).toBe('certified');
  });

  it('subjectCardId: one’s own card, or only a card bound through the family service', async () => {
    const session = await claim(people.retiree(3));
    const { card } = await holderCard(session);
    expect((await pensionCertificationStatus(session, card.cardId)).status).toBe('due');
    await expect(pensionCertificationStatus(session, 'card_someone-else')).rejects.toMatchObject({ status: 404, code: 'family_member_not_found' });
    const face = await faceCheck(session, 'pension', 'pass');
    await expect(certifyPension(session, face.id, 'card_someone-else')).rejects.toMatchObject({ status: 404, code: 'family_member_not_found' });
    expect((await certifyPension(session, face.id, card.cardId)).status).toBe('certified');
  });

  it('3 failures open a review: under_review until an operator approves, then certified once', async () => {
    const session = await claim(people.retiree(4));
    let last;
    for (let i = 0; i < 3; i++) last = await faceCheck(session, 'pension', 'fail');
    const reviewId = last!.result.reviewId!;
    expect(reviewId).toBeDefined();
    await expect(startFaceVerification(session, { purpose: 'pension' })).rejects.toMatchObject({ code: 'face_locked' });
    const review = await pensionCertificationStatus(session);
    expect(review).toMatchObject({ status: 'under_review', reviewId });

    const lines: string[] = [];
    expect(await runOperator(['reviews', 'open'], (l) => lines.push(l))).toBe(0);
    expect(lines.some((l) => l.startsWith(reviewId))).toBe(true);

    const resolved = await resolvePensionReview(reviewId, 'approve', { note: '视频核实本人' });
    expect(resolved).toMatchObject({ status: 'resolved', decision: 'approve', note: '视频核实本人' });
    const after = await pensionCertificationStatus(session);
    expect(after.status).toBe('certified');
    expect(after.validUntil).toBe(addMonths(new Date(after.certifiedAt!), 12).toISOString());

    // Once: neither the service nor the CLI resolves it again.
    await expect(resolvePensionReview(reviewId, 'reject')).rejects.toMatchObject({ status: 409, code: 'review_not_open' });
    const errors: string[] = [];
    expect(await runOperator(['resolve', reviewId, '--reject'], () => {}, (l) => errors.push(l))).toBe(1);
    expect(errors[0]).toMatch(/^review_not_open/);
    await expect(resolvePensionReview('rv_missing', 'approve')).rejects.toMatchObject({ status: 404, code: 'review_not_found' });
    expect(await runOperator(['resolve', reviewId], () => {}, () => {})).toBe(2);
    const resolvedLines: string[] = [];
    await runOperator(['reviews', 'resolved'], (l) => resolvedLines.push(l));
    expect(resolvedLines.some((l) => l.startsWith(reviewId) && l.includes('approve'))).toBe(true);
  });

  it('the handlers: GET status, POST certification 201, refusals as problem+json', async () => {
    const session = await claim(people.retiree(5));
    const { token } = await issueSessionToken(session);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const got = await invoke(
      statusHandler,
      httpEvent('httpApiGetCardsMe', { rawPath: '/v1/pension-certification', headers }),
    );
    expect(got).toMatchObject({ statusCode: 200, body: { status: 'due' } });
    const post = (body: unknown) =>
      invoke(
        certify,
        httpEvent('httpApiGetCardsMe', {
          rawPath: '/v1/pension-certifications',
          routeKey: 'POST /v1/pension-certifications',
          requestContext: { ...httpEvent('httpApiGetCardsMe').requestContext, http: { ...httpEvent('httpApiGetCardsMe').requestContext.http, method: 'POST', path: '/v1/pension-certifications' } },
          headers,
          body: JSON.stringify(body),
        }),
      );
    expect(await post({})).toMatchObject({ statusCode: 400, body: { errors: [{ field: 'faceVerificationId' }] } });
    const wrong = await faceCheck(session, 'unbind', 'pass');
    expect(await post({ faceVerificationId: wrong.id })).toMatchObject({ statusCode: 422, body: { code: 'face_verification_wrong_purpose' } });
    const face = await faceCheck(session, 'pension', 'pass');
    expect(await post({ faceVerificationId: face.id, subjectCardId: 'card_other' })).toMatchObject({ statusCode: 404, body: { code: 'family_member_not_found' } });
    expect(await post({ faceVerificationId: face.id })).toMatchObject({ statusCode: 201, body: { status: 'certified' } });
  });
});
