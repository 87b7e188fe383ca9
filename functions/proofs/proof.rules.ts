/**
 * Proofs (参保证明 / 缴费证明), pure: which periods a proof may cover, the proof's id and its
 * expiring download link (HMAC tags under a key the caller passes), the signed document (the
 * facts the PDF is drawn from) and its labels, and content negotiation for the verification
 * page. No I/O, no clock: times come in as arguments.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  INSURANCE_TYPES,
  MONTH_RE,
  monthIndex,
  monthOf,
  type ContributionRecord,
  type InsuranceType,
} from '../pension/contributions.rules.js';

export const PROOF_KINDS = ['insurance', 'contributions'] as const;
export type ProofKind = (typeof PROOF_KINDS)[number];

/** At most 10 years in one proof (as the contribution list's own range). */
export const MAX_PROOF_MONTHS = 120;

/** How long a download link works. */
export const LINK_SECONDS = 3600;

// --- the period ------------------------------------------------------------------------------

/** The current month (China time) of an instant, as a month index (year × 12 + month − 1). */
export function chinaMonthOf(at: Date): number {
  return monthIndex(new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 7));
}

export type PeriodCheck =
  | { ok: true; from: number; to: number }
  | { ok: false; code: 'proof_period_invalid'; field: 'from' | 'to'; reason: string }
  | { ok: false; code: 'proof_period_in_future'; latest: string };

/**
 * The period as asked: two months `YYYY-MM`, `from` not after `to`, at most 10 years, and `to`
 * not after the current month (the current month itself may be asked; its contributions are
 * booked the month after, so the proof lists them up to the month before: `asOfMonth`).
 */
export function checkPeriod(input: { from: string; to: string }, currentMonth: number): PeriodCheck {
  for (const field of ['from', 'to'] as const) {
    if (!MONTH_RE.test(input[field])) return { ok: false, code: 'proof_period_invalid', field, reason: `${field} 应为 YYYY-MM 格式的月份` };
  }
  const from = monthIndex(input.from);
  const to = monthIndex(input.to);
  if (to < from) return { ok: false, code: 'proof_period_invalid', field: 'to', reason: '结束月份早于起始月份' };
  if (to - from + 1 > MAX_PROOF_MONTHS) return { ok: false, code: 'proof_period_invalid', field: 'to', reason: `最长 ${MAX_PROOF_MONTHS / 12} 年` };
  if (to > currentMonth) return { ok: false, code: 'proof_period_in_future', latest: monthOf(currentMonth) };
  return { ok: true, from, to };
}

/** A proof starts no earlier than the person's first contribution (none at all: no proof). */
export function checkFirstContribution(
  period: { from: number },
  firstContribution: number | undefined,
): { ok: true } | { ok: false; code: 'proof_period_before_first_contribution'; first?: string } {
  if (firstContribution === undefined) return { ok: false, code: 'proof_period_before_first_contribution' };
  if (period.from < firstContribution) return { ok: false, code: 'proof_period_before_first_contribution', first: monthOf(firstContribution) };
  return { ok: true };
}

/** The last month a proof lists: the period's end, or the month before the current one (booked). */
export function asOfMonth(period: { to: number }, currentMonth: number): number {
  return Math.min(period.to, currentMonth - 1);
}

// --- ids and download links --------------------------------------------------------------------

/**
 * A proof id: `pf_`, 15 random bytes and a 9-byte HMAC tag of them (base64url, 32 characters):
 * unguessable, and an id we did not make is refused by its tag before any read.
 */
export const PROOF_ID_RE = /^pf_[A-Za-z0-9_-]{32}$/;
export const PROOF_ID_RANDOM_BYTES = 15;
const ID_TAG_BYTES = 9;
/** 128 bits of tag on a link. */
const LINK_TAG_BYTES = 16;

function mac(key: string, label: string, ...parts: string[]): Buffer {
  return createHmac('sha256', key).update([label, ...parts].join('\n')).digest();
}

export function proofIdOf(key: string, random: Uint8Array): string {
  if (random.length !== PROOF_ID_RANDOM_BYTES) throw new RangeError(`a proof id takes ${PROOF_ID_RANDOM_BYTES} random bytes`);
  const body = Buffer.from(random).toString('base64url');
  return `pf_${body}${mac(key, 'essc-proof-id-v1', body).subarray(0, ID_TAG_BYTES).toString('base64url')}`;
}

/**
 * The tag as written, compared in constant time with the one we would write. Compared as text,
 * not as decoded bytes: a 16-byte tag's last base64url character carries 4 unused bits, so
 * other spellings decode to the same bytes, and a changed token must never pass.
 */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Whether `id` is a proof id made with `key` (format and tag, compared in constant time). */
export function isProofId(key: string, id: string): boolean {
  if (!PROOF_ID_RE.test(id)) return false;
  const body = id.slice(3, 23);
  return sameText(id.slice(23), mac(key, 'essc-proof-id-v1', body).subarray(0, ID_TAG_BYTES).toString('base64url'));
}

/** The download token of proof `id` until `expiresAt` (epoch seconds): `<expiresAt>.<tag>`. */
export function linkTokenOf(key: string, id: string, expiresAt: number): string {
  return `${expiresAt}.${mac(key, 'essc-proof-link-v1', id, String(expiresAt)).subarray(0, LINK_TAG_BYTES).toString('base64url')}`;
}

/** A token we made for this proof (tag first, so a forged expiry learns nothing), and whether it is still valid at `now`. */
export function openLinkToken(key: string, id: string, token: string, now: number): 'valid' | 'expired' | 'invalid' {
  const m = /^(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return 'invalid';
  const expiresAt = Number(m[1]);
  if (!sameText(m[2]!, mac(key, 'essc-proof-link-v1', id, String(expiresAt)).subarray(0, LINK_TAG_BYTES).toString('base64url'))) return 'invalid';
  return now < expiresAt ? 'valid' : 'expired';
}

// --- the document ------------------------------------------------------------------------------

export type InsuranceStatus = 'contributing' | 'arrears' | 'retired' | 'stopped' | 'not_insured';
export type Scheme = 'employee' | 'resident';

export interface InsuranceLine {
  type: InsuranceType;
  /** The scheme of the last month contributed (城镇职工 / 城乡居民). */
  scheme?: Scheme;
  /** At the proof's as-of month. */
  status: InsuranceStatus;
  /** The first month ever contributed to this insurance. */
  since?: string;
  /** Months with a contribution in the period (paid or in arrears). */
  months: number;
  arrearsMonths: number;
}

export interface MonthLine {
  month: string;
  /** Contribution base in fen (0: a resident scheme's flat amount). */
  base: number;
  types: InsuranceType[];
  employer: number;
  personal: number;
  status: 'paid' | 'arrears';
}

export interface TotalLine {
  type: InsuranceType;
  months: number;
  employer: number;
  personal: number;
}

/**
 * What a proof says, signed by essc: the PDF is drawn from exactly this, and the stored text
 * of it is what the hash and the signature cover. Only masked personal information.
 */
export interface ProofDocument {
  v: 1;
  id: string;
  kind: ProofKind;
  /** ISO 8601, UTC. */
  issuedAt: string;
  issuer: { name: string; keyId: string };
  holder: { maskedName: string; maskedIdNumber: string };
  region: { code: string; name: string };
  period: { from: string; to: string };
  /** The last month listed (contributions are booked the month after). */
  asOf: string;
  insurance?: { lines: InsuranceLine[]; retirement?: { since: string; certifiedUntil?: string } };
  contributions?: { months: MonthLine[]; totals: TotalLine[]; employer: number; personal: number };
}

export const ISSUER_NAME = 'essc 电子社保卡平台';

/** The contributions part: one line per month (oldest first) and totals per insurance, from a period's records. */
export function contributionsPart(records: readonly ContributionRecord[]): NonNullable<ProofDocument['contributions']> {
  const byMonth = new Map<string, MonthLine>();
  const totals = new Map<InsuranceType, TotalLine>();
  for (const r of records) {
    const line = byMonth.get(r.month) ?? { month: r.month, base: r.base, types: [], employer: 0, personal: 0, status: 'paid' as const };
    line.types.push(r.type);
    line.base = Math.max(line.base, r.base);
    line.employer += r.employerAmount;
    line.personal += r.personalAmount;
    if (r.status === 'arrears') line.status = 'arrears';
    byMonth.set(r.month, line);
    const total = totals.get(r.type) ?? { type: r.type, months: 0, employer: 0, personal: 0 };
    total.months += 1;
    total.employer += r.employerAmount;
    total.personal += r.personalAmount;
    totals.set(r.type, total);
  }
  const months = [...byMonth.values()]
    .map((l) => ({ ...l, types: INSURANCE_TYPES.filter((t) => l.types.includes(t)) }))
    .sort((a, b) => a.month.localeCompare(b.month));
  const totalLines = INSURANCE_TYPES.flatMap((t) => (totals.has(t) ? [totals.get(t)!] : []));
  return {
    months,
    totals: totalLines,
    employer: totalLines.reduce((s, t) => s + t.employer, 0),
    personal: totalLines.reduce((s, t) => s + t.personal, 0),
  };
}

/**
 * The insurance part: per insurance, its status at the as-of month, since when, and the
 * months contributed in the period.
 * - `records`: the period's records (up to the as-of month);
 * - `asOfRecords`: the records of the as-of month (what the person pays then);
 * - `since`: each insurance's first month ever contributed;
 * - `retiredSince`: a retiree's first month of pension (at or before the as-of month).
 */
export function insurancePart(input: {
  records: readonly ContributionRecord[];
  asOfRecords: readonly ContributionRecord[];
  since: Partial<Record<InsuranceType, string>>;
  schemes: Partial<Record<InsuranceType, Scheme>>;
  retiredSince?: string;
  certifiedUntil?: string;
}): NonNullable<ProofDocument['insurance']> {
  const lines = INSURANCE_TYPES.map((type): InsuranceLine => {
    const inPeriod = input.records.filter((r) => r.type === type);
    const now = input.asOfRecords.find((r) => r.type === type);
    const since = input.since[type];
    const status: InsuranceStatus = now
      ? now.status === 'arrears'
        ? 'arrears'
        : 'contributing'
      : !since
        ? 'not_insured'
        : input.retiredSince && (type === 'pension' || type === 'medical')
          ? 'retired'
          : 'stopped';
    const scheme = input.schemes[type];
    return {
      type,
      ...(scheme ? { scheme } : {}),
      status,
      ...(since ? { since } : {}),
      months: inPeriod.length,
      arrearsMonths: inPeriod.filter((r) => r.status === 'arrears').length,
    };
  });
  return {
    lines,
    ...(input.retiredSince
      ? { retirement: { since: input.retiredSince, ...(input.certifiedUntil ? { certifiedUntil: input.certifiedUntil } : {}) } }
      : {}),
  };
}

/** The stored, signed text of a document: its JSON, members in the order the type lists them. */
export function documentText(doc: ProofDocument): string {
  return JSON.stringify(doc);
}

/** A stored document read back, or undefined when it is not one (a tampered item). */
export function readDocument(text: string): ProofDocument | undefined {
  try {
    const doc = JSON.parse(text) as Partial<ProofDocument> | null;
    if (!doc || typeof doc !== 'object' || doc.v !== 1) return undefined;
    const str = (v: unknown) => typeof v === 'string';
    const ok =
      str(doc.id) &&
      PROOF_KINDS.includes(doc.kind as ProofKind) &&
      str(doc.issuedAt) &&
      str(doc.asOf) &&
      str(doc.holder?.maskedName) &&
      str(doc.holder?.maskedIdNumber) &&
      str(doc.period?.from) &&
      str(doc.period?.to) &&
      str(doc.region?.name) &&
      str(doc.issuer?.keyId) &&
      (doc.kind === 'insurance' ? Array.isArray(doc.insurance?.lines) : Array.isArray(doc.contributions?.months) && Array.isArray(doc.contributions?.totals));
    return ok ? (doc as ProofDocument) : undefined;
  } catch {
    return undefined;
  }
}

// --- labels (the PDF and the verification page) ---------------------------------------------------

export const KIND_TITLES: Record<ProofKind, string> = { insurance: '社会保险参保证明', contributions: '社会保险缴费证明' };

export const INSURANCE_NAMES: Record<InsuranceType, string> = {
  pension: '基本养老保险',
  medical: '基本医疗保险',
  unemployment: '失业保险',
  work_injury: '工伤保险',
  maternity: '生育保险',
};

export const INSURANCE_SHORT: Record<InsuranceType, string> = { pension: '养老', medical: '医疗', unemployment: '失业', work_injury: '工伤', maternity: '生育' };

export const SCHEME_NAMES: Record<Scheme, string> = { employee: '城镇职工', resident: '城乡居民' };

export const STATUS_NAMES: Record<InsuranceStatus, string> = {
  contributing: '参保缴费',
  arrears: '欠费',
  retired: '退休（享受待遇）',
  stopped: '停止缴费',
  not_insured: '未参保',
};

/** Fen as yuan with two decimals and thousands separators: 128000 → 1,280.00. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.round(fen));
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** An instant as China time, `YYYY-MM-DD HH:mm`. */
export function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

// --- content negotiation ------------------------------------------------------------------------

/** Whether an Accept header prefers an HTML page to JSON (a browser opening the QR code's link). */
export function prefersHtml(accept: string | undefined): boolean {
  if (!accept) return false;
  let html = 0;
  let json = 0;
  for (const part of accept.toLowerCase().split(',')) {
    const [type = '', ...params] = part.trim().split(';').map((s) => s.trim());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? '1');
    const weight = Number.isFinite(q) ? q : 0;
    if (type === 'text/html' || type === 'application/xhtml+xml') html = Math.max(html, weight);
    if (type === 'application/json' || type === 'application/problem+json') json = Math.max(json, weight);
  }
  return html > 0 && html > json;
}

export { monthIndex, monthOf };
