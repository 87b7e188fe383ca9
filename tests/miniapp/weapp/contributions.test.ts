// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: the contributions page: records by month and type. */
import { describe, expect, it } from 'vitest';
import { MEMBER } from './fixtures.js';
import { apiStub, callsTo, idText, ok, openPage, sim, simulatePages, tap, waitFor } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('contributions page: records grouped by month, more with the cursor, a tab asks for its type', async () => {
    const rec = (month: string, type: string, status = 'paid') => ({
      type,
      month,
      base: 800000,
      employerAmount: type === 'pension' ? 128000 : 6400,
      personalAmount: type === 'pension' ? 64000 : 1600,
      status,
      payer: '江苏云帆信息技术有限公司',
    });
    sim.api = apiStub({
      'GET /v1/records/contributions': ({ query }) => {
        if (query.includes('type=medical')) return ok({ items: [rec('2026-05', 'medical')], from: '2016-06', to: '2026-05' });
        if (query.includes('cursor=')) return ok({ items: [rec('2026-04', 'medical'), rec('2026-03', 'pension', 'arrears')], from: '2016-06', to: '2026-05' });
        return ok({ items: [rec('2026-05', 'pension'), rec('2026-05', 'medical'), rec('2026-04', 'pension')], from: '2016-06', to: '2026-05', nextCursor: 'c+1' });
      },
    });
    const page = openPage('pages/contributions/index');
    await waitFor(() => page.querySelector('.contrib-item') !== undefined, 'the records');
    const items = () => Array.from(page.dom.querySelectorAll('[class*="contrib-item--"]'));
    const months = () => Array.from(page.dom.querySelectorAll('[class*="contrib-month__title"]')).map((e) => e.textContent);
    expect(items()).toHaveLength(3);
    expect(months()).toEqual(['2026年5月', '2026年4月']);
    expect(items()[0]!.textContent).toContain('养老保险');
    // Employer + personal: ¥1,280.00 + ¥640.00.
    expect(items()[0]!.textContent).toContain('¥1920.00');
    expect(idText(page, 'contrib-range')).toBe('2016年6月 至 2026年5月');
    expect(['all', 'pension', 'medical', 'unemployment', 'work_injury', 'maternity'].map((t) => idText(page, `contrib-tab-${t}`))).toEqual([
      '全部',
      '养老',
      '医疗',
      '失业',
      '工伤',
      '生育',
    ]);

    tap(page, '#contrib-more');
    await waitFor(() => items().length === 5, 'the next page');
    expect(callsTo('GET', '/v1/records/contributions')[1]!.query).toContain('cursor=c%2B1');
    expect(months()).toEqual(['2026年5月', '2026年4月', '2026年3月']);
    expect(items()[4]!.textContent).toContain('欠缴');
    expect(page.querySelector('#contrib-more')).toBeUndefined();
    expect(idText(page, 'contrib-end')).toBe('没有更多了');

    tap(page, '#contrib-tab-medical');
    await waitFor(() => items().length === 1, 'the medical records');
    expect(callsTo('GET', '/v1/records/contributions')[2]!.query).toContain('type=medical');
    expect(items()[0]!.textContent).toContain('医疗保险');
  });

  it('contributions of a relative pass subjectCardId', async () => {
    sim.api = apiStub({
      'GET /v1/records/contributions': ok({ items: [] }),
      'GET /v1/family/members': ok({ members: [MEMBER] }),
    });
    const contrib = openPage('pages/contributions/index', { subjectCardId: 'card-m1' });
    await waitFor(() => contrib.querySelector('#contrib-empty') !== undefined, 'no records');
    expect(callsTo('GET', '/v1/records/contributions')[0]!.query).toContain('subjectCardId=card-m1');
    await waitFor(() => idText(contrib, 'contrib-for-relative') === '父母张*国的缴费记录', 'the banner');
  });
});
