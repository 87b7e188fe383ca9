/**
 * The PIPL access log (issue 9): every read or change of a person's information through a
 * route (holder, helper acting for a relative, terminal) or the operator CLI leaves an
 * append-only entry: who, what, when, through which channel or institution, on what basis;
 * the person as their keyed hash, no plaintext personal information; kept 3 years by TTL.
 * The routes run in-process against DynamoDB Local with real HTTP API events.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMyCard } from '../../functions/cards/cardsRoutes.js';
import { getAccount, pendingSettlements } from '../../functions/settlement/holderRoutes.js';
import { listFamilyMembers } from '../../functions/family/familyRoutes.js';
import { preSettle } from '../../functions/settlement/preSettle.js';
import { getInstitution } from '../../functions/institutions/institution.store.js';
import { startFaceVerification } from '../../functions/face/faceRoutes.js';
import { verifyCode } from '../../functions/codes/verifyRoutes.js';
import { issueCode } from '../../functions/codes/issue.js';
import { addFamilyMember, issueFamilyMemberCode } from '../../functions/family/members.js';
import { auditOf, appendAudit, type AuditEntry } from '../../functions/core/audit/audit.store.js';
import { issueSessionToken, type Session } from '../../functions/core/session/sessionToken.js';
import { pii } from '../../functions/core/pii/crypto.js';
import { RETENTION_SECONDS } from '../../functions/core/retention.js';
import { epochSeconds } from '../../functions/core/clock.js';
import { signatureHeaders } from '../support/signedHeaders.js';
import { runOperator } from '../../scripts/operator.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { invoke, routeEvent } from '../unit/support/lambda.js';
import { claimAs, faceCheck, startFace, stopFace, type ClaimedHolder } from './support.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const PHARMACY = { id: 'demo-pharmacy', secret: 'demo-pharmacy-secret-not-for-production' };

beforeAll(startFace);
afterAll(stopFace);

const idHashOf = async (p: SeedPerson) => (await pii()).hash('idNumber', p.idNumber);

/** A real HTTP API event for `method path`, with a JSON body if given. */
const event = (method: string, path: string, opts: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {}) =>
  routeEvent(method, path, {
    query: opts.query,
    headers: { ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });

const bearer = async (session: Session) => ({ authorization: `Bearer ${(await issueSessionToken(session)).token}` });

/** The newest entries of a person for an operation. */
async function entriesOf(subject: string, operation: string): Promise<AuditEntry[]> {
  return (await auditOf(subject)).filter((e) => e.operation === operation);
}

function expectNoPlaintext(entries: AuditEntry[], ...persons: SeedPerson[]) {
  const text = JSON.stringify(entries);
  for (const p of persons) {
    expect(text).not.toContain(p.idNumber);
    expect(text).not.toContain(p.name);
  }
}

describe('the access log', () => {
  let holder: ClaimedHolder;
  let subject: string;
  beforeAll(async () => {
    holder = await claimAs(people.claimable(0), PIN);
    subject = await idHashOf(holder.person);
  });

  it('a holder reading their card: one entry naming the channel, the card, the operation and the outcome', async () => {
    const reply = await invoke(getMyCard, event('GET', '/v1/cards/me', { headers: await bearer(holder.session) }));
    expect(reply.statusCode).toBe(200);
    const [entry] = await entriesOf(subject, 'GET /v1/cards/me');
    expect(entry).toMatchObject({
      subject,
      action: 'read',
      basis: 'self',
      outcome: 200,
      actor: { kind: 'holder', channelId: holder.session.channelId, cardId: holder.cardId },
    });
    expect(entry!.ttl - epochSeconds(new Date(entry!.at))).toBe(RETENTION_SECONDS.auditEntry);
    expectNoPlaintext([entry!], holder.person);
    expect(JSON.stringify(entry)).not.toContain(holder.session.openid);
  });

  it('a helper reading a relative’s account: the relative’s entry says so and names the helper’s card', async () => {
    const relative = await claimAs(people.claimable(1), PIN);
    const face = await faceCheck(holder.session, 'family', 'pass', relative.person);
    await addFamilyMember(holder.session, { relationship: 'parent', name: relative.person.name, idNumber: relative.person.idNumber, faceVerificationId: face.id });
    const reply = await invoke(getAccount, event('GET', '/v1/accounts/me', { query: { subjectCardId: relative.cardId }, headers: await bearer(holder.session) }));
    expect(reply.statusCode).toBe(200);
    const relativeHash = await idHashOf(relative.person);
    const [entry] = await entriesOf(relativeHash, 'GET /v1/accounts/me');
    expect(entry).toMatchObject({ basis: 'relative', action: 'read', actor: { kind: 'holder', cardId: holder.cardId } });
    expectNoPlaintext([entry!], holder.person, relative.person);

    // Listing relatives, and a relative's bill (its medical items) waiting for the helper's PIN.
    expect((await invoke(listFamilyMembers, event('GET', '/v1/family/members', { headers: await bearer(holder.session) }))).statusCode).toBe(200);
    expect(await entriesOf(relativeHash, 'GET /v1/family/members')).toHaveLength(1);
    const pharmacy = (await getInstitution('demo-pharmacy'))!;
    const { code } = await issueFamilyMemberCode(holder.session, relative.cardId);
    await preSettle(pharmacy, { code, institutionOrderId: `audit-${process.pid}-${Date.now()}`, items: [{ code: 'OTC-001', name: '维生素C片', class: 'C', quantity: 1, unitPrice: 500 }] });
    expect((await invoke(pendingSettlements, event('GET', '/v1/settlements/pending', { headers: await bearer(holder.session) }))).statusCode).toBe(200);
    expect(await entriesOf(relativeHash, 'GET /v1/settlements/pending')).toMatchObject([{ basis: 'relative', actor: { cardId: holder.cardId } }]);
  });

  it('a refused identity check is an access of the register too', async () => {
    const probed = people.claimable(2);
    const reply = await invoke(
      startFaceVerification,
      event('POST', '/v1/face-verifications', { body: { purpose: 'claim', name: '王某某', idNumber: probed.idNumber }, headers: await bearer(holder.session) }),
    );
    expect(reply.statusCode).toBe(422);
    const [entry] = await entriesOf(await idHashOf(probed), 'POST /v1/face-verifications');
    expect(entry).toMatchObject({ basis: 'identity_check', action: 'change', outcome: 422, actor: { channelId: holder.session.channelId } });
    expectNoPlaintext([entry!], probed);
  });

  it('a terminal verifying a code: the entry names the institution', async () => {
    const { code } = await issueCode(holder.session);
    const body = JSON.stringify({ code, businessType: 'query' });
    const headers = signatureHeaders(
      { header: 'x-essc-institution', id: PHARMACY.id, secret: PHARMACY.secret },
      { method: 'POST', pathWithQuery: '/v1/terminal/code-verifications', timestamp: Math.floor(Date.now() / 1000), body: Buffer.from(body) },
    );
    const reply = await invoke(verifyCode, event('POST', '/v1/terminal/code-verifications', { body: JSON.parse(body), headers }));
    expect(reply.statusCode).toBe(200);
    const [entry] = await entriesOf(subject, 'POST /v1/terminal/code-verifications');
    expect(entry).toMatchObject({ basis: 'terminal', actor: { kind: 'terminal', institutionId: PHARMACY.id }, outcome: 200 });
  });

  it('entries are append-only: the same entry cannot be written over', async () => {
    const [entry] = await entriesOf(subject, 'GET /v1/cards/me');
    await appendAudit([{ ...entry!, outcome: 599 }]);
    const [again] = await entriesOf(subject, 'GET /v1/cards/me');
    expect(again).toEqual(entry);
  });
});

describe('the operator CLI', () => {
  it('listing review cases logs an access of each person shown, naming the operator', async () => {
    const person = people.claimable(3);
    const subject = await idHashOf(person);
    const holder = await claimAs(person, PIN);
    // Three failed pension checks open a review case (face/review.store).
    for (let i = 0; i < 3; i++) await faceCheck(holder.session, 'unlock', 'fail');
    process.env.OPERATOR = 'ops-zhang';
    try {
      expect(await runOperator(['reviews', 'open'], () => {})).toBe(0);
    } finally {
      delete process.env.OPERATOR;
    }
    const [entry] = await entriesOf(subject, 'operator reviews');
    expect(entry).toMatchObject({ basis: 'operator', action: 'read', outcome: 0, actor: { kind: 'operator', operator: 'ops-zhang' } });
  });
});
