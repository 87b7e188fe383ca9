/**
 * Every page essc serves locally carries the browser security headers (issue 9): the H5 app,
 * the POS simulator, the demo portal, the sandbox face page, the demo bank app and the API
 * reference with its signature check page. A CSP with frame-ancestors (no framing but by the
 * partner pages that embed the card and its face step: clickjacking of the PIN pad or the
 * face page), nosniff and a referrer policy (the face token rides in a URL).
 */
import { BANK_ORIGINS } from '../../scripts/lib/ports.js';
import { describe, expect, inject, it } from 'vitest';

const strip = (u: string) => u.replace(/\/+$/, '');
const h5Url = strip(inject('h5Url'));
const terminalUrl = strip(inject('terminalUrl'));
const portalUrl = strip(inject('portalUrl'));
const faceUrl = strip(inject('faceUrl'));
const bankUrl = strip(inject('bankUrl'));
const docsUrl = strip(inject('docsUrl'));

async function facePageUrl(): Promise<string> {
  const res = await fetch(`${faceUrl}/api/verifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outSeqNo: `pages-${Date.now()}`, name: '测试', idNumber: '110101199001011237' }),
  });
  return ((await res.json()) as { url: string }).url;
}

describe('pages essc serves', () => {
  it('all send a CSP with frame-ancestors, nosniff and a referrer policy', async () => {
    const pages = { h5: `${h5Url}/`, h5Route: `${h5Url}/pages/card/index`, pos: `${terminalUrl}/`, portal: `${portalUrl}/`, face: await facePageUrl(), bank: `${bankUrl}/`, reference: `${docsUrl}/`, signatureCheck: `${docsUrl}/signature-check` };
    for (const [name, url] of Object.entries(pages)) {
      const res = await fetch(url, { headers: { accept: 'text/html' } });
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toMatch(/^text\/html/);
      const csp = res.headers.get('content-security-policy') ?? '';
      // The H5 card and its face step may be embedded by the partner apps' pages (the seeded demo bank); nothing else by anyone.
      expect(csp, name).toMatch(name.startsWith('h5') || name === 'face' ? new RegExp(`frame-ancestors ${BANK_ORIGINS.join(' ')}(;|$)`) : /frame-ancestors 'none'/);
      expect(csp, name).toMatch(/default-src '(none|self)'/);
      expect(csp, name).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), name).toBe('no-referrer');
      expect(res.headers.get('cache-control'), name).toBe('no-store');
    }
  });
});
