/**
 * The dynamic payment code (动态码) format, and the rules of pre-issued offline codes.
 *
 * A code is 20 decimal digits:
 *
 *     88 K RRRRRRRRRRRRRRRR C
 *     │  │ │                └ Luhn check digit over the first 19 digits
 *     │  │ └ 16 random digits, from the caller (crypto.randomInt in the service)
 *     │  └ kind: 1 = online (issued on request, valid 60 s), 2 = offline (pre-issued batch)
 *     └ essc's own prefix
 *
 * Why this shape:
 * - Digits only: it fits a QR code in numeric mode and a Code 128 barcode (set C packs two
 *   digits a symbol) that scanner guns read, and a cashier can type it.
 * - The prefix "88" tells a terminal at once that this is an essc code and not another
 *   payment code it may also accept: WeChat Pay codes start 10-15 (18 digits), Alipay codes
 *   25-30 (16-24 digits), and the national medical insurance code (医保码) is 28 digits.
 *   20 digits with prefix 88 collides with none of them.
 * - The check digit refuses typos at manual entry (and misreads) before any lookup: the
 *   terminal gets `check_digit` ("mistyped, scan again") instead of a lookup that
 *   costs a read and can only say "unknown code". Luhn (ISO/IEC 7812, as on bank cards)
 *   catches every single-digit error and every adjacent transposition except 09 ↔ 90;
 *   such a transposed code still fails safely as an unknown code at the lookup.
 * - The code is a lookup key, not a token to decode: the 16 random digits (~53 bits) carry
 *   no card data, so a code says nothing about its holder; the server finds the card by a
 *   key lookup of the whole code, and a guessed code hits a live one with negligible odds
 *   (a handful of live codes per card among 10^16, each valid a minute and used once).
 *
 * Pure: randomness and time come from the caller.
 */

export const CODE_PREFIX = '88';
export const CODE_LENGTH = 20;
export const RANDOM_DIGITS = 16;

export type CodeKind = 'online' | 'offline';

const KIND_DIGIT: Readonly<Record<CodeKind, string>> = Object.freeze({ online: '1', offline: '2' });
const DIGIT_KIND: Readonly<Record<string, CodeKind>> = Object.freeze({ '1': 'online', '2': 'offline' });

/** An online code is valid this long after issue. */
export const ONLINE_CODE_VALID_MS = 60_000;
/** The app refreshes an online code this long after issue, before it expires. */
export const ONLINE_CODE_REFRESH_MS = 50_000;

export type ParsedCode =
  | { ok: true; code: string; kind: CodeKind }
  | { ok: false; reason: 'format' | 'prefix' | 'check_digit' };

/** The Luhn check digit ('0'-'9') of a string of digits (the payload, without the check digit). */
export function luhnCheckDigit(payload: string): string {
  if (!/^\d+$/.test(payload)) throw new RangeError('luhnCheckDigit needs a non-empty string of digits');
  let sum = 0;
  // Double every second digit counting from the right, starting with the rightmost
  // payload digit (it sits next to the check digit).
  for (let i = payload.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = payload.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * Builds a code from `RANDOM_DIGITS` random digits (the caller draws them from a CSPRNG)
 * and a kind. Throws a RangeError on a bad argument.
 */
export function makeCode(randomDigits: string, kind: CodeKind): string {
  if (typeof randomDigits !== 'string' || !/^\d+$/.test(randomDigits) || randomDigits.length !== RANDOM_DIGITS) {
    throw new RangeError(`makeCode needs exactly ${RANDOM_DIGITS} random digits`);
  }
  const kindDigit = KIND_DIGIT[kind];
  if (kindDigit === undefined) throw new RangeError("kind must be 'online' or 'offline'");
  const payload = CODE_PREFIX + kindDigit + randomDigits;
  return payload + luhnCheckDigit(payload);
}

/**
 * Parses a code as scanned or typed: full-width digits (a Chinese IME) become ASCII and
 * whitespace a scanner or the display grouping inserted is removed. Checks, in order:
 * format (20 digits), prefix, check digit, kind digit. The check digit comes before the
 * kind, so a mistyped kind digit is reported as mistyped.
 */
export function parseCode(raw: unknown): ParsedCode {
  if (typeof raw !== 'string') return { ok: false, reason: 'format' };
  const code = raw.normalize('NFKC').replace(/\s+/g, '');
  if (code.length !== CODE_LENGTH || !/^\d+$/.test(code)) return { ok: false, reason: 'format' };
  if (!code.startsWith(CODE_PREFIX)) return { ok: false, reason: 'prefix' };
  if (luhnCheckDigit(code.slice(0, -1)) !== code.slice(-1)) return { ok: false, reason: 'check_digit' };
  const kind = DIGIT_KIND[code.charAt(CODE_PREFIX.length)];
  if (kind === undefined) return { ok: false, reason: 'format' };
  return { ok: true, code, kind };
}

/** The code in groups of four for display under the barcode: "8812 3456 7890 1234 5678". */
export function displayCode(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

// ---------------------------------------------------------------------------
// Offline codes
//
// The app keeps a small batch of pre-issued codes so it can show a valid code when the
// phone has no network (a basement pharmacy). The terminal still verifies every code
// online, so a loss report, a used code or a voided batch is refused as for online codes.
// The trade-off: an offline code lives 10 minutes instead of 60 s, so a photographed or
// screenshotted one stays usable longer. It is therefore limited to what does little
// harm (a query, a small payment), each code works once, and a new batch voids the
// previous batch. A larger payment needs an online code, i.e. the phone back online.

/** Codes in one offline batch. */
export const OFFLINE_BATCH_SIZE = 5;

export type BusinessType = 'query' | 'payment' | 'other' | 'out_of_area';
export const BUSINESS_TYPES: readonly BusinessType[] = Object.freeze(['query', 'payment', 'other', 'out_of_area']);

/**
 * The medical insurance code-use types (医保电子凭证用码业务类型) a terminal may send instead of
 * a business type, and the business type each is used as. Only the types the contract names
 * (API.md) are listed; others are added here, as data, from the national code table.
 * 挂号 identifies the patient at registration (its fee is settled as a bill or settlement);
 * 门诊结算 and 药店购药 pay.
 */
export const CODE_USE_TYPES = Object.freeze({
  '01101': { name: '挂号', businessType: 'query' },
  '01301': { name: '门诊结算', businessType: 'payment' },
  '02121': { name: '药店购药', businessType: 'payment' },
} as const satisfies Record<string, { name: string; businessType: BusinessType }>);
export type CodeUseType = keyof typeof CODE_USE_TYPES;

/** What a terminal may send as `businessType`: a business type or a code-use type. */
export const BUSINESS_TYPE_INPUTS: readonly string[] = Object.freeze([...BUSINESS_TYPES, ...Object.keys(CODE_USE_TYPES)]);

/** The business type a terminal's `businessType` (a business type or a code-use type) is used as. */
export function businessTypeOf(input: string): BusinessType | undefined {
  if ((BUSINESS_TYPES as readonly string[]).includes(input)) return input as BusinessType;
  return Object.prototype.hasOwnProperty.call(CODE_USE_TYPES, input) ? CODE_USE_TYPES[input as CodeUseType].businessType : undefined;
}

export const offlineCodeLimits = Object.freeze({
  /** An offline code is valid this long after its batch was issued. */
  validForMs: 10 * 60_000,
  /** What an offline code may be scanned for. */
  businessTypes: Object.freeze(['query', 'payment'] as const) as readonly BusinessType[],
  /** The largest bill total (fen) an offline code may pay: ¥200. */
  maxPaymentFen: 20_000,
});

export type OfflineRefusal = 'offline_code_business_type' | 'offline_code_amount_limit';

/**
 * Whether a code of this kind may be used for this business type and amount. `amountFen`
 * is the bill total; leave it out when there is no bill yet (a code verification), and
 * check again with the total at pre-settlement. Returns the refusal code, or undefined
 * when allowed. Online codes are never limited here.
 */
export function checkOfflineUse(kind: CodeKind, businessType: BusinessType, amountFen?: number): OfflineRefusal | undefined {
  if (kind !== 'offline') return undefined;
  if (!offlineCodeLimits.businessTypes.includes(businessType)) return 'offline_code_business_type';
  if (businessType === 'payment' && amountFen !== undefined && !(amountFen <= offlineCodeLimits.maxPaymentFen)) {
    return 'offline_code_amount_limit';
  }
  return undefined;
}
