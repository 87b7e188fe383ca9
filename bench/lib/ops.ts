/**
 * The three measured calls, each two ways:
 *  - handler: the real Lambda handler, invoked in-process with an HTTP API v2 event
 *    (session token / correct terminal signature), exactly as API Gateway would call it;
 *  - floor: only the DynamoDB operations that call needs, issued raw with
 *    @aws-sdk/lib-dynamodb (a client configured as functions/core/table/ddb.ts configures its own).
 * And the data they run on: codes issued ahead through the real service, settlements
 * pre-settled and confirmed ahead.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { issueCode as issue } from '../../functions/codes/codesRoutes.js';
import { settle as settleHandler } from '../../functions/settlement/terminalSettleRoutes.js';
import { payBill as payBillHandler } from '../../functions/bills/holderPayRoutes.js';
import { pushBill } from '../../functions/bills/push.js';
import { billKey } from '../../functions/bills/bill.store.js';
import { verifyCode as verifyUseCase } from '../../functions/codes/verify.js';
import { verifyPin } from '../../functions/core/pii/pinHash.js';
import { verifyCode as verify } from '../../functions/codes/verifyRoutes.js';
import { sign } from '../../functions/core/signing/signature.rules.js';
import { makeCode } from '../../functions/codes/dynamicCode.rules.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { newId } from '../../functions/core/ids.js';
import { issueCode } from '../../functions/codes/issue.js';
import { confirmSettlement } from '../../functions/settlement/confirm.js';
import { preSettle } from '../../functions/settlement/preSettle.js';
import { settle as settleUseCase } from '../../functions/settlement/settle.js';
import { SEED_KEYS } from '../../scripts/seed/index.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import { accountKey } from '../../functions/settlement/account.store.js';
import { bindingUserKey } from '../../functions/holder/binding.store.js';
import { cardKey } from '../../functions/holder/card.store.js';
import { codeKey } from '../../functions/codes/code.store.js';
import { idempotencyKey } from '../../functions/settlement/idempotency.store.js';
import { getInstitution } from '../../functions/institutions/institution.store.js';
import { holderTxnKey, institutionDayKey, ledgerEntryKey } from '../../functions/settlement/ledger.store.js';
import { nonceKey } from '../../functions/core/signing/nonce.store.js';
import { settlementKey } from '../../functions/settlement/settlement.store.js';
import { yearStateKey } from '../../functions/settlement/yearState.store.js';
import type { BillItem } from '../../functions/settlement/policy.rules.js';
import { LIMITS, TERMINAL_CALLS, limitKey, type Limit } from '../../functions/core/limits/limits.js';
import { auditKey } from '../../functions/core/audit/audit.store.js';
import { pool } from './load.js';
import { PIN, type Holder } from './stack.js';

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
const issueHandler = issue as unknown as Handler;
const verifyHandler = verify as unknown as Handler;
const settleLambda = settleHandler as unknown as Handler;
const payBillLambda = payBillHandler as unknown as Handler;

const PHARMACY = { id: 'demo-pharmacy', secret: SEED_KEYS.find((k) => k.keyId === 'demo-pharmacy-key-1')!.secret };

/** A two-item bill: class A (eligible: deductible, pooled fund, year state) and class C. */
export const BILL: BillItem[] = [
  { code: 'A-0001', name: '阿莫西林胶囊', class: 'A', quantity: 2, unitPrice: 1_500 },
  { code: 'OTC-001', name: '维生素C片', class: 'C', quantity: 1, unitPrice: 1_000 },
];

/** One class A item over any region's deductible. */
const DEDUCTIBLE_BILL: BillItem[] = [{ code: 'A-0001', name: '阿莫西林胶囊', class: 'A', quantity: 1, unitPrice: 500_000 }];

// ---- events --------------------------------------------------------------------------

export function context(): Context {
  return {
    awsRequestId: randomUUID(),
    functionName: 'essc-bench-fn',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:ap-east-1:123456789012:function:essc-bench-fn',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/essc-bench-fn',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** An HTTP API (payload 2.0) event as API Gateway sends it. */
export function httpEvent(
  method: string,
  routeKey: string,
  rawPath: string,
  headers: Record<string, string>,
  body?: string,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: `${method} ${routeKey}`,
    rawPath,
    rawQueryString: '',
    headers: {
      accept: 'application/json',
      host: 'abcdef1234.execute-api.ap-east-1.amazonaws.com',
      'user-agent': 'essc-bench',
      'x-forwarded-for': '203.0.113.10',
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
      ...(body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {}),
      ...headers,
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abcdef1234',
      domainName: 'abcdef1234.execute-api.ap-east-1.amazonaws.com',
      domainPrefix: 'abcdef1234',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.10', userAgent: 'essc-bench' },
      requestId: randomBytes(12).toString('base64url'),
      routeKey: `${method} ${routeKey}`,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(pathParameters ? { pathParameters } : {}),
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  };
}

/** Headers of a terminal request signed with the demo pharmacy's secret (API.md). */
function signedHeaders(method: string, path: string, body: string): Record<string, string> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID();
  return {
    'x-essc-institution': PHARMACY.id,
    'x-essc-timestamp': timestamp,
    'x-essc-nonce': nonce,
    'x-essc-signature': sign(PHARMACY.secret, { method, pathWithQuery: path, timestamp, nonce, body }),
  };
}

async function expectStatus(res: APIGatewayProxyStructuredResultV2, status: number): Promise<Record<string, unknown>> {
  const body = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
  if (res.statusCode !== status) throw new Error(`HTTP ${res.statusCode} ${String(body.code ?? '')}: ${String(body.detail ?? '')}`);
  return body;
}

// ---- the handlers ---------------------------------------------------------------------

export const handlers = {
  /** POST /v1/cards/me/codes → 201 */
  issue(holder: { token: string }) {
    const event = httpEvent('POST', '/v1/cards/me/codes', '/v1/cards/me/codes', { authorization: `Bearer ${holder.token}` });
    return async () => {
      await expectStatus(await issueHandler(event, context()), 201);
    };
  },

  /** POST /v1/terminal/code-verifications → 200 */
  verify(code: string) {
    const path = '/v1/terminal/code-verifications';
    const body = JSON.stringify({ code, businessType: 'payment' });
    const event = httpEvent('POST', path, path, signedHeaders('POST', path, body), body);
    return async () => {
      await expectStatus(await verifyHandler(event, context()), 200);
    };
  },

  /**
   * POST /v1/terminal/settlements/{id}/settle → 200. A 409 concurrent_update (the account
   * stayed busy through the service's own retries) is retried by the terminal with the same
   * Idempotency-Key, as the problem detail tells it to; the latency covers the retries.
   */
  settle(settlementId: string, stats?: { clientRetries: number }) {
    const path = `/v1/terminal/settlements/${settlementId}/settle`;
    const key = `bench-${randomUUID()}`;
    const make = () =>
      httpEvent('POST', '/v1/terminal/settlements/{id}/settle', path, { ...signedHeaders('POST', path, ''), 'idempotency-key': key }, undefined, {
        id: settlementId,
      });
    const first = make();
    return async () => {
      let event = first;
      for (;;) {
        const res = await settleLambda(event, context());
        if (res.statusCode === 409 && stats && String(res.body).includes('"concurrent_update"')) {
          stats.clientRetries++;
          event = make();
          continue;
        }
        const body = await expectStatus(res, 200);
        if (body.status !== 'settled') throw new Error(`settle answered ${String(body.status)}`);
        return;
      }
    };
  },
};

/** POST /v1/bills/{id}/payment → 200 paid (an insurance-only bill: the personal account pays it all). */
export function payBillRequest(holder: { token: string }, billId: string) {
  const path = `/v1/bills/${billId}/payment`;
  const body = JSON.stringify({ pin: PIN, splitVersion: 1 });
  const event = httpEvent('POST', '/v1/bills/{id}/payment', path, { authorization: `Bearer ${holder.token}`, 'content-type': 'application/json' }, body, { id: billId });
  return async () => {
    const res = await payBillLambda(event, context());
    const answer = await expectStatus(res, 200);
    const status = (answer.bill as { status?: string } | undefined)?.status;
    if (status !== 'paid') throw new Error(`payment answered ${String(status)}`);
  };
}

// ---- the floor ----------------------------------------------------------------------

/** A document client configured as functions/core/table/ddb.ts configures the Lambdas' one. */
export function rawClient(endpoint: string): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
}

function randomCode(): string {
  return makeCode(randomBytes(8).readBigUInt64BE().toString().padStart(20, '0').slice(-16), 'online');
}

const cancelReasons = (err: unknown): string[] | undefined =>
  (err as { name?: string }).name === 'TransactionCanceledException'
    ? ((err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None')
    : undefined;

export function floors(raw: DynamoDBDocumentClient) {
  const T = tableName();
  const get = async (Key: Record<string, unknown>) =>
    (await raw.send(new GetCommand({ TableName: T, Key, ConsistentRead: true }))).Item as Record<string, unknown> | undefined;
  const claimNonce = async () => {
    const ttl = Math.floor(Date.now() / 1000) + 900;
    await raw.send(
      new PutCommand({
        TableName: T,
        Item: { ...nonceKey(PHARMACY.id, randomUUID()), type: 'nonce', ttl },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  };

  // Issue 9's protections are necessary work too: the rate-limit count (alongside the first
  // read, as the route's gate) and the access log entry (after the call).
  // The keys are the stores' own (core/limits limitKey, core/audit auditKey); every limit
  // counted here has a one-minute window.
  const windowStart = () => Math.floor(Date.now() / 60_000) * 60;
  const countLimit = async (limit: Limit, subject: string) => {
    const start = windowStart();
    await raw.send(
      new UpdateCommand({
        TableName: T,
        Key: limitKey(limit, subject, start),
        UpdateExpression: 'SET #ttl = :ttl ADD #count :one',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':one': 1, ':max': 1_000_000, ':ttl': start + 120 },
      }),
    );
  };
  const appendAudit = async (subject: string) => {
    const at = new Date().toISOString();
    await raw.send(
      new PutCommand({
        TableName: T,
        Item: { ...auditKey(subject, at, randomUUID()), type: 'audit', subject, at, operation: 'bench', ttl: 0 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  };
  /** The call with its limit count alongside and its access log entry after. */
  const guarded = async <T,>(limit: [Limit, string], call: () => Promise<T>, subjectOf: (r: T) => string): Promise<void> => {
    const [, result] = await Promise.all([countLimit(...limit), call()]);
    await appendAudit(subjectOf(result));
  };

  return {
    /** GetItem binding → GetItem card → TransactWriteItems[Put code, Update binding, ConditionCheck card]; limit ∥, audit after. */
    issue(holder: { session: Session }) {
      const { channelId, openid } = holder.session;
      return () => guarded([LIMITS.codeIssues, `${channelId}:${openid}`], issueOnce(holder), (idHash) => idHash);
    },

    /**
     * PutItem nonce → GetItem code → TransactWriteItems[Update code, ConditionCheck binding,
     * ConditionCheck card]; the terminal's limit count and the institution's code-failure
     * limit read alongside, the access log entry after. lean: the nonce and the code read at
     * once (neither needs the other), so 2 round trips instead of 3.
     */
    verify(code: string, lean = false) {
      return () =>
        guarded(
          [TERMINAL_CALLS, PHARMACY.id],
          async () => (await Promise.all([get(limitKey(LIMITS.codeFailures, PHARMACY.id, windowStart())), verifyOnce(code, lean)()]))[1],
          (idHash) => idHash,
        );
    },

    /** The settle below with the terminal's limit count alongside and the access log entry after. */
    settle(settlementId: string, lean = false) {
      return () => guarded([TERMINAL_CALLS, PHARMACY.id], settleOnce(settlementId, lean), (idHash) => idHash);
    },

    /**
     * Paying an insurance-only bill: GetItem binding → GetItem card → UpdateItem PIN attempt →
     * (the PIN hash compared: CPU the call cannot skip) → UpdateItem clear failures → GetItem bill →
     * (GetItem account ∥ GetItem year) → TransactWriteItems[Update bill, Put ledger entry, Put holder
     * txn, Update account, Put outbox event, Put holder notice]; the holder's limit count alongside, the access log after.
     * lean: the bill read alongside the card, and the account and year alongside the PIN compare.
     */
    payBill(holder: { session: Session }, billId: string, lean = false) {
      const { channelId, openid } = holder.session;
      return () => guarded([LIMITS.holderCalls, `${channelId}:${openid}`], payBillOnce(holder.session, billId, lean), (idHash) => idHash);
    },
  };

  function payBillOnce(session: Session, billId: string, lean: boolean) {
    return async () => {
      const binding = await get(bindingUserKey(session.channelId, session.openid));
      if (!binding) throw new Error('no binding');
      const [card, early] = await Promise.all([get(cardKey(binding.cardId as string)), lean ? get(billKey(billId)) : undefined]);
      if (!card) throw new Error('no card');
      await raw.send(new UpdateCommand({ TableName: T, Key: cardKey(card.cardId as string), UpdateExpression: 'SET pinFailures = if_not_exists(pinFailures, :zero) + :one', ExpressionAttributeValues: { ':zero': 0, ':one': 1 } }));
      const bill = early ?? (await get(billKey(billId)));
      if (!bill || bill.status !== 'awaiting_payment') throw new Error(`bill ${String(bill?.status)}`);
      const year = bill.policyYear as number;
      const [ok, account, state] = await Promise.all([
        verifyPin(PIN, card.pinHash as string),
        lean ? get(accountKey(card.idHash as string)) : undefined,
        lean ? get(yearStateKey(card.idHash as string, year)) : undefined,
      ]);
      if (!ok) throw new Error('wrong PIN');
      await raw.send(new UpdateCommand({ TableName: T, Key: cardKey(card.cardId as string), UpdateExpression: 'SET pinFailures = :zero', ExpressionAttributeValues: { ':zero': 0 } }));
      // Care outside the card's insuring region: the person's filings are read with the account and year.
      const away = bill.institutionRegion !== bill.regionCode;
      const filings = () => raw.send(new QueryCommand({ TableName: T, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :f)', ExpressionAttributeValues: { ':pk': `PERSON#${String(card.idHash)}`, ':f': 'FILING#' }, ConsistentRead: true }));
      if (!lean) await Promise.all([get(accountKey(card.idHash as string)), get(yearStateKey(card.idHash as string, year)), away ? filings() : undefined]);
      else if (away) await filings();
      void account;
      void state;
      const split = bill.split as { total: number; pooledFund: number; personalAccount: number; familyAccount: number; cash: number };
      const at = new Date().toISOString();
      const entry = `settlement:${billId}`;
      await raw.send(
        new TransactWriteCommand({
          TransactItems: [
            { Update: { TableName: T, Key: billKey(billId), UpdateExpression: 'SET #status = :paid, paidAt = :at, #v = :next', ConditionExpression: '#v = :v', ExpressionAttributeNames: { '#status': 'status', '#v': 'version' }, ExpressionAttributeValues: { ':paid': 'paid', ':at': at, ':v': bill.version, ':next': (bill.version as number) + 1 } } },
            { Put: { TableName: T, Item: { ...ledgerEntryKey(entry), type: 'ledgerEntry', gsi1pk: institutionDayKey(PHARMACY.id, at.slice(0, 10)), gsi1sk: `${at}#${entry}`, entry, kind: 'settlement', settlementId: billId, amounts: split, postings: [] }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Put: { TableName: T, Item: { ...holderTxnKey(card.idHash as string, at, entry), type: 'holderTxn', entry, amounts: split }, ConditionExpression: 'attribute_not_exists(pk)' } },
            { Update: { TableName: T, Key: accountKey(card.idHash as string), UpdateExpression: 'SET balance = balance - :a, updatedAt = :at', ConditionExpression: 'balance >= :a', ExpressionAttributeValues: { ':a': split.personalAccount, ':at': at } } },
            { Put: { TableName: T, Item: { pk: `OUTBOX#bench-${randomUUID()}`, sk: 'EVENT', type: 'outboxInstitutionEvent', eventType: 'bill.paid', institutionId: PHARMACY.id, at, data: {} }, ConditionExpression: 'attribute_not_exists(pk)' } },
            // The holder's payment_done notice (issue 12), in the same transaction.
            { Put: { TableName: T, Item: { pk: `OUTBOX#bench-${randomUUID()}`, sk: 'EVENT', type: 'outboxHolderEvent', kind: 'payment_done', cardId: billId, at, data: {} }, ConditionExpression: 'attribute_not_exists(pk)' } },
          ],
        }),
      );
      return card.idHash as string;
    };
  }

  function issueOnce(holder: { session: Session }) {
      const { channelId, openid } = holder.session;
      return async () => {
        const binding = await get(bindingUserKey(channelId, openid));
        if (!binding) throw new Error('no binding');
        const card = await get(cardKey(binding.cardId as string));
        if (!card || card.status !== 'normal') throw new Error('card not usable');
        const code = randomCode();
        await raw.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: T,
                  Item: codeItem(card, holder.session, code, new Date()),
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              },
              {
                Update: {
                  TableName: T,
                  Key: bindingUserKey(channelId, openid),
                  UpdateExpression: 'SET currentCode = :value',
                  ConditionExpression: 'cardId = :card',
                  ExpressionAttributeValues: { ':value': code, ':card': card.cardId },
                },
              },
              {
                // No loss report since the card was read (its codes epoch is the same).
                ConditionCheck: {
                  TableName: T,
                  Key: cardKey(card.cardId as string),
                  ConditionExpression: '#s = :normal AND (attribute_not_exists(codesEpoch) OR codesEpoch = :epoch)',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':normal': 'normal', ':epoch': 0 },
                },
              },
            ],
          }),
        );
        return card.idHash as string;
      };
  }

  function verifyOnce(code: string, lean: boolean) {
      return async () => {
        const rec = lean ? (await Promise.all([claimNonce(), get(codeKey(code))]))[1] : (await claimNonce(), await get(codeKey(code)));
        if (!rec) throw new Error('unknown code');
        const now = new Date().toISOString();
        await raw.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: T,
                  Key: codeKey(code),
                  UpdateExpression: 'SET #status = :used, usedAt = :now, usedBy = :by',
                  ConditionExpression: '#status = :active AND expiresAt > :now',
                  ExpressionAttributeNames: { '#status': 'status' },
                  ExpressionAttributeValues: { ':used': 'used', ':active': 'active', ':now': now, ':by': `verification:${PHARMACY.id}:payment` },
                },
              },
              {
                ConditionCheck: {
                  TableName: T,
                  Key: bindingUserKey(rec.channelId as string, rec.openid as string),
                  ConditionExpression: 'cardId = :card AND currentCode = :v',
                  ExpressionAttributeValues: { ':card': rec.cardId, ':v': code },
                },
              },
              {
                ConditionCheck: {
                  TableName: T,
                  Key: cardKey(rec.cardId as string),
                  ConditionExpression: '#s = :normal OR (#s = :temp AND lossReport.expiresAt <= :now)',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':normal': 'normal', ':temp': 'lost_temporary', ':now': now },
                },
              },
            ],
          }),
        );
        return rec.idHash as string;
      };
  }

    /**
     * PutItem nonce → GetItem settlement → (GetItem account ∥ GetItem year)
     * → TransactWriteItems[Update settlement, Put ledger entry, Put holder txn, Put idempotency, Put outbox event, Put holder notice,
     * Update account, Update year]. The idempotency record is not read on a first attempt: the
     * transaction's conditional Put of it already refuses a second use of the key.
     * When the account or year moved (condition failed), read those two again and retry; a
     * TransactionConflict is retried after the same jittered backoff as functions/core/table/ddb.ts.
     * lean: the nonce is claimed while the settlement is read: 3 round trips instead of 4; and when the account or year moved, a jittered
     * backoff before reading them again.
     */
  function settleOnce(settlementId: string, lean: boolean) {
      const key = `bench-${randomUUID()}`;
      return async () => {
        let s: Record<string, unknown> | undefined;
        if (lean) {
          s = (await Promise.all([claimNonce(), get(settlementKey(settlementId))]))[1];
        } else {
          await claimNonce();
          s = await get(settlementKey(settlementId));
        }
        // (lean: only a settlement that is no longer 'confirmed', or a transaction refused on
        // the idempotency item, needs the idempotency read, to answer a retry as the first time.)
        if (!s || s.status !== 'confirmed') throw new Error(`settlement ${String(s?.status)}`);
        const idHash = s.idHash as string;
        const year = s.policyYear as number;
        const split = s.split as { total: number; pooledFund: number; personalAccount: number; cash: number };
        const deductible = (s.breakdown as { deductibleApplied: number }).deductibleApplied;
        const entry = `settlement:${settlementId}`;
        let conflicts = 0;
        let moved = 0;
        for (;;) {
          const [account, state] = await Promise.all([get(accountKey(idHash)), get(yearStateKey(idHash, year))]);
          const balance = (account?.balance as number) ?? 0;
          const ver = (state?.ver as number) ?? 0;
          const personal = Math.min(balance, split.personalAccount + split.cash);
          const amounts = { total: split.total, pooledFund: split.pooledFund, personalAccount: personal, cash: split.total - split.pooledFund - personal };
          const at = new Date();
          const iso = at.toISOString();
          const day = new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
          const items: object[] = [
            {
              Update: {
                TableName: T,
                Key: settlementKey(settlementId),
                UpdateExpression: 'SET #status = :to, settledAt = :at, #split = :split, breakdown = :bd REMOVE gsi1pk, gsi1sk',
                ConditionExpression: '#status IN (:from0)',
                ExpressionAttributeNames: { '#status': 'status', '#split': 'split' },
                ExpressionAttributeValues: { ':to': 'settled', ':from0': 'confirmed', ':at': iso, ':split': amounts, ':bd': s.breakdown },
              },
            },
            {
              Put: {
                TableName: T,
                Item: {
                  ...ledgerEntryKey(entry),
                  type: 'ledgerEntry',
                  gsi1pk: institutionDayKey(PHARMACY.id, day),
                  gsi1sk: `${iso}#${entry}`,
                  entry,
                  kind: 'settlement',
                  settlementId,
                  institutionId: PHARMACY.id,
                  institutionOrderId: s.institutionOrderId,
                  day,
                  at: iso,
                  amounts,
                  postings: [
                    { entry, account: `fund:${String(s.regionCode)}:pooled`, amount: -amounts.pooledFund },
                    { entry, account: `person:${idHash}:personal`, amount: -amounts.personalAccount },
                    { entry, account: `person:${idHash}:cash`, amount: -amounts.cash },
                    { entry, account: `institution:${PHARMACY.id}:receivable`, amount: amounts.pooledFund + amounts.personalAccount },
                    { entry, account: `institution:${PHARMACY.id}:cash`, amount: amounts.cash },
                  ].filter((p) => p.amount !== 0),
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: T,
                Item: {
                  ...holderTxnKey(idHash, iso, entry),
                  type: 'holderTxn',
                  entry,
                  kind: 'settlement',
                  settlementId,
                  institutionName: s.institutionName,
                  at: iso,
                  personalAccountChange: -amounts.personalAccount,
                  amounts,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: T,
                Item: {
                  ...idempotencyKey(PHARMACY.id, key),
                  type: 'idempotency',
                  institutionId: PHARMACY.id,
                  key,
                  operation: 'settle',
                  settlementId,
                  requestHash: 'x'.repeat(64),
                  createdAt: iso,
                  ttl: Math.floor(at.getTime() / 1000) + 7 * 86_400,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            // The institution's settlement.settled event (issue 11), in the same transaction.
            { Put: { TableName: T, Item: { pk: `OUTBOX#bench-${randomUUID()}`, sk: 'EVENT', type: 'outboxInstitutionEvent', eventType: 'settlement.settled', institutionId: PHARMACY.id, at: iso, data: { settlementId } }, ConditionExpression: 'attribute_not_exists(pk)' } },
            // The holder's payment_done notice (issue 12), in the same transaction.
            { Put: { TableName: T, Item: { pk: `OUTBOX#bench-${randomUUID()}`, sk: 'EVENT', type: 'outboxHolderEvent', kind: 'payment_done', cardId: settlementId, at: iso, data: {} }, ConditionExpression: 'attribute_not_exists(pk)' } },
            {
              Update: {
                TableName: T,
                Key: accountKey(idHash),
                UpdateExpression: 'SET balance = balance - :amount, updatedAt = :at',
                ConditionExpression: 'balance >= :amount',
                ExpressionAttributeValues: { ':amount': personal, ':at': iso },
              },
            },
            {
              Update: {
                TableName: T,
                Key: yearStateKey(idHash, year),
                UpdateExpression: 'SET #type = :type, pooledPaidThisYear = :pf, deductibleMetThisYear = :dd, ver = :next',
                ConditionExpression: ver === 0 ? 'attribute_not_exists(ver)' : 'ver = :prev',
                ExpressionAttributeNames: { '#type': 'type' },
                ExpressionAttributeValues: {
                  ':type': 'yearState',
                  ':pf': ((state?.pooledPaidThisYear as number) ?? 0) + amounts.pooledFund,
                  ':dd': ((state?.deductibleMetThisYear as number) ?? 0) + deductible,
                  ':next': ver + 1,
                  ...(ver === 0 ? {} : { ':prev': ver }),
                },
              },
            },
          ];
          try {
            await raw.send(new TransactWriteCommand({ TransactItems: items as never }));
            return idHash;
          } catch (err) {
            const reasons = cancelReasons(err);
            const conflict = reasons?.includes('TransactionConflict') || (err as { name?: string }).name === 'TransactionConflictException';
            if (reasons?.[0] === 'ConditionalCheckFailed') throw new Error('settlement moved');
            // The account and the year are the last two parts (found by position from the end, so
            // that parts added before them, as the outbox events were, keep the retry working).
            const accountOrYearMoved = reasons?.[items.length - 2] === 'ConditionalCheckFailed' || reasons?.[items.length - 1] === 'ConditionalCheckFailed';
            if (!(accountOrYearMoved || conflict)) throw err;
            if (conflict) await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** Math.min(++conflicts, 5)));
            // lean: the account or year moved under us (someone else settled on this account):
            // wait a jittered, growing moment before reading them again, so the contenders
            // spread out instead of colliding again at once.
            else if (lean) await new Promise((r) => setTimeout(r, Math.random() * Math.min(160, 10 * 2 ** Math.min(++moved, 4))));
          }
        }
      };
  }
}

// ---- the data ------------------------------------------------------------------------

/** A code item as functions/codes/issue.ts issueCode writes it (online, valid 60 s). */
export function codeItem(card: Record<string, unknown>, session: Session, code: string, at: Date): Record<string, unknown> {
  const expiresAt = new Date(at.getTime() + 60_000);
  return {
    ...codeKey(code),
    type: 'code',
    code,
    kind: 'online',
    cardId: card.cardId,
    channelId: session.channelId,
    openid: session.openid,
    idHash: card.idHash,
    maskedName: card.maskedName,
    maskedIdNumber: card.maskedIdNumber,
    regionCode: card.regionCode,
    level: card.level,
    issuedAt: at.toISOString(),
    expiresAt: expiresAt.toISOString(),
    status: 'active',
    ttl: Math.floor(expiresAt.getTime() / 1000) + 86_400,
  };
}

export interface VerificationBinding {
  session: Session;
  /** The user-side binding item. */
  item: Record<string, unknown>;
  card: Record<string, unknown>;
}

/**
 * More channel users on the holders' cards, for code verification: only one code per
 * binding is live at a time, so many verifications over a few cards need many bindings.
 * These are user-side binding items (the side a code names and a verification checks),
 * copies of the holder's own under another openid. A real card has one binding per
 * channel; the card-side item is read by none of the measured calls.
 */
export async function addVerificationBindings(holders: Holder[], perHolder: number): Promise<VerificationBinding[][]> {
  const items: Record<string, unknown>[] = [];
  const out: VerificationBinding[][] = [];
  for (const h of holders) {
    const own = await ddb().send(new GetCommand({ TableName: tableName(), Key: bindingUserKey(h.session.channelId, h.session.openid) }));
    if (!own.Item) throw new Error('holder without a binding');
    const { currentCode: _c, ...base } = own.Item;
    const list: VerificationBinding[] = [];
    for (let j = 0; j < perHolder; j++) {
      const session: Session = { ...h.session, openid: `${h.session.openid}-v${j}` };
      const item = { ...base, ...bindingUserKey(session.channelId, session.openid), openid: session.openid };
      items.push(item);
      list.push({ session, item, card: h.card as unknown as Record<string, unknown> });
    }
    out.push(list);
  }
  await batchPut(items);
  return out;
}

/**
 * One live code on each binding (setup, untimed): the code item, as issueCode writes it,
 * and the binding pointing at it, written with BatchWriteItem (issuing them one by one
 * through the service would cost as much DynamoDB Local time as the measurement).
 */
export async function liveCodes(bindings: VerificationBinding[]): Promise<string[]> {
  const at = new Date();
  const items: Record<string, unknown>[] = [];
  const codes = bindings.map((b) => {
    const code = randomCode();
    items.push(codeItem(b.card, b.session, code, at), { ...b.item, currentCode: code });
    return code;
  });
  await batchPut(items);
  return codes;
}

async function batchPut(items: Record<string, unknown>[]): Promise<void> {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) chunks.push(items.slice(i, i + 25));
  await pool(chunks, 4, async (chunk) => {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 8) throw new Error('BatchWrite kept items unprocessed');
      const out = await ddb().send(new BatchWriteCommand({ RequestItems: { [tableName()]: pending.map((Item) => ({ PutRequest: { Item } })) } }));
      pending = (out.UnprocessedItems?.[tableName()] ?? []).map((r) => r.PutRequest!.Item!);
    }
  });
}

/**
 * Confirmed settlements ready to settle, `perHolder` for each holder. One per holder goes
 * the whole way through the services (code → preSettle → confirmSettlement with the PIN);
 * the rest are copies of it under fresh ids and order ids, written as confirmed records.
 * Settling reads nothing of a settlement but its own item, so the copies settle exactly
 * like the original.
 */
export async function confirmedSettlements(holders: Holder[], perHolder: number, run: string): Promise<string[][]> {
  const inst = await getInstitution(PHARMACY.id);
  if (!inst) throw new Error('demo-pharmacy is not seeded');
  const items: Record<string, unknown>[] = [];
  const ids = await pool(holders, 4, async (h) => {
    // Use up the year's deductible first, so that every copy settles at the split it was
    // confirmed with (a settle charges exactly the confirmed split, issue 9).
    const warm = await preSettle(inst, { code: (await issueCode(h.session)).code, institutionOrderId: `bench-${run}-${h.index}-deductible`, items: DEDUCTIBLE_BILL });
    await confirmSettlement(h.session, warm.id, PIN);
    await settleUseCase(inst, warm.id, `bench-${run}-${h.index}-deductible`, {});
    const { code } = await issueCode(h.session);
    const pre = await preSettle(inst, { code, institutionOrderId: `bench-${run}-${h.index}`, items: BILL });
    await confirmSettlement(h.session, pre.id, PIN);
    const original = (await ddb().send(new GetCommand({ TableName: tableName(), Key: settlementKey(pre.id), ConsistentRead: true }))).Item;
    if (original?.status !== 'confirmed') throw new Error('settlement not confirmed');
    const list = [pre.id];
    for (let k = 1; k < perHolder; k++) {
      const id = newId('st');
      const { gsi1pk: _g1, gsi1sk: _g2, ...rest } = original;
      items.push({ ...rest, ...settlementKey(id), id, institutionOrderId: `bench-${run}-${h.index}-${k}` });
      list.push(id);
    }
    return list;
  });
  await batchPut(items);
  return ids;
}

/**
 * Bills pushed to the holders, `perHolder` each, ready to pay: one per holder through the
 * services (code verified with 01101 for its patientRef, then pushBill), the rest copies of it
 * under fresh ids. A payment reads nothing of a bill but its own item.
 */
export async function pushedBills(holders: Holder[], perHolder: number, run: string): Promise<string[][]> {
  const inst = await getInstitution(PHARMACY.id);
  if (!inst) throw new Error('demo-pharmacy is not seeded');
  const items: Record<string, unknown>[] = [];
  const ids = await pool(holders, 4, async (h) => {
    const { patientRef } = await verifyUseCase(inst.id, (await issueCode(h.session)).code, '01101');
    // Self-paid (class C) and within the balance: the personal account pays it all, no cash part.
    const pushed = await pushBill(inst, { patientRef, institutionOrderId: `bench-bill-${run}-${h.index}`, kind: 'pharmacy', items: [{ code: 'C-1', name: '维生素C片', class: 'C', quantity: 1, unitPrice: 890 }] });
    if (pushed.split.cash !== 0) throw new Error('the bench bill has a cash part');
    const original = (await ddb().send(new GetCommand({ TableName: tableName(), Key: billKey(pushed.id), ConsistentRead: true }))).Item!;
    const list = [pushed.id];
    for (let k = 1; k < perHolder; k++) {
      const id = newId('bl');
      items.push({ ...original, ...billKey(id), id, institutionOrderId: `bench-bill-${run}-${h.index}-${k}` });
      list.push(id);
    }
    return list;
  });
  await batchPut(items);
  return ids;
}

/** Random digits for an order id etc. */
export const runId = () => `${Date.now().toString(36)}${randomInt(1_000).toString(36)}`;
