// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: the claim page: consent, identity. */
import { describe, expect, it } from 'vitest';
import { ADULT_ID } from './fixtures.js';
import { apiStub, callsTo, created, idText, ok, openPage, type Reply, sim, type SimComponent, simulatePages, tap, tapUntilShown, text, waitFor } from './harness.js';

/** POST /v1/face-verifications as the server answers a name that does not match the ID number. */
const MISMATCH: Reply = {
  statusCode: 422,
  data: {
    status: 422,
    code: 'identity_mismatch',
    detail: '姓名与身份证号不匹配，或未查询到社保卡信息。',
    errors: [
      { field: 'name', message: 'does not match the card register for this ID number' },
      { field: 'idNumber', message: 'does not match the card register for this name' },
    ],
  },
};

simulatePages();

/** The claim page through consent and identity (`name`, ADULT_ID) to 开始刷脸, tapped. */
async function claimUpToFaceCheck(name: string): Promise<SimComponent> {
  const page = openPage('pages/claim/index');
  await waitFor(() => page.querySelector('#consent-check') !== undefined, 'the consent step');
  tap(page, '#consent-check');
  await waitFor(() => text(page).includes('✓'), 'the ticked checkbox');
  await tapUntilShown(page, '#consent-next', '#id-input', 'the identity step');
  page.querySelector('#name-input')!.dispatchEvent('input', { detail: { value: name } });
  await new Promise((r) => setTimeout(r, 50));
  page.querySelector('#id-input')!.dispatchEvent('input', { detail: { value: ADULT_ID } });
  await new Promise((r) => setTimeout(r, 50));
  await tapUntilShown(page, '#identity-next', '#face-start', 'the face step');
  tap(page, '#face-start');
  return page;
}

describe('weapp pages in miniprogram-simulate', () => {
  it('claim page: consent gates the identity step, which checks the ID number check digit', async () => {
    sim.api = apiStub({});
    const page = openPage('pages/claim/index');
    await waitFor(() => text(page).includes('个人信息处理告知'), 'the consent notice');
    expect(page.querySelector('#claim-step')!.dom.textContent).toContain('授权同意');

    // Without the checkbox, "next" does nothing.
    page.querySelector('#consent-next')!.dispatchEvent('tap');
    await new Promise((r) => setTimeout(r, 50));
    expect(page.querySelector('#name-input')).toBeUndefined();

    page.querySelector('#consent-check')!.dispatchEvent('tap');
    await waitFor(() => text(page).includes('✓'), 'the ticked checkbox');
    page.querySelector('#consent-next')!.dispatchEvent('tap');
    await waitFor(() => page.querySelector('#id-input') !== undefined, 'the identity step');

    // Submitting empty fields gives zh-CN feedback; no request is made.
    page.querySelector('#identity-next')!.dispatchEvent('tap');
    await waitFor(() => text(page).includes('请输入姓名'), 'the name error');
    expect(text(page)).toContain('请输入身份证号');

    // 18 characters with a wrong check digit: caught on the phone before any request.
    page.querySelector('#id-input')!.dispatchEvent('input', { detail: { value: '110105194912310021' } });
    await waitFor(() => text(page).includes('校验位不正确'), 'the check digit error');
    page.querySelector('#id-input')!.dispatchEvent('input', { detail: { value: '11010519491231002X' } });
    await waitFor(() => !text(page).includes('校验位不正确'), 'the check digit error to clear');
    expect(sim.calls).toEqual([]);
  });

  it('claim: a name that does not match the ID number goes back to the identity step with the words on the fields, not the face guide', async () => {
    sim.api = apiStub({ 'POST /v1/face-verifications': MISMATCH });
    const page = await claimUpToFaceCheck('张冒名');
    await waitFor(() => page.querySelector('#name-input') !== undefined, 'back at the identity step');
    expect(callsTo('POST', '/v1/face-verifications')[0]!.data).toMatchObject({ purpose: 'claim', name: '张冒名', idNumber: ADULT_ID });
    expect(page.querySelector('#claim-step')!.dom.getAttribute('data-step') ?? 'identity').toBe('identity');
    expect(idText(page, 'name-error')).toContain('姓名与身份证号不匹配');
    expect(idText(page, 'id-error')).toContain('请核对身份证号');
    expect(page.querySelector('#face-guide')).toBeUndefined();
    expect(text(page)).not.toContain('光线');
    expect(text(page)).not.toContain('does not match');
    // What was typed is still there to correct.
    expect(text(page)).not.toContain('请输入姓名');
  });

  it('claim: a face check failed for the last time shows the lock and the manual review case id, as the other face pages do', async () => {
    sim.api = apiStub({
      'POST /v1/face-verifications': created({ id: 'fv-9', provider: 'wechat', handoff: { verifyId: 'vid-9' } }),
      'POST /v1/face-verifications/fv-9/result': ok({ id: 'fv-9', status: 'failed', attemptsLeft: 0, reviewId: 'rv-claim-1' }),
    });
    const page = await claimUpToFaceCheck('张三');
    await waitFor(() => page.querySelector('#face-locked') !== undefined, 'the lock');
    expect(idText(page, 'face-locked')).toContain('审核编号：rv-claim-1');
    expect(page.querySelector('#pin-phase')).toBeUndefined();
  });

  it('family-add: identity_mismatch (checking the relative, or at the start of their face check) is shown on the form fields', async () => {
    sim.api = apiStub({ 'POST /v1/family/members': MISMATCH, 'POST /v1/face-verifications': MISMATCH });
    const page = openPage('pages/family-add/index');
    await waitFor(() => page.querySelector('#family-face-start') !== undefined, 'the form');
    tap(page, '#family-rel-parent');
    page.querySelector('#family-name-input')!.dispatchEvent('input', { detail: { value: '张冒名' } });
    await new Promise((r) => setTimeout(r, 50));
    page.querySelector('#family-id-input')!.dispatchEvent('input', { detail: { value: ADULT_ID } });
    await new Promise((r) => setTimeout(r, 50));
    await tapUntilShown(page, '#family-face-start', '#family-name-error', 'the field errors');
    expect(callsTo('POST', '/v1/family/members').length + callsTo('POST', '/v1/face-verifications').length).toBeGreaterThan(0);
    expect(idText(page, 'family-name-error')).toContain('姓名与身份证号不匹配');
    expect(idText(page, 'family-id-error')).toContain('请核对身份证号');
    expect(page.querySelector('#face-guide')).toBeUndefined();
    expect(page.querySelector('#family-name-input')).toBeDefined();
  });
});
