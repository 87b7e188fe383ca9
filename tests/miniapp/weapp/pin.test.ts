// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: the PIN change and reset pages, and a locked
 * PIN everywhere it is met: the reset link (刷脸重置密码) and the loss report by face.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_CARD, passedFaceRoutes } from './fixtures.js';
import {
  apiStub,
  callsTo,
  created,
  idText,
  ok,
  openPage,
  type Reply,
  sim,
  type SimComponent,
  simulatePages,
  submitSheetPin,
  tap,
  tapUntilShown,
  text,
  typeOnPad,
  waitFor,
  wxCallsNamed,
} from './harness.js';

simulatePages();

const LOCKED: Reply = {
  statusCode: 423,
  data: {
    status: 423,
    code: 'pin_locked',
    detail: '密码错误次数过多，已锁定，请24小时后再试或通过人脸核验办理。',
    lockedUntil: '2999-01-01T00:00:00.000Z',
    resetPath: '/v1/cards/me/pin-reset',
  },
};
const WRONG: Reply = { statusCode: 422, data: { status: 422, code: 'wrong_pin', detail: '密码错误，还可尝试3次。', attemptsLeft: 3 } };

/** The phase shown (`#pin-change-phase` / `#pin-reset-phase` text). */
const phaseText = (page: SimComponent, id: string) => idText(page, id);
const navigatedTo = () => wxCallsNamed('navigateTo').map((o) => (o as { url: string }).url);

describe('weapp pages in miniprogram-simulate', () => {
  it('PIN change: current PIN, the rules on the phone, a mismatch, a wrong current PIN with the tries left, then the change', async () => {
    sim.api = apiStub({
      'PUT /v1/cards/me/pin': ({ data }) => ((data as { currentPin: string }).currentPin === '135790' ? ok({ card: DEMO_CARD }) : WRONG),
    });
    const page = openPage('pages/pin-change/index');
    await waitFor(() => page.querySelector('#pin-change-phase') !== undefined, 'the first phase');
    expect(phaseText(page, 'pin-change-phase')).toBe('请输入原密码');
    expect(page.querySelector('#pin-rules')).toBeUndefined();

    await typeOnPad(page, '135791');
    await waitFor(() => phaseText(page, 'pin-change-phase') === '请设置新密码', 'the new PIN phase');
    expect(idText(page, 'pin-rules')).toBe('6位数字，不能是连续或重复数字，不能取自身份证号');
    // A run is refused on the phone, before any request.
    await typeOnPad(page, '123456');
    await waitFor(() => page.querySelector('#pin-change-error') !== undefined, 'the rule error');
    expect(idText(page, 'pin-change-error')).toContain('连续');
    // The same as the current one: refused too.
    await typeOnPad(page, '135791');
    await waitFor(() => idText(page, 'pin-change-error') === '新密码不能与原密码相同', 'the same-PIN error');
    await typeOnPad(page, '246802');
    await waitFor(() => phaseText(page, 'pin-change-phase') === '请再次输入新密码', 'the confirm phase');
    await typeOnPad(page, '246801');
    await waitFor(() => page.querySelector('#pin-change-submit') !== undefined && page.dom.querySelectorAll('[class*="pin-dot--filled"]').length === 6, 'six digits');
    tap(page, '#pin-change-submit');
    await waitFor(() => idText(page, 'pin-change-error') === '两次输入的新密码不一致，请重新设置', 'the mismatch');
    expect(phaseText(page, 'pin-change-phase')).toBe('请设置新密码');
    expect(callsTo('PUT', '/v1/cards/me/pin')).toHaveLength(0);

    await typeOnPad(page, '246802');
    await waitFor(() => phaseText(page, 'pin-change-phase') === '请再次输入新密码', 'the confirm phase');
    await typeOnPad(page, '246802');
    await waitFor(() => page.dom.querySelectorAll('[class*="pin-dot--filled"]').length === 6, 'six digits');
    tap(page, '#pin-change-submit');
    // The current PIN was wrong: asked again, with the server's words (the tries left).
    await waitFor(() => phaseText(page, 'pin-change-phase') === '请输入原密码', 'back to the current PIN');
    expect(idText(page, 'pin-change-error')).toBe('密码错误，还可尝试3次。');
    expect(callsTo('PUT', '/v1/cards/me/pin')[0]!.data).toEqual({ currentPin: '135791', newPin: '246802' });

    await typeOnPad(page, '135790');
    await waitFor(() => phaseText(page, 'pin-change-phase') === '请设置新密码', 'the new PIN phase');
    await typeOnPad(page, '246802');
    await waitFor(() => phaseText(page, 'pin-change-phase') === '请再次输入新密码', 'the confirm phase');
    await typeOnPad(page, '246802');
    await waitFor(() => page.dom.querySelectorAll('[class*="pin-dot--filled"]').length === 6, 'six digits');
    await tapUntilShown(page, '#pin-change-submit', '#pin-change-done', 'the change');
    expect(idText(page, 'pin-change-done')).toContain('密码已修改');
    expect(callsTo('PUT', '/v1/cards/me/pin')[1]!.data).toEqual({ currentPin: '135790', newPin: '246802' });
  }, 30_000);

  it('PIN change: a rule the server refuses sends the holder back to the new PIN; pin_locked leads to the reset page', async () => {
    let answer: Reply = { statusCode: 422, data: { status: 422, code: 'pin_rule_violated', detail: '密码不能取自本人身份证号中连续的六位。' } };
    sim.api = apiStub({ 'PUT /v1/cards/me/pin': () => answer });
    const page = openPage('pages/pin-change/index');
    const change = async () => {
      await typeOnPad(page, '135790');
      await waitFor(() => phaseText(page, 'pin-change-phase') === '请设置新密码', 'the new PIN phase');
      await typeOnPad(page, '491231');
      await waitFor(() => phaseText(page, 'pin-change-phase') === '请再次输入新密码', 'the confirm phase');
      await typeOnPad(page, '491231');
      await waitFor(() => page.dom.querySelectorAll('[class*="pin-dot--filled"]').length === 6, 'six digits');
      tap(page, '#pin-change-submit');
    };
    await waitFor(() => page.querySelector('#pin-change-phase') !== undefined, 'the first phase');
    await change();
    await waitFor(() => idText(page, 'pin-change-error') === '密码不能取自本人身份证号中连续的六位。', 'the rule refusal');
    expect(phaseText(page, 'pin-change-phase')).toBe('请设置新密码');

    answer = LOCKED;
    // 重新输入 starts over from the current PIN.
    expect(page.querySelector('#go-pin-reset')).toBeUndefined();
    await typeOnPad(page, '491233');
    await waitFor(() => phaseText(page, 'pin-change-phase') === '请再次输入新密码', 'the confirm phase');
    tap(page, '#pin-change-restart');
    await waitFor(() => phaseText(page, 'pin-change-phase') === '请输入原密码', 'the first phase again');
    expect(page.querySelector('#go-pin-reset')).toBeDefined();
    await change();
    await waitFor(() => page.querySelector('#pin-change-locked') !== undefined, 'the locked notice');
    expect(idText(page, 'pin-change-locked')).toContain('已锁定');
    expect(page.querySelector('.pin-key-1')).toBeUndefined();
    tap(page, '#pin-locked-reset');
    await waitFor(() => navigatedTo().length === 1, 'the reset page');
    expect(navigatedTo()).toEqual(['/pages/pin-reset/index']);
  }, 30_000);

  it('PIN reset: the face check (purpose pin_reset), a new PIN twice, the reset; an expired face check asks for a new one', async () => {
    let resets = 0;
    sim.api = apiStub({
      ...passedFaceRoutes('fv-r', 3),
      'POST /v1/cards/me/pin-reset': () =>
        ++resets === 1
          ? { statusCode: 422, data: { status: 422, code: 'face_expired', detail: '人脸核验已过期，请重新刷脸。' } }
          : ok({ card: DEMO_CARD }),
    });
    const page = openPage('pages/pin-reset/index');
    await waitFor(() => page.querySelector('#pin-reset-face-start') !== undefined, 'the face step');
    expect(idText(page, 'pin-reset-step')).toContain('刷脸');
    const faceThenPin = async () => {
      await tapUntilShown(page, '#pin-reset-face-start', '#pin-reset-phase', 'the new PIN');
      expect(idText(page, 'pin-rules')).toContain('6位数字');
      await typeOnPad(page, '246802');
      await waitFor(() => idText(page, 'pin-reset-phase') === '请再次输入新密码', 'the confirm phase');
      await typeOnPad(page, '246802');
      await waitFor(() => page.dom.querySelectorAll('[class*="pin-dot--filled"]').length === 6, 'six digits');
      tap(page, '#pin-reset-submit');
    };
    await faceThenPin();
    await waitFor(() => page.querySelector('#pin-reset-face-start') !== undefined, 'back to the face step');
    expect(idText(page, 'face-guide')).toContain('人脸核验已过期，请重新刷脸。');
    await faceThenPin();
    await waitFor(() => page.querySelector('#pin-reset-done') !== undefined, 'the reset');
    expect(idText(page, 'pin-reset-done')).toContain('锁定已解除');
    expect(callsTo('POST', '/v1/face-verifications').map((c) => c.data)).toEqual([
      expect.objectContaining({ purpose: 'pin_reset' }),
      expect.objectContaining({ purpose: 'pin_reset' }),
    ]);
    expect(callsTo('POST', '/v1/cards/me/pin-reset').map((c) => c.data)).toEqual([
      { faceVerificationId: 'fv-r', newPin: '246802' },
      { faceVerificationId: 'fv-r', newPin: '246802' },
    ]);
    expect(wxCallsNamed('requestFacialVerify')[0]).toMatchObject({ verifyId: 'vid-r' });
  }, 30_000);

  it('settings: a loss report refused with pin_locked goes on with a face check (purpose loss_report), and offers the reset', async () => {
    let status = 'normal';
    sim.api = apiStub({
      'GET /v1/cards/me': () => ok({ card: { ...DEMO_CARD, status } }),
      'POST /v1/cards/me/loss-reports': ({ data }) => {
        if ((data as { pin?: string }).pin) return LOCKED;
        status = 'lost_temporary';
        return created({ card: { ...DEMO_CARD, status } });
      },
      ...passedFaceRoutes('fv-l', 3),
    });
    const page = openPage('pages/settings/index');
    await waitFor(() => page.querySelector('#loss-temporary') !== undefined, 'the loss buttons');
    for (const id of ['go-pin-change', 'go-pin-reset', 'go-authorizations', 'go-usage']) expect(page.querySelector(`#${id}`), id).toBeDefined();
    await tapUntilShown(page, '#loss-temporary', '#pin-sheet', 'the PIN sheet');
    await submitSheetPin(page, '111111');
    await waitFor(() => page.querySelector('#loss-locked') !== undefined, 'the locked loss section');
    expect(page.querySelector('#pin-sheet')).toBeUndefined();
    expect(idText(page, 'loss-locked')).toContain('已锁定');
    expect(page.querySelector('#pin-locked-reset')).toBeDefined();

    await tapUntilShown(page, '#loss-face', '#action-result', 'the loss report');
    expect(idText(page, 'action-result')).toBe('已临时挂失，7天后自动解除');
    await waitFor(() => idText(page, 'settings-status') === '临时挂失', 'the new status');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'loss_report' });
    expect(callsTo('POST', '/v1/cards/me/loss-reports').map((c) => c.data)).toEqual([
      { kind: 'temporary', pin: '111111' },
      { kind: 'temporary', faceVerificationId: 'fv-l' },
    ]);
    expect(page.querySelector('#loss-locked')).toBeUndefined();
  }, 30_000);

  it('a locked PIN in the PIN sheet (unbinding) shows 刷脸重置密码, which closes the sheet and opens the reset page', async () => {
    sim.api = apiStub({ 'GET /v1/cards/me': ok({ card: DEMO_CARD }), 'DELETE /v1/cards/me/bindings/current': LOCKED });
    const page = openPage('pages/settings/index');
    await waitFor(() => page.querySelector('#unbind') !== undefined, 'the unbind button');
    await tapUntilShown(page, '#unbind', '#unbind-pin', 'the choice');
    await tapUntilShown(page, '#unbind-pin', '#pin-sheet', 'the PIN sheet');
    await submitSheetPin(page, '111111');
    await waitFor(() => page.querySelector('#pin-locked-reset') !== undefined, 'the reset link');
    expect(idText(page, 'pin-error')).toContain('已锁定');
    expect(page.querySelector('#pin-submit')).toBeUndefined();
    expect(text(page)).toContain('刷脸重置密码');
    tap(page, '#pin-locked-reset');
    await waitFor(() => navigatedTo().length === 1, 'the reset page');
    expect(navigatedTo()).toEqual(['/pages/pin-reset/index']);
    await waitFor(() => page.querySelector('#pin-sheet') === undefined, 'the sheet closed');
  });

  it('pay page: a locked PIN takes the pad away and leads to the reset page', async () => {
    sim.api = apiStub({
      'GET /v1/settlements/stl-1': ok({
        settlement: { id: 'stl-1', status: 'awaiting_confirmation', split: { total: 100, pooledFund: 0, personalAccount: 100, cash: 0 }, institution: { id: 'i', name: '示范大药房' }, items: [] },
      }),
      'POST /v1/settlements/stl-1/confirmation': LOCKED,
    });
    const page = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => page.querySelector('#pay-page') !== undefined, 'the bill');
    await typeOnPad(page, '111111');
    await waitFor(() => page.querySelector('#pin-locked-reset') !== undefined, 'the reset link');
    expect(idText(page, 'pay-error')).toContain('已锁定');
    expect(page.querySelector('.pin-key-1')).toBeUndefined();
    tap(page, '#pin-locked-reset');
    await waitFor(() => navigatedTo().length === 1, 'the reset page');
    expect(navigatedTo()).toEqual(['/pages/pin-reset/index']);
  });
});
