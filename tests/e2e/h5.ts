/**
 * Helpers for the H5 end-to-end tests: a phone-sized page that records what went wrong
 * (page errors, console errors, failed API calls) so a failing step says why, PIN pad
 * typing that waits for each digit to land, and the sandbox face page round trip.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Frame, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { checkPin } from '../../functions/holder/pin.rules.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { launchBrowser } from './browser.js';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../../tmp/e2e/', import.meta.url));

/** Default wait for an element or a navigation; every step of the flow is well under it. */
export const STEP_TIMEOUT_MS = 15_000;

export interface H5Page {
  context: BrowserContext;
  page: Page;
  /** Page errors, console errors and API responses >= 400 seen so far. */
  problems: string[];
}

/** A fresh context (own localStorage / sessionStorage) with a phone-sized page (390 × 844 unless `viewport` says). */
export async function openH5Page(browser: Browser, apiUrl: string, viewport = { width: 390, height: 844 }): Promise<H5Page> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 2,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // Every page essc serves runs under a CSP: a violation is a bug, reported like a console error.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.url().startsWith(apiUrl) && res.status() >= 400) {
      const req = res.request();
      problems.push(`API ${req.method()} ${res.url().slice(apiUrl.length)} → ${res.status()}`);
    }
  });
  return { context, page, problems };
}

/** A sandbox user id no other run or test shares. */
export function newUserId(tag: string): string {
  return `e2e-${tag}-${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

/** A PIN the server accepts for this ID number: 258013 unless it is taken from the ID. */
export function validPinFor(idNumber: string): string {
  for (const pin of ['258013', '369024', '470135', '581246']) {
    if (checkPin(pin, idNumber).ok) return pin;
  }
  throw new Error(`no candidate PIN is valid for ${idNumber.slice(0, 4)}…`);
}

/**
 * Types `pin` on the PIN pad inside `scope`, waiting after each key but the last for the
 * dots row to show one more digit (the pad's handler reads the value of the last render).
 * After the last key the pad may move on (the claim's first PIN goes to the confirm
 * phase by itself), so the caller checks what comes next.
 */
export async function typePin(scope: Locator, dots: Locator, pin: string): Promise<void> {
  const start = Number(await dots.getAttribute('data-filled'));
  expect(start).toBe(0);
  const digits = Array.from(pin);
  for (const [i, digit] of digits.entries()) {
    await scope.locator(`.pin-key-${digit}`).click();
    if (i < digits.length - 1) {
      await expect.poll(() => dots.getAttribute('data-filled'), { timeout: 5_000 }).toBe(String(i + 1));
    }
  }
}

/** Home (unclaimed) → claim → consent → identity, up to the face step. */
export async function claimUpToFace(page: Page | Frame, person: SeedPerson): Promise<void> {
  const unclaimed = page.locator('#index-unclaimed');
  await unclaimed.waitFor();
  expect(await textOf(unclaimed)).toContain('您还没有领取电子社保卡');
  await page.locator('#claim-start').click();

  const step = page.locator('#claim-step');
  await expect.poll(() => step.getAttribute('data-step')).toBe('consent');
  await page.locator('#consent-notice').waitFor();
  // Without consent the button does nothing.
  expect(await page.locator('#consent-next').getAttribute('aria-disabled')).toBe('true');
  await page.locator('#consent-check').click();
  await expect.poll(() => page.locator('#consent-check').getAttribute('aria-checked')).toBe('true');
  await page.locator('#consent-next').click();

  await expect.poll(() => step.getAttribute('data-step')).toBe('identity');
  await page.locator('#name-input input').fill(person.name);
  await page.locator('#id-input input').fill(person.idNumber);
  await page.locator('#identity-next').click();
  await expect.poll(() => step.getAttribute('data-step')).toBe('face');
  expect(await page.locator('#name-error').count()).toBe(0);
  expect(await page.locator('#id-error').count()).toBe(0);
  await page.locator('#face-start').waitFor();
}

/** On the sandbox face page: press `#face-pass` or `#face-fail`; it redirects back to the app. */
export async function answerFacePage(page: Page | Frame, faceUrl: string, outcome: 'pass' | 'fail'): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(`${faceUrl}/face/`));
  await page.locator('#face-pass').waitFor();
  await page.locator(outcome === 'pass' ? '#face-pass' : '#face-fail').click();
}

/** Waits for the app to be back at `route` after the face page, with the face token. */
export async function waitBackInApp(page: Page | Frame, h5Url: string, route: string): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(h5Url) && url.hash.startsWith(`#/${route}`));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Fen of an amount as the pages show it (¥1,234.50 → 123450). */
export const fen = (text: string): number => Math.round(Number(text.replace(/[^\d.-]/g, '')) * 100);

/** The dynamic code the code page shows (its digits' data-code), once it has one. */
export async function shownCode(page: Page): Promise<string> {
  const digits = page.locator('#code-digits');
  await expect.poll(() => digits.getAttribute('data-code')).toMatch(/^88\d{18}$/);
  return (await digits.getAttribute('data-code'))!;
}

/** Text of an element, trimmed (Taro's Text renders as <taro-text-core>). */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}

export interface H5Browser {
  /** The file's Chromium (launched in beforeAll). */
  browser(): Browser;
  /** A fresh phone-sized page in its own context (390 × 844 unless `viewport` says); closed after the file. */
  open(viewport?: { width: number; height: number }): Promise<H5Page>;
}

/**
 * One Chromium per test file, with the pages its tests open. A failing test reports the
 * URL and the problems of the last page it opened, and leaves a screenshot in tmp/e2e/.
 */
export function useH5Browser(apiUrl: string): H5Browser {
  let browser: Browser | undefined;
  const opened: H5Page[] = [];
  let current: H5Page | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  let checkedUpTo = 0;
  afterEach(async (ctx) => {
    // The pages this test opened met no CSP refusal and no CORS refusal of an API call.
    const blocked = opened.slice(checkedUpTo).flatMap((h) => h.problems.filter((p) => /CSP violation|Content Security Policy|CORS policy/.test(p)));
    checkedUpTo = opened.length;
    if (ctx.task.result?.state !== 'fail') expect(blocked).toEqual([]);
    if (current && ctx.task.result?.state === 'fail') {
      console.error(`[e2e] ${ctx.task.name}: at ${current.page.url()}\n  ${current.problems.join('\n  ') || '(no page errors)'}`);
      await screenshot(current.page, `failed-${ctx.task.name.replace(/\W+/g, '-').slice(0, 60)}`).catch(() => undefined);
    }
    current = undefined;
  });
  afterAll(async () => {
    for (const h of opened) await h.context.close().catch(() => undefined);
    await browser?.close();
  });
  return {
    browser: () => browser!,
    async open(viewport) {
      const h = await openH5Page(browser!, apiUrl, viewport);
      opened.push(h);
      current = h;
      return h;
    },
  };
}

/**
 * Whether any React state of the app (a string equal to `needle` in the hooks of every mounted component, the pages kept
 * below in the H5 stack included) holds `needle`: read from React's current fiber tree.
 */
export async function reactStateHolds(page: Page, needle: string): Promise<boolean> {
  return page.evaluate((needle) => {
    type Fiber = { child: Fiber | null; sibling: Fiber | null; return: Fiber | null; memoizedState: unknown; stateNode: unknown; tag: number };
    const app = document.getElementById('app');
    const host = app && [app, ...Array.from(app.querySelectorAll('*'))].find((el) => Object.keys(el).some((k) => k.startsWith('__reactFiber$')));
    if (!host) throw new Error('no React fiber in #app');
    let fiber = (host as unknown as Record<string, Fiber>)[Object.keys(host).find((k) => k.startsWith('__reactFiber$'))!]!;
    while (fiber.return) fiber = fiber.return;
    // The host root's current tree (a DOM node may point at the alternate).
    const root = (fiber.stateNode as { current: Fiber }).current;
    const seen = new Set<unknown>();
    const holds = (v: unknown, depth: number): boolean => {
      if (typeof v === 'string') return v === needle;
      if (!v || typeof v !== 'object' || depth > 4 || seen.has(v) || v instanceof Node) return false;
      seen.add(v);
      if ('stateNode' in v && 'return' in v) return false; // another fiber
      return Object.values(v as Record<string, unknown>).some((x) => holds(x, depth + 1));
    };
    const stack: Fiber[] = [root];
    while (stack.length > 0) {
      const f = stack.pop()!;
      // Function components: the hooks list (state, refs, memo); class components: their state.
      for (let hook = f.memoizedState as { memoizedState?: unknown; next?: unknown } | null; hook && typeof hook === 'object'; ) {
        if (f.tag === 0 || f.tag === 11 || f.tag === 15) {
          if (holds(hook.memoizedState, 0)) return true;
          hook = (hook.next ?? null) as typeof hook;
        } else {
          if (f.tag === 1 && holds(hook, 0)) return true;
          break;
        }
      }
      if (f.child) stack.push(f.child);
      if (f.sibling) stack.push(f.sibling);
    }
    return false;
  }, needle);
}
