// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: the records page: the balance and the transactions. */
import { describe, expect, it } from 'vitest';
import { MEMBER } from './fixtures.js';
import { apiStub, callsTo, idText, ok, openPage, sim, simulatePages, waitFor, wxCallsNamed } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('records page: the balance, transactions newest first, more with the cursor, a tap opens the detail', async () => {
    const txn = (i: number, kind = 'settlement') => ({
      entry: `e${i}`,
      kind,
      settlementId: `stl-${i}`,
      institutionName: '示范大药房',
      at: new Date(Date.UTC(2026, 6, 1, 8, i)).toISOString(),
      personalAccountChange: kind === 'reversal' ? 1000 : -1000,
      amounts: { total: 3000, pooledFund: 1000, personalAccount: 1000, cash: 1000 },
    });
    sim.api = apiStub({
      'GET /v1/accounts/me': ok({ balance: 50000, currency: 'CNY' }),
      'GET /v1/accounts/me/transactions': ({ query }) =>
        query.includes('cursor=') ? ok({ transactions: [txn(1)] }) : ok({ transactions: [txn(3, 'reversal'), txn(2)], nextCursor: 'TXN#x' }),
    });
    const page = openPage('pages/records/index');
    await waitFor(() => page.querySelector('#account-balance') !== undefined, 'the balance');
    expect(page.querySelector('#account-balance')!.dom.textContent).toBe('¥500.00');
    const items = () => Array.from(page.dom.querySelectorAll('[class*="txn-item--"]'));
    expect(items()).toHaveLength(2);
    expect(items()[0]!.textContent).toContain('冲正');
    expect(items()[0]!.textContent).toContain('+¥10.00');
    expect(items()[1]!.textContent).toContain('-¥10.00');

    page.querySelector('#txn-more')!.dispatchEvent('tap');
    await waitFor(() => items().length === 3, 'the next page');
    expect(sim.calls.find((c) => c.path === '/v1/accounts/me/transactions' && c.query.includes('cursor='))!.query).toContain(
      'cursor=TXN%23x',
    );
    expect(page.querySelector('#txn-more')).toBeUndefined();
    expect(page.querySelector('#txn-end')!.dom.textContent).toBe('没有更多了');

    page.querySelector('.txn-item')!.dispatchEvent('tap');
    await waitFor(() => wxCallsNamed('navigateTo').length > 0, 'navigateTo');
    expect(wxCallsNamed('navigateTo')[0]).toMatchObject({ url: '/pages/settlement/index?id=stl-3' });
  });

  it('records of a relative pass subjectCardId', async () => {
    sim.api = apiStub({
      'GET /v1/family/members': ok({ members: [MEMBER] }),
      'GET /v1/accounts/me': ok({ balance: 1234, currency: 'CNY' }),
      'GET /v1/accounts/me/transactions': ok({ transactions: [] }),
    });
    const records = openPage('pages/records/index', { subjectCardId: 'card-m1' });
    await waitFor(() => records.querySelector('#account-balance') !== undefined, 'the balance');
    expect(idText(records, 'account-balance')).toBe('¥12.34');
    expect(callsTo('GET', '/v1/accounts/me')[0]!.query).toBe('?subjectCardId=card-m1');
    expect(callsTo('GET', '/v1/accounts/me/transactions')[0]!.query).toContain('subjectCardId=card-m1');
    await waitFor(() => idText(records, 'records-for-relative') === '父母张*国的个人账户', 'the banner');
  });
});
