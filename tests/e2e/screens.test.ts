/**
 * Every page of the H5 app on a 320 px wide phone (iPhone SE, Display Zoom, the large-text
 * settings many elderly holders use), in the normal mode and in 长辈版, with real content:
 * a claimed holder with a card, a bound retired parent (member, the parent's code, records,
 * pension, contributions and proof for the parent), a pending settlement (pay), a settled
 * one (settlement, a records row), a pushed bill (bills, bill), a portal login request
 * (login), a holder without a card (home, and the claim's steps up to its end), a helper
 * claiming an e-card for a retired parent who has none (family-add's 为TA申领: offer, consent,
 * PIN, done; one parent per mode). For each page and mode:
 * - nothing sticks out past the right edge (no horizontal scrolling, no element cut off),
 *   and the code's digits stay on one line with the whole barcode on screen;
 * - axe-core (WCAG 2.1 A and AA) finds no serious or critical violation (contrast ≥ 4.5:1,
 *   labelled inputs, names of controls, …);
 * - the page has a heading, and every control (buttons, Views acting as buttons, switches,
 *   checkboxes, PIN keys, rows that open something) has a role and is in the Tab order.
 * A second test drives a few controls with the keyboard only: home → code with Enter, a
 * list row, the consent checkbox with Space, a PIN key, a picker (a month of the proof, a
 * region of the out-of-area filing) changed with the arrow keys.
 *
 * Cards, the binding, the settlements, the bill and the login request are set up over HTTP
 * (that is not what this file is about); people: this file's block (tests/support/people.ts).
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SignedClient } from '../../scripts/lib/signedClient.js';
import { DEMO_PORTAL } from '../../scripts/portal/defaults.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { peopleFor } from '../support/people.js';
import { call, claimOverHttp, face, terminal } from '../api/client.js';
import { answerFacePage, newUserId, screenshot, textOf, typePin, useH5Browser, validPinFor, waitBackInApp } from './h5.js';
import { documentedFetch } from '../api/contract.js';

const apiUrl = inject('apiUrl');
const h5Url = inject('h5Url').replace(/\/+$/, '');
const faceUrl = inject('faceUrl').replace(/\/+$/, '');
const people = peopleFor(import.meta.url);
const h5 = useH5Browser(apiUrl);

/** A 320 px wide phone; deviceScaleFactor 2 as openH5Page sets. */
const VIEWPORT = { width: 320, height: 640 };
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MODES = ['normal', 'elder'] as const;

async function claimed(tag: string, person: SeedPerson) {
  const pin = validPinFor(person.idNumber);
  const userId = newUserId(tag);
  return { userId, pin, ...(await claimOverHttp(userId, person, pin)) };
}

const items = (price: number) => [{ code: 'B001', name: '阿莫西林胶囊（0.25g×24粒）', class: 'B', quantity: 1, unitPrice: price }];

/** A settlement the holder has not confirmed yet (pay page). */
async function pendingSettlement(token: string, tag: string): Promise<string> {
  const code = await call('POST', '/v1/cards/me/codes', { token });
  const res = await terminal('POST', '/v1/terminal/settlements', { code: code.body.code, institutionOrderId: `screens-${tag}-${Date.now()}`, items: items(4_250) });
  if (res.status !== 201) throw new Error(`pre-settlement: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as string;
}

interface Screen {
  /** What the report calls it. */
  name: string;
  user: string;
  /** The route after `#/`, with its query. */
  route: string;
  /** An element that is there once the page has its content. */
  ready: string;
}

interface Fixture {
  holder: Awaited<ReturnType<typeof claimed>>;
  parent: Awaited<ReturnType<typeof claimed>>;
  payer: Awaited<ReturnType<typeof claimed>>;
  /** A helper who claims e-cards for parents without one (family-add). */
  claimer: Awaited<ReturnType<typeof claimed>>;
  settlementId: string;
  settledId: string;
  billId: string;
  loginRequestId: string;
  unclaimed: string;
}
let fx: Fixture;

beforeAll(async () => {
  const [holder, parent, payer, claimer] = await Promise.all([
    claimed('screens-holder', people.claimable(0)),
    claimed('screens-parent', people.retiree(0)),
    claimed('screens-payer', people.claimable(1)),
    claimed('screens-claimer', people.claimable(4)),
  ]);
  // The holder binds the retired parent with the parent's face (family service).
  const parentPerson = people.retiree(0);
  const f = await face(holder.token, 'family', 'pass', { name: parentPerson.name, idNumber: parentPerson.idNumber });
  const bound = await call('POST', '/v1/family/members', {
    token: holder.token,
    body: { relationship: 'parent', name: parentPerson.name, idNumber: parentPerson.idNumber, faceVerificationId: f.id },
  });
  if (bound.status !== 201) throw new Error(`binding: ${bound.status} ${JSON.stringify(bound.body)}`);

  // A settled settlement of the holder (settlement page, a row in records).
  const settling = await pendingSettlement(holder.token, 'settled');
  const confirmed = await call('POST', `/v1/settlements/${settling}/confirmation`, { token: holder.token, body: { pin: holder.pin } });
  if (confirmed.status !== 200) throw new Error(`confirmation: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  const settled = await terminal('POST', `/v1/terminal/settlements/${settling}/settle`, undefined, { headers: { 'idempotency-key': `screens-${Date.now()}` } });
  if (settled.status !== 200) throw new Error(`settle: ${settled.status} ${JSON.stringify(settled.body)}`);

  // A bill pushed to the holder (bills, bill): a verification's patientRef first.
  const code = await call('POST', '/v1/cards/me/codes', { token: holder.token });
  const verified = await terminal('POST', '/v1/terminal/code-verifications', { code: code.body.code, businessType: '01101' });
  const pushed = await terminal('POST', '/v1/terminal/bills', {
    patientRef: verified.body.patientRef,
    institutionOrderId: `screens-bill-${Date.now()}`,
    kind: 'outpatient',
    department: '内科',
    items: items(3_600),
  });
  if (pushed.status !== 201) throw new Error(`bill: ${pushed.status} ${JSON.stringify(pushed.body)}`);

  // Someone else's pending settlement for the pay page: the holder's code page would open its own.
  const settlementId = await pendingSettlement(payer.token, 'pending');

  const portal = new SignedClient({ apiUrl, signer: { header: 'x-essc-channel', id: DEMO_PORTAL.id, secret: DEMO_PORTAL.secret }, fetch: documentedFetch });
  const lr = await portal.request('POST', '/v1/portal/login-requests', { body: { scope: 'openid profile' } });
  if (lr.status !== 201) throw new Error(`login request: ${lr.status} ${JSON.stringify(lr.body)}`);

  fx = {
    holder,
    parent,
    payer,
    claimer,
    settlementId,
    settledId: settling,
    billId: pushed.body.id as string,
    loginRequestId: (lr.body as { id: string }).id,
    unclaimed: newUserId('screens-none'),
  };
}, 120_000);

function screens(): Screen[] {
  const h = fx.holder.userId;
  const sub = `subjectCardId=${encodeURIComponent(fx.parent.cardId)}`;
  const member = `memberId=${encodeURIComponent(fx.parent.cardId)}`;
  return [
    { name: 'home', user: h, route: 'pages/index/index', ready: '#card-face' },
    { name: 'home (no card)', user: fx.unclaimed, route: 'pages/index/index', ready: '#index-unclaimed' },
    { name: 'settings', user: h, route: 'pages/settings/index', ready: '#settings-status' },
    { name: 'code', user: h, route: 'pages/code/index', ready: '#code-digits' },
    { name: 'code (parent)', user: h, route: `pages/code/index?${member}`, ready: '#code-for-relative ~ .code-card #code-digits' },
    { name: 'pay', user: fx.payer.userId, route: `pages/pay/index?id=${fx.settlementId}`, ready: '#pay-page' },
    { name: 'records', user: h, route: 'pages/records/index', ready: '.txn-item' },
    { name: 'records (parent)', user: h, route: `pages/records/index?${sub}`, ready: '#account-balance' },
    { name: 'settlement', user: h, route: `pages/settlement/index?id=${fx.settledId}`, ready: '#settlement-status' },
    { name: 'family', user: h, route: 'pages/family/index', ready: '.family-member' },
    { name: 'family-add', user: h, route: 'pages/family-add/index', ready: '#family-add-step' },
    { name: 'member', user: h, route: `pages/member/index?${member}`, ready: '#member-name' },
    { name: 'pension', user: fx.parent.userId, route: 'pages/pension/index', ready: '#pension-status' },
    { name: 'pension (parent)', user: h, route: `pages/pension/index?${sub}`, ready: '#pension-status' },
    { name: 'contributions', user: h, route: 'pages/contributions/index', ready: '.contrib-item, #contrib-empty' },
    { name: 'contributions (parent)', user: h, route: `pages/contributions/index?${sub}`, ready: '.contrib-item, #contrib-empty' },
    { name: 'login', user: h, route: `pages/login/index?r=${fx.loginRequestId}`, ready: '#login-portal' },
    { name: 'bills', user: h, route: 'pages/bills/index', ready: `#bill-${fx.billId}` },
    { name: 'bill', user: h, route: `pages/bill/index?id=${fx.billId}`, ready: '#bill-page' },
    { name: 'out-of-area', user: h, route: 'pages/out-of-area/index', ready: '#page-out-of-area .section' },
    { name: 'pin-change', user: h, route: 'pages/pin-change/index', ready: '#pin-change-phase' },
    { name: 'pin-reset', user: h, route: 'pages/pin-reset/index', ready: '#pin-reset-step' },
    { name: 'authorizations', user: h, route: 'pages/authorizations/index', ready: '#auth-channels' },
    { name: 'usage', user: h, route: 'pages/usage/index', ready: '.usage-entry' },
    { name: 'notifications', user: h, route: 'pages/notifications/index', ready: '.notif-item, #notif-empty' },
    { name: 'proof', user: h, route: 'pages/proof/index', ready: '#proof-create' },
    { name: 'proof (parent)', user: h, route: `pages/proof/index?${sub}`, ready: '#proof-for-relative' },
  ];
}

let visit = 0;
/** A full load of the app at `route` (a new search string each time, so no page stays behind from the last one). */
async function openScreen(page: Page, user: string, route: string, ready: string): Promise<void> {
  visit += 1;
  await page.goto(`${h5Url}/?user=${encodeURIComponent(user)}&v=${visit}#/${route}`);
  await page.locator(ready).first().waitFor({ state: 'visible' });
}

/** The 长辈版 setting as the app keeps it (shared/elder.ts: storage `elderMode`, JSON in Taro's H5 storage). */
async function setElder(page: Page, on: boolean): Promise<void> {
  await page.evaluate((v) => {
    if (v) localStorage.setItem('essc.elderMode', JSON.stringify({ data: 'true' }));
    else localStorage.removeItem('essc.elderMode');
  }, on);
}

/** What sticks out past the viewport's right (or left) edge; outermost elements only. */
async function overflowOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > vw) out.push(`document scrollWidth ${doc.scrollWidth} > clientWidth ${vw}`);
    if (document.body.scrollWidth > vw) out.push(`body scrollWidth ${document.body.scrollWidth} > clientWidth ${vw}`);
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
    };
    const visible = (el: Element) => {
      const s = getComputedStyle(el);
      if (s.visibility === 'hidden' || s.display === 'none') return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && el.getClientRects().length > 0;
    };
    /** Inside a horizontal scroller that itself fits: scrolling sideways is what it is for. */
    const inScroller = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o === 'auto' || o === 'scroll') return a.getBoundingClientRect().right <= vw + 0.5;
      }
      return false;
    };
    const offends = (el: Element) => {
      if (!visible(el) || inScroller(el)) return false;
      const r = el.getBoundingClientRect();
      return r.right > vw + 0.5 || r.left < -0.5;
    };
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (!offends(el)) continue;
      if (el.parentElement && el.parentElement !== document.body && offends(el.parentElement)) continue;
      const r = el.getBoundingClientRect();
      out.push(`${describe(el)} spans ${Math.round(r.left)}…${Math.round(r.right)} px of ${vw}`);
    }
    return out;
  });
}

/** A heading on the page, and every control with a role and in the Tab order. */
async function structureOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const headings = document.querySelectorAll('h1, h2, h3, [role="heading"]');
    if (headings.length === 0) out.push('no heading (h1 or role=heading)');
    const describe = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}` : '';
      return `${el.tagName.toLowerCase()}${id}${cls} "${(el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 30)}"`;
    };
    const shown = (el: Element) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const native = 'a[href], button, input, select, textarea';
    // Taro Views the app makes controls of: a hover class (pressed state) or a control role.
    const controls = document.querySelectorAll(
      '[hoverclass]:not([hoverclass="none"]), [role="button"], [role="switch"], [role="checkbox"], [role="radio"], [role="tab"], [role="link"], .btn, .pin-key:not(.pin-key--blank), .switch, .chip',
    );
    for (const el of Array.from(controls)) {
      if (!shown(el) || el.matches(native) || el.closest(native)) continue;
      // A row that is tapped anywhere but whose control for the keyboard is inside it (a control must not nest another).
      if (!el.getAttribute('role') && el.querySelector('[role][tabindex="0"]')) continue;
      const role = el.getAttribute('role');
      if (!role || !['button', 'switch', 'checkbox', 'radio', 'tab', 'link', 'menuitem', 'option'].includes(role)) out.push(`${describe(el)}: no control role (role=${role})`);
      else if ((el as HTMLElement).tabIndex < 0) out.push(`${describe(el)}: not in the Tab order`);
    }
    return out;
  });
}

async function axeOf(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `axe ${v.id} (${v.impact}) at ${n.target.join(' ')}: ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ').slice(0, 200)}`));
}

/** The code page: the digits on one line, the whole barcode on screen. */
async function codeLayoutOf(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const digits = document.querySelector('#code-digits');
    if (digits) {
      const range = document.createRange();
      range.selectNodeContents(digits);
      const tops = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top)));
      if (tops.size > 1) out.push(`#code-digits wraps over ${tops.size} lines`);
    }
    const img = document.querySelector('#code-barcode img');
    if (!img) out.push('no barcode image');
    else {
      const r = img.getBoundingClientRect();
      if (r.left < 0 || r.right > document.documentElement.clientWidth) out.push(`barcode image spans ${r.left}…${r.right}`);
    }
    return out;
  });
}

async function check(page: Page, label: string, failures: string[], timings: string[]): Promise<void> {
  const t = Date.now();
  const found = [...(await overflowOf(page)), ...(await structureOf(page)), ...(await axeOf(page))];
  if (/^code/.test(label)) found.push(...(await codeLayoutOf(page)));
  for (const f of found) failures.push(`${label}: ${f}`);
  // The failing ones, and the code page always (to look at the barcode at 320 px).
  if (found.length > 0 || /^code/.test(label)) await screenshot(page, `screens-${label.replace(/\W+/g, '-')}`);
  timings.push(`${label} ${Date.now() - t} ms`);
}

describe('every H5 page at 320 px, in both modes', () => {
  it('fits the width, passes axe-core (no serious or critical violation), has a heading and keyboard-reachable controls', async () => {
    const { page } = await h5.open(VIEWPORT);
    const failures: string[] = [];
    const timings: string[] = [];
    for (const mode of MODES) {
      for (const [i, s] of screens().entries()) {
        await openScreen(page, s.user, s.route, s.ready);
        if (i === 0) {
          // The setting is kept in the browser's storage: set once per mode, then load again.
          await setElder(page, mode === 'elder');
          await openScreen(page, s.user, s.route, s.ready);
        }
        const rootClass = (await page.locator('.page').first().getAttribute('class')) ?? '';
        expect(rootClass.includes('elder'), `${s.name} in ${mode} mode`).toBe(mode === 'elder');
        await check(page, `${s.name} [${mode}]`, failures, timings);
        if (s.name === 'settings') {
          // The PIN sheet over a page.
          await page.locator('#loss-temporary').click();
          await page.locator('#pin-sheet').waitFor();
          await check(page, `settings PIN sheet [${mode}]`, failures, timings);
        }
      }
      // The claim's steps, to the end, by a holder without a card.
      const person = people.claimable(mode === 'normal' ? 2 : 3);
      const user = newUserId(`screens-claim-${mode}`);
      await openScreen(page, user, 'pages/claim/index', '#consent-check');
      await check(page, `claim consent [${mode}]`, failures, timings);
      await page.locator('#consent-check').click();
      await page.locator('#consent-next').click();
      await page.locator('#name-input input').waitFor();
      await check(page, `claim identity [${mode}]`, failures, timings);
      await page.locator('#name-input input').fill(person.name);
      await page.locator('#id-input input').fill(person.idNumber);
      await page.locator('#identity-next').click();
      await page.locator('#face-start').waitFor();
      await check(page, `claim face [${mode}]`, failures, timings);
      await page.locator('#face-start').click();
      await answerFacePage(page, faceUrl, 'pass');
      await waitBackInApp(page, h5Url, 'pages/claim/index');
      await page.locator('#pin-phase').waitFor({ timeout: 20_000 });
      await check(page, `claim PIN [${mode}]`, failures, timings);
      const pin = validPinFor(person.idNumber);
      await typePin(page.locator('#page-claim'), page.locator('#pin-first-dots'), pin);
      await expect.poll(() => page.locator('#pin-phase').getAttribute('data-phase')).toBe('confirm');
      await typePin(page.locator('#page-claim'), page.locator('#pin-confirm-dots'), pin);
      if (await page.locator('#pin-confirm-next').isVisible()) await page.locator('#pin-confirm-next').click();
      await page.locator('#claim-success').waitFor({ timeout: 20_000 });
      await check(page, `claim done [${mode}]`, failures, timings);

      // 为TA申领: a helper adds a retired parent who has no e-card and claims one for them.
      const cardless = people.retiree(mode === 'normal' ? 1 : 2);
      const step = page.locator('#family-add-step');
      await openScreen(page, fx.claimer.userId, 'pages/family-add/index', '#family-rel-parent');
      await page.locator('#family-rel-parent').click();
      await page.locator('#family-name-input input').fill(cardless.name);
      await page.locator('#family-id-input input').fill(cardless.idNumber);
      await page.locator('#family-face-start').click();
      await page.locator('#family-claim-offer').waitFor();
      await check(page, `family claim offer [${mode}]`, failures, timings);
      await page.locator('#family-claim-start').click();
      await expect.poll(() => step.getAttribute('data-step')).toBe('claim-consent');
      await check(page, `family claim consent [${mode}]`, failures, timings);
      await page.locator('#family-claim-consent-check').click();
      await page.locator('#family-claim-consent-next').click();
      await answerFacePage(page, faceUrl, 'pass');
      await waitBackInApp(page, h5Url, 'pages/family-add/index');
      const pinStep = page.locator('#family-claim-pin');
      await pinStep.waitFor({ timeout: 20_000 });
      await check(page, `family claim PIN [${mode}]`, failures, timings);
      const parentPin = validPinFor(cardless.idNumber);
      await typePin(pinStep, page.locator('#pin-first-dots'), parentPin);
      await page.locator('#pin-confirm-dots').waitFor();
      await typePin(pinStep, page.locator('#pin-confirm-dots'), parentPin);
      await page.locator('#family-claim-submit').click();
      await page.locator('#family-claim-done').waitFor({ timeout: 15_000 });
      expect(await step.getAttribute('data-step')).toBe('claim-done');
      await check(page, `family claim done [${mode}]`, failures, timings);
    }
    console.log(timings.join('\n'));
    expect(failures).toEqual([]);
  });

  it('works with the keyboard alone: Tab and Enter to the code, a list row, the consent checkbox with Space, a PIN key, a picker with the arrow keys', async () => {
    const { page } = await h5.open(VIEWPORT);
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '');
    const tabTo = async (id: string) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if ((await focusedId()) === id) return;
      }
      throw new Error(`Tab never reached #${id}`);
    };

    // Home → code: Tab to 出示医保码, Enter.
    await openScreen(page, fx.holder.userId, 'pages/index/index', '#show-code');
    await tabTo('show-code');
    await page.keyboard.press('Enter');
    await page.locator('#code-digits').waitFor();

    // A list row: settings → 修改密码 with Enter.
    await openScreen(page, fx.holder.userId, 'pages/settings/index', '#go-pin-change');
    await tabTo('go-pin-change');
    await page.keyboard.press('Enter');
    await page.locator('#pin-change-phase').waitFor();

    // A PIN key: focus the key for 1 and press Enter, then Space on 2.
    const dots = page.locator('#pin-current-dots');
    await page.locator('#page-pin-change .pin-key-1').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => dots.getAttribute('data-filled')).toBe('1');
    await page.keyboard.press('Tab');
    await page.keyboard.press(' ');
    await expect.poll(() => dots.getAttribute('data-filled')).toBe('2');

    // The consent checkbox: Space ticks it, and 下一步 follows with Enter.
    await openScreen(page, newUserId('screens-keys'), 'pages/claim/index', '#consent-check');
    await tabTo('consent-check');
    await page.keyboard.press(' ');
    await expect.poll(() => page.locator('#consent-check').getAttribute('aria-checked')).toBe('true');
    await tabTo('consent-next');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#claim-step').getAttribute('data-step')).toBe('identity');

    // A picker: the proof's start month one older with the down arrow (months newest first), then the end month back with the up arrow.
    await openScreen(page, fx.holder.userId, 'pages/proof/index', '#proof-from');
    const fromBefore = await textOf(page.locator('#proof-from'));
    await tabTo('proof-from-picker');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => textOf(page.locator('#proof-from'))).not.toBe(fromBefore);
    const older = await page.locator('#proof-from-picker').inputValue();
    expect(await textOf(page.locator('#proof-from'))).toContain(await page.locator(`#proof-from-picker option[value="${older}"]`).textContent());
    await screenshot(page, 'screens-keys-proof-month');
    // The out-of-area region, none chosen at first: the down arrow picks the first.
    await openScreen(page, fx.holder.userId, 'pages/out-of-area/index', '#filing-region');
    expect(await textOf(page.locator('#filing-region'))).toContain('请选择就医地');
    await tabTo('filing-region-picker');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => textOf(page.locator('#filing-region'))).toMatch(/^就医地：/);
    await screenshot(page, 'screens-keys-out-of-area-region');
  });
});
