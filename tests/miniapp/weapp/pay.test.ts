// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: the pay page: the bill, the PIN, the settled
 * status, a relative's bill.
 */
import { describe, expect, it } from 'vitest';
import { SETTLEMENT } from './fixtures.js';
import { apiStub, idText, ok, openPage, sim, simulatePages, text, typeOnPad, waitFor } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('pay page: the bill and its split, a wrong PIN with the tries left, then 支付已确认 and the settled status', async () => {
    let status = 'awaiting_confirmation';
    sim.api = apiStub({
      'GET /v1/settlements/stl-1': () => ok({ settlement: { ...SETTLEMENT, status } }),
      'POST /v1/settlements/stl-1/confirmation': ({ data }) => {
        if ((data as { pin?: string }).pin !== '135790') {
          return { statusCode: 422, data: { status: 422, code: 'wrong_pin', detail: '密码错误，还可尝试4次。', attemptsLeft: 4 } };
        }
        status = 'confirmed';
        return ok({ settlement: { ...SETTLEMENT, status } });
      },
    });
    const page = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => page.querySelector('#pay-page') !== undefined, 'the bill');
    expect(page.querySelector('#pay-institution')!.dom.textContent).toBe('示范大药房');
    expect(page.querySelector('#pay-total')!.dom.textContent).toBe('¥123.45');
    expect(page.querySelector('#pay-pooled')!.dom.textContent).toBe('¥60.00');
    expect(page.querySelector('#pay-account')!.dom.textContent).toBe('¥50.00');
    expect(page.querySelector('#pay-cash')!.dom.textContent).toBe('¥13.45');
    expect(text(page)).toContain('阿莫西林胶囊');
    expect(text(page)).toContain('甲类');
    expect(text(page)).toContain('2 × ¥25.00');

    const typePin = (pin: string) => typeOnPad(page, pin);
    await typePin('111111');
    await waitFor(() => page.querySelector('#pay-error') !== undefined, 'the PIN error');
    expect(page.querySelector('#pay-error')!.dom.textContent).toBe('密码错误，还可尝试4次。');

    await typePin('135790');
    await waitFor(() => page.querySelector('#pay-confirmed') !== undefined, 'the confirmation');
    expect(page.querySelector('#pay-confirmed')!.dom.textContent).toBe('支付已确认');
    expect(page.querySelector('#pay-status')!.dom.textContent).toContain('等待医药机构完成结算');
    status = 'settled';
    await waitFor(() => (page.querySelector('#pay-status')?.dom.textContent ?? '').includes('结算完成'), 'the settled status', 6000);
    expect(page.querySelector('#pay-status')!.dom.textContent).toBe('结算完成，个人账户已支付 ¥50.00');
  }, 20_000);

  it('pay page: a bill for a relative names the patient and the 家庭共济 part with its payer', async () => {
    const bill = {
      ...SETTLEMENT,
      split: { total: 12345, pooledFund: 6000, personalAccount: 2000, familyAccount: 3000, cash: 1345 },
      patient: { maskedName: '张*国', relationship: 'parent' },
      presentedBy: 'family',
      familyAccountPayer: { maskedName: '张*', relationship: 'child' },
    };
    sim.api = apiStub({ 'GET /v1/settlements/stl-1': ok({ settlement: bill }) });
    const page = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => page.querySelector('#pay-page') !== undefined, 'the bill');
    expect(idText(page, 'pay-patient')).toBe('为亲属 张*国（父母）支付');
    expect(idText(page, 'pay-family-account')).toContain('家庭共济');
    expect(idText(page, 'pay-family-account')).toContain('张*');
    expect(idText(page, 'pay-family-account')).toContain('¥30.00');
    expect(idText(page, 'pay-account')).toBe('¥20.00');

    // An ordinary bill has neither.
    sim.api = apiStub({ 'GET /v1/settlements/stl-1': ok({ settlement: SETTLEMENT }) });
    const plain = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => plain.querySelector('#pay-page') !== undefined, 'the bill');
    expect(plain.querySelector('#pay-patient')).toBeUndefined();
    expect(plain.querySelector('#pay-family-account')).toBeUndefined();
  });

  it('pay page: consent is binding: a split that changed is shown and confirmed again, with its version', async () => {
    const first = { ...SETTLEMENT, splitVersion: 1 };
    const second = { ...SETTLEMENT, splitVersion: 2, split: { total: 12345, pooledFund: 6000, personalAccount: 0, cash: 6345 } };
    let current: typeof first = first;
    const versions: unknown[] = [];
    sim.api = apiStub({
      'GET /v1/settlements/stl-1': () => ok({ settlement: current }),
      'POST /v1/settlements/stl-1/confirmation': ({ data }) => {
        versions.push((data as { splitVersion?: number }).splitVersion);
        if ((data as { splitVersion?: number }).splitVersion !== current.splitVersion) {
          return { statusCode: 409, data: { status: 409, code: 'split_changed', detail: '支付构成已更新', split: current.split, splitVersion: current.splitVersion } };
        }
        return ok({ settlement: { ...current, status: 'confirmed' } });
      },
    });
    const page = openPage('pages/pay/index', { id: 'stl-1' });
    await waitFor(() => page.querySelector('#pay-page') !== undefined, 'the bill');
    expect(idText(page, 'pay-account')).toBe('¥50.00');
    // The account was spent elsewhere meanwhile: the bill now has another split.
    current = second;
    const typePin = (pin: string) => typeOnPad(page, pin);
    await typePin('135790');
    await waitFor(() => idText(page, 'pay-account') === '¥0.00', 'the new split');
    expect(idText(page, 'pay-error')).toContain('支付金额已更新');
    expect(idText(page, 'pay-cash')).toBe('¥63.45');
    expect(page.querySelector('#pay-confirmed')).toBeUndefined();
    await typePin('135790');
    await waitFor(() => page.querySelector('#pay-confirmed') !== undefined, 'the confirmation');
    expect(versions).toEqual([1, 2]);
    // The terminal's settle found the confirmed split unpayable and put the bill back with a
    // third: the page, following the status, asks again instead of saying 支付已确认.
    current = { ...SETTLEMENT, splitVersion: 3, split: { total: 12345, pooledFund: 6000, personalAccount: 1000, cash: 5345 } };
    await waitFor(() => page.querySelector('#pay-confirmed') === undefined, 'the bill back for confirmation', 6000);
    expect(idText(page, 'pay-account')).toBe('¥10.00');
    expect(idText(page, 'pay-error')).toContain('支付金额已更新');
    await typePin('135790');
    await waitFor(() => page.querySelector('#pay-confirmed') !== undefined, 'the second confirmation');
    expect(versions).toEqual([1, 2, 3]);
  }, 20_000);
});
