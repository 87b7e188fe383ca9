/**
 * Proofs (参保证明 / 缴费证明) against DynamoDB Local, through the route handlers: issuing and
 * downloading, the verification JSON and page, an expired link, the period's refusals, a forged
 * id refused without a read, a tampered document failing its verification, a helper's proof of a
 * bound relative (and the refusal for an unbound one), another holder without the token, and
 * the access log of each.
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PDFDocument } from 'pdf-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditOf } from '../../functions/core/audit/audit.store.js';
import { setClockOffset } from '../../functions/core/clock.js';
import { pii } from '../../functions/core/pii/crypto.js';
import { issueSessionToken, type Session } from '../../functions/core/session/sessionToken.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { addFamilyMember } from '../../functions/family/members.js';
import { maskIdNumber, maskName } from '../../functions/holder/mask.rules.js';
import { chinaMonthOf, monthIndex, monthOf, PROOF_ID_RANDOM_BYTES, proofIdOf } from '../../functions/proofs/proof.rules.js';
import { proofKey } from '../../functions/proofs/proof.store.js';
import { downloadProof } from '../../functions/proofs/proofDocumentRoutes.js';
import { issueProof } from '../../functions/proofs/proofRoutes.js';
import { proofVerification } from '../../functions/proofs/proofVerificationRoutes.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { peopleFor } from '../support/people.js';
import { lambdaContext, routeEvent } from '../unit/support/lambda.js';
import { claimAs, faceCheck, startFace, stopFace, type ClaimedHolder } from './support.js';

const people = peopleFor(import.meta.url);
const PIN = '258013';
const thisMonth = () => chinaMonthOf(new Date());

beforeAll(startFace);
afterAll(stopFace);
afterEach(() => setClockOffset(0));

type Result = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string>; body: string };
const call = async (handler: (e: never, c: typeof lambdaContext) => Promise<unknown>, event: ReturnType<typeof routeEvent>) =>
  (await handler(event as never, lambdaContext)) as Result;
const json = (r: Result) => JSON.parse(r.body) as Record<string, unknown>;

async function issue(session: Session, body: unknown): Promise<Result> {
  const token = (await issueSessionToken(session)).token;
  return call(
    issueProof,
    routeEvent('POST', '/v1/records/proofs', { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  );
}

/** The download the issued `url` makes (its path and query, as API Gateway hands them over). */
function download(url: string, sourceIp = '198.51.100.7'): Promise<Result> {
  const u = new URL(url);
  const id = u.pathname.split('/')[3]!;
  const event = routeEvent('GET', '/v1/proofs/{id}/document', { rawPath: u.pathname, pathParameters: { id }, query: Object.fromEntries(u.searchParams) });
  return call(downloadProof, { ...event, requestContext: { ...event.requestContext, http: { ...event.requestContext.http, sourceIp } } });
}

function verify(id: string, accept = 'application/json'): Promise<Result> {
  return call(proofVerification, routeEvent('GET', '/v1/proofs/{id}/verification', { rawPath: `/v1/proofs/${id}/verification`, pathParameters: { id }, headers: { accept } }));
}

const idHashOf = async (p: SeedPerson) => (await pii()).hash('idNumber', p.idNumber);
const employee = (p: SeedPerson) => p.personType === 'employee' && p.insuredSince <= '2018-12';

/** Counts the table reads of PROOF# items while `fn` runs. */
async function proofReadsDuring(fn: () => Promise<unknown>): Promise<number> {
  let reads = 0;
  const name = `count-proof-reads-${Math.random()}`;
  ddb().middlewareStack.add(
    (next) => async (args) => {
      const input = (args as { input?: { Key?: { pk?: string } } }).input;
      if (String(input?.Key?.pk ?? '').startsWith('PROOF#')) reads++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    await fn();
  } finally {
    ddb().middlewareStack.remove(name);
  }
  return reads;
}

describe('issuing and downloading a proof', () => {
  let holder: ClaimedHolder;
  let issued: { id: string; url: string; expiresAt: string };
  const period = () => ({ from: monthOf(thisMonth() - 24), to: monthOf(thisMonth() - 1) });

  beforeAll(async () => {
    holder = await claimAs(people.where(employee, 0), PIN);
    const res = await issue(holder.session, { kind: 'contributions', ...period() });
    expect(res.statusCode, res.body).toBe(201);
    issued = json(res) as typeof issued;
  });

  it('answers an id, a link on the API and an expiry an hour on', () => {
    expect(issued.id).toMatch(/^pf_[A-Za-z0-9_-]{32}$/);
    expect(issued.url.startsWith(`${process.env.API_PUBLIC_URL}/v1/proofs/${issued.id}/document?token=`)).toBe(true);
    const left = new Date(issued.expiresAt).getTime() - Date.now();
    expect(left).toBeGreaterThan(3500_000);
    expect(left).toBeLessThanOrEqual(3600_000);
  });

  it('the link downloads the PDF (application/pdf, base64 for API Gateway), several pages for 24 months', async () => {
    const res = await download(issued.url);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="jiaofei-${issued.id}.pdf"`);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.isBase64Encoded).toBe(true);
    const bytes = Buffer.from(res.body, 'base64');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(pdf.getTitle()).toBe(`社会保险缴费证明 ${issued.id}`);
    // Drawn again from the stored document: the same bytes.
    const again = Buffer.from((await download(issued.url)).body, 'base64');
    expect(again.equals(bytes)).toBe(true);
  });

  it('its verification: valid, the masked holder, the period, the hash and the signature hold', async () => {
    const res = await verify(issued.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    const body = json(res);
    expect(body).toMatchObject({
      id: issued.id,
      valid: true,
      kind: 'contributions',
      holder: { maskedName: maskName(holder.person.name), maskedIdNumber: maskIdNumber(holder.person.idNumber) },
      period: period(),
      hashValid: true,
      signatureValid: true,
    });
    expect(body.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(body)).not.toContain(holder.person.idNumber);
  });

  it('a browser (Accept: text/html) gets the zh-CN page saying 有效', async () => {
    const res = await verify(issued.id, 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body).toContain('<title>证明核验：有效</title>');
    expect(res.body).toContain(maskName(holder.person.name));
  });

  it('each access is in the holder’s access log: the issue as self, the download and the checks as a proof holder', async () => {
    const subject = await idHashOf(holder.person);
    const entries = await auditOf(subject, 200);
    const issuedEntry = entries.find((e) => e.operation === 'POST /v1/records/proofs');
    expect(issuedEntry).toMatchObject({ basis: 'self', action: 'change', outcome: 201, actor: { kind: 'holder', cardId: holder.cardId } });
    expect(entries.find((e) => e.operation === 'GET /v1/proofs/{id}/document')).toMatchObject({ basis: 'proof', action: 'read', outcome: 200, actor: { kind: 'public' } });
    expect(entries.find((e) => e.operation === 'GET /v1/proofs/{id}/verification')).toMatchObject({ basis: 'proof', outcome: 200, actor: { kind: 'public' } });
    expect(JSON.stringify(entries)).not.toContain(holder.person.idNumber);
  });

  it('the link expires after an hour: 410 proof_link_expired', async () => {
    setClockOffset(3600_000 + 1000);
    const res = await download(issued.url);
    expect(res.statusCode).toBe(410);
    expect(json(res)).toMatchObject({ code: 'proof_link_expired', status: 410 });
    expect(res.headers['content-type']).toBe('application/problem+json');
    // The proof itself still verifies: only the link expired.
    expect(json(await verify(issued.id)).valid).toBe(true);
  });

  it('another holder cannot download it by its id: no token, a token of another proof or a changed one are 404', async () => {
    const other = await claimAs(people.where(employee, 1), PIN);
    const theirs = json(await issue(other.session, { kind: 'insurance', ...period() })) as typeof issued;
    const mine = new URL(issued.url);
    const withToken = (token: string | undefined) => {
      const u = new URL(mine);
      if (token === undefined) u.searchParams.delete('token');
      else u.searchParams.set('token', token);
      return download(u.toString());
    };
    const theirToken = new URL(theirs.url).searchParams.get('token')!;
    const myToken = mine.searchParams.get('token')!;
    for (const token of [undefined, '', theirToken, `${Number(myToken.split('.')[0]) + 3600}.${myToken.split('.')[1]}`, myToken.slice(0, -1) + (myToken.endsWith('A') ? 'B' : 'A')]) {
      const res = await withToken(token);
      expect(res.statusCode, String(token)).toBe(404);
      expect(json(res).code).toBe('proof_not_found');
    }
    // And their own link works for their own proof.
    expect((await download(theirs.url)).statusCode).toBe(200);
  });
});

describe('the period', () => {
  let holder: ClaimedHolder;
  beforeAll(async () => {
    holder = await claimAs(people.where(employee, 2), PIN);
  });

  it('a month after the current one: 422 proof_period_in_future, naming the latest month', async () => {
    const res = await issue(holder.session, { kind: 'insurance', from: monthOf(thisMonth() - 3), to: monthOf(thisMonth() + 1) });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({ code: 'proof_period_in_future', latest: monthOf(thisMonth()) });
    // The current month itself may be asked.
    expect((await issue(holder.session, { kind: 'insurance', from: monthOf(thisMonth() - 3), to: monthOf(thisMonth()) })).statusCode).toBe(201);
  });

  it('before the first contribution: 422 proof_period_before_first_contribution, naming that month', async () => {
    const first = holder.person.insuredSince;
    const res = await issue(holder.session, { kind: 'contributions', from: monthOf(monthIndex(first) - 1), to: monthOf(monthIndex(first) + 11) });
    expect(res.statusCode).toBe(422);
    expect(json(res)).toMatchObject({ code: 'proof_period_before_first_contribution', firstContribution: first });
    expect((await issue(holder.session, { kind: 'contributions', from: first, to: monthOf(monthIndex(first) + 11) })).statusCode).toBe(201);
  });

  it('malformed, reversed or longer than 10 years: 422 proof_period_invalid on the field; a missing one is a 400', async () => {
    for (const [body, field] of [
      [{ from: '2024-13', to: '2024-12' }, 'from'],
      [{ from: '2024-01', to: '24-12' }, 'to'],
      [{ from: '2024-06', to: '2024-05' }, 'to'],
      [{ from: '2010-01', to: '2020-01' }, 'to'],
    ] as const) {
      const res = await issue(holder.session, { kind: 'contributions', ...body });
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(json(res)).toMatchObject({ code: 'proof_period_invalid', errors: [{ field }] });
    }
    const missing = await issue(holder.session, { kind: 'contributions', from: '2024-01' });
    expect(missing.statusCode).toBe(400);
  });
});

describe('forged and tampered proofs', () => {
  let holder: ClaimedHolder;
  let id: string;
  beforeAll(async () => {
    holder = await claimAs(people.where(employee, 3), PIN);
    id = (json(await issue(holder.session, { kind: 'insurance', from: monthOf(thisMonth() - 12), to: monthOf(thisMonth() - 1) })) as { id: string }).id;
  });

  it('a forged id (another key’s tag, a changed character, any text) is 404 proof_not_found without a table read', async () => {
    const forged = [
      proofIdOf('not-the-server-key', new Uint8Array(PROOF_ID_RANDOM_BYTES).fill(1)),
      id.slice(0, 10) + (id[10] === 'x' ? 'y' : 'x') + id.slice(11),
      'pf_' + 'A'.repeat(32),
      '../../etc/passwd',
      'PROOF#x',
    ];
    const reads = await proofReadsDuring(async () => {
      for (const f of forged) {
        const res = await verify(f);
        expect(res.statusCode, f).toBe(404);
        expect(json(res).code).toBe('proof_not_found');
        const page = await verify(f, 'text/html');
        expect(page.statusCode).toBe(404);
        expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(page.body).toContain('无效');
        expect((await download(`http://x/v1/proofs/${encodeURIComponent(f)}/document?token=1.${'A'.repeat(22)}`)).statusCode).toBe(404);
      }
    });
    expect(reads).toBe(0);
    // A real id is read (the counter counts).
    expect(await proofReadsDuring(() => verify(id))).toBe(1);
  });

  it('a document changed in the table fails: hash and signature invalid, the page says 无效, the PDF is not served', async () => {
    const key = proofKey(id);
    const stored = (await ddb().send(new GetCommand({ TableName: tableName(), Key: key }))).Item!;
    const original = stored.document as string;
    const restore = () => ddb().send(new UpdateCommand({ TableName: tableName(), Key: key, UpdateExpression: 'SET #d = :d, sha256 = :h, signature = :s', ExpressionAttributeNames: { '#d': 'document' }, ExpressionAttributeValues: { ':d': original, ':h': stored.sha256, ':s': stored.signature } }));
    const set = (attrs: Record<string, string>) =>
      ddb().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: key,
          UpdateExpression: `SET ${Object.keys(attrs).map((k, i) => `#a${i} = :v${i}`).join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(Object.keys(attrs).map((k, i) => [`#a${i}`, k])),
          ExpressionAttributeValues: Object.fromEntries(Object.values(attrs).map((v, i) => [`:v${i}`, v])),
        }),
      );
    const issuedUrlToken = async () => (json(await issue(holder.session, { kind: 'insurance', from: monthOf(thisMonth() - 2), to: monthOf(thisMonth() - 1) })) as { url: string }).url;
    expect(json(await verify(id)).valid).toBe(true);

    // The masked name changed in the stored document.
    await set({ document: original.replace('"maskedName":"', '"maskedName":"王') });
    let body = json(await verify(id));
    expect(body).toMatchObject({ valid: false, hashValid: false, signatureValid: false });
    const page = await verify(id, 'text/html');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>证明核验：无效</title>');

    // The hash recomputed to match: the signature still fails.
    const { createHash } = await import('node:crypto');
    const changed = original.replace('"maskedName":"', '"maskedName":"王');
    await set({ document: changed, sha256: createHash('sha256').update(changed).digest('hex') });
    body = json(await verify(id));
    expect(body).toMatchObject({ valid: false, hashValid: true, signatureValid: false });

    // Another proof's document, hash and signature under this id: each holds, but it is not this proof's.
    const otherUrl = await issuedUrlToken();
    const otherId = new URL(otherUrl).pathname.split('/')[3]!;
    const other = (await ddb().send(new GetCommand({ TableName: tableName(), Key: proofKey(otherId) }))).Item!;
    await set({ document: other.document as string, sha256: other.sha256 as string, signature: other.signature as string });
    body = json(await verify(id));
    expect(body).toMatchObject({ valid: false, hashValid: true, signatureValid: true });

    // The signature itself changed.
    await restore();
    await set({ signature: (stored.signature as string).replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) });
    expect(json(await verify(id))).toMatchObject({ valid: false, hashValid: true, signatureValid: false });

    // A tampered document is not served as a PDF.
    await set({ document: changed });
    const link = new URL(otherUrl);
    link.pathname = `/v1/proofs/${id}/document`;
    const { downloadToken } = await import('../../functions/proofs/proofKeys.js');
    link.searchParams.set('token', downloadToken(id, new Date(Date.now() + 600_000)));
    const res = await download(link.toString());
    expect(res.statusCode).toBe(409);
    expect(json(res).code).toBe('proof_invalid');

    await restore();
    expect(json(await verify(id))).toMatchObject({ valid: true, hashValid: true, signatureValid: true });
  });
});

describe('a helper’s proof of a bound relative', () => {
  it('a bound relative’s proof is about the relative; an unbound card is refused as the family service refuses it', async () => {
    const helper = await claimAs(people.where(employee, 4), PIN);
    const relative = await claimAs(people.retiree(0), PIN);
    const stranger = await claimAs(people.where(employee, 5), PIN);
    const face = await faceCheck(helper.session, 'family', 'pass', relative.person);
    const added = await addFamilyMember(helper.session, { relationship: 'parent', name: relative.person.name, idNumber: relative.person.idNumber, faceVerificationId: face.id });
    expect('member' in added).toBe(true);

    const res = await issue(helper.session, { kind: 'insurance', from: monthOf(thisMonth() - 12), to: monthOf(thisMonth() - 1), subjectCardId: relative.cardId });
    expect(res.statusCode, res.body).toBe(201);
    const { id, url } = json(res) as { id: string; url: string };
    const body = json(await verify(id));
    expect(body).toMatchObject({ valid: true, kind: 'insurance', holder: { maskedName: maskName(relative.person.name), maskedIdNumber: maskIdNumber(relative.person.idNumber) } });
    expect((await download(url)).statusCode).toBe(200);
    // The retiree's insurance: pension paid out, not in.
    const stored = (await ddb().send(new GetCommand({ TableName: tableName(), Key: proofKey(id) }))).Item!;
    const doc = JSON.parse(stored.document as string) as { insurance: { lines: { type: string; status: string }[]; retirement?: { since: string } } };
    expect(doc.insurance.lines.find((l) => l.type === 'pension')!.status).toBe('retired');
    expect(doc.insurance.retirement?.since).toMatch(/^\d{4}-\d{2}$/);
    expect(stored).toMatchObject({ subjectCardId: relative.cardId, issuedByCardId: helper.cardId });
    // The relative's access log names the helper's card, on the relative basis.
    const entries = await auditOf(await idHashOf(relative.person), 100);
    expect(entries.find((e) => e.operation === 'POST /v1/records/proofs')).toMatchObject({ basis: 'relative', actor: { kind: 'holder', cardId: helper.cardId }, outcome: 201 });

    const refused = await issue(helper.session, { kind: 'insurance', from: monthOf(thisMonth() - 12), to: monthOf(thisMonth() - 1), subjectCardId: stranger.cardId });
    expect(refused.statusCode).toBe(404);
    expect(json(refused).code).toBe('family_member_not_found');
  });
});
