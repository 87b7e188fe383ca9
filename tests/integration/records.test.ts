import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimCard } from '../../functions/cards/claim.js';
import { myContributions, type ContributionsRequest } from '../../functions/pension/contributions.js';
import { ContributionsQuery } from '../../functions/pension/pension.schemas.js';
import { monthOf, retirementMonth, type ContributionRecord } from '../../functions/pension/contributions.rules.js';
import type { Session } from '../../functions/core/session/sessionToken.js';
import { contributions } from '../../functions/pension/recordsRoutes.js';
import { issueSessionToken } from '../../functions/core/session/sessionToken.js';
import { httpEvent, invoke } from '../unit/support/lambda.js';
import { faceCheck, newSession, startFace, stopFace } from './support.js';
import type { SeedPerson } from '../../scripts/seed/people.js';
import { peopleFor } from '../support/people.js';

const people = peopleFor(import.meta.url);
/** Employees insured since 2018 or earlier, so every month the tests read has all five insurances. */
const employeeSince2018 = (p: SeedPerson) => p.personType === 'employee' && p.insuredSince <= '2018-12';
const PIN = '258013';

beforeAll(startFace);
afterAll(stopFace);

async function claimed(person: SeedPerson): Promise<Session> {
  const session = newSession();
  const face = await faceCheck(session, 'claim', 'pass', person);
  await claimCard(session, { name: person.name, idNumber: person.idNumber, faceVerificationId: face.id, pin: PIN, consent: true });
  return session;
}

async function walk(session: Session, req: ContributionsRequest): Promise<{ items: ContributionRecord[]; pages: number }> {
  const items: ContributionRecord[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await myContributions(session, { ...req, cursor });
    expect(page.items.length).toBeLessThanOrEqual(req.limit ?? 12);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 200);
  return { items, pages };
}

const keyOf = (r: ContributionRecord) => `${r.month}|${r.type}`;

describe('contribution records', () => {
  it('an employee: all five insurances, newest first, pages of 12 walking everything once', async () => {
    const session = await claimed(people.where(employeeSince2018, 0));
    const first = await myContributions(session, {});
    expect(first.items).toHaveLength(12);
    expect(new Set(first.items.map((r) => r.type))).toEqual(new Set(['pension', 'medical', 'unemployment', 'work_injury', 'maternity']));
    const { items, pages } = await walk(session, { from: '2019-01', to: '2020-12' });
    expect(items).toHaveLength(24 * 5);
    expect(pages).toBe(10);
    expect(new Set(items.map(keyOf)).size).toBe(items.length);
    expect(items[0]!.month).toBe('2020-12');
    expect(items.at(-1)!.month).toBe('2019-01');
    const months = items.map((r) => r.month);
    expect([...months].sort().reverse()).toEqual(months);
    for (const r of items) {
      expect(r.status === 'paid' || r.status === 'arrears').toBe(true);
      expect(r.employerAmount + r.personalAmount).toBeGreaterThan(0);
    }
    // The same records again: derived deterministically.
    expect((await walk(session, { from: '2019-01', to: '2020-12', limit: 60 })).items).toEqual(items);
  });

  it('filters by type and month range', async () => {
    const session = await claimed(people.where(employeeSince2018, 1));
    const { items } = await walk(session, { type: 'medical', from: '2020-03', to: '2021-02', limit: 5 });
    expect(items).toHaveLength(12);
    expect(items.every((r) => r.type === 'medical' && r.month >= '2020-03' && r.month <= '2021-02')).toBe(true);
  });

  it('a resident pays resident pension and medical insurance themselves', async () => {
    const session = await claimed(people.where((p) => p.personType === 'resident' && p.insuredSince <= '2024-01'));
    const { items } = await walk(session, { from: '2024-01', to: '2024-12', limit: 60 });
    expect(new Set(items.map((r) => r.type))).toEqual(new Set(['pension', 'medical']));
    expect(items.every((r) => r.payer === '个人缴费' && r.employerAmount === 0)).toBe(true);
  });

  it('a retiree has no contributions after retirement', async () => {
    const retiree = people.retiree(0);
    const session = await claimed(retiree);
    // The first months after this retiree's retirement (the seed makes retirees retired by its date).
    const retired = retirementMonth(retiree);
    const page = await myContributions(session, { from: monthOf(retired), to: monthOf(retired + 5) });
    expect(page.items).toEqual([]);
    expect(page.nextCursor).toBeUndefined();
  });

  it('refuses bad ranges and cursors, naming the field', async () => {
    const session = await claimed(people.where(employeeSince2018, 2));
    await expect(myContributions(session, { from: '2024-05', to: '2024-04' })).rejects.toMatchObject({
      status: 400,
      code: 'invalid_range',
      errors: [{ field: 'from' }],
    });
    await expect(myContributions(session, { from: '2010-01', to: '2020-01' })).rejects.toMatchObject({
      status: 400,
      errors: [{ field: 'to' }],
    });
    await expect(myContributions(session, { cursor: 'garbage' })).rejects.toMatchObject({ code: 'invalid_cursor', errors: [{ field: 'cursor' }] });
    const page = await myContributions(session, { from: '2020-01', to: '2020-12' });
    // A cursor belongs to the query it came from.
    await expect(myContributions(session, { from: '2020-01', to: '2020-11', cursor: page.nextCursor })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
    // The schema names malformed months, types and limits.
    const parsed = ContributionsQuery.safeParse({ from: '2024-13', type: 'dental', limit: '61' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['from', 'limit', 'type']);
    expect(ContributionsQuery.parse({ limit: '60' }).limit).toBe(60);
  });

  it('needs a claimed card', async () => {
    await expect(myContributions(newSession(), {})).rejects.toMatchObject({ status: 404, code: 'card_not_found' });
  });

  it('the handler: query string validated field by field, problem+json, pages with nextCursor', async () => {
    const session = await claimed(people.where(employeeSince2018, 3));
    const { token } = await issueSessionToken(session);
    const get = (query: Record<string, string>) =>
      invoke(
        contributions,
        httpEvent('httpApiGetCardsMe', {
          rawPath: '/v1/records/contributions',
          rawQueryString: new URLSearchParams(query).toString(),
          queryStringParameters: query,
          headers: { authorization: `Bearer ${token}` },
        }),
      );
    const ok = await get({ from: '2023-01', to: '2023-12', limit: '5' });
    expect(ok.statusCode).toBe(200);
    expect((ok.body.items as unknown[]).length).toBeLessThanOrEqual(5);
    const bad = await get({ from: '2023-1', limit: '0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((bad.body.errors as { field: string }[]).map((e) => e.field).sort()).toEqual(['from', 'limit']);
    const reversed = await get({ from: '2023-12', to: '2023-01' });
    expect(reversed).toMatchObject({ statusCode: 400, body: { code: 'invalid_range', errors: [{ field: 'from' }] } });
  });
});
