/**
 * The H5 mini-program end to end, in headless Chromium against the whole local stack
 * (tests/e2e/globalSetup.ts): a new sandbox user claims the card of a seeded person
 * (consent → name + ID number → the sandbox face page → server-side result → PIN twice),
 * sees the masked card face, reports it lost temporarily with the PIN and lifts the
 * report with a face check and the PIN. A second test fails the face check once, sees
 * the guidance and the attempts left, and passes on the retry.
 *
 * People are this file's block of seeded people (tests/support/people.ts); each test is its
 * own sandbox user in its own browser context.
 * Screenshots go to tmp/e2e/ (not committed).
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { peopleFor } from '../support/people.js';
import {
  answerFacePage,
  claimUpToFace,
  newUserId,
  reactStateHolds,
  screenshot,
  textOf,
  typePin,
  useH5Browser,
  validPinFor,
  waitBackInApp,
} from './h5.js';

const CLAIM_ROUTE = 'pages/claim/index';
const SETTINGS_ROUTE = 'pages/settings/index';

const people = peopleFor(import.meta.url);
const apiUrl = inject('apiUrl');
const faceUrl = inject('faceUrl').replace(/\/+$/, '');
const h5Url = inject('h5Url').replace(/\/+$/, '');

const h5 = useH5Browser(apiUrl);

async function open(tag: string): Promise<{ page: Page; user: string }> {
  const h = await h5.open();
  const user = newUserId(tag);
  await h.page.goto(`${h5Url}/?user=${encodeURIComponent(user)}`);
  return { page: h.page, user };
}

/** Starts the face check on the current page (button `startId`) and answers it on the sandbox page. */
async function faceRoundTrip(page: Page, startId: string, outcome: 'pass' | 'fail', route: string): Promise<void> {
  await page.locator(startId).click();
  await answerFacePage(page, faceUrl, outcome);
  await waitBackInApp(page, h5Url, route);
}

async function assertNoFullIdNumber(page: Page, person: SeedPerson): Promise<void> {
  const html = await page.content();
  expect(html.includes(person.idNumber), 'full ID number in the page HTML').toBe(false);
  const stored = await page.evaluate(() => {
    const all: string[] = [];
    for (const s of [window.localStorage, window.sessionStorage]) {
      for (let i = 0; i < s.length; i++) all.push(`${s.key(i)}=${s.getItem(s.key(i)!)}`);
    }
    return all.join('\n');
  });
  expect(stored.includes(person.idNumber), 'full ID number left in web storage').toBe(false);
}

describe('H5 app in Chromium', () => {
  it('claims a card through the sandbox face page, reports it lost and lifts the report', async () => {
    const person = people.claimable(0);
    const pin = validPinFor(person.idNumber);
    const { page, user } = await open('claim');

    await claimUpToFace(page, person);

    // Face: leave for the sandbox face page, pass, come back; the page asks the server.
    await faceRoundTrip(page, '#face-start', 'pass', CLAIM_ROUTE);
    expect(new URL(page.url()).search).toContain(`user=${user}`);
    const phase = page.locator('#pin-phase');
    await phase.waitFor();
    expect(await page.locator('#claim-step').getAttribute('data-step')).toBe('pin');
    expect(await phase.getAttribute('data-phase')).toBe('first');
    // The face token does not stay in the address bar (a reload must not replay it).
    expect(page.url()).not.toContain('faceToken=');

    // PIN twice on the app's own pad.
    const claimPage = page.locator('#page-claim', { has: page.locator('#pin-phase') });
    await typePin(claimPage, page.locator('#pin-first-dots'), pin);
    await expect.poll(() => phase.getAttribute('data-phase')).toBe('confirm');
    expect(await page.locator('#pin-error').count()).toBe(0);
    expect(await page.locator('#pin-confirm-next').getAttribute('aria-disabled')).toBe('true');
    await typePin(claimPage, page.locator('#pin-confirm-dots'), pin);
    await expect.poll(() => page.locator('#pin-confirm-dots').getAttribute('data-filled')).toBe('6');
    // While typed, the PIN is in the page's state (so the probe below can see it)…
    expect(await reactStateHolds(page, pin)).toBe(true);
    await page.locator('#pin-confirm-next[aria-disabled="false"]').click();

    // Done: the new card.
    await page.locator('#claim-success').waitFor();
    expect(await page.locator('#claim-step').getAttribute('data-step')).toBe('done');
    // …and not once the card is claimed.
    expect(await reactStateHolds(page, pin)).toBe(false);
    expect(await textOf(page.locator('#card-status'))).toBe('正常');
    await page.locator('#claim-done').click();

    // Home shows the card face: masked ID number, masked name, status 正常.
    await page.locator('#card-face').waitFor();
    const masked = await textOf(page.locator('#card-id-number'));
    expect(masked).toMatch(/^[0-9]{4}\*{10}[0-9X]{4}$/);
    expect(masked.slice(0, 4)).toBe(person.idNumber.slice(0, 4));
    expect(masked.slice(-4)).toBe(person.idNumber.slice(-4));
    const maskedName = await textOf(page.locator('#card-name'));
    expect(maskedName).toBe(Array.from(person.name)[0] + '*'.repeat(Array.from(person.name).length - 1));
    expect(await textOf(page.locator('#card-number'))).toMatch(/^[A-Z]\*{6}[0-9]{2}$/);
    expect(await textOf(page.locator('#card-status'))).toBe('正常');
    expect(await page.locator('#index-unclaimed').count()).toBe(0);
    await assertNoFullIdNumber(page, person);
    await screenshot(page, 'claim-card-shown');

    // Settings: temporary loss report with the PIN.
    await page.locator('#go-settings').click();
    const settingsStatus = page.locator('#settings-status');
    await settingsStatus.waitFor();
    expect(await textOf(settingsStatus)).toBe('正常');
    await page.locator('#loss-temporary').click();
    const sheet = page.locator('#pin-sheet');
    await sheet.waitFor();
    expect(await textOf(sheet)).toContain('临时挂失');
    await typePin(sheet, page.locator('#pin-sheet-dots'), pin);
    await expect.poll(() => page.locator('#pin-sheet-dots').getAttribute('data-filled')).toBe('6');
    await page.locator('#pin-submit[aria-disabled="false"]').click();
    await sheet.waitFor({ state: 'detached' });
    expect(await textOf(page.locator('#action-result'))).toContain('已临时挂失');
    await expect.poll(() => textOf(settingsStatus)).toBe('临时挂失');
    expect(await page.locator('#loss-temporary').count()).toBe(0);

    // Lift: face (sandbox pass) first, then the PIN.
    await faceRoundTrip(page, '#loss-lift', 'pass', SETTINGS_ROUTE);
    await sheet.waitFor();
    expect(await textOf(sheet)).toContain('解除挂失');
    expect(page.url()).not.toContain('faceToken=');
    await typePin(sheet, page.locator('#pin-sheet-dots'), pin);
    await expect.poll(() => page.locator('#pin-sheet-dots').getAttribute('data-filled')).toBe('6');
    await page.locator('#pin-submit[aria-disabled="false"]').click();
    await sheet.waitFor({ state: 'detached' });
    expect(await textOf(page.locator('#action-result'))).toContain('已解除挂失');
    await expect.poll(() => textOf(settingsStatus)).toBe('正常');
    expect(await page.locator('#action-error').count()).toBe(0);
    await screenshot(page, 'claim-lift-done');

    // A fresh home page (as the same user) shows the card back to normal.
    await page.goto(`${h5Url}/?user=${encodeURIComponent(user)}#/pages/index/index`);
    await page.locator('#card-face').waitFor();
    expect(await textOf(page.locator('#card-status'))).toBe('正常');
    expect(await page.locator('#card-warning').count()).toBe(0);
    await assertNoFullIdNumber(page, person);
    await screenshot(page, 'claim-end');
  });

  it('shows guidance and attempts left after a failed face check, and a retry passes', async () => {
    const person = people.claimable(1);
    const { page } = await open('face-retry');

    await claimUpToFace(page, person);

    // H5's top bar: the page's title and 返回. Back to home by it and in again, then a reload: the claim resumes at the face step with what was typed.
    const step = page.locator('#claim-step');
    expect(await textOf(page.locator('#h5-bar-title'))).toBe('申领电子社保卡');
    await page.locator('#h5-bar-back').click();
    await page.locator('#index-unclaimed').waitFor();
    await page.locator('#claim-start').click();
    await expect.poll(() => step.getAttribute('data-step')).toBe('face');
    await page.reload();
    await expect.poll(() => step.getAttribute('data-step')).toBe('face');
    // Nothing below the reloaded page: 首页 instead of 返回.
    await page.locator('#h5-bar-home').waitFor();
    await page.locator('#identity-edit').click();
    await expect.poll(() => step.getAttribute('data-step')).toBe('identity');
    expect(await page.locator('#name-input input').inputValue()).toBe(person.name);
    expect(await page.locator('#id-input input').inputValue()).toBe(person.idNumber);
    // The ID number opens the digit pad; 17 digits in, the X key offers the last character.
    expect(await page.locator('#id-input input').getAttribute('inputmode')).toBe('numeric');
    await page.locator('#id-input input').fill(person.idNumber.slice(0, 17));
    await page.locator('#id-x').click();
    expect(await page.locator('#id-input input').inputValue()).toBe(`${person.idNumber.slice(0, 17)}X`);
    await page.locator('#id-input input').fill(person.idNumber);
    await page.locator('#identity-next').click();
    await expect.poll(() => step.getAttribute('data-step')).toBe('face');

    // Fail on the sandbox page: back in the app, the server says failed, 2 attempts left.
    await faceRoundTrip(page, '#face-start', 'fail', CLAIM_ROUTE);
    const guide = page.locator('#face-guide');
    await guide.waitFor();
    expect(await page.locator('#claim-step').getAttribute('data-step')).toBe('face');
    const guideText = await textOf(guide);
    expect(guideText).toContain('刷脸未通过');
    expect(guideText).toContain('光线');
    expect(await textOf(page.locator('#face-attempts'))).toMatch(/还可尝试\s*2\s*次/);
    expect(await page.locator('#face-locked').count()).toBe(0);
    expect(await page.locator('#pin-phase').count()).toBe(0);
    expect(await textOf(page.locator('#face-start'))).toBe('重新刷脸');
    await screenshot(page, 'face-failed-guidance');

    // Retry: pass this time, on to the PIN step.
    await faceRoundTrip(page, '#face-start', 'pass', CLAIM_ROUTE);
    const phase = page.locator('#pin-phase');
    await phase.waitFor();
    expect(await phase.getAttribute('data-phase')).toBe('first');
    expect(await page.locator('#claim-step').getAttribute('data-step')).toBe('pin');
    expect(await page.locator('#face-guide').count()).toBe(0);

    // The same tab opened for another user (a reused partner webview, a shared phone): the claim starts empty.
    await page.goto(`${h5Url}/?user=${encodeURIComponent(newUserId('next-person'))}#/${CLAIM_ROUTE}`);
    await expect.poll(() => step.getAttribute('data-step')).toBe('consent');
    await page.locator('#consent-check').click();
    await page.locator('#consent-next').click();
    await expect.poll(() => step.getAttribute('data-step')).toBe('identity');
    expect(await page.locator('#name-input input').inputValue()).toBe('');
    expect(await page.locator('#id-input input').inputValue()).toBe('');
    await assertNoFullIdNumber(page, person);
  });
});
