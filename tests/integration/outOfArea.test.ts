/**
 * Out-of-area care filing (异地就医备案) and the out-of-area terms of the policies, against
 * DynamoDB Local: the filing rules, cancel, a filing for a relative not bound to the helper, and a
 * settlement at an institution of another region with and without a filing; policies as data.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCode } from '../../functions/codes/issue.js';
import { ddb, tableName } from '../../functions/core/table/ddb.js';
import { now } from '../../functions/core/clock.js';
import { institutionItem, type InstitutionRecord } from '../../functions/institutions/institution.store.js';
import { cancelFiling, fileOutOfArea, filingsOf } from '../../functions/outOfArea/filings.js';
import { lastDayAfterMonths } from '../../functions/outOfArea/filing.rules.js';
import { preSettle } from '../../functions/settlement/preSettle.js';
import { forgetPolicies, getPolicy, putPolicy } from '../../functions/settlement/policy.store.js';
import { policyYearOf, type BillItem } from '../../functions/settlement/policy.rules.js';
import { chinaCalendarDate } from '../../functions/holder/idNumber.rules.js';
import { peopleFor } from '../support/people.js';
import { claimAs, faceCheck, startFace, stopFace } from './support.js';
import { addFamilyMember } from '../../functions/family/members.js';
import { runOperator } from '../../scripts/operator.js';

const people = peopleFor(import.meta.url);
const PIN = '369147';
const RUN = Date.now().toString(36);
const today = () => chinaCalendarDate(now());
let order = 0;

beforeAll(startFace);
afterAll(stopFace);

/** A holder insured outside 310100 (Shanghai), the region the test's hospital is in. */
const awayPerson = (n: number) => people.where((p) => p.regionCode !== '310100', n);

describe('filing', () => {
  it('refuses its own region, an end before the start, a short temporary stay, no pledge and an overlap; lists and cancels', async () => {
    const person = awayPerson(0);
    const h = await claimAs(person, PIN);
    const file = (over: Partial<Parameters<typeof fileOutOfArea>[1]>) =>
      fileOutOfArea(h.session, { destinationRegion: '310100', kind: 'resettled_retiree', startDate: today(), pledge: true, ...over });
    await expect(file({ destinationRegion: person.regionCode })).rejects.toMatchObject({ status: 422, code: 'same_region' });
    await expect(file({ destinationRegion: '999999' })).rejects.toMatchObject({ status: 422, code: 'unknown_region' });
    await expect(file({ kind: 'temporary', endDate: '2000-01-01' })).rejects.toMatchObject({ status: 422, code: 'filing_end_before_start' });
    await expect(file({ kind: 'temporary', endDate: lastDayAfterMonths(today(), 3) })).rejects.toMatchObject({ status: 422, code: 'filing_too_short' });
    await expect(file({ kind: 'referral' })).rejects.toMatchObject({ status: 422, code: 'filing_end_required' });
    await expect(file({ pledge: false })).rejects.toMatchObject({ status: 422, code: 'pledge_required' });
    await expect(file({ startDate: '2001-01-01' })).rejects.toMatchObject({ status: 422, code: 'filing_start_out_of_range' });
    expect(await filingsOf(h.session)).toEqual([]);

    const filing = await file({});
    expect(filing).toMatchObject({ status: 'effective', destinationRegion: '310100', destinationName: '上海市', kind: 'resettled_retiree' });
    expect(filing.endDate).toBeUndefined();
    await expect(file({ destinationRegion: '110100', kind: 'temporary', endDate: lastDayAfterMonths(today(), 6) })).rejects.toMatchObject({ status: 409, code: 'filing_overlaps' });
    const cancelled = await cancelFiling(h.session, filing.id);
    expect(cancelled.status).toBe('cancelled');
    await expect(cancelFiling(h.session, filing.id)).rejects.toMatchObject({ status: 409, code: 'filing_not_effective' });
    // Two at once: one passes the overlap check.
    const both = await Promise.allSettled([file({ kind: 'long_term_resident' }), file({ kind: 'posted_worker' })]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await filingsOf(h.session)).map((f) => f.status).sort()).toEqual(['cancelled', 'effective']);
  });

  it('another holder’s filing id is not found; a relative not bound to the helper cannot be filed for', async () => {
    const a = await claimAs(awayPerson(1), PIN);
    const b = await claimAs(awayPerson(2), PIN);
    const filing = await fileOutOfArea(a.session, { destinationRegion: '310100', kind: 'temporary', startDate: today(), endDate: lastDayAfterMonths(today(), 6), pledge: true });
    expect(filing.endDate).toBe(lastDayAfterMonths(today(), 6));
    await expect(cancelFiling(b.session, filing.id)).rejects.toMatchObject({ status: 404, code: 'filing_not_found' });
    await expect(fileOutOfArea(b.session, { destinationRegion: '310100', kind: 'resettled_retiree', startDate: today(), pledge: true }, a.cardId)).rejects.toMatchObject({ status: 404, code: 'family_member_not_found' });
    await expect(filingsOf(b.session, a.cardId)).rejects.toMatchObject({ status: 404 });
  });
});

describe('filing for a relative (亲情服务)', () => {
  it('a helper files for a bound relative: the filing is the relative’s, and says the family filed it', async () => {
    const helper = await claimAs(awayPerson(5), PIN);
    const relative = await claimAs(awayPerson(6), PIN);
    const face = await faceCheck(helper.session, 'family', 'pass', relative.person);
    await addFamilyMember(helper.session, { relationship: 'parent', name: relative.person.name, idNumber: relative.person.idNumber, faceVerificationId: face.id });
    const away = relative.person.regionCode === '310100' ? '110100' : '310100';
    const filing = await fileOutOfArea(helper.session, { destinationRegion: away, kind: 'resettled_retiree', startDate: today(), pledge: true }, relative.cardId);
    expect(filing).toMatchObject({ status: 'effective', filedBy: 'family' });
    // It is the relative's own: in their list, not the helper's; the relative may cancel it.
    expect((await filingsOf(relative.session)).map((f) => f.id)).toEqual([filing.id]);
    expect(await filingsOf(helper.session)).toEqual([]);
    expect((await filingsOf(helper.session, relative.cardId)).map((f) => f.id)).toEqual([filing.id]);
    expect((await cancelFiling(relative.session, filing.id)).status).toBe('cancelled');
  });
});

describe('settling out of area', () => {
  const hospital: InstitutionRecord = { id: `it-oa-hospital-${RUN}`, name: '上海测试医院', kind: 'hospital', level: 1, regionCode: '310100', active: true };
  const bill: BillItem[] = [{ code: 'A-1', name: '诊查费', class: 'A', quantity: 1, unitPrice: 200_000 }];

  beforeAll(async () => {
    await ddb().send(new PutCommand({ TableName: tableName(), Item: institutionItem(hospital) }));
  });

  it('without a filing the unfiled terms apply, with one the filed terms; the split says which', async () => {
    const person = awayPerson(3);
    const h = await claimAs(person, PIN);
    const policy = (await getPolicy(person.regionCode, policyYearOf(now())))!;
    const unfiled = await preSettle(hospital, { code: (await issueCode(h.session)).code, institutionOrderId: `oa-${RUN}-${++order}`, items: bill });
    expect(unfiled.split.outOfArea).toEqual({ filed: false });
    const filing = await fileOutOfArea(h.session, { destinationRegion: '310100', kind: 'long_term_resident', startDate: today(), pledge: true });
    const filed = await preSettle(hospital, { code: (await issueCode(h.session)).code, institutionOrderId: `oa-${RUN}-${++order}`, items: bill });
    expect(filed.split.outOfArea).toEqual({ filed: true, filingId: filing.id });
    // The same bill, the same year so far: only the ratio differs.
    expect(filed.split.pooledFund).toBeGreaterThan(unfiled.split.pooledFund);
    expect(policy.outOfArea.unfiledRatioCutBp).toBeGreaterThan(policy.outOfArea.filedRatioCutBp);
    // At home (the card's own region) there is no outOfArea at all.
    const home: InstitutionRecord = { ...hospital, id: `it-oa-home-${RUN}`, regionCode: person.regionCode };
    await ddb().send(new PutCommand({ TableName: tableName(), Item: institutionItem(home) }));
    const local = await preSettle(home, { code: (await issueCode(h.session)).code, institutionOrderId: `oa-${RUN}-${++order}`, items: bill });
    expect(local.split.outOfArea).toBeUndefined();
    expect(local.split.pooledFund).toBeGreaterThanOrEqual(filed.split.pooledFund);
  });

  it('policies are data: an operator’s change is what the next split uses; a region without one is refused', async () => {
    const person = awayPerson(4);
    const h = await claimAs(person, PIN);
    const year = policyYearOf(now());
    const original = (await getPolicy(person.regionCode, year))!;
    try {
      await putPolicy({ ...original, outOfArea: { filedRatioCutBp: 0, unfiledRatioCutBp: 10_000 } });
      forgetPolicies();
      const s = await preSettle(hospital, { code: (await issueCode(h.session)).code, institutionOrderId: `oa-${RUN}-${++order}`, items: bill });
      expect(s.split).toMatchObject({ pooledFund: 0, outOfArea: { filed: false } });
      await expect(putPolicy({ ...original, outOfArea: { filedRatioCutBp: 500, unfiledRatioCutBp: 100 } })).rejects.toThrow(RangeError);
    } finally {
      await putPolicy(original);
      forgetPolicies();
    }
    expect(await getPolicy('999999', year)).toBeUndefined();
  });

  it('the operator CLI lists, shows, sets (refusing a malformed policy) and writes the defaults', async () => {
    const year = policyYearOf(now()) + 1;
    const lines: string[] = [];
    const errs: string[] = [];
    const run = (...args: string[]) => runOperator(args, (l) => lines.push(l), (l) => errs.push(l));
    expect(await run('policies', 'show', '320100', String(year))).toBe(0);
    const shown = JSON.parse(lines.at(-1)!);
    expect(shown).toMatchObject({ regionCode: '320100', year, outOfArea: expect.any(Object) });
    const { regionCode: _r, year: _y, ...terms } = shown;
    try {
      expect(await run('policies', 'set', '320100', String(year), JSON.stringify({ ...terms, deductible: 12_345 }))).toBe(0);
      expect(await run('policies', 'show', '320100', String(year))).toBe(0);
      expect(JSON.parse(lines.at(-1)!).deductible).toBe(12_345);
      expect(await run('policies', 'set', '320100', String(year), JSON.stringify({ ...terms, deductible: -1 }))).toBe(1);
      expect(errs.at(-1)).toMatch(/refused: policy.deductible/);
      expect(await run('policies', 'set', '320100', String(year), '{not json')).toBe(2);
      expect(await run('policies', 'show', '999999', String(year))).toBe(1);
      expect(await run('policies', 'list', 'soon')).toBe(2);
    } finally {
      expect(await run('policies', 'defaults', String(year))).toBe(0);
      forgetPolicies();
    }
    expect((await getPolicy('320100', year))!.deductible).toBe(terms.deductible);
    const before = lines.length;
    expect(await run('policies', 'list', String(year))).toBe(0);
    expect(lines.length - before).toBeGreaterThanOrEqual(24);
  });
});
