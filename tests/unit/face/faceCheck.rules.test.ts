import { describe, expect, it } from 'vitest';
import { checkFaceUse } from '../../../functions/face/faceCheck.rules.js';
import type { FaceVerificationRecord } from '../../../functions/face/faceVerification.store.js';

const now = new Date('2026-11-23T10:00:00Z');
const record: FaceVerificationRecord = {
  id: 'fv_1',
  provider: 'sandbox',
  providerRef: 't',
  purpose: 'claim',
  channelId: 'sandbox',
  openid: 'u1',
  subjectIdHash: 'h1',
  subjectNameEnc: 'x',
  subjectIdNumberEnc: 'y',
  status: 'passed',
  createdAt: '2026-11-23T09:30:00Z',
  expiresAt: '2026-11-23T10:30:00.000Z',
  ttl: 0,
};
const expected = { purpose: 'claim' as const, channelId: 'sandbox', openid: 'u1', subjectIdHash: 'h1' };

describe('checkFaceUse', () => {
  it('accepts a passed, unexpired verification of the same user, purpose and person', () => {
    expect(checkFaceUse(record, expected, now)).toBeUndefined();
  });
  it.each([
    [undefined, 'face_verification_not_found'],
    [{ ...record, openid: 'u2' }, 'face_verification_not_found'],
    [{ ...record, channelId: 'other' }, 'face_verification_not_found'],
    [{ ...record, purpose: 'unbind' as const }, 'face_verification_wrong_purpose'],
    [{ ...record, subjectIdHash: 'h2' }, 'face_verification_other_person'],
    [{ ...record, status: 'used' as const }, 'face_verification_used'],
    [{ ...record, status: 'failed' as const }, 'face_verification_failed'],
    [{ ...record, status: 'pending' as const }, 'face_verification_not_passed'],
    [{ ...record, expiresAt: '2026-11-23T10:00:00.000Z' }, 'face_verification_expired'],
  ])('refuses %#', (r, code) => {
    expect(checkFaceUse(r, expected, now)).toBe(code);
  });
});
