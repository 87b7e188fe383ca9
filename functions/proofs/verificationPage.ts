/**
 * The verification page a proof's QR code opens (a browser asking for text/html): zh-CN, the
 * verdict 有效 / 无效 in words and not only in colour, headings, a definition list of what the
 * proof says (masked), contrast above 7:1, no script, and a CSP that allows only its own style.
 */
import { createHash } from 'node:crypto';
import type { ProofVerificationView } from './verification.js';
import { chinaTime, KIND_TITLES, type ProofDocument } from './proof.rules.js';

const STYLE = `
body{margin:0;font:18px/1.6 system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans SC",sans-serif;color:#1a1a1a;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1.25rem}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.verdict{border-radius:.5rem;padding:1rem 1.25rem;border:2px solid}
.verdict p{margin:.25rem 0}
.verdict .word{font-size:2rem;font-weight:700}
.valid{background:#e7f5ea;color:#0b4f1c;border-color:#0b4f1c}
.invalid{background:#fdeceb;color:#7d1414;border-color:#7d1414}
dl{margin:0}
dt{color:#3d3d3d;font-size:.9rem;margin-top:.6rem}
dd{margin:0;overflow-wrap:anywhere}
@media (min-width:36rem){dl{display:grid;grid-template-columns:max-content 1fr;gap:.4rem 1rem}dt{font-size:1rem;margin:0}}
footer{margin-top:2rem;font-size:.9rem;color:#3d3d3d}
`;

/** The Content-Security-Policy of the page: its one style block by hash, nothing else. */
export const PAGE_CSP = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

export const PAGE_HEADERS = { 'content-security-policy': PAGE_CSP, 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' } as const;

function esc(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>社会保险证明核验</h1>
${body}
<footer>核验服务由 essc 电子社保卡平台提供。本页只显示脱敏信息。</footer>
</main>
</body>
</html>
`;
}

function verdict(valid: boolean, explanation: string): string {
  const word = valid ? '有效' : '无效';
  return `<section class="verdict ${valid ? 'valid' : 'invalid'}" role="status" aria-label="核验结果">
<p class="word"><span aria-hidden="true">${valid ? '✓' : '✗'}</span> ${word}</p>
<p>${esc(explanation)}</p>
</section>`;
}

const passed = (ok: boolean) => (ok ? '通过' : '未通过');

/** The page of a proof that was found, valid or not. */
export function verificationPage(view: ProofVerificationView, document?: ProofDocument): string {
  const explanation = view.valid
    ? '该证明由 essc 电子社保卡平台开具，存档文件的摘要与电子签名均核验通过。请核对下列信息与您收到的证明一致。'
    : '该证明未通过核验：存档文件与开具时的内容不一致，或电子签名无效。请勿采信该证明。';
  const rows: [string, string][] = [['证明编号', view.id]];
  if (document) {
    rows.push(
      ['证明类型', KIND_TITLES[document.kind]],
      ['姓名', document.holder.maskedName],
      ['公民身份号码', document.holder.maskedIdNumber],
      ['参保地', document.region.name],
      ['证明期间', `${document.period.from} 至 ${document.period.to}`],
      ['开具时间', `${chinaTime(document.issuedAt)}（北京时间）`],
    );
  }
  rows.push(['文档摘要（SHA-256）', view.sha256], ['文档完整性', passed(view.hashValid)], ['电子签名', passed(view.signatureValid)]);
  const list = rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n');
  return page(`证明核验：${view.valid ? '有效' : '无效'}`, `${verdict(view.valid, explanation)}
<h2>${view.valid ? '证明信息' : '存档内容（未通过核验，不可采信）'}</h2>
<dl>
${list}
</dl>`);
}

/** The page of an id that is no proof of ours (unknown, forged, or past its retention). */
export function notFoundPage(): string {
  return page(
    '证明核验：无效',
    verdict(false, '未找到该证明：证明编号有误、二维码被篡改，或证明已超过保存期限。请勿采信该证明。'),
  );
}
