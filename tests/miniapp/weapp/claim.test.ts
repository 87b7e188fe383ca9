// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: the claim page: consent, identity. */
import { describe, expect, it } from 'vitest';
import { apiStub, openPage, sim, simulatePages, text, waitFor } from './harness.js';

simulatePages();

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
});
