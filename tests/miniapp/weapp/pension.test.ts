// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: the pension page: the status and the certification. */
import { describe, expect, it } from 'vitest';
import { at, MEMBER, passedFaceRoutes } from './fixtures.js';
import { apiStub, callsTo, created, idText, ok, openPage, sim, simulatePages, tapUntilShown, waitFor } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('pension page: status with valid-until and due dates in China time', async () => {
    sim.api = apiStub({
      'GET /v1/pension-certification': ok({
        status: 'certified',
        certifiedAt: '2026-06-30T16:00:00.000Z',
        validUntil: '2027-06-30T16:00:00.000Z',
        dueAt: '2027-05-31T16:00:00.000Z',
      }),
    });
    const page = openPage('pages/pension/index');
    await waitFor(() => page.querySelector('#pension-status') !== undefined, 'the status');
    expect(idText(page, 'pension-status')).toBe('已认证');
    expect(idText(page, 'pension-valid-until')).toBe('2027年7月1日');
    expect(idText(page, 'pension-due-at')).toBe('2027年6月1日');
    expect(callsTo('GET', '/v1/pension-certification')[0]!.query).toBe('');
    expect(page.querySelector('#pension-for-relative')).toBeUndefined();
  });

  it('pension page: 开始认证 runs the face check, the server result, then the certification', async () => {
    let certified = false;
    sim.api = apiStub({
      'GET /v1/pension-certification': () =>
        ok(certified ? { status: 'certified', validUntil: '2027-06-30T16:00:00.000Z', dueAt: '2027-05-31T16:00:00.000Z' } : { status: 'due', dueAt: at(0) }),
      ...passedFaceRoutes('fv-p', 3),
      'POST /v1/pension-certifications': () => {
        certified = true;
        return created({ status: 'certified', certifiedAt: at(0), validUntil: '2027-06-30T16:00:00.000Z', dueAt: '2027-05-31T16:00:00.000Z' });
      },
    });
    const page = openPage('pages/pension/index');
    await waitFor(() => page.querySelector('#pension-start') !== undefined, 'the start button');
    expect(idText(page, 'pension-status')).toBe('待认证');
    await tapUntilShown(page, '#pension-start', '#pension-done', 'the certification');
    expect(idText(page, 'pension-done')).toBe('认证成功，有效期至2027年7月1日');
    expect(idText(page, 'pension-status')).toBe('已认证');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'pension' });
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).not.toHaveProperty('subjectCardId');
    expect(callsTo('POST', '/v1/pension-certifications')[0]!.data).toEqual({ faceVerificationId: 'fv-p' });
  });

  it("pension page for a relative: their status and face (subjectCardId); locked after 3 failures shows the manual review", async () => {
    sim.api = apiStub({
      'GET /v1/pension-certification': ok({ status: 'overdue', validUntil: '2026-01-31T16:00:00.000Z', dueAt: '2026-01-01T16:00:00.000Z' }),
      'GET /v1/family/members': ok({ members: [MEMBER] }),
      'POST /v1/face-verifications': {
        statusCode: 423,
        data: { status: 423, code: 'face_locked', detail: '今日人脸核验失败次数过多，已转人工审核。', reviewId: 'rv_pension_20260701_abc', attemptsLeft: 0 },
      },
    });
    const page = openPage('pages/pension/index', { subjectCardId: 'card-m1' });
    await waitFor(() => page.querySelector('#pension-start') !== undefined, 'the start button');
    expect(idText(page, 'pension-status')).toBe('已逾期');
    await waitFor(() => idText(page, 'pension-for-relative') === '为父母张*国办理认证', 'the relative banner');
    expect(callsTo('GET', '/v1/pension-certification')[0]!.query).toBe('?subjectCardId=card-m1');
    await tapUntilShown(page, '#pension-start', '#face-locked', 'the manual review notice');
    expect(idText(page, 'face-locked')).toContain('人工审核');
    expect(idText(page, 'face-locked')).toContain('rv_pension_20260701_abc');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'pension', subjectCardId: 'card-m1' });
    expect(page.querySelector('#pension-start')).toBeUndefined();
  });
});
