/**
 * Bills pushed to holders and paid in the app (线上医保支付), against DynamoDB Local, the
 * sandbox face service and the sandbox payer: patientRef, push, pay (insurance only, and with a
 * cash remainder through the payer), concurrency, a failing or timed-out cash step, refunds
 * with the ledger balancing, withdrawal, expiry, the institution's webhooks.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { pii } from '../../functions/core/pii/crypto.js';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { issueCode } from '../../functions/codes/issue.js';
import { verifyCode } from '../../functions/codes/verify.js';
import { reportLoss } from '../../functions/cards/lossReport.js';
import { setClockOffset } from '../../functions/core/clock.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { getInstitution, institutionItem, type InstitutionRecord } from '../../functions/institutions/institution.store.js';
import { pushBill, withdrawBill } from '../../functions/bills/push.js';
import { billForHolder, payForHolder } from '../../functions/bills/holderBills.js';
import { billsOf, pendingBills } from '../../functions/bills/holderBillLists.js';
import { sweepOpenPayments } from '../../functions/bills/paymentFlow.js';
import { refundBill } from '../../functions/bills/refunds.js';
import { getBill as getBillRecord } from '../../functions/bills/bill.store.js';
import { holderAccount, holderTransactions } from '../../functions/settlement/accounts.js';
import { ledgerEntryKey, type LedgerEntryRecord } from '../../functions/settlement/ledger.store.js';
import { isBalanced, sumOf } from '../../functions/settlement/ledger.rules.js';
import { accountKey } from '../../functions/settlement/account.store.js';
import { reconciliation } from '../../functions/settlement/reconciliation.js';
import { createEndpoint } from '../../functions/webhooks/endpoints.js';
import { institutionOwner } from '../../functions/webhooks/webhook.rules.js';
import { startSandboxPaymentServer, type SandboxPaymentServer } from '../../scripts/sandbox/payment/server.js';
import { startWebhookWorker, type WebhookWorker } from '../../scripts/lib/webhookWorker.js';
import type { BillItem } from '../../functions/settlement/policy.rules.js';
import { peopleFor } from '../support/people.js';
import { claimAs, startFace, stopFace, type ClaimedHolder } from './support.js';
import { chinaDay, now } from '../../functions/core/clock.js';
import { getCard } from '../../functions/holder/card.store.js';

const PATIENT_BALANCE = 50_000;

const people = peopleFor(import.meta.url);
const PIN = '147025';
const RUN = Date.now().toString(36);
let pharmacy: InstitutionRecord;
let other: InstitutionRecord;
let payer: SandboxPaymentServer;
let worker: WebhookWorker;
let receiver: Server;
let hookUrl = '';
const received: { headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  await startFace();
  payer = await startSandboxPaymentServer({ port: 0 });
  process.env.SANDBOX_PAYMENT_URL = payer.url;
  pharmacy = (await getInstitution('demo-pharmacy'))!;
  other = { id: `it-bills-other-${RUN}`, name: '另一家药房', kind: 'pharmacy', level: 1, regionCode: '320100', active: true };
  await ddb().send(new PutCommand({ TableName: tableName(), Item: institutionItem(other) }));
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/bills`;
  worker = await startWebhookWorker({ endpoint: process.env.DYNAMODB_ENDPOINT!, tableName: process.env.TABLE_NAME!, pollMs: 50 });
});
afterAll(async () => {
  await worker.stop();
  receiver.closeAllConnections();
  receiver.close();
  await payer.close();
  await stopFace();
});
afterEach(async () => {
  setClockOffset(0);
  await fetch(`${payer.url}/api/faults`, { method: 'POST', body: JSON.stringify({ create: 'ok', refund: 'ok' }) });
});

let order = 0;
const orderId = () => `it-bill-${RUN}-${++order}`;
const classA = (price: number): BillItem[] => [{ code: 'A-001', name: '门诊诊查费', class: 'A', quantity: 1, unitPrice: price }];
const classC = (price: number): BillItem[] => [{ code: 'C-001', name: '自费药品', class: 'C', quantity: 1, unitPrice: price }];

/** A patient with a known personal account balance (the seeded balances vary by person, and these tests must not). */
async function patient(i: number): Promise<ClaimedHolder & { patientRef: string }> {
  const h = await claimAs(people.claimable(i), PIN);
  const card = (await getCard(h.cardId))!;
  await ddb().send(new UpdateCommand({ TableName: tableName(), Key: accountKey(card.idHash), UpdateExpression: 'SET balance = :b', ExpressionAttributeValues: { ':b': PATIENT_BALANCE } }));
  const { code } = await issueCode(h.session);
  const verified = await verifyCode(pharmacy.id, code, '01101');
  return { ...h, patientRef: verified.patientRef };
}

const balanceOf = async (h: ClaimedHolder) => (await holderAccount(h.session)).balance;
const ledger = async (entry: string) => (await ddb().send(new GetCommand({ TableName: tableName(), Key: ledgerEntryKey(entry) }))).Item as LedgerEntryRecord | undefined;
const choose = (tradeNo: string, outcome: 'pay' | 'fail') => fetch(`${payer.url}/api/orders/${tradeNo}/outcome`, { method: 'POST', body: JSON.stringify({ outcome }) });

describe('patientRef and pushing a bill', () => {
  it('a verification answers a pairwise patientRef; a code-use type maps onto its business type', async () => {
    const h = await claimAs(people.claimable(0), PIN);
    const first = await verifyCode(pharmacy.id, (await issueCode(h.session)).code, '01301');
    expect(first).toMatchObject({ businessType: '01301', useType: { businessType: 'payment', name: '门诊结算' }, patientRef: expect.stringMatching(/^pr_/) });
    const again = await verifyCode(pharmacy.id, (await issueCode(h.session)).code, 'query');
    expect(again.patientRef).toBe(first.patientRef);
    expect(again.useType).toBeUndefined();
    const elsewhere = await verifyCode(other.id, (await issueCode(h.session)).code, '02121');
    expect(elsewhere.patientRef).not.toBe(first.patientRef);
    expect(first.patientRef).not.toContain(h.cardId);
  });

  it('refuses an unknown or another institution’s patientRef, a bad bill, and a lost card; the same push twice is one bill', async () => {
    const p = await patient(1);
    const push = (inst: InstitutionRecord, patientRef: string, items: unknown[], id = orderId()) => pushBill(inst, { patientRef, institutionOrderId: id, kind: 'outpatient', items });
    await expect(push(pharmacy, 'pr_unknownunknownunknown0', classA(1000))).rejects.toMatchObject({ status: 404, code: 'unknown_patient' });
    await expect(push(other, p.patientRef, classA(1000))).rejects.toMatchObject({ status: 404, code: 'unknown_patient' });
    await expect(push(pharmacy, p.patientRef, [])).rejects.toMatchObject({ status: 400, code: 'invalid_bill' });
    await expect(push(pharmacy, p.patientRef, [{ code: 'X', name: 'x', class: 'A', quantity: 1, unitPrice: 20_000_000 }])).rejects.toMatchObject({ status: 400, code: 'invalid_bill' });
    const id = orderId();
    const bill = await push(pharmacy, p.patientRef, classA(1000), id);
    expect(bill).toMatchObject({ status: 'awaiting_payment', split: { total: 1000 } });
    expect((await push(pharmacy, p.patientRef, classA(1000), id)).id).toBe(bill.id);
    await expect(push(pharmacy, p.patientRef, classA(2000), id)).rejects.toMatchObject({ status: 409, code: 'duplicate_bill_order' });
    await reportLoss(p.session, 'temporary', PIN);
    await expect(push(pharmacy, p.patientRef, classA(1000))).rejects.toMatchObject({ status: 409, code: 'patient_card_not_usable' });
  });
});

describe('paying a bill', () => {
  it('insurance only: one transaction, exactly the shown split; another holder cannot see or pay it; twice is refused', async () => {
    const p = await patient(2);
    const stranger = await patient(3);
    const before = await balanceOf(p);
    const pushed = await pushBill(pharmacy, { patientRef: p.patientRef, institutionOrderId: orderId(), kind: 'pharmacy', items: classA(1200), department: '药房' });
    const pending = await pendingBills(p.session);
    const shown = pending.find((b) => b.id === pushed.id)!;
    expect(shown).toMatchObject({ institution: { id: pharmacy.id }, items: classA(1200), splitVersion: 1 });
    expect(shown.split.cash).toBe(0);
    await expect(billForHolder(stranger.session, pushed.id)).rejects.toMatchObject({ status: 404, code: 'bill_not_found' });
    await expect(payForHolder(stranger.session, pushed.id, { pin: PIN })).rejects.toMatchObject({ status: 404 });
    await expect(payForHolder(p.session, pushed.id, { pin: '000000' })).rejects.toMatchObject({ code: 'wrong_pin' });

    const paid = await payForHolder(p.session, pushed.id, { pin: PIN, splitVersion: 1 });
    expect(paid.status).toBe('paid');
    expect(await balanceOf(p)).toBe(before - shown.split.personalAccount);
    const entry = (await ledger(`settlement:${pushed.id}`))!;
    expect(entry.amounts).toMatchObject({ total: 1200, cash: 0 });
    expect(sumOf(entry.postings)).toBe(0);
    await expect(payForHolder(p.session, pushed.id, { pin: PIN })).rejects.toMatchObject({ status: 409, code: 'bill_already_paid' });
    expect((await holderTransactions(p.session, 10)).transactions.some((t) => t.settlementId === pushed.id)).toBe(true);
    expect((await reconciliation(pharmacy, chinaDay(now()))).settlements.some((s) => s.settlementId === pushed.id)).toBe(true);
  });

  it('two concurrent payments of one bill give one', async () => {
    const p = await patient(4);
    const before = await balanceOf(p);
    const pushed = await pushBill(pharmacy, { patientRef: p.patientRef, institutionOrderId: orderId(), kind: 'outpatient', items: classA(800) });
    const results = await Promise.allSettled([payForHolder(p.session, pushed.id, { pin: PIN }), payForHolder(p.session, pushed.id, { pin: PIN })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 409 });
    expect(await balanceOf(p)).toBe(before - pushed.split.personalAccount);
  });

  it('a changed balance sends the new split back to the holder before anything is charged', async () => {
    const p = await patient(5);
    const pushed = await pushBill(pharmacy, { patientRef: p.patientRef, institutionOrderId: orderId(), kind: 'outpatient', items: classC(500) });
    expect(pushed.split.personalAccount).toBe(500);
    await ddb().send(new UpdateCommand({ TableName: tableName(), Key: accountKey((await pii()).hash('idNumber', p.person.idNumber)), UpdateExpression: 'SET balance = :b', ExpressionAttributeValues: { ':b': 100 } }));
    await expect(payForHolder(p.session, pushed.id, { pin: PIN })).rejects.toMatchObject({ status: 409, code: 'bill_split_changed', extensions: { splitVersion: 2 } });
    expect(await balanceOf(p)).toBe(100);
    await expect(payForHolder(p.session, pushed.id, { pin: PIN, splitVersion: 1 })).rejects.toMatchObject({ code: 'bill_split_changed' });
    await expect(payForHolder(p.session, pushed.id, { pin: PIN, splitVersion: 2 })).rejects.toMatchObject({ status: 422, code: 'cash_payment_required' });
  });
});

describe('the cash remainder through the sandbox payer', () => {
  async function cashBill(i: number, price = 10_000_000) {
    const p = await patient(i);
    const before = await balanceOf(p);
    const pushed = await pushBill(pharmacy, { patientRef: p.patientRef, institutionOrderId: orderId(), kind: 'outpatient', items: classC(Math.min(price, 9_000_000)) });
    return { p, before, pushed };
  }

  it('paid only on the payer’s confirmation; the insurance parts held meanwhile', async () => {
    const { p, before, pushed } = await cashBill(6);
    expect(pushed.split.cash).toBeGreaterThan(0);
    const paying = await payForHolder(p.session, pushed.id, { pin: PIN, cashPayment: 'channel' });
    expect(paying).toMatchObject({ status: 'paying', payment: { provider: 'sandbox', handoff: { payUrl: expect.stringContaining('/pay/') } } });
    expect(await balanceOf(p)).toBe(before - pushed.split.personalAccount);
    expect(await ledger(`settlement:${pushed.id}`)).toBeUndefined();
    // Not paid yet at the payer: a read changes nothing.
    expect((await billForHolder(p.session, pushed.id)).status).toBe('paying');
    await expect(payForHolder(p.session, pushed.id, { pin: PIN, cashPayment: 'channel' })).rejects.toMatchObject({ code: 'bill_payment_in_progress' });
    await choose(paying.payment!.handoff!.tradeNo!, 'pay');
    const paid = await billForHolder(p.session, pushed.id);
    expect(paid.status).toBe('paid');
    expect((await ledger(`settlement:${pushed.id}`))!.amounts).toMatchObject({ cash: pushed.split.cash, personalAccount: pushed.split.personalAccount });
    expect(await balanceOf(p)).toBe(before - pushed.split.personalAccount);
  });

  it('a cash step that fails, or a payer that is down, leaves nothing charged', async () => {
    const { p, before, pushed } = await cashBill(7);
    const paying = await payForHolder(p.session, pushed.id, { pin: PIN, cashPayment: 'channel' });
    await choose(paying.payment!.handoff!.tradeNo!, 'fail');
    const back = await billForHolder(p.session, pushed.id);
    expect(back.status).toBe('awaiting_payment');
    expect(back.payment).toBeUndefined();
    expect(await balanceOf(p)).toBe(before);
    expect(await ledger(`settlement:${pushed.id}`)).toBeUndefined();

    await fetch(`${payer.url}/api/faults`, { method: 'POST', body: JSON.stringify({ create: 'fail' }) });
    await expect(payForHolder(p.session, pushed.id, { pin: PIN, cashPayment: 'channel' })).rejects.toMatchObject({ status: 503, code: 'payment_unavailable' });
    expect(await balanceOf(p)).toBe(before);
    expect((await billForHolder(p.session, pushed.id)).status).toBe('awaiting_payment');
    // And it can be paid after all.
    await fetch(`${payer.url}/api/faults`, { method: 'POST', body: JSON.stringify({ create: 'ok' }) });
    const again = await payForHolder(p.session, pushed.id, { pin: PIN, cashPayment: 'channel' });
    await choose(again.payment!.handoff!.tradeNo!, 'pay');
    expect((await billForHolder(p.session, pushed.id)).status).toBe('paid');
  });

  it('a payment not made within its window is closed at the payer and released by the sweep', async () => {
    const { p, before, pushed } = await cashBill(8);
    const paying = await payForHolder(p.session, pushed.id, { pin: PIN, cashPayment: 'channel' });
    setClockOffset(16 * 60_000);
    await sweepOpenPayments();
    expect((await billForHolder(p.session, pushed.id)).status).toBe('awaiting_payment');
    expect(await balanceOf(p)).toBe(before);
    const order = await (await fetch(`${payer.url}/api/orders/${paying.payment!.handoff!.tradeNo}`)).json();
    expect(order.status).toBe('closed');
    // Paying the closed order afterwards is refused by the payer: nothing is collected.
    expect((await choose(paying.payment!.handoff!.tradeNo!, 'pay')).status).toBe(409);
    expect((await (await fetch(`${payer.url}/api/orders/${paying.payment!.handoff!.tradeNo}`)).json()).status).toBe('closed');
  });
});

describe('refunds, withdrawal, expiry, webhooks', () => {
  it('insurance, then cash, then nothing left; idempotent; parts never above what was paid; the ledger balances', async () => {
    const p = await patient(9);
    const secret = (await createEndpoint(institutionOwner(pharmacy.id), { url: hookUrl, events: ['bill.paid', 'bill.refunded'] })).secret;
    const before = await balanceOf(p);
    const pushed = await pushBill(pharmacy, { patientRef: p.patientRef, institutionOrderId: orderId(), kind: 'outpatient', items: [...classA(30_000), ...classC(9_000_000)] });
    const paying = await payForHolder(p.session, pushed.id, { pin: PIN, cashPayment: 'channel' });
    await choose(paying.payment!.handoff!.tradeNo!, 'pay');
    await billForHolder(p.session, pushed.id);
    const split = pushed.split;

    await expect(refundBill(pharmacy, pushed.id, `k-over-${RUN}`, { kind: 'cash', amounts: { cash: split.cash + 1 } })).rejects.toMatchObject({ status: 422, code: 'refund_exceeds_paid' });
    await expect(refundBill(pharmacy, pushed.id, `k-mix-${RUN}`, { kind: 'cash', amounts: { personalAccount: 1 } })).rejects.toMatchObject({ status: 422, code: 'refund_amounts_kind_mismatch' });
    await expect(refundBill(other, pushed.id, `k-other-${RUN}`, { kind: 'all' })).rejects.toMatchObject({ status: 404, code: 'bill_not_found' });

    const insurance = await refundBill(pharmacy, pushed.id, `k-ins-${RUN}`, { kind: 'insurance' });
    expect(insurance.refund).toMatchObject({ status: 'succeeded', amounts: { pooledFund: split.pooledFund, personalAccount: split.personalAccount, cash: 0 } });
    expect(insurance.bill.status).toBe('partially_refunded');
    expect(await balanceOf(p)).toBe(before);
    // The same key again: the same refund, nothing twice; the same key for another request: refused.
    expect((await refundBill(pharmacy, pushed.id, `k-ins-${RUN}`, { kind: 'insurance' })).refund.id).toBe(insurance.refund.id);
    expect(await balanceOf(p)).toBe(before);
    await expect(refundBill(pharmacy, pushed.id, `k-ins-${RUN}`, { kind: 'cash' })).rejects.toMatchObject({ code: 'refund_key_reused' });
    await expect(refundBill(pharmacy, pushed.id, `k-ins2-${RUN}`, { kind: 'insurance' })).rejects.toMatchObject({ status: 409, code: 'nothing_to_refund' });

    // A cash refund the payer refuses: failed, and the cash is still refundable.
    await fetch(`${payer.url}/api/faults`, { method: 'POST', body: JSON.stringify({ refund: 'fail' }) });
    const refused = await refundBill(pharmacy, pushed.id, `k-cash-fail-${RUN}`, { kind: 'cash' });
    expect(refused.refund).toMatchObject({ status: 'failed' });
    expect(refused.bill).toMatchObject({ status: 'partially_refunded', refunded: { cash: 0 } });
    await fetch(`${payer.url}/api/faults`, { method: 'POST', body: JSON.stringify({ refund: 'ok' }) });
    const cash = await refundBill(pharmacy, pushed.id, `k-cash-${RUN}`, { kind: 'cash' });
    expect(cash.refund).toMatchObject({ status: 'succeeded', amounts: { cash: split.cash } });
    expect(cash.bill.status).toBe('refunded');
    await expect(refundBill(pharmacy, pushed.id, `k-all-${RUN}`, { kind: 'all' })).rejects.toMatchObject({ status: 409, code: 'nothing_to_refund' });

    const entries = [(await ledger(`settlement:${pushed.id}`))!, (await ledger(`refund:${insurance.refund.id}-insurance`))!, (await ledger(`refund:${cash.refund.id}-cash`))!];
    const postings = entries.flatMap((e) => e.postings);
    expect(isBalanced(postings)).toBe(true);
    // Paid and refunded in full: every account is back where it was.
    const byAccount = new Map<string, number>();
    for (const x of postings) byAccount.set(x.account, (byAccount.get(x.account) ?? 0) + x.amount);
    expect([...byAccount.values()].every((v) => v === 0)).toBe(true);
    expect(await ledger(`refund:${refused.refund.id}-cash`)).toBeUndefined();

    // The institution's endpoint got bill.paid and bill.refunded, signed, with its patientRef and no personal data.
    await worker.idle(1000);
    const events = received.map((r) => ({ r, body: JSON.parse(r.body) })).filter((e) => e.body.data.billId === pushed.id);
    expect(events.map((e) => e.body.type).sort()).toEqual(['bill.paid', 'bill.refunded', 'bill.refunded']);
    for (const e of events) {
      const spy = vi.spyOn(Date, 'now').mockReturnValue(Number(e.r.headers['webhook-timestamp']) * 1000 + 500);
      try {
        expect(new Webhook(secret).verify(e.r.body, e.r.headers as Record<string, string>)).toMatchObject({ data: { patientRef: p.patientRef, institutionOrderId: pushed.institutionOrderId } });
      } finally {
        spy.mockRestore();
      }
      for (const secretish of [p.cardId, p.person.name, p.person.idNumber]) expect(e.r.body).not.toContain(secretish);
    }
  });

  it('a withdrawn or expired bill cannot be paid; a paid one cannot be withdrawn', async () => {
    const p = await patient(10);
    const a = await pushBill(pharmacy, { patientRef: p.patientRef, institutionOrderId: orderId(), kind: 'outpatient', items: classA(500) });
    await withdrawBill(pharmacy, a.id);
    await expect(payForHolder(p.session, a.id, { pin: PIN })).rejects.toMatchObject({ status: 409, code: 'bill_withdrawn' });
    await expect(refundBill(pharmacy, a.id, `k-wd-${RUN}`, { kind: 'all' })).rejects.toMatchObject({ status: 409 });
    const b = await pushBill(pharmacy, { patientRef: p.patientRef, institutionOrderId: orderId(), kind: 'outpatient', items: classA(500) });
    setClockOffset(24 * 3_600_000 + 1000);
    await expect(payForHolder(p.session, b.id, { pin: PIN })).rejects.toMatchObject({ status: 409, code: 'bill_expired' });
    expect((await billsOf(p.session)).find((x) => x.id === b.id)!.status).toBe('expired');
    setClockOffset(0);
    const c = await pushBill(pharmacy, { patientRef: p.patientRef, institutionOrderId: orderId(), kind: 'outpatient', items: classA(500) });
    await payForHolder(p.session, c.id, { pin: PIN });
    await expect(withdrawBill(pharmacy, c.id)).rejects.toMatchObject({ status: 409, code: 'bill_already_paid' });
    await expect(withdrawBill(other, c.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('payment notifications', () => {
  it('a forged or unknown notification changes nothing; a real one makes essc ask the payer', async () => {
    const { paymentNotification } = await import('../../functions/bills/paymentRoutes.js');
    const { invoke, routeEvent } = await import('../unit/support/lambda.js');
    const notify = (channelId: string, body: string) =>
      invoke(paymentNotification, routeEvent('POST', '/v1/payments/{channelId}/notifications', { rawPath: `/v1/payments/${channelId}/notifications`, pathParameters: { channelId }, headers: { 'content-type': 'application/json' }, body }));
    expect((await notify('no-such-channel', '{"outTradeNo":"pay_x"}')).statusCode).toBe(404);
    expect((await notify('sandbox', 'not json')).statusCode).toBe(400);
    const p = await patient(11);
    const pushed = await pushBill(pharmacy, { patientRef: p.patientRef, institutionOrderId: orderId(), kind: 'outpatient', items: classC(9_000_000) });
    const paying = await payForHolder(p.session, pushed.id, { pin: PIN, cashPayment: 'channel' });
    const paymentId = (await getBillRecord(pushed.id))!.payment!.id;
    // A notification before the holder paid: the payer says pending, nothing changes.
    expect((await notify('sandbox', JSON.stringify({ outTradeNo: paymentId, status: 'paid' }))).statusCode).toBe(200);
    expect((await getBillRecord(pushed.id))!.status).toBe('paying');
    await choose(paying.payment!.handoff!.tradeNo!, 'pay');
    expect((await notify('sandbox', JSON.stringify({ outTradeNo: paymentId }))).statusCode).toBe(200);
    expect((await getBillRecord(pushed.id))!.status).toBe('paid');
  });
});
