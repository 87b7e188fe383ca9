// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: 用卡记录: entries newest first, who and where, a next page by cursor, the empty state. */
import { describe, expect, it } from 'vitest';
import { apiStub, callsTo, idText, ok, openPage, sim, simulatePages, tap, waitFor } from './harness.js';

simulatePages();

const entry = (i: number, over: Record<string, unknown> = {}) => ({
  id: `u${i}`,
  at: `2026-11-${String(30 - i).padStart(2, '0')}T02:00:00.000Z`,
  kind: 'code_verification',
  actor: 'self',
  detail: `扫码用卡 ${i}`,
  ...over,
});

describe('weapp pages in miniprogram-simulate', () => {
  it('用卡记录: kind, detail, institution and business type, channel, actor, time; 加载更多 with the cursor', async () => {
    sim.api = apiStub({
      'GET /v1/cards/me/usage': ({ query }) =>
        query.includes('cursor=c1')
          ? ok({ entries: [entry(3, { kind: 'pin_change', detail: '修改了密码', channel: { id: 'weapp-demo', name: '电子社保卡（微信）' } })] })
          : ok({
              entries: [
                entry(1, { institution: { id: 'demo-pharmacy', name: '示范大药房' }, businessType: '02121', channel: { id: 'weapp-demo', name: '电子社保卡（微信）' } }),
                entry(2, { kind: 'family', actor: 'family', detail: '亲属李*为您出示了医保码' }),
              ],
              cursor: 'c1',
            }),
    });
    const page = openPage('pages/usage/index');
    await waitFor(() => page.querySelector('.usage-entry') !== undefined, 'the entries');
    const rows = () => Array.from(page.dom.querySelectorAll('[class*="usage-entry--"]')).map((e) => e.textContent ?? '');
    expect(rows()).toHaveLength(2);
    expect(rows()[0]).toContain('扫码用卡');
    expect(rows()[0]).toContain('示范大药房 · 药店购药 · 电子社保卡（微信）');
    expect(rows()[0]).toContain('操作人：本人');
    expect(rows()[0]).toContain('2026-11-29 10:00');
    expect(rows()[1]).toContain('亲情服务');
    expect(rows()[1]).toContain('亲属李*为您出示了医保码');
    expect(rows()[1]).toContain('操作人：亲属');
    expect(callsTo('GET', '/v1/cards/me/usage')[0]!.query).toBe('?limit=20');

    tap(page, '#usage-more');
    await waitFor(() => rows().length === 3, 'the next page');
    expect(rows()[2]).toContain('密码变更');
    expect(callsTo('GET', '/v1/cards/me/usage')[1]!.query).toBe('?cursor=c1&limit=20');
    await waitFor(() => page.querySelector('#usage-end') !== undefined, 'the end');
    expect(page.querySelector('#usage-more')).toBeUndefined();
  });

  it('用卡记录: no entries says so', async () => {
    sim.api = apiStub({ 'GET /v1/cards/me/usage': ok({ entries: [] }) });
    const page = openPage('pages/usage/index');
    await waitFor(() => page.querySelector('#usage-empty') !== undefined, 'the empty state');
    expect(idText(page, 'usage-empty')).toBe('暂无用卡记录');
    expect(page.querySelector('#usage-more')).toBeUndefined();
  });
});
