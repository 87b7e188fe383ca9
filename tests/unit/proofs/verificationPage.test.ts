/** The verification page: zh-CN, headings, the verdict in words, escaped values, a CSP that allows its own style only. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { notFoundPage, PAGE_CSP, verificationPage } from '../../../functions/proofs/verificationPage.js';
import type { ProofDocument } from '../../../functions/proofs/proof.rules.js';
import { proofBase } from '../../support/proofDocuments.js';

const doc: ProofDocument = {
  ...proofBase,
  kind: 'insurance',
  holder: { maskedName: '<b>张</b>*', maskedIdNumber: '3201**********1234' },
  period: { from: '2025-01', to: '2025-12' },
  insurance: { lines: [] },
};
const view = { id: doc.id, valid: true, kind: doc.kind, holder: doc.holder, period: doc.period, issuedAt: doc.issuedAt, hashValid: true, signatureValid: true, sha256: 'ab'.repeat(32) };

describe('the verification page', () => {
  it('says 有效 for a valid proof, with headings, the masked facts, escaped', () => {
    const html = verificationPage(view, doc);
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<title>证明核验：有效</title>');
    expect(html).toContain('<h1>社会保险证明核验</h1>');
    expect(html).toContain('<h2>证明信息</h2>');
    expect(html).toMatch(/class="verdict valid" role="status"[^]*有效/);
    expect(html).not.toContain('无效');
    for (const s of ['社会保险参保证明', '&lt;b&gt;张&lt;/b&gt;*', '3201**********1234', '南京市', '2025-01 至 2025-12', '2026-01-05 10:20（北京时间）', 'ab'.repeat(32)]) expect(html).toContain(s);
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script');
  });

  it('says 无效 for a tampered proof, naming what failed', () => {
    const html = verificationPage({ ...view, valid: false, hashValid: false, signatureValid: false });
    expect(html).toContain('<title>证明核验：无效</title>');
    expect(html).toMatch(/class="verdict invalid"[^]*无效/);
    expect(html).toMatch(/<dt>文档完整性<\/dt><dd>未通过<\/dd>/);
    expect(html).toMatch(/<dt>电子签名<\/dt><dd>未通过<\/dd>/);
    expect(html).toContain('<h2>存档内容（未通过核验，不可采信）</h2>');
    expect(notFoundPage()).toContain('未找到该证明');
    expect(notFoundPage()).toContain('无效');
  });

  it('the CSP allows exactly its one style block', () => {
    const style = /<style>([^]*?)<\/style>/.exec(verificationPage(view, doc))![1]!;
    expect(PAGE_CSP).toContain(`style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(PAGE_CSP).toContain("default-src 'none'");
    expect(PAGE_CSP).toContain("frame-ancestors 'none'");
  });
});
