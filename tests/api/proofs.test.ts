/**
 * Proofs over HTTP against serverless-offline (the Lambdas as deployed): a proof issued with the
 * session, its link downloading the PDF (binary through API Gateway's base64, the font found by
 * the bundle), the QR's page saying 有效, and the refusals as problem+json.
 */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { peopleFor } from '../support/people.js';
import { apiUrl, call, claimOverHttp, expectProblem } from './client.js';

const people = peopleFor(import.meta.url);
const PIN = '258147';

const monthOf = (d: Date, back: number) => {
  const china = new Date(d.getTime() + 8 * 3600_000);
  const i = china.getUTCFullYear() * 12 + china.getUTCMonth() - back;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
};

describe('proofs over HTTP', () => {
  it('issue → download the PDF through its link → the verification page says 有效', async () => {
    const { token } = await claimOverHttp('api-proof-1', people.claimable(0), PIN);
    const issued = await call('POST', '/v1/records/proofs', { token, body: { kind: 'contributions', from: monthOf(new Date(), 12), to: monthOf(new Date(), 1) } });
    expect(issued.status).toBe(201);
    const url = new URL(issued.body.url);
    expect(url.origin).toBe(new URL(apiUrl()).origin);

    const pdf = await fetch(issued.body.url);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((await PDFDocument.load(bytes)).getTitle()).toBe(`社会保险缴费证明 ${issued.body.id}`);

    const page = await fetch(`${apiUrl()}/v1/proofs/${issued.body.id}/verification`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('有效');
    expect(html).not.toContain('无效');
    const json = await call('GET', `/v1/proofs/${issued.body.id}/verification`);
    expect(json.body).toMatchObject({ id: issued.body.id, valid: true, hashValid: true, signatureValid: true, kind: 'contributions' });
  });

  it('refusals are problem+json: a future period, a forged id, a link without its token', async () => {
    const { token } = await claimOverHttp('api-proof-2', people.claimable(1), PIN);
    expectProblem(await call('POST', '/v1/records/proofs', { token, body: { kind: 'insurance', from: monthOf(new Date(), 2), to: monthOf(new Date(), -1) } }), 422, 'proof_period_in_future');
    expectProblem(await call('GET', `/v1/proofs/pf_${'A'.repeat(32)}/verification`), 404, 'proof_not_found');
    const issued = await call('POST', '/v1/records/proofs', { token, body: { kind: 'insurance', from: monthOf(new Date(), 2), to: monthOf(new Date(), 1) } });
    expectProblem(await call('GET', `/v1/proofs/${issued.body.id}/document`), 404, 'proof_not_found');
  });
});
