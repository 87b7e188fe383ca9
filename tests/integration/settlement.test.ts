import { afterEach, describe, expect, it } from 'vitest';
import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { claimCard } from '../../functions/cards/claim.js';
import { reportLoss } from '../../functions/cards/lossReport.js';
import { unbindCurrentChannel } from '../../functions/cards/unbind.js';
import { issueCode, issueOfflineBatch } from '../../functions/codes/issue.js';
import { verifyCode } from '../../functions/codes/verify.js';
import { cancel } from '../../functions/settlement/cancel.js';
import { confirmSettlement, pendingForHolder } from '../../functions/settlement/confirm.js';
import { holderAccount, holderTransactions } from '../../functions/settlement/accounts.js';
import { preSettle } from '../../functions/settlement/preSettle.js';
import { reverse } from '../../functions/settlement/reverse.js';
import { settle } from '../../functions/settlement/settle.js';
import { checkReconciliation, reconciliation } from '../../functions/settlement/reconciliation.js';
import { settlementTransition } from '../../functions/settlement/settlement.store.js';
import { chinaDay, now, setClockOffset } from '../../functions/core/clock.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { transact } from '../../functions/core/table/transaction.js';
import { sumOf } from '../../functions/settlement/ledger.rules.js';
import { makeCode } from '../../functions/codes/dynamicCode.rules.js';
import { policyYearOf, reimbursementRatioBp, type BillItem } from '../../functions/settlement/policy.rules.js';
import { policyFor as seedPolicyFor } from '../../functions/settlement/policies.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import { faceCheck, newSession, faceAndPharmacy } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const demo = faceAndPharmacy();
afterEach(() => setClockOffset(0));

async function holder(i: number): Promise<Session> {
  const person = people.claimable(i);
  const session = newSession();
  const face = await faceCheck(session, 'claim', 'pass', person);
  await claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true });
  return session;
}

const classC = (price: number): BillItem[] => [{ code: 'OTC-001', name: '维生素C片', class: 'C', quantity: 1, unitPrice: price }];
let order = 0;
const orderId = () => `it-${process.pid}-${Date.now().toString(36)}-${++order}`;

async function pendingSettlement(session: Session, items: BillItem[]) {
  const { code } = await issueCode(session);
  return preSettle(demo.pharmacy, { code, institutionOrderId: orderId(), items });
}

describe('dynamic codes', () => {
  it('a code works once, within 60 s, and only while it is the newest', async () => {
    const session = await holder(0);
    const first = await issueCode(session);
    expect(first.code).toMatch(/^88\d{18}$/);
    expect(Date.parse(first.expiresAt) - Date.parse(first.refreshAt)).toBeGreaterThan(0);
    const second = await issueCode(session);
    await expect(verifyCode(demo.pharmacy.id, first.code, 'query')).rejects.toMatchObject({ code: 'code_voided' });
    const ok = await verifyCode(demo.pharmacy.id, second.code, 'payment');
    expect(ok).toMatchObject({ status: 'normal', maskedIdNumber: expect.stringMatching(/^\d{4}\*{10}/) });
    await expect(verifyCode(demo.pharmacy.id, second.code, 'query')).rejects.toMatchObject({ code: 'code_used' });

    const third = await issueCode(session);
    setClockOffset(60_001);
    await expect(verifyCode(demo.pharmacy.id, third.code, 'query')).rejects.toMatchObject({ code: 'code_expired' });
  });

  it('refuses malformed and unknown codes before any write', async () => {
    await expect(verifyCode(demo.pharmacy.id, '1234', 'query')).rejects.toMatchObject({ status: 400, code: 'code_malformed' });
    const session = await holder(1);
    const { code } = await issueCode(session);
    const typo = code.slice(0, 10) + ((Number(code[10]) + 1) % 10) + code.slice(11);
    await expect(verifyCode(demo.pharmacy.id, typo, 'query')).rejects.toMatchObject({ code: 'code_malformed' });
    const unknown = makeCode('0000000000000000', 'online');
    await expect(verifyCode(demo.pharmacy.id, unknown, 'query')).rejects.toMatchObject({ status: 404, code: 'code_unknown' });
  });

  it('no code of a lost card or an unbound channel works', async () => {
    const session = await holder(2);
    const { code } = await issueCode(session);
    await reportLoss(session, 'temporary', PIN);
    await expect(verifyCode(demo.pharmacy.id, code, 'query')).rejects.toMatchObject({ code: 'card_lost' });
    await expect(issueCode(session)).rejects.toMatchObject({ code: 'card_lost' });

    const other = await holder(3);
    const live = await issueCode(other);
    await unbindCurrentChannel(other, { pin: PIN });
    await expect(verifyCode(demo.pharmacy.id, live.code, 'query')).rejects.toMatchObject({ code: 'code_voided' });
  });

  it('offline codes: a batch, limited to queries and small payments, voided by the next batch', async () => {
    const session = await holder(4);
    const batch = await issueOfflineBatch(session);
    expect(batch.codes).toHaveLength(5);
    await expect(verifyCode(demo.pharmacy.id, batch.codes[0]!.code, 'out_of_area')).rejects.toMatchObject({ code: 'offline_code_business_type' });
    await expect(verifyCode(demo.pharmacy.id, batch.codes[1]!.code, 'query')).resolves.toMatchObject({ codeKind: 'offline' });
    await expect(
      preSettle(demo.pharmacy, { code: batch.codes[2]!.code, institutionOrderId: orderId(), items: classC(20_001) }),
    ).rejects.toMatchObject({ code: 'offline_code_amount_limit' });
    const next = await issueOfflineBatch(session);
    await expect(verifyCode(demo.pharmacy.id, batch.codes[3]!.code, 'query')).rejects.toMatchObject({ code: 'code_voided' });
    await expect(verifyCode(demo.pharmacy.id, next.codes[0]!.code, 'query')).resolves.toMatchObject({ codeKind: 'offline' });
  });
});

describe('settlement', () => {
  it('pre-settle → holder confirms with the PIN → settle: the account pays, the ledger balances', async () => {
    const session = await holder(5);
    const before = (await holderAccount(session)).balance;
    const pre = await pendingSettlement(session, classC(1234));
    expect(pre).toMatchObject({ status: 'awaiting_confirmation', split: { total: 1234 } });
    expect((await pendingForHolder(session)).map((s) => s.id)).toEqual([pre.id]);
    await expect(settle(demo.pharmacy, pre.id, `k-${pre.id}`, {})).rejects.toMatchObject({ status: 409, code: 'not_confirmed' });
    await expect(confirmSettlement(session, pre.id, '000001')).rejects.toMatchObject({ code: 'wrong_pin' });
    await confirmSettlement(session, pre.id, PIN);
    expect(await pendingForHolder(session)).toEqual([]);
    const done = await settle(demo.pharmacy, pre.id, `k-${pre.id}`, {});
    expect(done.status).toBe('settled');
    const paid = Math.min(before, 1234);
    expect(done.split).toMatchObject({ total: 1234, pooledFund: 0, personalAccount: paid, familyAccount: 0, cash: 1234 - paid });
    expect((await holderAccount(session)).balance).toBe(before - paid);
    const txns = await holderTransactions(session, 10);
    expect(txns.transactions[0]).toMatchObject({ kind: 'settlement', settlementId: pre.id, personalAccountChange: -paid });
  });

  it('settle before confirmation, after cancel, or a second reversal is refused; one reversal refunds once', async () => {
    const session = await holder(6);
    const before = (await holderAccount(session)).balance;
    const cancelled = await pendingSettlement(session, classC(500));
    await cancel(demo.pharmacy, cancelled.id);
    await expect(settle(demo.pharmacy, cancelled.id, `k1-${cancelled.id}`, {})).rejects.toMatchObject({ code: 'settlement_cancelled' });
    await expect(reverse(demo.pharmacy, cancelled.id, `r1-${cancelled.id}`, {})).rejects.toMatchObject({ code: 'settlement_cancelled' });

    const pre = await pendingSettlement(session, classC(700));
    await confirmSettlement(session, pre.id, PIN);
    await settle(demo.pharmacy, pre.id, `k2-${pre.id}`, {});
    await expect(cancel(demo.pharmacy, pre.id)).rejects.toMatchObject({ code: 'already_settled' });
    const reversals = await Promise.allSettled([
      reverse(demo.pharmacy, pre.id, `r2-${pre.id}`, {}),
      reverse(demo.pharmacy, pre.id, `r3-${pre.id}`, {}),
      reverse(demo.pharmacy, pre.id, `r4-${pre.id}`, {}),
    ]);
    expect(reversals.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of reversals.filter((x) => x.status === 'rejected') as PromiseRejectedResult[]) {
      expect(r.reason).toMatchObject({ status: 409, code: 'settlement_reversed' });
    }
    expect((await holderAccount(session)).balance).toBe(before);
    await expect(settle(demo.pharmacy, pre.id, `k3-${pre.id}`, {})).rejects.toMatchObject({ status: 409, code: 'settlement_reversed' });
    await expect(cancel(demo.pharmacy, pre.id)).rejects.toMatchObject({ status: 409, code: 'settlement_reversed' });
  });

  it('one Idempotency-Key retried 20 times at once gives one settlement and 20 identical answers; another body is refused', async () => {
    const session = await holder(7);
    const before = (await holderAccount(session)).balance;
    const pre = await pendingSettlement(session, classC(300));
    await confirmSettlement(session, pre.id, PIN);
    const key = `same-${pre.id}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => settle(demo.pharmacy, pre.id, key, { note: 'x' })));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toMatchObject({ status: 'settled' });
    expect((await holderAccount(session)).balance).toBe(before - Math.min(before, 300));
    const entries = await ddb().send(new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `LEDGER#settlement:${pre.id}` },
    }));
    expect(entries.Items).toHaveLength(1);
    await expect(settle(demo.pharmacy, pre.id, key, { note: 'other' })).rejects.toMatchObject({ status: 422, code: 'idempotency_key_reused' });
    await expect(settle(demo.pharmacy, pre.id, `other-${pre.id}`, {})).rejects.toMatchObject({ status: 409, code: 'already_settled' });
  });

  it('100 concurrent settles on one account: the balance never goes negative, the postings balance to zero', async () => {
    const session = await holder(8);
    const start = (await holderAccount(session)).balance;
    const price = Math.max(100, Math.ceil(start / 40)); // the balance covers about 40 of 100
    const ids: string[] = [];
    for (let i = 0; i < 100; i++) ids.push((await pendingSettlement(session, classC(price))).id);
    // Confirmation is the holder's PIN check, tested above; here the bills are confirmed directly.
    for (const id of ids) await transact([['settlement', settlementTransition(id, ['awaiting_confirmation'], 'confirmed', { confirmedAt: now().toISOString() })]]);

    // A bill whose confirmed part from the account can no longer be paid comes back with a
    // new split (split_changed): confirmed again (directly, as above), then settled.
    const settleWithRetry = async (id: string) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await settle(demo.pharmacy, id, `conc-${id}-${attempt}`, {});
        } catch (err) {
          const { code, extensions } = err as { code?: string; extensions?: { splitVersion?: number } };
          if (code === 'split_changed') {
            await transact([['settlement', settlementTransition(id, ['awaiting_confirmation'], 'confirmed', { confirmedAt: now().toISOString() }, extensions!.splitVersion)]]);
          } else if (code !== 'concurrent_update') throw err;
        }
      }
    };
    const results = await Promise.all(ids.map(settleWithRetry));
    expect(results.every((r) => r.status === 'settled')).toBe(true);
    const paidFromAccount = results.reduce((n, r) => n + r.split.personalAccount, 0);
    const end = (await holderAccount(session)).balance;
    expect(end).toBeGreaterThanOrEqual(0);
    expect(end).toBe(start - paidFromAccount);
    expect(paidFromAccount).toBeLessThanOrEqual(start);
    expect(results.filter((r) => r.split.cash > 0).length).toBeGreaterThan(0);
    for (const r of results) expect(r.split.personalAccount + r.split.cash).toBe(price);

    const ledger = await ddb().send(new ScanCommand({
      TableName: tableName(),
      FilterExpression: '#t = :t AND settlementId IN (' + ids.map((_, i) => `:s${i}`).join(',') + ')',
      ExpressionAttributeNames: { '#t': 'type' },
      ExpressionAttributeValues: { ':t': 'ledgerEntry', ...Object.fromEntries(ids.map((id, i) => [`:s${i}`, id])) },
    }));
    expect(ledger.Items!.length).toBeGreaterThanOrEqual(1);
    for (const e of ledger.Items!) expect(sumOf(e.postings)).toBe(0);
  }, 180_000);

  it('reconciliation totals equal the ledger and the check lists differences', async () => {
    const session = await holder(9);
    const settled = [];
    for (const price of [1000, 2000]) {
      const s = await pendingSettlement(session, classC(price));
      await confirmSettlement(session, s.id, PIN);
      await settle(demo.pharmacy, s.id, `rec-${s.id}`, {});
      settled.push(s);
    }
    const [a, b] = settled as [(typeof settled)[number], (typeof settled)[number]];
    await reverse(demo.pharmacy, b.id, `rev-${b.id}`, {});
    const day = chinaDay(now());
    const rec = await reconciliation(demo.pharmacy, day);
    const mine = rec.settlements.filter((s) => s.settlementId === a.id || s.settlementId === b.id);
    expect(mine.map((s) => [s.kind, s.total]).sort()).toEqual([['reversal', -2000], ['settlement', 1000], ['settlement', 2000]]);
    const sum = rec.settlements.reduce((n, s) => n + s.total, 0);
    expect(rec.totals.total).toBe(sum);
    expect(rec.count).toBe(rec.settlements.length);
    expect((await checkReconciliation(demo.pharmacy, { date: day, count: rec.count, totals: rec.totals })).matched).toBe(true);
    const off = await checkReconciliation(demo.pharmacy, { date: day, count: rec.count + 1, totals: { ...rec.totals, cash: rec.totals.cash + 5 } });
    expect(off.matched).toBe(false);
    expect(off.differences.map((d) => d.field).sort()).toEqual(['count', 'totals.cash']);
  });

  it('an institution order id settles once', async () => {
    const session = await holder(10);
    const id = orderId();
    const first = await preSettle(demo.pharmacy, { code: (await issueCode(session)).code, institutionOrderId: id, items: classC(100) });
    // The same bill again is a retry and gets the first answer; another bill under the id is refused.
    await expect(
      preSettle(demo.pharmacy, { code: (await issueCode(session)).code, institutionOrderId: id, items: classC(100) }),
    ).resolves.toMatchObject({ id: first.id });
    await expect(
      preSettle(demo.pharmacy, { code: (await issueCode(session)).code, institutionOrderId: id, items: classC(101) }),
    ).rejects.toMatchObject({ status: 409, code: 'duplicate_order', extensions: { settlementId: first.id } });
  });

  it('refuses empty, negative, fractional, absurd bills and unknown classes, naming the field', async () => {
    const session = await holder(11);
    const { code } = await issueCode(session);
    const bad = async (items: unknown) => preSettle(demo.pharmacy, { code, institutionOrderId: orderId(), items: items as BillItem[] });
    await expect(bad([])).rejects.toMatchObject({ status: 400, code: 'invalid_bill' });
    await expect(bad([{ code: 'x', name: 'x', class: 'A', quantity: 1, unitPrice: -1 }])).rejects.toMatchObject({ errors: [{ field: 'items.0.unitPrice' }] });
    await expect(bad([{ code: 'x', name: 'x', class: 'A', quantity: 1.5, unitPrice: 1 }])).rejects.toMatchObject({ errors: [{ field: 'items.0.quantity' }] });
    await expect(bad([{ code: 'x', name: 'x', class: 'D', quantity: 1, unitPrice: 1 }])).rejects.toMatchObject({ errors: [{ field: 'items.0.class' }] });
    await expect(bad([{ code: 'x', name: 'x', class: 'A', quantity: 1, unitPrice: 99_999_999 }])).rejects.toMatchObject({ status: 400 });
    // Nothing was consumed: the code still works.
    await expect(verifyCode(demo.pharmacy.id, code, 'query')).resolves.toMatchObject({ status: 'normal' });
  });

  it('the deductible is met once across a year and a reversal gives it back', async () => {
    const person = people.claimable(12);
    const session = await holder(12);
    const policy = seedPolicyFor(person.regionCode, policyYearOf(now()))!;
    // A holder insured elsewhere pays at the demo.pharmacy under the out-of-area terms (no filing).
    const ratio = reimbursementRatioBp(policy, demo.pharmacy.level, person.personType === 'retiree', person.regionCode === demo.pharmacy.regionCode ? 'local' : 'unfiled');
    const classA = (price: number): BillItem[] => [{ code: 'A-100', name: '阿莫西林胶囊', class: 'A', quantity: 1, unitPrice: price }];
    const pay = async (items: BillItem[]) => {
      const pre = await pendingSettlement(session, items);
      await confirmSettlement(session, pre.id, PIN);
      return settle(demo.pharmacy, pre.id, `ded-${pre.id}`, {});
    };
    const first = await pay(classA(policy.deductible));
    expect(first.split.pooledFund).toBe(0);
    const second = await pay(classA(10_000));
    expect(second.split.pooledFund).toBe(Math.floor((10_000 * ratio) / 10_000));
    await reverse(demo.pharmacy, first.id, `ded-rev-${first.id}`, {});
    const third = await pay(classA(10_000));
    expect(third.split.pooledFund).toBe(0);
  });
});
