// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: the login page: scan-to-login, level 1 (PIN)
 * and level 2 (face).
 */
import { describe, expect, it } from 'vitest';
import { at, LOGIN_ID, passedFaceRoutes } from './fixtures.js';
import { apiStub, callsTo, idText, ok, openPage, type Reply, sim, simulatePages, submitSheetPin, tap, tapUntilShown, waitFor } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('login page, level 1: the portal, what it asks in words, a countdown; confirmed with the PIN', async () => {
    sim.api = apiStub({
      [`GET /v1/login-requests/${LOGIN_ID}`]: () =>
        ok({ id: LOGIN_ID, portal: { id: 'portal-gov', name: '江苏政务服务网' }, scope: 'openid profile', level: 1, expiresAt: at(120_000), status: 'pending' }),
      [`POST /v1/login-requests/${LOGIN_ID}/confirmation`]: ({ data }) =>
        (data as { pin?: string }).pin === '135790'
          ? ok({ status: 'confirmed' })
          : { statusCode: 422, data: { code: 'wrong_pin', detail: '密码错误，还可尝试4次。', attemptsLeft: 4 } },
    });
    const page = openPage('pages/login/index', { r: LOGIN_ID });
    await waitFor(() => page.querySelector('#login-portal') !== undefined, 'the request');
    expect(idText(page, 'login-portal')).toBe('江苏政务服务网');
    expect(idText(page, 'login-scope')).toContain('身份标识');
    expect(idText(page, 'login-scope')).toContain('姓名（脱敏）');
    expect(idText(page, 'login-scope')).not.toContain('身份证号');
    expect(idText(page, 'login-countdown')).toMatch(/[12]:[0-5]\d/);

    await tapUntilShown(page, '#login-confirm', '#pin-sheet', 'the PIN sheet');
    await submitSheetPin(page, '111111');
    await waitFor(() => page.querySelector('#pin-error') !== undefined, 'the PIN error');
    await submitSheetPin(page, '135790');
    await waitFor(() => page.querySelector('#login-done') !== undefined, 'the confirmation');
    expect(idText(page, 'login-done')).toContain('已确认登录江苏政务服务网');
    expect(callsTo('POST', `/v1/login-requests/${LOGIN_ID}/confirmation`).at(-1)!.data).toEqual({ pin: '135790' });
    expect(callsTo('POST', '/v1/face-verifications')).toHaveLength(0);
  });

  it('login page, level 2: a face check (purpose login), then the confirmation; an expired request ends in #login-error', async () => {
    let confirmAnswer: Reply = {
      statusCode: 410,
      data: { status: 410, code: 'login_request_expired', detail: '该登录请求已过期，请在网站上刷新二维码后重新扫码。' },
    };
    sim.api = apiStub({
      [`GET /v1/login-requests/${LOGIN_ID}`]: () =>
        ok({ id: LOGIN_ID, portal: { id: 'p', name: '人社网上办事大厅' }, scope: 'openid idcard', level: 2, expiresAt: at(90_000), status: 'pending' }),
      ...passedFaceRoutes('fv-l', 3),
      [`POST /v1/login-requests/${LOGIN_ID}/confirmation`]: () => confirmAnswer,
    });
    const page = openPage('pages/login/index', { r: LOGIN_ID });
    await waitFor(() => page.querySelector('#login-confirm') !== undefined, 'the request');
    expect(idText(page, 'login-scope')).toContain('身份证号（脱敏）及卡等级');
    await tapUntilShown(page, '#login-confirm', '#login-error', 'the error');
    expect(idText(page, 'login-error')).toContain('已过期');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'login' });
    expect(callsTo('POST', `/v1/login-requests/${LOGIN_ID}/confirmation`)[0]!.data).toEqual({ faceVerificationId: 'fv-l' });
    expect(page.querySelector('#pin-sheet')).toBeUndefined();

    confirmAnswer = { statusCode: 200, data: { status: 'confirmed' } };
    const again = openPage('pages/login/index', { r: LOGIN_ID });
    await waitFor(() => again.querySelector('#login-confirm') !== undefined, 'the request');
    tap(again, '#login-confirm');
    await waitFor(() => again.querySelector('#login-done') !== undefined, 'the confirmation');
  });

  it('login page refuses a route without a valid request id and a request already confirmed', async () => {
    sim.api = apiStub({
      [`GET /v1/login-requests/${LOGIN_ID}`]: () =>
        ok({ id: LOGIN_ID, portal: { id: 'p', name: 'x' }, scope: 'openid', level: 1, expiresAt: at(60_000), status: 'confirmed' }),
    });
    const bad = openPage('pages/login/index', { r: 'not/an id' });
    await waitFor(() => bad.querySelector('#login-error') !== undefined, 'the error');
    expect(idText(bad, 'login-error')).toContain('登录二维码无效');
    expect(sim.calls.filter((c) => c.path.startsWith('/v1/login-requests'))).toHaveLength(0);

    const done = openPage('pages/login/index', { r: LOGIN_ID });
    await waitFor(() => done.querySelector('#login-error') !== undefined, 'the error');
    expect(idText(done, 'login-error')).toContain('已确认过');
    expect(done.querySelector('#login-confirm')).toBeUndefined();
  });
});
