/**
 * Pagination cursors are opaque and tamper-evident (issue 9): a list pages only with the
 * cursors it gave out, for the same owner and query; anything else is 400 invalid_cursor,
 * never a 500 and never another position.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCode } from '../../functions/codes/issue.js';
import { confirmSettlement } from '../../functions/settlement/confirm.js';
import { holderTransactions } from '../../functions/settlement/accounts.js';
import { preSettle } from '../../functions/settlement/preSettle.js';
import { settle } from '../../functions/settlement/settle.js';
import { myContributions } from '../../functions/pension/contributions.js';
import { getInstitution, type InstitutionRecord } from '../../functions/institutions/institution.store.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import type { BillItem } from '../../functions/settlement/policy.rules.js';
import { claimAs, startFace, stopFace } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
let pharmacy: InstitutionRecord;
let alice: Session;
let bob: Session;

/** Insured before 2020, so their 2020 contribution records fill more than one page of 2. */
const insuredBefore2020 = (p: { insuredSince: string }) => p.insuredSince <= '2019-12';
const holder = async (i: number): Promise<Session> => (await claimAs(people.where(insuredBefore2020, i), PIN)).session;

let n = 0;
async function pay(session: Session, price: number) {
  const items: BillItem[] = [{ code: 'A-100', name: '阿莫西林胶囊', class: 'A', quantity: 1, unitPrice: price }];
  const pre = await preSettle(pharmacy, { code: (await issueCode(session)).code, institutionOrderId: `cur-${process.pid}-${++n}`, items });
  await confirmSettlement(session, pre.id, PIN);
  await settle(pharmacy, pre.id, `cur-settle-${pre.id}`, {});
}

const invalid = { status: 400, code: 'invalid_cursor', errors: [{ field: 'cursor' }] };

beforeAll(async () => {
  await startFace();
  pharmacy = (await getInstitution('demo-pharmacy'))!;
  alice = await holder(0);
  bob = await holder(1);
  for (const price of [300, 400, 500]) await pay(alice, price);
  await pay(bob, 200);
  await pay(bob, 250);
});
afterAll(stopFace);

describe('account transactions', () => {
  it('pages with the cursors it gave out, and only those', async () => {
    const first = await holderTransactions(alice, 1);
    expect(first.nextCursor).toBeDefined();
    // Opaque: the sort key it stands for is not readable or writable by the client.
    expect(first.nextCursor).not.toContain('TXN#');
    const second = await holderTransactions(alice, 1, first.nextCursor);
    expect(second.transactions[0]!.settlementId).not.toBe(first.transactions[0]!.settlementId);
    const all = await holderTransactions(alice, 10);
    expect(all.transactions.slice(0, 2).map((t) => t.settlementId)).toEqual([first.transactions[0]!.settlementId, second.transactions[0]!.settlementId]);
  });

  it('refuses garbage, a raw sort key, a tampered cursor and another holder’s cursor with 400', async () => {
    const page = await holderTransactions(alice, 1);
    const cursor = page.nextCursor!;
    const [payload, tag] = cursor.split('.') as [string, string];
    const forged = `${Buffer.from(JSON.stringify({ sk: 'TXN#9999' })).toString('base64url')}.${tag}`;
    const flipped = `${payload}.${tag.slice(0, -2)}${tag.endsWith('AA') ? 'BA' : 'AA'}`;
    for (const bad of ['garbage', 'x', 'TXN#2026-12-01T00:00:00.000Z#st_1', 'NOTTXN', forged, flipped, `${cursor}.x`, '']) {
      await expect(holderTransactions(alice, 1, bad), bad).rejects.toMatchObject(invalid);
    }
    const bobs = (await holderTransactions(bob, 1)).nextCursor!;
    await expect(holderTransactions(alice, 1, bobs)).rejects.toMatchObject(invalid);
  });
});

describe('contribution records', () => {
  it('a cursor belongs to its person and its query; a hand-made position is refused', async () => {
    const page = await myContributions(alice, { from: '2020-01', to: '2020-12', limit: 2 });
    expect(page.nextCursor).toBeDefined();
    await expect(myContributions(alice, { from: '2020-01', to: '2020-12', limit: 2, cursor: page.nextCursor })).resolves.toMatchObject({ items: expect.any(Array) });
    await expect(myContributions(bob, { from: '2020-01', to: '2020-12', limit: 2, cursor: page.nextCursor })).rejects.toMatchObject(invalid);
    // The old cursor format (unsigned base64 JSON) named any position the client liked.
    const handMade = Buffer.from(JSON.stringify({ q: '*|2020-01|2020-12', m: 0, t: 0 })).toString('base64url');
    await expect(myContributions(alice, { from: '2020-01', to: '2020-12', cursor: handMade })).rejects.toMatchObject(invalid);
  });
});
