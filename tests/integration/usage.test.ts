/**
 * The usage log (用卡记录, GET /v1/cards/me/usage) against DynamoDB Local: real routes leave
 * their access log entries (claim, a code verified at the demo pharmacy, a settlement
 * confirmed and settled, a loss report, a helper showing a relative's code), and the holder
 * reads them back newest first, paged by cursor, with the names of the channel and the
 * institution, masked; another holder's entries never appear, and a bad cursor is a 400.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimCard } from '../../functions/cards/claimRoutes.js';
import { getMyCard, reportLoss } from '../../functions/cards/cardsRoutes.js';
import { issueCode } from '../../functions/codes/issue.js';
import { verifyCode } from '../../functions/codes/verifyRoutes.js';
import { addFamilyMember } from '../../functions/family/familyAddRoutes.js';
import { issueFamilyCode } from '../../functions/family/familyRoutes.js';
import { getInstitution } from '../../functions/institutions/institution.store.js';
import { confirmSettlement } from '../../functions/settlement/holderRoutes.js';
import { preSettle } from '../../functions/settlement/terminalPreSettleRoutes.js';
import { settle } from '../../functions/settlement/terminalSettleRoutes.js';
import { listUsage } from '../../functions/usage/usageRoutes.js';
import type { UsageEntry } from '../../functions/usage/usage.rules.js';
import { issueSessionToken, type Session } from '../../functions/core/session/sessionToken.js';
import { runOperator } from '../../scripts/operator.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { invoke, routeEvent } from '../unit/support/lambda.js';
import { signedRouteEvent, type TestSigner } from '../support/signedEvent.js';
import { peopleFor } from '../support/people.js';
import { claimAs, faceCheck, newSession, startFace, stopFace, type ClaimedHolder } from './support.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const PHARMACY: TestSigner = { header: 'x-essc-institution', id: 'demo-pharmacy', secret: 'demo-pharmacy-secret-not-for-production' };
const SANDBOX_NAME = '沙箱渠道（H5）';
let pharmacyName: string;

beforeAll(async () => {
  await startFace();
  pharmacyName = (await getInstitution('demo-pharmacy'))!.name;
});
afterAll(stopFace);

const bearer = async (session: Session) => ({ authorization: `Bearer ${(await issueSessionToken(session)).token}` });

/** A holder route, in-process with a real HTTP API event. */
async function call(handler: Parameters<typeof invoke>[0], session: Session, method: string, route: string, opts: { body?: unknown; rawPath?: string; pathParameters?: Record<string, string>; query?: Record<string, string> } = {}) {
  return invoke(
    handler,
    routeEvent(method, route, {
      ...(opts.rawPath ? { rawPath: opts.rawPath } : {}),
      ...(opts.pathParameters ? { pathParameters: opts.pathParameters } : {}),
      ...(opts.query ? { query: opts.query } : {}),
      headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(await bearer(session)) },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
    }),
  );
}

/** A terminal route of the demo pharmacy, signed. */
const terminal = (handler: Parameters<typeof invoke>[0], method: string, route: string, opts: Parameters<typeof signedRouteEvent>[3] = {}) =>
  invoke(handler, signedRouteEvent(PHARMACY, method, route, opts));

/** Claims `person` through the claim route (so the claim is in the access log). */
async function claimByRoute(person: SeedPerson, session = newSession()): Promise<ClaimedHolder> {
  const face = await faceCheck(session, 'claim', 'pass', person);
  const reply = await call(claimCard, session, 'POST', '/v1/cards/claims', { body: { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true } });
  expect(reply.statusCode).toBe(201);
  return { session, person, cardId: (reply.body.card as { id: string }).id };
}

async function usagePage(session: Session, query: Record<string, string> = {}) {
  const reply = await call(listUsage, session, 'GET', '/v1/cards/me/usage', { query });
  return reply as { statusCode: number; headers: Record<string, string>; body: { entries: UsageEntry[]; cursor?: string } & Record<string, unknown> };
}

/** The holder's whole log, page by page (`limit` a page). */
async function wholeLog(session: Session, limit: number): Promise<{ entries: UsageEntry[]; pages: number }> {
  const entries: UsageEntry[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await usagePage(session, { limit: String(limit), ...(cursor ? { cursor } : {}) });
    expect(page.statusCode).toBe(200);
    expect(page.body.entries.length).toBeLessThanOrEqual(limit);
    entries.push(...page.body.entries);
    cursor = page.body.cursor;
    pages += 1;
  } while (cursor && pages < 50);
  return { entries, pages };
}

const textOf = (x: unknown) => JSON.stringify(x);

describe('the usage log', () => {
  let holder: ClaimedHolder;
  let relative: ClaimedHolder;
  let other: ClaimedHolder;

  beforeAll(async () => {
    holder = await claimByRoute(people.claimable(0));
    relative = await claimAs(people.claimable(1), PIN);
    other = await claimByRoute(people.claimable(2));
  });

  it('the claim, then a code verified at the demo pharmacy (business type, institution and channel named); the holder’s own reads are not listed', async () => {
    expect((await call(getMyCard, holder.session, 'GET', '/v1/cards/me')).statusCode).toBe(200);
    const { code } = await issueCode(holder.session);
    const verified = await terminal(verifyCode, 'POST', '/v1/terminal/code-verifications', { body: { code, businessType: '01101' } });
    expect(verified.statusCode).toBe(200);

    const page = await usagePage(holder.session);
    expect(page.statusCode).toBe(200);
    expect(page.body.entries.map((e) => e.kind)).toEqual(['code_verification', 'claim']);
    const [verification, claim] = page.body.entries;
    expect(verification).toMatchObject({
      kind: 'code_verification',
      actor: 'institution',
      institution: { id: 'demo-pharmacy', name: pharmacyName },
      channel: { id: 'sandbox', name: SANDBOX_NAME },
      businessType: '01101',
      detail: `${pharmacyName}核验电子社保卡码（挂号）`,
    });
    expect(claim).toMatchObject({ kind: 'claim', actor: 'self', channel: { id: 'sandbox', name: SANDBOX_NAME }, detail: '申领电子社保卡' });
    expect(Date.parse(verification!.at)).toBeGreaterThanOrEqual(Date.parse(claim!.at));
  });

  it('a settlement: pre-settled by the pharmacy, a wrong PIN, confirmed by the holder, settled', async () => {
    const { code } = await issueCode(holder.session);
    const order = `it-usage-${process.pid}-${Date.now().toString(36)}`;
    const created = await terminal(preSettle, 'POST', '/v1/terminal/settlements', {
      body: { code, institutionOrderId: order, items: [{ code: 'OTC-001', name: '维生素C片', class: 'C', quantity: 1, unitPrice: 800 }] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.body.id as string;
    const confirmPath = { rawPath: `/v1/settlements/${id}/confirmation`, pathParameters: { id } };
    expect((await call(confirmSettlement, holder.session, 'POST', '/v1/settlements/{id}/confirmation', { ...confirmPath, body: { pin: '000000' } })).statusCode).toBe(422);
    expect((await call(confirmSettlement, holder.session, 'POST', '/v1/settlements/{id}/confirmation', { ...confirmPath, body: { pin: PIN } })).statusCode).toBe(200);
    const settled = await terminal(settle, 'POST', '/v1/terminal/settlements/{id}/settle', {
      rawPath: `/v1/terminal/settlements/${id}/settle`,
      pathParameters: { id },
      headers: { 'idempotency-key': `usage-${order}` },
    });
    expect(settled.statusCode).toBe(200);

    const { entries } = (await usagePage(holder.session, { limit: '4' })).body;
    expect(entries.map((e) => [e.kind, e.actor, e.detail])).toEqual([
      ['settlement', 'institution', `${pharmacyName}完成医保结算`],
      ['settlement', 'self', `确认${pharmacyName}的医保结算`],
      ['settlement', 'self', `确认${pharmacyName}的医保结算（未成功：密码错误）`],
      ['settlement', 'institution', `${pharmacyName}发起医保结算，待确认`],
    ]);
    expect(entries[3]).toMatchObject({ businessType: 'payment', channel: { id: 'sandbox' }, institution: { id: 'demo-pharmacy', name: pharmacyName } });
    expect(entries[1]).toMatchObject({ institution: { id: 'demo-pharmacy', name: pharmacyName }, channel: { id: 'sandbox', name: SANDBOX_NAME } });
  });

  it('a helper shows a relative’s code: the relative reads that a relative did (and the verification, shown by a relative), the helper what they did for a relative; neither is named', async () => {
    const face = await faceCheck(holder.session, 'family', 'pass', relative.person);
    const added = await call(addFamilyMember, holder.session, 'POST', '/v1/family/members', {
      body: { relationship: 'parent', name: relative.person.name, idNumber: relative.person.idNumber, faceVerificationId: face.id },
    });
    expect(added.statusCode).toBe(201);
    const shown = await call(issueFamilyCode, holder.session, 'POST', '/v1/family/members/{memberId}/codes', {
      rawPath: `/v1/family/members/${relative.cardId}/codes`,
      pathParameters: { memberId: relative.cardId },
    });
    expect(shown.statusCode).toBe(201);
    expect((await terminal(verifyCode, 'POST', '/v1/terminal/code-verifications', { body: { code: shown.body.code, businessType: 'query' } })).statusCode).toBe(200);

    const relativeLog = (await usagePage(relative.session)).body.entries;
    expect(relativeLog.map((e) => [e.kind, e.actor, e.detail])).toEqual([
      ['code_verification', 'institution', `${pharmacyName}核验电子社保卡码（查询），由亲属出示`],
      ['family', 'family', '亲属为您出示电子社保卡码'],
      ['family', 'family', '亲属将您添加为亲情服务亲属，或向您发出邀请'],
    ]);
    // The helper's channel is theirs: the relative's entries of the helper's calls name none.
    expect(relativeLog[1]).not.toHaveProperty('channel');
    expect(relativeLog[2]).not.toHaveProperty('channel');

    const helperLog = (await usagePage(holder.session, { limit: '2' })).body.entries;
    expect(helperLog.map((e) => [e.kind, e.actor, e.detail])).toEqual([
      ['family', 'self', '为亲属出示电子社保卡码'],
      ['family', 'self', '添加亲属（亲情服务）'],
    ]);
    for (const log of [relativeLog, helperLog]) {
      const text = textOf(log);
      for (const p of [holder.person, relative.person]) {
        expect(text).not.toContain(p.name);
        expect(text).not.toContain(p.idNumber);
      }
      expect(text).not.toContain(holder.cardId);
      expect(text).not.toContain(relative.cardId);
    }
  });

  it('a loss report is the newest entry; the whole log pages by cursor, newest first, each entry once', async () => {
    const reported = await call(reportLoss, holder.session, 'POST', '/v1/cards/me/loss-reports', { body: { kind: 'temporary', pin: PIN } });
    expect(reported.statusCode).toBe(201);
    const first = (await usagePage(holder.session, { limit: '1' })).body;
    expect(first.entries).toMatchObject([{ kind: 'loss_report', actor: 'self', channel: { id: 'sandbox' }, detail: '挂失电子社保卡' }]);
    expect(first.cursor).toEqual(expect.any(String));

    const all = (await usagePage(holder.session, { limit: '100' })).body;
    expect(all.cursor).toBeUndefined();
    // claim, verification, 4 of the settlement, the relative added, the code shown, the loss report.
    expect(all.entries).toHaveLength(9);
    const paged = await wholeLog(holder.session, 2);
    expect(paged.pages).toBe(5);
    expect(paged.entries.map((e) => e.id)).toEqual(all.entries.map((e) => e.id));
    expect(new Set(paged.entries.map((e) => e.id)).size).toBe(9);
    const times = all.entries.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('another holder never sees these entries, nor pages this log with its cursor; an operator’s review shows in the reviewed holder’s log only', async () => {
    for (let i = 0; i < 3; i++) await faceCheck(other.session, 'unlock', 'fail');
    process.env.OPERATOR = 'ops-usage';
    try {
      expect(await runOperator(['reviews', 'open'], () => {})).toBe(0);
    } finally {
      delete process.env.OPERATOR;
    }
    const otherLog = (await wholeLog(other.session, 100)).entries;
    // Other files' operator runs may list the open case too: one entry each.
    const reviews = otherLog.slice(0, -1);
    expect(reviews.length).toBeGreaterThanOrEqual(1);
    for (const e of reviews) expect([e.kind, e.actor, e.detail]).toEqual(['operator', 'operator', '工作人员查看您的人工审核案件']);
    expect(otherLog.at(-1)).toMatchObject({ kind: 'claim', actor: 'self', detail: '申领电子社保卡' });
    expect(textOf(otherLog)).not.toContain('ops-usage');

    const mine = (await wholeLog(holder.session, 100)).entries;
    const theirs = new Set(otherLog.map((e) => e.id));
    expect(mine.filter((e) => theirs.has(e.id))).toEqual([]);
    expect(mine.some((e) => e.kind === 'operator')).toBe(false);
    const relativeIds = new Set((await wholeLog(relative.session, 100)).entries.map((e) => e.id));
    expect(mine.filter((e) => relativeIds.has(e.id))).toEqual([]);

    // The holder's cursor is bound to their log: another holder gets a 400, not the holder's entries.
    const cursor = (await usagePage(holder.session, { limit: '1' })).body.cursor!;
    const stolen = await usagePage(other.session, { cursor });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.body).toMatchObject({ code: 'invalid_cursor' });
    expect(textOf(stolen.body)).not.toContain('loss_report');
  });

  it('a malformed or tampered cursor and a bad limit are 400 problems', async () => {
    const cursor = (await usagePage(holder.session, { limit: '1' })).body.cursor!;
    const tampered = cursor.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    for (const bad of ['not-a-cursor', tampered, `${cursor}A`, `${cursor}.x`]) {
      const reply = await usagePage(holder.session, { cursor: bad });
      expect(reply.statusCode, bad).toBe(400);
      expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ status: 400, code: 'invalid_cursor' });
    }
    for (const limit of ['0', '101', 'many']) expect((await usagePage(holder.session, { limit })).statusCode, limit).toBe(400);
  });

  it('a holder without a card in this channel has no log to read', async () => {
    const reply = await usagePage(newSession());
    expect(reply.statusCode).toBe(404);
    expect(reply.body).toMatchObject({ code: 'card_not_found' });
  });
});
