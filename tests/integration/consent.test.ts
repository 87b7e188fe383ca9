/**
 * Consent is binding (issue 9): a settle charges exactly the split the holder confirmed with
 * the PIN, or refuses `split_changed` and puts the bill back to them with the new split.
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { issueCode } from '../../functions/codes/issue.js';
import { pii } from '../../functions/core/pii/crypto.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { accountKey, getAccount } from '../../functions/settlement/account.store.js';
import { confirmSettlement, pendingForHolder } from '../../functions/settlement/confirm.js';
import type { BillItem } from '../../functions/settlement/policy.rules.js';
import { preSettle } from '../../functions/settlement/preSettle.js';
import { settle } from '../../functions/settlement/settle.js';
import { getSettlement } from '../../functions/settlement/settlement.store.js';
import { claimAs, faceAndPharmacy, type ClaimedHolder } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const demo = faceAndPharmacy();

const selfPaid = (price: number): BillItem[] => [{ code: 'OTC-001', name: '维生素C片', class: 'C', quantity: 1, unitPrice: price }];
let order = 0;
const orderId = () => `consent-${process.pid}-${Date.now().toString(36)}-${++order}`;

async function idHashOf(holder: ClaimedHolder) {
  return (await pii()).hash('idNumber', holder.person.idNumber);
}

async function setBalance(holder: ClaimedHolder, balance: number) {
  await ddb().send(
    new UpdateCommand({ TableName: tableName(), Key: accountKey(await idHashOf(holder)), UpdateExpression: 'SET balance = :b', ExpressionAttributeValues: { ':b': balance } }),
  );
}

async function confirmedBill(holder: ClaimedHolder, price: number) {
  const { code } = await issueCode(holder.session);
  const pre = await preSettle(demo.pharmacy, { code, institutionOrderId: orderId(), items: selfPaid(price) });
  await confirmSettlement(holder.session, pre.id, PIN);
  return pre;
}

describe('settle charges the confirmed split or nothing', () => {
  it('confirmed as all cash, the account topped up before settling: split_changed, nothing charged, the bill back with the new split', async () => {
    const holder = await claimAs(people.claimable(0), PIN);
    await setBalance(holder, 0);
    const pre = await confirmedBill(holder, 12_000);
    expect(pre.split).toMatchObject({ personalAccount: 0, cash: 12_000 });
    await setBalance(holder, 50_000);

    await expect(settle(demo.pharmacy, pre.id, `consent-${pre.id}-1`, {})).rejects.toMatchObject({
      status: 409,
      code: 'split_changed',
      extensions: { split: { total: 12_000, personalAccount: 12_000, cash: 0 } },
    });
    expect((await getAccount(await idHashOf(holder)))!.balance).toBe(50_000);
    expect(await getSettlement(pre.id)).toMatchObject({ status: 'awaiting_confirmation', split: { personalAccount: 12_000, cash: 0 } });
    expect((await pendingForHolder(holder.session)).map((s) => s.id)).toContain(pre.id);

    // The holder confirms the new split, and exactly that is charged.
    await confirmSettlement(holder.session, pre.id, PIN);
    const done = await settle(demo.pharmacy, pre.id, `consent-${pre.id}-2`, {});
    expect(done).toMatchObject({ status: 'settled', split: { personalAccount: 12_000, cash: 0 } });
    expect((await getAccount(await idHashOf(holder)))!.balance).toBe(38_000);
  });

  it('confirmed from the account, the account drained before settling: split_changed, never a cash part the cashier did not collect', async () => {
    const holder = await claimAs(people.claimable(1), PIN);
    await setBalance(holder, 20_000);
    const pre = await confirmedBill(holder, 12_000);
    expect(pre.split).toMatchObject({ personalAccount: 12_000, cash: 0 });
    await setBalance(holder, 5_000);
    await expect(settle(demo.pharmacy, pre.id, `consent-${pre.id}`, {})).rejects.toMatchObject({
      code: 'split_changed',
      extensions: { split: { personalAccount: 5_000, cash: 7_000 } },
    });
    expect((await getAccount(await idHashOf(holder)))!.balance).toBe(5_000);
    expect((await getSettlement(pre.id))!.status).toBe('awaiting_confirmation');
  });

  it('a confirmation names the split it agrees to: a stale splitVersion is refused', async () => {
    const holder = await claimAs(people.claimable(2), PIN);
    await setBalance(holder, 0);
    const pre = await confirmedBill(holder, 3_000);
    await setBalance(holder, 10_000);
    await expect(settle(demo.pharmacy, pre.id, `consent-${pre.id}`, {})).rejects.toMatchObject({ code: 'split_changed' });
    const shown = (await pendingForHolder(holder.session)).find((s) => s.id === pre.id)!;
    await expect(confirmSettlement(holder.session, pre.id, PIN, shown.splitVersion - 1)).rejects.toMatchObject({ status: 409, code: 'split_changed' });
    await expect(confirmSettlement(holder.session, pre.id, PIN, shown.splitVersion)).resolves.toMatchObject({ status: 'confirmed' });
  });
});
