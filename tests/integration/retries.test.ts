/**
 * Recoverable, exactly-once answers (issue 9): a pre-settlement asked again for the same order
 * gets its first answer; same-key reversals under concurrency all get the first answer.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { issueCode } from '../../functions/codes/issue.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { confirmSettlement } from '../../functions/settlement/confirm.js';
import type { BillItem } from '../../functions/settlement/policy.rules.js';
import { preSettle, settlementOfOrder } from '../../functions/settlement/preSettle.js';
import { reverse } from '../../functions/settlement/reverse.js';
import { reversalEntry } from '../../functions/settlement/ledger.rules.js';
import { settle } from '../../functions/settlement/settle.js';
import { claimAs, faceAndPharmacy, type ClaimedHolder } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const demo = faceAndPharmacy();

const bill = (price: number): BillItem[] => [{ code: 'OTC-001', name: '维生素C片', class: 'C', quantity: 1, unitPrice: price }];
let n = 0;
const orderId = () => `retry-${process.pid}-${Date.now().toString(36)}-${++n}`;

const outcome = (p: Promise<{ id: string; status: string }>) =>
  p.then(
    (v) => ({ ok: true as const, id: v.id, status: v.status }),
    (e: { code: string; status: number }) => ({ ok: false as const, code: e.code, status: e.status }),
  );

describe('pre-settlement, idempotent on the institution order id', () => {
  let holder: ClaimedHolder;
  beforeAll(async () => {
    holder = await claimAs(people.claimable(0), PIN);
  });

  it('a lost answer asked again gets the first answer, with its id, though the code is used now', async () => {
    const order = orderId();
    const { code } = await issueCode(holder.session);
    const first = await preSettle(demo.pharmacy, { code, institutionOrderId: order, items: bill(1200) });
    const again = await preSettle(demo.pharmacy, { code, institutionOrderId: order, items: bill(1200) });
    expect(again).toEqual(first);
    expect(await settlementOfOrder(demo.pharmacy, order)).toEqual(first);
  });

  it('the same order id with another bill is 409 naming the settlement it has', async () => {
    const order = orderId();
    const first = await preSettle(demo.pharmacy, { code: (await issueCode(holder.session)).code, institutionOrderId: order, items: bill(1200) });
    await expect(
      preSettle(demo.pharmacy, { code: (await issueCode(holder.session)).code, institutionOrderId: order, items: bill(1300) }),
    ).rejects.toMatchObject({ status: 409, code: 'duplicate_order', extensions: { settlementId: first.id } });
  });

  it('two at once for one order make one settlement, and both answers carry its id', async () => {
    const order = orderId();
    const { code } = await issueCode(holder.session);
    const [a, b] = await Promise.all([
      outcome(preSettle(demo.pharmacy, { code, institutionOrderId: order, items: bill(900) })),
      outcome(preSettle(demo.pharmacy, { code, institutionOrderId: order, items: bill(900) })),
    ]);
    expect(a).toMatchObject({ ok: true });
    expect(b).toEqual(a);
  });

  it('an unknown order id is 404, and another institution’s is too', async () => {
    await expect(settlementOfOrder(demo.pharmacy, 'no-such-order')).rejects.toMatchObject({ status: 404, code: 'settlement_not_found' });
  });
});

describe('reversal, exactly once under same-key concurrency', () => {
  it('30 concurrent reversals with one key, three times: every answer is the first answer and one reversal entry is written', async () => {
    const holder = await claimAs(people.claimable(1), PIN);
    for (let round = 0; round < 3; round++) {
      const pre = await preSettle(demo.pharmacy, { code: (await issueCode(holder.session)).code, institutionOrderId: orderId(), items: bill(500) });
      await confirmSettlement(holder.session, pre.id, PIN);
      await settle(demo.pharmacy, pre.id, `settle-${pre.id}`, {});
      const key = `reverse-${pre.id}`;
      const answers = await Promise.all(Array.from({ length: 30 }, () => outcome(reverse(demo.pharmacy, pre.id, key, {}))));
      expect(answers.filter((a) => !a.ok)).toEqual([]);
      expect(new Set(answers.map((a) => (a.ok ? `${a.id}:${a.status}` : '')))).toEqual(new Set([`${pre.id}:reversed`]));
      const entries = await ddb().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `LEDGER#${reversalEntry(pre.id)}` },
        }),
      );
      expect(entries.Items).toHaveLength(1);
    }
  });
});
