/**
 * Small pure helpers of the terminal simulator: money in yuan text ↔ integer fen, bill
 * items from the CLI, order ids, the China day. The POS page carries its own copy of
 * the yuan ↔ fen conversion in its inline script (it runs in the browser); both follow
 * the same rules: at most two decimals, never through floating point.
 */
import { randomBytes } from 'node:crypto';
import type { BillItem } from '../../functions/settlement/index.js';

/** An item as the terminal API takes it (the server's own type). */
export type { BillItem };

/** The sample bill the POS page and the CLI start from: one item of each class. */
export const SAMPLE_ITEMS: readonly BillItem[] = Object.freeze([
  { code: 'A0101', name: '阿莫西林胶囊 0.25g×24粒', class: 'A', quantity: 2, unitPrice: 1550 },
  { code: 'B0207', name: '布洛芬缓释胶囊 0.3g×20粒', class: 'B', quantity: 1, unitPrice: 2380 },
  { code: 'C0312', name: '维生素C咀嚼片 100片', class: 'C', quantity: 1, unitPrice: 890 },
]);

/** The largest amount a price field may hold: 100,000,000 yuan, far above any bill limit. */
const MAX_YUAN_DIGITS = 9;

/**
 * "12.5" → 1250, "¥ 3" → 300, "０.０５" → 5. Accepts full-width digits (an IME), a leading
 * ¥/￥ and surrounding spaces; at most two decimals; no sign. Undefined for anything else.
 */
export function yuanToFen(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const clean = text.normalize('NFKC').trim().replace(/^[¥￥]\s*/, '');
  const m = new RegExp(`^(\\d{1,${MAX_YUAN_DIGITS}})(?:\\.(\\d{0,2}))?$`).exec(clean) ?? /^\.(\d{1,2})$/.exec(clean);
  if (!m) return undefined;
  const [whole, decimals] = m.length === 3 ? [m[1]!, m[2] ?? ''] : ['0', m[1]!];
  return Number(whole) * 100 + Number(decimals.padEnd(2, '0'));
}

/** 1250 → "12.50", -5 → "-0.05". */
export function fenToYuan(fen: number): string {
  const abs = Math.abs(Math.trunc(fen));
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  return fen < 0 ? `-${text}` : text;
}

/**
 * A bill item from the CLI's `--item 'name,class,qty,priceYuan[,code]'`. Throws a
 * RangeError that says what is wrong. `index` numbers the default item code.
 */
export function parseItemSpec(spec: string, index = 0): BillItem {
  const parts = spec.split(/[,，]/).map((p) => p.trim());
  if (parts.length < 4 || parts.length > 5) {
    throw new RangeError(`--item "${spec}": expected name,class,qty,priceYuan[,code]`);
  }
  const [name, cls, qty, price, code] = parts as [string, string, string, string, string | undefined];
  if (!name) throw new RangeError(`--item "${spec}": the name is empty`);
  const upper = cls.toUpperCase();
  if (upper !== 'A' && upper !== 'B' && upper !== 'C') throw new RangeError(`--item "${spec}": the class must be A, B or C`);
  if (!/^\d{1,6}$/.test(qty) || Number(qty) < 1) throw new RangeError(`--item "${spec}": the quantity must be a whole number ≥ 1`);
  const unitPrice = yuanToFen(price);
  if (unitPrice === undefined) throw new RangeError(`--item "${spec}": the price must be yuan with at most two decimals, e.g. 15.50`);
  return {
    code: code || `${upper}${String(index + 1).padStart(4, '0')}`,
    name,
    class: upper,
    quantity: Number(qty),
    unitPrice,
  };
}

/** The day in China (UTC+8, no daylight saving) of an instant, as YYYY-MM-DD. */
export function chinaDate(at: Date | number = Date.now()): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
}

/** An institution order id as the API accepts it: `POS-20261123-153012-1A2B3C`. */
export function newOrderId(at: Date | number = Date.now()): string {
  const ms = typeof at === 'number' ? at : at.getTime();
  const china = new Date(ms + 8 * 3600_000).toISOString();
  const stamp = `${china.slice(0, 10).replace(/-/g, '')}-${china.slice(11, 19).replace(/:/g, '')}`;
  return `POS-${stamp}-${randomBytes(3).toString('hex').toUpperCase()}`;
}

/** A fresh Idempotency-Key (letters, digits and "-", 8 to 128 characters). */
export function newIdempotencyKey(): string {
  return `pos-${randomBytes(12).toString('hex')}`;
}
