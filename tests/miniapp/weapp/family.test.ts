// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: the family page: bindings, invitations,
 * helpers, 家庭共济.
 */
import { describe, expect, it } from 'vitest';
import { at, HELPER, MEMBER } from './fixtures.js';
import {
  apiStub,
  callsTo,
  created,
  idText,
  noContent,
  ok,
  openPage,
  type Route,
  sim,
  type SimComponent,
  simulatePages,
  submitSheetPin,
  tap,
  tapUntilShown,
  waitFor,
  wxCallsNamed,
} from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('family page: relatives, who bound me and invitations; a relative opens its page, an invitation is accepted with the PIN or declined', async () => {
    let received = [
      {
        id: 'inv-1',
        relationship: 'child',
        helper: { maskedName: '王*' },
        relative: { maskedName: '张*' },
        createdAt: at(0),
        expiresAt: at(7 * 86_400_000),
      },
    ];
    const routes: Record<string, Route> = {
      'GET /v1/family/members': ok({ members: [MEMBER] }),
      'GET /v1/family/helpers': () =>
        ok({ helpers: [{ helperId: 'card-h1', relationship: 'child', maskedName: '李*', maskedIdNumber: '1101**********0011', boundAt: at(0) }] }),
      'GET /v1/family/invitations': () =>
        ok({ received, sent: [{ id: 'inv-2', relationship: 'spouse', helper: { maskedName: '张*' }, relative: { maskedName: '赵*' }, createdAt: at(0), expiresAt: at(1e9) }] }),
      'POST /v1/family/invitations/inv-1/acceptance': ({ data }) => {
        if ((data as { pin?: string }).pin !== '135790') return { statusCode: 422, data: { code: 'wrong_pin', detail: '密码错误，还可尝试4次。', attemptsLeft: 4 } };
        received = [];
        return created({ helper: { helperId: 'card-w', relationship: 'child', maskedName: '王*', maskedIdNumber: 'x', boundAt: at(0) } });
      },
    };
    sim.api = apiStub(routes);
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('.family-member') !== undefined, 'the relatives');
    expect(page.querySelector('.family-member')!.dom.textContent).toContain('张*国（父母）');
    expect(idText(page, 'family-count')).toBe('1/8');
    expect(page.querySelector('.family-helper')!.dom.textContent).toContain('您是其子女');
    expect(page.querySelector('.invitation-received')!.dom.textContent).toContain('王* 想添加您为亲属');
    expect(page.querySelector('.invitation-sent')!.dom.textContent).toContain('赵*（配偶）');
    expect(page.querySelector('#family-add')).toBeDefined();

    tap(page, '.family-member');
    await waitFor(() => wxCallsNamed('navigateTo').length === 1, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/member/index?memberId=card-m1' });

    // Accept: my PIN in the sheet; a wrong one is said in the sheet.
    await tapUntilShown(page, '.invitation-accept', '#pin-sheet', 'the PIN sheet');
    await submitSheetPin(page, '111111');
    await waitFor(() => page.querySelector('#pin-error') !== undefined, 'the PIN error');
    expect(idText(page, 'pin-error')).toBe('密码错误，还可尝试4次。');
    await submitSheetPin(page, '135790');
    await waitFor(() => page.querySelector('#family-result') !== undefined, 'the result');
    expect(page.querySelector('#pin-sheet')).toBeUndefined();
    expect(callsTo('POST', '/v1/family/invitations/inv-1/acceptance').map((c) => c.data)).toEqual([{ pin: '111111' }, { pin: '135790' }]);
    await waitFor(() => page.querySelector('.invitation-received') === undefined, 'the accepted invitation gone');

    // Withdraw the sent one.
    routes['DELETE /v1/family/invitations/inv-2'] = noContent();
    tap(page, '.invitation-withdraw');
    await waitFor(() => callsTo('DELETE', '/v1/family/invitations/inv-2').length === 1, 'the DELETE');
    await waitFor(() => idText(page, 'family-result').includes('已撤回'), 'the withdrawn notice');
  });

  /** The switch shows its state as a class: mini-program templates drop aria-* and data-*. */
  const isOn = (el: SimComponent | undefined) => /(^|\s|--)switch--on\b/.test(el?.dom.className ?? '');

  it('family page: a helper who bound me is unbound after a confirmation; the rows say who shares an account with whom', async () => {
    let helpers = [{ ...HELPER, accountSharing: { fromMe: false, toMe: true } }];
    sim.api = apiStub({
      'GET /v1/family/members': ok({ members: [{ ...MEMBER, accountSharing: { fromMe: true, toMe: false } }] }),
      'GET /v1/family/helpers': () => ok({ helpers }),
      'GET /v1/family/invitations': ok({ received: [], sent: [] }),
      'DELETE /v1/family/helpers/card-h1': () => {
        helpers = [];
        return noContent();
      },
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('.family-helper') !== undefined, 'who bound me');
    const helperRow = page.querySelector('.family-helper')!.dom.textContent ?? '';
    expect(helperRow).toContain('李*');
    expect(helperRow).toContain('TA的账户可为我支付');
    expect(helperRow).toContain('允许用我的个人账户支付TA的医疗费用');
    expect(page.querySelector('.family-member')!.dom.textContent).toContain('我的账户可为TA支付');
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(false);

    // 解除绑定 asks first; 取消 leaves the binding alone.
    await tapUntilShown(page, '.family-helper-unbind', '#helper-unbind-confirm', 'the confirmation');
    expect(page.querySelector('.family-helper')!.dom.textContent).toContain('确定解除？');
    tap(page, '#helper-unbind-cancel');
    await waitFor(() => page.querySelector('#helper-unbind-confirm') === undefined, 'the confirmation closed');
    expect(page.querySelector('.family-helper-unbind')).toBeDefined();
    expect(callsTo('DELETE', '/v1/family/helpers/card-h1')).toHaveLength(0);

    const listed = callsTo('GET', '/v1/family/helpers').length;
    await tapUntilShown(page, '.family-helper-unbind', '#helper-unbind-confirm', 'the confirmation');
    await tapUntilShown(page, '#helper-unbind-confirm', '#family-result', 'the result');
    expect(idText(page, 'family-result')).toBe('已解除与李*的绑定');
    expect(callsTo('DELETE', '/v1/family/helpers/card-h1')).toHaveLength(1);
    await waitFor(() => page.querySelector('.family-helper') === undefined, 'the helper gone');
    expect(callsTo('GET', '/v1/family/helpers').length).toBeGreaterThan(listed);
    expect(page.querySelector('#family-helpers-empty')).toBeDefined();
    expect(page.querySelector('#helper-unbind-confirm')).toBeUndefined();
  });

  it('family page: unbinding a helper that is already gone shows the server detail', async () => {
    sim.api = apiStub({
      'GET /v1/family/members': ok({ members: [] }),
      'GET /v1/family/helpers': ok({ helpers: [HELPER] }),
      'GET /v1/family/invitations': ok({ received: [], sent: [] }),
      'DELETE /v1/family/helpers/card-h1': { statusCode: 404, data: { status: 404, code: 'family_member_not_found', detail: '未找到该亲属绑定。' } },
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('.family-helper') !== undefined, 'who bound me');
    expect(page.querySelector('.family-helper')!.dom.textContent).not.toContain('TA的账户可为我支付');
    expect(page.querySelector('.family-helper-to-me')).toBeUndefined();
    await tapUntilShown(page, '.family-helper-unbind', '#helper-unbind-confirm', 'the confirmation');
    await tapUntilShown(page, '#helper-unbind-confirm', '#family-action-error', 'the error');
    expect(idText(page, 'family-action-error')).toBe('未找到该亲属绑定。');
    expect(page.querySelector('#family-result')).toBeUndefined();
  });

  it('family page: 家庭共济 for a helper with my PIN (a wrong one shows the server detail); the row follows fromMe', async () => {
    let fromMe = false;
    sim.api = apiStub({
      'GET /v1/family/members': ok({ members: [MEMBER] }),
      'GET /v1/family/helpers': () => ok({ helpers: [{ ...HELPER, accountSharing: { fromMe, toMe: false } }] }),
      'GET /v1/family/invitations': ok({ received: [], sent: [] }),
      'PUT /v1/family/helpers/card-h1/account-sharing': ({ data }) => {
        const body = data as { allowed: boolean; pin: string };
        if (body.pin !== '135790') return { statusCode: 422, data: { status: 422, code: 'wrong_pin', detail: '密码错误，还可尝试4次。', attemptsLeft: 4 } };
        fromMe = body.allowed;
        return ok({ helper: { ...HELPER, accountSharing: { fromMe, toMe: false } } });
      },
    });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('.family-helper-sharing') !== undefined, 'the switch');
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(false);
    expect(page.querySelector('.family-member')!.dom.textContent).not.toContain('我的账户可为TA支付');

    await tapUntilShown(page, '.family-helper-sharing', '#pin-sheet', 'the PIN sheet');
    expect(idText(page, 'pin-sheet')).toContain('开启家庭共济');
    expect(idText(page, 'pin-sheet')).toContain('李*');
    await submitSheetPin(page, '111111');
    await waitFor(() => page.querySelector('#pin-error') !== undefined, 'the PIN error');
    expect(idText(page, 'pin-error')).toBe('密码错误，还可尝试4次。');
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(false);
    await submitSheetPin(page, '135790');
    await waitFor(() => page.querySelector('#family-result') !== undefined, 'the result');
    expect(idText(page, 'family-result')).toBe('已开启家庭共济，您的个人账户可为李*支付医疗费用');
    expect(page.querySelector('#pin-sheet')).toBeUndefined();
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(true);
    expect(callsTo('PUT', '/v1/family/helpers/card-h1/account-sharing').map((c) => c.data)).toEqual([
      { allowed: true, pin: '111111' },
      { allowed: true, pin: '135790' },
    ]);

    // Off again: the sheet says so and asks for allowed false.
    await tapUntilShown(page, '.family-helper-sharing', '#pin-sheet', 'the PIN sheet');
    expect(idText(page, 'pin-sheet')).toContain('关闭家庭共济');
    await submitSheetPin(page, '135790');
    await waitFor(() => idText(page, 'family-result').startsWith('已关闭家庭共济'), 'the result');
    expect(isOn(page.querySelector('.family-helper-sharing'))).toBe(false);
    expect(callsTo('PUT', '/v1/family/helpers/card-h1/account-sharing')[2]!.data).toEqual({ allowed: false, pin: '135790' });
  });

  it('family page still shows the bindings when the server has no invitations (404)', async () => {
    sim.api = apiStub({ 'GET /v1/family/members': ok({ members: [] }), 'GET /v1/family/helpers': ok({ helpers: [] }) });
    const page = openPage('pages/family/index');
    await waitFor(() => page.querySelector('#family-empty') !== undefined, 'the empty list');
    expect(idText(page, 'family-count')).toBe('0/8');
    expect(page.querySelector('#family-error')).toBeUndefined();
    expect(page.querySelector('#family-helpers-empty')).toBeDefined();
  });
});
