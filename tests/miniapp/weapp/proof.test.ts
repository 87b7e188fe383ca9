// @vitest-environment jsdom
/**
 * The WeChat build in miniprogram-simulate: 开具证明: kind, period, self or a bound relative;
 * the proof's expiry and the PDF downloaded and opened (wx.downloadFile, wx.openDocument);
 * refusals shown.
 */
import { describe, expect, it } from 'vitest';
import { MEMBER } from './fixtures.js';
import { apiStub, callsTo, created, idText, ok, openPage, sim, simulatePages, tap, tapUntilShown, waitFor, wxCallsNamed } from './harness.js';

simulatePages();

/** YYYY-MM of now in China, and `delta` months from it. */
function month(delta = 0): string {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  const index = d.getUTCFullYear() * 12 + d.getUTCMonth() + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}
const label = (m: string) => `${m.slice(0, 4)}年${Number(m.slice(5))}月`;

describe('weapp pages in miniprogram-simulate', () => {
  it('开具证明: 参保证明 for the last year by default; 缴费证明 for 去年 for a relative; the PDF downloaded and opened', async () => {
    sim.api = apiStub({
      'GET /v1/family/members': ok({ members: [MEMBER] }),
      'POST /v1/records/proofs': created({ id: 'prf_1', url: 'https://api.example.test/v1/proofs/prf_1/document?token=t', expiresAt: '2026-12-08T02:00:00.000Z' }),
    });
    const page = openPage('pages/proof/index');
    await waitFor(() => page.querySelector('#proof-subject-card-m1') !== undefined, 'the relatives');
    expect(idText(page, 'proof-from')).toContain(label(month(-11)));
    expect(idText(page, 'proof-to')).toContain(label(month(0)));
    expect(idText(page, 'proof-subject-card-m1')).toBe('父母张*国');

    await tapUntilShown(page, '#proof-create', '#proof-result', 'the proof');
    expect(callsTo('POST', '/v1/records/proofs')[0]!.data).toEqual({ kind: 'insurance', from: month(-11), to: month(0) });
    expect(idText(page, 'proof-expires')).toBe('下载链接有效期至 2026-12-08 10:00');
    tap(page, '#proof-open');
    await waitFor(() => wxCallsNamed('openDocument').length === 1, 'the document');
    expect(wxCallsNamed('downloadFile')).toEqual([{ url: 'https://api.example.test/v1/proofs/prf_1/document?token=t' }]);
    expect(wxCallsNamed('openDocument')[0]).toMatchObject({ filePath: 'http://tmp/proof.pdf', fileType: 'pdf' });

    tap(page, '#proof-kind-contributions');
    tap(page, '#proof-preset-last-year');
    tap(page, '#proof-subject-card-m1');
    await waitFor(() => page.querySelector('#proof-result') === undefined, 'the old proof gone with the change');
    await waitFor(() => idText(page, 'proof-to').includes('12月'), 'last year');
    tap(page, '#proof-create');
    await waitFor(() => callsTo('POST', '/v1/records/proofs').length === 2, 'the second proof');
    const year = Number(month(0).slice(0, 4)) - 1;
    expect(callsTo('POST', '/v1/records/proofs')[1]!.data).toEqual({ kind: 'contributions', from: `${year}-01`, to: `${year}-12`, subjectCardId: 'card-m1' });
  });

  it('开具证明: a period picked on the pickers; the end before the start is refused on the phone; a server refusal is shown', async () => {
    sim.api = apiStub({
      'GET /v1/family/members': ok({ members: [] }),
      'POST /v1/records/proofs': { statusCode: 422, data: { status: 422, code: 'proof_period_before_first_contribution', detail: '证明期间不能早于首次缴费月份（2015-07）。' } },
    });
    const page = openPage('pages/proof/index');
    await waitFor(() => page.querySelector('#proof-from-picker') !== undefined, 'the pickers');
    expect(page.querySelector('#proof-subject-self')).toBeUndefined();
    // The options are newest first: index 2 is two months ago.
    page.querySelector('#proof-to-picker')!.dispatchEvent('change', { detail: { value: 2 } });
    page.querySelector('#proof-from-picker')!.dispatchEvent('change', { detail: { value: 0 } });
    await waitFor(() => idText(page, 'proof-from').includes(label(month(0))), 'the start');
    await waitFor(() => idText(page, 'proof-to').includes(label(month(-2))), 'the end');
    await tapUntilShown(page, '#proof-create', '#proof-error', 'the error');
    expect(idText(page, 'proof-error')).toBe('结束月份不能早于开始月份');
    expect(callsTo('POST', '/v1/records/proofs')).toHaveLength(0);

    page.querySelector('#proof-from-picker')!.dispatchEvent('change', { detail: { value: 200 } });
    await waitFor(() => page.querySelector('#proof-error') === undefined, 'the error cleared');
    await tapUntilShown(page, '#proof-create', '#proof-error', 'the refusal');
    expect(idText(page, 'proof-error')).toBe('证明期间不能早于首次缴费月份（2015-07）。');
    expect(callsTo('POST', '/v1/records/proofs')[0]!.data).toEqual({ kind: 'insurance', from: month(-200), to: month(-2) });
    expect(page.querySelector('#proof-result')).toBeUndefined();
  });
});
