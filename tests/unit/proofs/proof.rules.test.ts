import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contributionOf, INSURANCE_TYPES, type ContributorProfile } from '../../../functions/pension/contributions.rules.js';
import {
  asOfMonth,
  checkFirstContribution,
  checkPeriod,
  chinaMonthOf,
  contributionsPart,
  documentText,
  insurancePart,
  isProofId,
  linkTokenOf,
  MAX_PROOF_MONTHS,
  monthIndex,
  monthOf,
  openLinkToken,
  prefersHtml,
  PROOF_ID_RANDOM_BYTES,
  PROOF_ID_RE,
  proofIdOf,
  readDocument,
  yuan,
  type ProofDocument,
} from '../../../functions/proofs/proof.rules.js';
import { proofBase } from '../../support/proofDocuments.js';

const KEY = 'unit-test-proof-link-key';
const m = monthIndex;
const monthArb = fc.integer({ min: 1990 * 12, max: 2040 * 12 });

describe('the period', () => {
  it('is valid exactly when from ≤ to ≤ the current month and it spans at most 10 years', () => {
    fc.assert(
      fc.property(monthArb, monthArb, monthArb, (from, to, current) => {
        const got = checkPeriod({ from: monthOf(from), to: monthOf(to) }, current);
        if (to < from || to - from + 1 > MAX_PROOF_MONTHS) return !got.ok && got.code === 'proof_period_invalid' && got.field === 'to';
        if (to > current) return !got.ok && got.code === 'proof_period_in_future' && got.latest === monthOf(current);
        return got.ok && got.from === from && got.to === to;
      }),
    );
  });

  it('the current month may be asked, the next one not', () => {
    const current = m('2026-03');
    expect(checkPeriod({ from: '2026-01', to: '2026-03' }, current)).toEqual({ ok: true, from: m('2026-01'), to: current });
    expect(checkPeriod({ from: '2026-01', to: '2026-04' }, current)).toMatchObject({ ok: false, code: 'proof_period_in_future', latest: '2026-03' });
    expect(checkPeriod({ from: '2025-03', to: '2026-02' }, current)).toMatchObject({ ok: true });
  });

  it('a malformed month is proof_period_invalid on its own field, whatever the other', () => {
    const malformed = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('2026-13', '2026-00', '2026-1', '26-01', '2026/01', '2026-01-01', ' 2026-01', '2026-01 ', '２０２６-01', ''),
    ).filter((s) => !/^\d{4}-(0[1-9]|1[0-2])$/.test(s));
    fc.assert(
      fc.property(malformed, monthArb, fc.boolean(), (bad, other, badIsFrom) => {
        const input = badIsFrom ? { from: bad, to: monthOf(other) } : { from: monthOf(other), to: bad };
        const got = checkPeriod(input, 2040 * 12);
        return !got.ok && got.code === 'proof_period_invalid' && got.field === (badIsFrom ? 'from' : 'to');
      }),
    );
  });

  it('starts no earlier than the first contribution; no contribution at all is no proof', () => {
    fc.assert(
      fc.property(monthArb, fc.option(monthArb, { nil: undefined }), (from, first) => {
        const got = checkFirstContribution({ from }, first);
        if (first === undefined) return !got.ok && got.first === undefined;
        return from >= first ? got.ok : !got.ok && got.first === monthOf(first);
      }),
    );
  });

  it('lists up to the month before the current one (booked the month after)', () => {
    fc.assert(fc.property(monthArb, monthArb, (to, current) => asOfMonth({ to }, current) === Math.min(to, current - 1)));
  });

  it('the current month is China time (UTC+8)', () => {
    expect(monthOf(chinaMonthOf(new Date('2026-01-31T15:59:59Z')))).toBe('2026-01');
    expect(monthOf(chinaMonthOf(new Date('2026-01-31T16:00:00Z')))).toBe('2026-02');
  });
});

describe('proof ids', () => {
  const random = fc.uint8Array({ minLength: PROOF_ID_RANDOM_BYTES, maxLength: PROOF_ID_RANDOM_BYTES });

  it('an id made with the key is one; of the format, 35 characters', () => {
    fc.assert(fc.property(random, (r) => PROOF_ID_RE.test(proofIdOf(KEY, r)) && isProofId(KEY, proofIdOf(KEY, r))));
  });

  it('any changed character, another key, or anything else is refused', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(random, fc.integer({ min: 3, max: 34 }), fc.integer({ min: 1, max: 63 }), (r, at, shift) => {
        const id = proofIdOf(KEY, r);
        const c = alphabet[(alphabet.indexOf(id[at]!) + shift) % 64]!;
        const forged = id.slice(0, at) + c + id.slice(at + 1);
        return !isProofId(KEY, forged) && !isProofId('another-key', id);
      }),
    );
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => !isProofId(KEY, s)));
    expect(() => proofIdOf(KEY, new Uint8Array(8))).toThrow(RangeError);
  });
});

describe('download links', () => {
  const id = proofIdOf(KEY, new Uint8Array(PROOF_ID_RANDOM_BYTES).fill(7));
  const other = proofIdOf(KEY, new Uint8Array(PROOF_ID_RANDOM_BYTES).fill(8));

  it('work until they expire, then are expired; never for another proof or key', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_700_000_000, max: 2_200_000_000 }), fc.integer({ min: -10_000, max: 10_000 }), (expiresAt, offset) => {
        const token = linkTokenOf(KEY, id, expiresAt);
        const now = expiresAt + offset;
        return (
          openLinkToken(KEY, id, token, now) === (now < expiresAt ? 'valid' : 'expired') &&
          openLinkToken(KEY, other, token, now) === 'invalid' &&
          openLinkToken('another-key', id, token, now) === 'invalid'
        );
      }),
    );
  });

  it('a pushed-back expiry or a changed tag is invalid, not merely expired', () => {
    const token = linkTokenOf(KEY, id, 1_800_000_000);
    const [exp, tag] = token.split('.') as [string, string];
    expect(openLinkToken(KEY, id, `${Number(exp) + 3600}.${tag}`, 1_800_000_100)).toBe('invalid');
    expect(openLinkToken(KEY, id, `${exp}.${tag.slice(0, -2)}AA`, 1_700_000_000)).toBe('invalid');
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (s) => openLinkToken(KEY, id, s, 0) === 'invalid'));
  });

  it('no other spelling of the tag passes: its last character’s unused bits count too', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    fc.assert(
      fc.property(fc.integer({ min: 1_800_000_000, max: 1_900_000_000 }), fc.constantFrom(...ALPHABET), (exp, last) => {
        const token = linkTokenOf(KEY, id, exp);
        const changed = `${token.slice(0, -1)}${last}`;
        return changed === token || openLinkToken(KEY, id, changed, exp - 1) === 'invalid';
      }),
    );
  });
});

const employee: ContributorProfile = { key: 'k-emp', personType: 'employee', insuredSince: '2010-03', birthDate: '1985-06-01', gender: 'male' };
const resident: ContributorProfile = { key: 'k-res', personType: 'resident', insuredSince: '2008-01', birthDate: '1970-01-01', gender: 'female' };

function recordsOf(p: ContributorProfile, from: number, to: number) {
  const out = [];
  for (let month = from; month <= to; month++) for (const t of INSURANCE_TYPES) {
    const r = contributionOf(p, t, month);
    if (r) out.push(r);
  }
  return out;
}

describe('the contributions part', () => {
  it('one line per month, oldest first; totals per insurance add up to the lines', () => {
    fc.assert(
      fc.property(fc.constantFrom(employee, resident), fc.integer({ min: m('2011-01'), max: m('2025-12') }), fc.integer({ min: 0, max: 40 }), (p, from, span) => {
        const records = recordsOf(p, from, from + span);
        const part = contributionsPart(records);
        expect(part.months.map((l) => l.month)).toEqual([...new Set(records.map((r) => r.month))].sort());
        expect(part.months.reduce((s, l) => s + l.employer, 0)).toBe(part.employer);
        expect(part.months.reduce((s, l) => s + l.personal, 0)).toBe(part.personal);
        expect(part.totals.reduce((s, t) => s + t.months, 0)).toBe(records.length);
        for (const line of part.months) {
          const ofMonth = records.filter((r) => r.month === line.month);
          expect(line.types).toEqual(ofMonth.map((r) => r.type));
          expect(line.status).toBe(ofMonth.some((r) => r.status === 'arrears') ? 'arrears' : 'paid');
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('the insurance part', () => {
  it('every insurance listed: paying ones by their last month, never paid ones not insured, a retiree’s pension and medical retired', () => {
    const records = recordsOf(resident, m('2024-01'), m('2024-12'));
    const part = insurancePart({
      records,
      asOfRecords: records.filter((r) => r.month === '2024-12'),
      since: { pension: '2008-01', medical: '2008-01' },
      schemes: { pension: 'resident', medical: 'resident' },
    });
    expect(part.lines.map((l) => l.type)).toEqual([...INSURANCE_TYPES]);
    const pension = part.lines.find((l) => l.type === 'pension')!;
    expect(pension).toMatchObject({ scheme: 'resident', since: '2008-01', months: 12 });
    expect(['contributing', 'arrears']).toContain(pension.status);
    expect(part.lines.find((l) => l.type === 'unemployment')).toEqual({ type: 'unemployment', status: 'not_insured', months: 0, arrearsMonths: 0 });
    const retired = insurancePart({ records: [], asOfRecords: [], since: { pension: '1995-01', medical: '1995-01', unemployment: '1995-01' }, schemes: {}, retiredSince: '2020-05', certifiedUntil: '2026-09-01' });
    expect(retired.lines.map((l) => l.status)).toEqual(['retired', 'retired', 'stopped', 'not_insured', 'not_insured']);
    expect(retired.retirement).toEqual({ since: '2020-05', certifiedUntil: '2026-09-01' });
  });
});

describe('documents', () => {
  const doc: ProofDocument = {
    ...proofBase,
    id: proofIdOf(KEY, new Uint8Array(PROOF_ID_RANDOM_BYTES)),
    kind: 'contributions',
    period: { from: '2025-01', to: '2025-12' },
    contributions: contributionsPart(recordsOf(employee, m('2025-01'), m('2025-12'))),
  };

  it('read back as written; anything that is not one is undefined', () => {
    expect(readDocument(documentText(doc))).toEqual(doc);
    expect(documentText(readDocument(documentText(doc))!)).toBe(documentText(doc));
    for (const bad of ['', 'null', '[]', '{}', documentText({ ...doc, v: 2 as 1 }), documentText({ ...doc, kind: 'other' as 'insurance' }), documentText({ ...doc, contributions: undefined })]) {
      expect(readDocument(bad), bad.slice(0, 40)).toBeUndefined();
    }
    fc.assert(fc.property(fc.string(), (s) => readDocument(s) === undefined || typeof readDocument(s) === 'object'));
  });
});

describe('formatting and negotiation', () => {
  it('yuan: two decimals, thousands separators, the same amount', () => {
    fc.assert(fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => Math.round(Number(yuan(fen).replace(/,/g, '')) * 100) === fen));
    expect(yuan(128000)).toBe('1,280.00');
    expect(yuan(5)).toBe('0.05');
  });

  it('a browser gets the page, an API client JSON', () => {
    expect(prefersHtml('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8')).toBe(true);
    expect(prefersHtml('text/html')).toBe(true);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('application/json, text/html;q=0.5')).toBe(false);
    expect(prefersHtml('text/html;q=0, application/json')).toBe(false);
    fc.assert(fc.property(fc.string(), (s) => typeof prefersHtml(s) === 'boolean'));
  });
});
