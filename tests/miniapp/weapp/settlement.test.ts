// @vitest-environment jsdom
/** The WeChat build in miniprogram-simulate: the settlement page: a settlement's detail. */
import { describe, expect, it } from 'vitest';
import { at, SETTLEMENT } from './fixtures.js';
import { apiStub, ok, openPage, sim, simulatePages, text, waitFor } from './harness.js';

simulatePages();

describe('weapp pages in miniprogram-simulate', () => {
  it('settlement page: a reversed settlement shows 已冲正 with its items and split', async () => {
    sim.api = apiStub({
      'GET /v1/settlements/stl-9': () => ok({ settlement: { ...SETTLEMENT, id: 'stl-9', status: 'reversed', settledAt: at(-60_000), reversedAt: at(0) } }),
    });
    const page = openPage('pages/settlement/index', { id: 'stl-9' });
    await waitFor(() => page.querySelector('#settlement-status') !== undefined, 'the status');
    expect(page.querySelector('#settlement-status')!.dom.textContent).toBe('已冲正');
    expect(page.querySelector('#settlement-total')!.dom.textContent).toBe('¥123.45');
    expect(page.querySelector('#settlement-account')!.dom.textContent).toBe('¥50.00');
    expect(page.dom.querySelectorAll('[class*="settlement-item"]')).toHaveLength(2);
    expect(text(page)).toContain('维生素C片');
    expect(text(page)).toContain('丙类');
  });
});
