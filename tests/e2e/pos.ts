/** The pharmacy's side of the e2e flows: the POS simulator (scripts/terminal) in a desk-size window of its own. */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { fen, textOf, type H5Browser } from './h5.js';

export interface Pos {
  context: BrowserContext;
  pos: Page;
}

/** The POS page, loaded and ready, in its own browser context (close `context` when done). */
export async function openPos(h5: H5Browser, terminalUrl: string): Promise<Pos> {
  const context = await h5.browser().newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const pos = await context.newPage();
  await pos.goto(terminalUrl);
  await pos.locator('html[data-pos-ready="true"]').waitFor();
  return { context, pos };
}

/**
 * Pre-settles the POS's sample bill with a holder's dynamic code; resolves once the POS waits
 * for the holder's confirmation, with the settlement's status element and the bill's total (fen).
 */
export async function preSettleWithCode(pos: Page, code: string): Promise<{ status: Locator; total: number }> {
  await pos.locator('#pos-business-type').selectOption('payment').catch(() => {});
  await pos.locator('#pos-code').fill(code);
  await pos.locator('#pos-presettle').click();
  const status = pos.locator('#pos-status');
  await expect.poll(() => status.getAttribute('data-status'), { timeout: 15_000 }).toBe('awaiting_confirmation');
  return { status, total: fen(await textOf(pos.locator('.pos-split-total').first())) };
}
