/**
 * The family service end to end in headless Chromium against the whole local stack: a
 * helper binds their retired parent (the parent's face check on the helper's phone, through
 * the sandbox face page), shows the parent's dynamic code, the demo pharmacy's POS
 * pre-settles a bill with it, the helper confirms with their own PIN, the POS settles and
 * the parent's personal account pays; then the helper does the parent's yearly pension
 * certification with the parent's face. A helper claims an e-card for a parent who had none
 * (the parent's consent, face and PIN on the helper's phone, at 320 px) and shows its code.
 *
 * The parent and the helper claim their own cards through the API first (that is not what
 * this test is about); people: this file's block of seeded people (tests/support/people.ts):
 * a retiree (the parent) and adults (the helper; for the invitation a relative and a helper).
 */
import { describe, expect, inject, it } from 'vitest';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { peopleFor } from '../support/people.js';
import { call, claimOverHttp } from '../api/client.js';
import { answerFacePage, fen, newUserId, reactStateHolds, screenshot, shownCode, textOf, typePin, useH5Browser, validPinFor, waitBackInApp } from './h5.js';
import { openPos, preSettleWithCode } from './pos.js';

const apiUrl = inject('apiUrl');
const faceUrl = inject('faceUrl').replace(/\/+$/, '');
const h5Url = inject('h5Url').replace(/\/+$/, '');
const terminalUrl = inject('terminalUrl').replace(/\/+$/, '');

const people = peopleFor(import.meta.url);
const parentPerson = people.retiree(0);
const helperPerson = people.claimable(0);
/** Set-up through the HTTP API (not what these tests are about): a sandbox user claims `person`'s card. */
async function claimed(tag: string, person: SeedPerson, pin: string) {
  const userId = newUserId(tag);
  return { userId, ...(await claimOverHttp(userId, person, pin)) };
}
const getJson = async <T>(path: string, token: string) => (await call('GET', path, { token })).body as T;

const h5 = useH5Browser(apiUrl);

describe('family service in the H5 app', () => {
  it("a helper binds a parent, shows the parent's code, the pharmacy settles with it; then certifies the parent's pension", async () => {
    const parentPin = validPinFor(parentPerson.idNumber);
    const helperPin = validPinFor(helperPerson.idNumber);
    const parent = await claimed('parent', parentPerson, parentPin);
    const helper = await claimed('helper', helperPerson, helperPin);
    const balanceOf = async (token: string) => (await getJson<{ balance: number }>('/v1/accounts/me', token)).balance;
    const before = { parent: await balanceOf(parent.token), helper: await balanceOf(helper.token) };

    const app = await h5.open();
    const { page } = app;

    // 1. Bind the parent: relationship, name, ID number, then the parent's face on this phone.
    await page.goto(`${h5Url}/?user=${helper.userId}#/pages/index/index`);
    await page.locator('#go-family').click();
    await page.locator('#family-add').click();
    await page.locator('#family-rel-parent').click();
    await page.locator('#family-name-input input').fill(parentPerson.name);
    await page.locator('#family-id-input input').fill(parentPerson.idNumber);
    await page.locator('#family-face-start').click();
    await answerFacePage(page, faceUrl, 'pass');
    await waitBackInApp(page, h5Url, 'pages/family-add/index');
    await page.locator('#family-add-done').waitFor({ timeout: 20_000 });
    await screenshot(page, 'family-added');
    await page.locator('#family-add-back').click();
    const member = page.locator('.family-member').first();
    await member.waitFor();
    expect(await textOf(member)).toContain(Array.from(parentPerson.name)[0]!);
    expect(await textOf(member)).not.toContain(parentPerson.name);

    // 2. Show the parent's code from the member page.
    await member.click();
    await page.locator('#member-code').click();
    await page.locator('#code-for-relative').waitFor();
    const code = await shownCode(page);
    await screenshot(page, 'family-relative-code');

    // 3. The pharmacy pre-settles with it; the helper's app opens the confirmation and the helper's PIN confirms.
    const { context: posContext, pos } = await openPos(h5, terminalUrl);
    const { status, total } = await preSettleWithCode(pos, code);

    await page.locator('#pay-page').waitFor({ timeout: 20_000 });
    expect(await textOf(page.locator('#pay-patient'))).toContain(Array.from(parentPerson.name)[0]!);
    expect(fen(await textOf(page.locator('#pay-total')))).toBe(total);
    for (const d of helperPin) await page.locator(`.pin-key-${d}`).first().click();
    await page.locator('#pay-confirmed').waitFor({ timeout: 15_000 });
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('confirmed');
    await pos.locator('#pos-settle').click();
    await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('settled');
    // The settled split re-renders after the status: wait until the row shows an amount.
    const personalRow = pos.locator('.pos-split-personal').first();
    await expect.poll(async () => Number.isNaN(fen(await textOf(personalRow))), { timeout: 15_000 }).toBe(false);
    const personal = fen(await textOf(personalRow));
    await screenshot(pos, 'family-pos-settled');
    await posContext.close();
    // The parent's account paid; the helper's did not (no family sharing switched on).
    expect(await balanceOf(parent.token)).toBe(before.parent - personal);
    expect(await balanceOf(helper.token)).toBe(before.helper);

    // 4. The parent's pension certification, with the parent's face on the helper's phone.
    await page.goto(`${h5Url}/?user=${helper.userId}#/pages/member/index?memberId=${parent.cardId}`);
    await page.locator('#member-pension').click();
    const pensionStatus = page.locator('#pension-status');
    await expect.poll(() => pensionStatus.getAttribute('data-status')).toBe('due');
    await page.locator('#pension-start').click();
    await answerFacePage(page, faceUrl, 'pass');
    await waitBackInApp(page, h5Url, 'pages/pension/index');
    await page.locator('#pension-done').waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('#pension-status').getAttribute('data-status')).toBe('certified');
    expect(await textOf(page.locator('#pension-valid-until'))).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    await screenshot(page, 'family-pension-certified');
    // The parent's own app sees it.
    const own = await getJson<{ status: string; validUntil: string }>('/v1/pension-certification', parent.token);
    expect(own.status).toBe('certified');
    expect(app.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });

  it('the relative accepts an invitation in their own app with their PIN; the helper switches on family sharing', async () => {
    const relativePerson = people.claimable(1);
    const inviterPerson = people.claimable(2);
    const relativePin = validPinFor(relativePerson.idNumber);
    const inviterPin = validPinFor(inviterPerson.idNumber);
    const relative = await claimed('relative', relativePerson, relativePin);
    const inviter = await claimed('inviter', inviterPerson, inviterPin);

    // The helper asks, without the relative's face on this phone.
    const helperApp = await h5.open();
    const hp = helperApp.page;
    await hp.goto(`${h5Url}/?user=${inviter.userId}#/pages/family-add/index`);
    await hp.locator('#family-rel-spouse').click();
    await hp.locator('#family-name-input input').fill(relativePerson.name);
    await hp.locator('#family-id-input input').fill(relativePerson.idNumber);
    await hp.locator('#family-invite').click();
    await hp.locator('#family-invited').waitFor();

    // The relative sees it in their own app and accepts with their own PIN.
    const relativeApp = await h5.open();
    const rp = relativeApp.page;
    await rp.goto(`${h5Url}/?user=${relative.userId}#/pages/family/index`);
    const received = rp.locator('.invitation-received').first();
    await received.waitFor();
    await received.locator('.invitation-accept').click();
    const sheet = rp.locator('#pin-sheet');
    await sheet.waitFor();
    await typePin(sheet, rp.locator('#pin-sheet-dots'), relativePin);
    await rp.locator('#pin-submit').click();
    await rp.locator('#family-result').waitFor();
    await rp.locator('.family-helper').first().waitFor();
    await screenshot(rp, 'family-invitation-accepted');

    // Bound: the helper opens the relative and lets their own account pay the relative's bills.
    await hp.goto(`${h5Url}/?user=${inviter.userId}#/pages/member/index?memberId=${relative.cardId}`);
    await hp.locator('#member-sharing').click();
    const helperSheet = hp.locator('#pin-sheet');
    await helperSheet.waitFor();
    await typePin(helperSheet, hp.locator('#pin-sheet-dots'), inviterPin);
    await hp.locator('#pin-submit').click();
    await hp.locator('#member-result').waitFor();
    const { members } = await getJson<{ members: { memberId: string; relationship: string; accountSharing: { fromMe: boolean } }[] }>(
      '/v1/family/members',
      inviter.token,
    );
    expect(members).toEqual([expect.objectContaining({ memberId: relative.cardId, relationship: 'spouse', accountSharing: { fromMe: true, toMe: false } })]);
    expect([...helperApp.problems, ...relativeApp.problems].filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });

  it("a helper claims an e-card for a parent who had none (the parent's face and PIN on the helper's phone), then shows the parent's code", async () => {
    const cardless = people.retiree(1);
    const claimer = people.claimable(3);
    const helper = await claimed('claimer', claimer, validPinFor(claimer.idNumber));
    const parentPin = validPinFor(cardless.idNumber);

    const app = await h5.open();
    const { page } = app;
    // A small phone: every step of the claim fits 320 px.
    await page.setViewportSize({ width: 320, height: 700 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    const step = page.locator('#family-add-step');

    await page.goto(`${h5Url}/?user=${helper.userId}#/pages/family-add/index`);
    await page.locator('#family-rel-parent').click();
    await page.locator('#family-name-input input').fill(cardless.name);
    await page.locator('#family-id-input input').fill(cardless.idNumber);
    await page.locator('#family-face-start').click();

    // Asked before any face check: no card, so the offer.
    await page.locator('#family-claim-offer').waitFor();
    expect(await page.locator('#family-claim-why').getAttribute('data-code')).toBe('family_relative_no_card');
    expect(await textOf(page.locator('#family-claim-offer'))).toContain('需要TA本人在场');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'family-claim-offer-320');
    await page.locator('#family-claim-start').click();

    // The parent's own consent, then the parent's face on the sandbox face page.
    await expect.poll(() => step.getAttribute('data-step')).toBe('claim-consent');
    expect(await page.locator('#family-claim-consent-next').getAttribute('aria-disabled')).toBe('true');
    await page.locator('#family-claim-consent-check').click();
    await expect.poll(() => page.locator('#family-claim-consent-check').getAttribute('aria-checked')).toBe('true');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'family-claim-consent-320');
    await page.locator('#family-claim-consent-next').click();
    await answerFacePage(page, faceUrl, 'pass');
    await waitBackInApp(page, h5Url, 'pages/family-add/index');

    // Back in the app: the parent sets their PIN twice.
    const pinStep = page.locator('#family-claim-pin');
    await pinStep.waitFor({ timeout: 20_000 });
    expect(await textOf(pinStep)).toContain('请让TA本人设置密码并牢记');
    await typePin(pinStep, page.locator('#pin-first-dots'), parentPin);
    await page.locator('#pin-confirm-dots').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'family-claim-pin-320');
    await typePin(pinStep, page.locator('#pin-confirm-dots'), parentPin);
    await page.locator('#family-claim-submit').click();

    // Claimed and bound: the parent's code from here.
    const done = page.locator('#family-claim-done');
    await done.waitFor({ timeout: 15_000 });
    expect(await textOf(done)).toContain('申领电子社保卡，并添加到亲情服务');
    expect(await textOf(done)).not.toContain(cardless.name);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await screenshot(page, 'family-claim-done-320');
    await page.locator('#family-claim-code').click();
    await page.locator('#code-for-relative').waitFor();
    // family-add stays below in the H5 stack: it no longer holds the parent's PIN.
    expect(await reactStateHolds(page, parentPin)).toBe(false);
    await expect.poll(() => page.locator('#code-digits').getAttribute('data-code')).toMatch(/^88\d{18}$/);
    await screenshot(page, 'family-claim-code-320');

    // The helper's family lists the parent; the parent's own app later claims that same card with the PIN they set.
    const { members } = await getJson<{ members: { memberId: string; relationship: string; cardStatus: string }[] }>('/v1/family/members', helper.token);
    expect(members).toEqual([expect.objectContaining({ relationship: 'parent', cardStatus: 'normal' })]);
    const own = await claimOverHttp(newUserId('claimed-parent'), cardless, parentPin);
    expect(own.cardId).toBe(members[0]!.memberId);
    expect(app.problems.filter((p) => p.startsWith('pageerror'))).toEqual([]);
  });
});
