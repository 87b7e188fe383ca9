/**
 * Time from opening the H5 app to a visible dynamic code (issue 13), in headless Chromium
 * against the whole local stack (PORTS.e2e: not while an e2e run is going). A holder opens
 * the app at home, taps 出示电子社保卡码, and the code is visible when its digits are set and
 * the QR image has decoded.
 *
 * - cold: a new browser context (empty HTTP cache, no session in storage: the app logs in);
 * - warm: the same context opened again (cache and session kept, as a holder reopening it).
 * Each on the loopback network and on a throttled "4G" profile (Chromium's network
 * emulation: 150 ms RTT, 9 Mbit/s down, 1.5 Mbit/s up, close to Lighthouse's mobile
 * profile). Every run is its own holder (the code issue limit is per channel user).
 *
 *   npx tsx bench/firstCode.ts [--runs 5]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PORTS } from '../scripts/lib/ports.js';
import { startStack } from '../scripts/lib/stack.js';
import { findClaimablePerson } from '../scripts/seed/people.js';
import { seedPeople } from '../scripts/seed/index.js';
import { launchBrowser } from '../tests/e2e/browser.js';

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const PIN = '258013';

const PROFILES = {
  loopback: undefined,
  '4G': { offline: false, latency: 150, downloadThroughput: (9_000_000 / 8) | 0, uploadThroughput: (1_500_000 / 8) | 0 },
} as const;

interface Timing {
  /** Navigation start → home's code button shown. */
  home: number;
  /** The tap → the code visible. */
  tapToCode: number;
  /** Bytes the page received (encoded, as on the wire). */
  bytes: number;
}

async function json(res: Response): Promise<Record<string, any>> {
  const body = (await res.json()) as Record<string, any>;
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

/** A sandbox user with a claimed card, through the public API (login, face at the sandbox, claim). */
async function claimedUser(api: string, face: string, index: number): Promise<string> {
  const user = `bench-first-code-${Date.now().toString(36)}-${index}`;
  const person = findClaimablePerson(seedPeople(), 1800 - index);
  const post = (path: string, body: unknown, token?: string) =>
    fetch(api + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) }).then(json);
  const { token } = await post('/v1/sessions', { channelId: 'sandbox', platform: 'h5', loginCode: `sandbox:${user}` });
  const started = await post('/v1/face-verifications', { purpose: 'claim', name: person.name, idNumber: person.idNumber }, token);
  const faceToken = new URL(started.handoff.url).pathname.split('/').pop();
  await fetch(`${face}/api/verifications/${faceToken}/outcome`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome: 'pass' }) });
  await post(`/v1/face-verifications/${started.id}/result`, {}, token);
  await post('/v1/cards/claims', { name: person.name, idNumber: person.idNumber, faceVerificationId: started.id, pin: PIN, consent: true }, token);
  return user;
}

async function openToCode(page: Page, url: string): Promise<Timing> {
  let bytes = 0;
  const onResponse = (res: { request(): { sizes(): Promise<{ responseBodySize: number; responseHeadersSize: number }> } }) => {
    void res.request().sizes().then((s) => (bytes += s.responseBodySize + s.responseHeadersSize), () => undefined);
  };
  page.on('response', onResponse);
  const t0 = Date.now();
  await page.goto(url);
  const show = page.locator('#page-index #show-code').first();
  await show.waitFor({ state: 'visible' });
  const home = Date.now() - t0;
  const t1 = Date.now();
  await show.click();
  await page.waitForFunction(() => {
    const digits = document.querySelector('#code-digits');
    const img = document.querySelector<HTMLImageElement>('.code-qr__img img, img.code-qr__img');
    return /^88\d{18}$/.test(digits?.getAttribute('data-code') ?? '') && !!img && img.complete && img.naturalWidth > 0;
  });
  const tapToCode = Date.now() - t1;
  await page.waitForTimeout(300);
  page.off('response', onResponse);
  return { home, tapToCode, bytes };
}

async function throttled(context: BrowserContext, page: Page, profile: keyof typeof PROFILES): Promise<void> {
  const conditions = PROFILES[profile];
  if (!conditions) return;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', conditions);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const log: string[] = [];
  const stack = await startStack({ stage: 'test', ports: PORTS.e2e, seed: true, h5: true, log: (l) => log.push(l) });
  let browser: Browser | undefined;
  const results: Record<string, { cold: Timing[]; warm: Timing[] }> = {};
  try {
    browser = await launchBrowser();
    let n = 0;
    for (const profile of Object.keys(PROFILES) as (keyof typeof PROFILES)[]) {
      results[profile] = { cold: [], warm: [] };
      for (let i = 0; i < RUNS; i++) {
        const user = await claimedUser(stack.urls.api, stack.urls.face.replace(/\/+$/, ''), n++);
        const url = `${stack.urls.h5!.replace(/\/+$/, '')}/?user=${user}#/pages/index/index`;
        const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' });
        const page = await context.newPage();
        await throttled(context, page, profile);
        results[profile].cold.push(await openToCode(page, url));
        // Reopened: the same context (cache, localStorage session), a new page load.
        await page.goto('about:blank');
        results[profile].warm.push(await openToCode(page, url));
        await context.close();
        process.stderr.write(`[first-code] ${profile} run ${i + 1}/${RUNS}\n`);
      }
    }
  } finally {
    await browser?.close();
    await stack.stop();
  }
  const rows = Object.entries(results).flatMap(([profile, r]) =>
    (['cold', 'warm'] as const).map((kind) => {
      const t = r[kind];
      const home = median(t.map((x) => x.home));
      const tap = median(t.map((x) => x.tapToCode));
      const bytes = median(t.map((x) => x.bytes));
      return `| ${profile} | ${kind} | ${home} ms | ${tap} ms | ${home + tap} ms | ${(bytes / 1024).toFixed(0)} KiB |`;
    }),
  );
  const report = [
    `Time to a visible code, median of ${RUNS} runs per row (${new Date().toISOString().slice(0, 10)}, headless Chromium, 390 px):`,
    '',
    '| network | open | open → home | tap → code | total | received |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/first-code.json', import.meta.url), JSON.stringify(results, null, 2));
  console.log(report);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
