import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimCard } from '../../functions/cards/claim.js';
import { liftLoss, reportLoss } from '../../functions/cards/lossReport.js';
import { myCard } from '../../functions/cards/myCard.js';
import { unbindCurrentChannel } from '../../functions/cards/unbind.js';
import { setClockOffset } from '../../functions/core/clock.js';
import { putChannel } from '../../functions/channels/channel.store.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import { faceCheck, newSession, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';

beforeAll(async () => {
  await startFace();
  // A second sandbox channel, to see status changes across channels.
  await putChannel({ id: 'sandbox-b', name: '沙箱渠道B', platform: 'h5', login: 'sandbox', faceProvider: 'sandbox', state: 'live' });
});
afterAll(stopFace);
afterEach(() => setClockOffset(0));

async function claimed(i: number, channelId = 'sandbox'): Promise<{ session: Session; person: ReturnType<typeof people.claimable> }> {
  const person = people.claimable(i);
  const session = newSession(channelId);
  const face = await faceCheck(session, 'claim', 'pass', person);
  await claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true });
  return { session, person };
}

describe('card status', () => {
  it('a temporary loss report lapses after 7 days; a formal one stays', async () => {
    const { session } = await claimed(0);
    expect((await reportLoss(session, 'temporary', PIN)).status).toBe('lost_temporary');
    await expect(reportLoss(session, 'temporary', PIN)).rejects.toMatchObject({ code: 'already_reported' });
    setClockOffset(6 * 86_400_000);
    expect((await myCard(session)).status).toBe('lost_temporary');
    setClockOffset(7 * 86_400_000 + 1000);
    expect((await myCard(session)).status).toBe('normal');
    expect((await reportLoss(session, 'formal', PIN)).status).toBe('lost_formal');
    setClockOffset(400 * 86_400_000);
    expect((await myCard(session)).status).toBe('lost_formal');
  });

  it('a status change is seen at once in every channel', async () => {
    const { session, person } = await claimed(1);
    const other = newSession('sandbox-b');
    const face = await faceCheck(other, 'claim', 'pass', person);
    await claimCard(other, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true });
    await reportLoss(session, 'formal', PIN);
    expect((await myCard(other)).status).toBe('lost_formal');
  });

  it('lifting needs the PIN and a face check of the holder, used once', async () => {
    const { session } = await claimed(2);
    await expect(liftLoss(session, PIN, 'fv_x')).rejects.toMatchObject({ code: 'not_reported' });
    await reportLoss(session, 'formal', PIN);
    const wrongPurpose = await faceCheck(session, 'unbind', 'pass');
    await expect(liftLoss(session, PIN, wrongPurpose.id)).rejects.toMatchObject({ code: 'face_verification_wrong_purpose' });
    const failed = await faceCheck(session, 'unlock', 'fail');
    await expect(liftLoss(session, PIN, failed.id)).rejects.toMatchObject({ code: 'face_verification_failed' });
    const face = await faceCheck(session, 'unlock', 'pass');
    await expect(liftLoss(session, '111112', face.id)).rejects.toMatchObject({ code: 'wrong_pin' });
    expect((await liftLoss(session, PIN, face.id)).status).toBe('normal');
    await reportLoss(session, 'temporary', PIN);
    await expect(liftLoss(session, PIN, face.id)).rejects.toMatchObject({ code: 'face_verification_used' });
    expect((await myCard(session)).status).toBe('lost_temporary');
  });

  it('five wrong PINs lock the PIN; the right one is then refused too', async () => {
    const { session } = await claimed(3);
    const left: number[] = [];
    for (let i = 0; i < 4; i++) {
      const err = await reportLoss(session, 'temporary', '000001').catch((e: unknown) => e);
      left.push((err as { extensions?: { attemptsLeft: number } }).extensions!.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1]);
    await expect(reportLoss(session, 'temporary', '000001')).rejects.toMatchObject({ status: 423, code: 'pin_locked' });
    await expect(reportLoss(session, 'temporary', PIN)).rejects.toMatchObject({ code: 'pin_locked' });
    expect((await myCard(session)).status).toBe('normal');
    setClockOffset(24 * 3600_000 + 1000);
    expect((await reportLoss(session, 'temporary', PIN)).status).toBe('lost_temporary');
  });

  it('unbinding this channel needs the PIN or a face check and leaves other channels bound', async () => {
    const { session, person } = await claimed(4);
    const other = newSession('sandbox-b');
    const face = await faceCheck(other, 'claim', 'pass', person);
    await claimCard(other, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true });

    await expect(unbindCurrentChannel(session, {})).rejects.toMatchObject({ status: 400 });
    await expect(unbindCurrentChannel(session, { pin: '000001' })).rejects.toMatchObject({ code: 'wrong_pin' });
    await unbindCurrentChannel(session, { pin: PIN });
    await expect(myCard(session)).rejects.toMatchObject({ status: 404, code: 'card_not_found' });
    expect((await myCard(other)).status).toBe('normal');

    const unbindFace = await faceCheck(other, 'unbind', 'pass');
    await unbindCurrentChannel(other, { faceVerificationId: unbindFace.id });
    await expect(myCard(other)).rejects.toMatchObject({ code: 'card_not_found' });
  });
});
