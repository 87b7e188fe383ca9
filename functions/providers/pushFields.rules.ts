/**
 * Fitting a notification's values into the platforms' template fields, so a message is not
 * refused for a value that is too long or of the wrong form (WeChat answers 47003, Alipay
 * USER_KEYWORD_LENGTH_ERROR). Pure: no I/O, never throws.
 *
 * WeChat subscription messages (订阅消息参数值内容限制说明, subscribeMessage.send): a field's
 * key names its type (`thing1`, `amount3`, `character_string12`):
 *   thing             ≤ 20 characters: Chinese, digits, letters, symbols
 *   number            ≤ 32 digits, may have decimals
 *   letter            ≤ 32 letters
 *   symbol            ≤ 5 symbols
 *   character_string  ≤ 32 digits, letters or symbols
 *   time              24-hour time, may carry a date (15:01, 2019年10月1日 15:01); a range joined by ~
 *   date              a date, may carry a 24-hour time (2019年10月1日, 2019年10月1日 15:01); a range joined by ~
 *   amount            one currency symbol + ≤ 10 digits, may have decimals, may end with 元 (¥12.50, 12.50元)
 *   phone_number      ≤ 17 digits and symbols (+86-0766-66888866)
 *   car_number        ≤ 8: first and last may be Chinese, the rest letters or digits (粤A8Z888挂)
 *   name              ≤ 10 Chinese characters, or ≤ 20 letters or symbols (mixed counts as Chinese)
 *   phrase            ≤ 5 Chinese characters only (配送中)
 * Alipay subscription messages (alipay.open.app.mini.templatemessage.send): keywords have no
 * types; each value is at most 50 characters.
 *
 * What fitting does, so the message still says what was meant: text loses control characters
 * and emoji (which the platforms refuse), runs of white space become one space, and text too
 * long is cut with an ellipsis (…); a long identifier keeps its head and tail around "...";
 * a number or amount loses only decimals it has no room for; instants become China time
 * (YYYY年MM月DD日 HH:mm). A value that cannot be made to fit without changing what it says (a
 * phrase of six characters, a number with 33 integer digits, "abc" for an amount) is a problem,
 * not a guess: the caller learns which field and why.
 */
import type { PushMessage, PushOutcome } from './push.js';

export const WECHAT_FIELD_TYPES = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const;

export type WechatFieldType = (typeof WECHAT_FIELD_TYPES)[number];

/** Each type's limit, in characters (Unicode code points); amount: digits. */
export const WECHAT_FIELD_LIMITS = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  amountDigits: 10,
  phone_number: 17,
  car_number: 8,
  nameChinese: 10,
  nameOther: 20,
  phrase: 5,
} as const;

/** Each Alipay keyword value, in characters. */
export const ALIPAY_VALUE_LIMIT = 50;

export type FieldProblem = 'empty' | 'malformed' | 'too_long';

export type Fitted = { ok: true; value: string } | { ok: false; problem: FieldProblem };

export type FittedData = { ok: true; data: Record<string, string> } | { ok: false; key: string; problem: FieldProblem };

export const ELLIPSIS = '…';

const TYPES: ReadonlySet<string> = new Set(WECHAT_FIELD_TYPES);

/** The type a WeChat field key names (`thing1` → thing, `character_string12` → character_string); undefined for another key. */
export function wechatFieldType(key: string): WechatFieldType | undefined {
  const m = /^([a-z]+(?:_[a-z]+)*?)(\d+)$/.exec(key);
  return m && TYPES.has(m[1]!) ? (m[1] as WechatFieldType) : undefined;
}

/** Code points, so a character outside the BMP (𠀀) counts once and is never split. */
export const charLength = (s: string): number => Array.from(s).length;

// Refused or invisible: control, format (zero-width joiner, BOM, bidi marks), lone surrogates,
// private use, unassigned; emoji and their modifiers, flags, keycaps and variation selectors.
const DROPPED = /[\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u20e3\ufe00-\ufe0f]/gu;
const CONTROL = /\p{Cc}/gu;

/** Text as a platform shows it: no control characters or emoji, white space collapsed, trimmed. */
export function cleanText(raw: string): string {
  return String(raw).replace(CONTROL, ' ').replace(DROPPED, '').replace(/\s+/gu, ' ').trim();
}

/** At most `max` characters: cut to max-1 and an ellipsis when longer. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('').trimEnd()}${ELLIPSIS}`;
}

/** A long identifier keeps its head and tail: `BL20250101…0042` style, with ASCII "...". */
function shortenId(id: string, max: number): string {
  if (id.length <= max) return id;
  const room = max - 3;
  const head = Math.ceil(room / 2);
  return `${id.slice(0, head)}...${id.slice(id.length - (room - head))}`;
}

/** Compact (no white space), compatibility forms folded: full-width digits and letters, ￥, ～. */
const compact = (raw: string): string => cleanText(String(raw).normalize('NFKC')).replace(/\s+/gu, '');

const ok = (value: string): Fitted => ({ ok: true, value });
const problem = (p: FieldProblem): Fitted => ({ ok: false, problem: p });

const HAN = /\p{Script=Han}/u;

function fitNumber(raw: string): Fitted {
  const v = compact(raw).replaceAll(',', '');
  if (v === '') return problem('empty');
  const m = /^(\d+)(?:\.(\d+))?$/.exec(v);
  if (!m) return problem('malformed');
  const int = m[1]!;
  const frac = m[2] ?? '';
  const max = WECHAT_FIELD_LIMITS.number;
  if (int.length > max) return problem('too_long');
  const room = max - int.length - 1; // digits left after the point
  return ok(frac === '' || room < 1 ? int : `${int}.${frac.slice(0, room)}`);
}

function fitAmount(raw: string): Fitted {
  const v = compact(raw).replaceAll(',', '');
  if (v === '') return problem('empty');
  const m = /^([¥$€£])?(\d+)(?:\.(\d+))?(元)?$/u.exec(v);
  if (!m) return problem('malformed');
  const [, symbol, int, frac = '', yuan] = m;
  const max = WECHAT_FIELD_LIMITS.amountDigits;
  if (int!.length > max) return problem('too_long');
  const kept = frac.slice(0, max - int!.length);
  const digits = kept === '' ? int! : `${int}.${kept}`;
  // One currency symbol, or 元 at the end; a bare number is yuan.
  return ok(`${symbol ?? (yuan ? '' : '¥')}${digits}${yuan ?? ''}`);
}

function fitLetter(raw: string): Fitted {
  const v = compact(raw);
  if (v === '') return problem('empty');
  if (!/^[A-Za-z]+$/.test(v)) return problem('malformed');
  return v.length > WECHAT_FIELD_LIMITS.letter ? problem('too_long') : ok(v);
}

function fitSymbol(raw: string): Fitted {
  const v = compact(raw);
  if (v === '') return problem('empty');
  if (!/^[^\p{L}\p{N}\p{M}]+$/u.test(v)) return problem('malformed');
  return charLength(v) > WECHAT_FIELD_LIMITS.symbol ? problem('too_long') : ok(v);
}

function fitCharacterString(raw: string): Fitted {
  const v = compact(raw);
  if (v === '') return problem('empty');
  if (!/^[\x21-\x7e]+$/.test(v)) return problem('malformed');
  return ok(shortenId(v, WECHAT_FIELD_LIMITS.character_string));
}

function fitPhone(raw: string): Fitted {
  const v = compact(raw);
  if (v === '') return problem('empty');
  if (!/^[0-9+\-()*#]+$/.test(v) || !/\d/.test(v)) return problem('malformed');
  return v.length > WECHAT_FIELD_LIMITS.phone_number ? problem('too_long') : ok(v);
}

function fitCarNumber(raw: string): Fitted {
  const v = compact(raw).replace(/[·•・.\-]/gu, '').toUpperCase();
  if (v === '') return problem('empty');
  const chars = Array.from(v);
  const end = (c: string) => /^[A-Z0-9]$/.test(c) || HAN.test(c);
  const inner = chars.slice(1, -1);
  if (!end(chars[0]!) || !end(chars[chars.length - 1]!) || !inner.every((c) => /^[A-Z0-9]$/.test(c))) return problem('malformed');
  return chars.length > WECHAT_FIELD_LIMITS.car_number ? problem('too_long') : ok(v);
}

function fitName(raw: string): Fitted {
  const v = cleanText(raw);
  if (v === '') return problem('empty');
  if (/\p{N}/u.test(v)) return problem('malformed');
  return ok(truncate(v, HAN.test(v) ? WECHAT_FIELD_LIMITS.nameChinese : WECHAT_FIELD_LIMITS.nameOther));
}

function fitPhrase(raw: string): Fitted {
  const v = cleanText(raw).replace(/\s+/gu, '');
  if (v === '') return problem('empty');
  if (!/^\p{Script=Han}+$/u.test(v)) return problem('malformed');
  return charLength(v) > WECHAT_FIELD_LIMITS.phrase ? problem('too_long') : ok(v);
}

// --- time and date --------------------------------------------------------------------

interface Moment {
  y: number;
  mo: number;
  d: number;
  h?: number;
  mi?: number;
}

const pad = (n: number) => String(n).padStart(2, '0');

function validDate(y: number, mo: number, d: number): boolean {
  if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1) return false;
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

const validTime = (h: number, mi: number) => h >= 0 && h <= 23 && mi >= 0 && mi <= 59;

/** One point in time as written: an ISO instant (then China time), a date, a date and time, or a time of day. */
function parseMoment(text: string): Moment | { h: number; mi: number } | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(text);
  if (iso) {
    const ms = Date.parse(text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!validDate(+iso[1]!, +iso[2]!, +iso[3]!) || !validTime(+iso[4]!, +iso[5]!) || Number.isNaN(ms)) return undefined;
    const china = new Date(ms + 8 * 3600_000);
    return { y: china.getUTCFullYear(), mo: china.getUTCMonth() + 1, d: china.getUTCDate(), h: china.getUTCHours(), mi: china.getUTCMinutes() };
  }
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(text) ??
    /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?: (\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(text) ??
    /^(\d{4})年(\d{1,2})月(\d{1,2})日(?: ?(\d{1,2}):(\d{2})(?::\d{2})?)?$/u.exec(text);
  if (m) {
    const [y, mo, d] = [+m[1]!, +m[2]!, +m[3]!];
    if (!validDate(y, mo, d)) return undefined;
    if (m[4] === undefined) return { y, mo, d };
    const [h, mi] = [+m[4], +m[5]!];
    return validTime(h, mi) ? { y, mo, d, h, mi } : undefined;
  }
  const t = /^(\d{1,2}):(\d{2})(?::\d{2})?$/.exec(text);
  if (t && validTime(+t[1]!, +t[2]!)) return { h: +t[1]!, mi: +t[2]! };
  return undefined;
}

function formatMoment(m: Moment | { h: number; mi: number }): string {
  const time = m.h === undefined ? '' : `${pad(m.h)}:${pad(m.mi!)}`;
  if (!('y' in m)) return time;
  const date = `${m.y}年${pad(m.mo)}月${pad(m.d)}日`;
  return time === '' ? date : `${date} ${time}`;
}

function fitMoment(raw: string, kind: 'time' | 'date'): Fitted {
  const v = cleanText(String(raw).normalize('NFKC'));
  if (v === '') return problem('empty');
  const parts = v.split(/\s*~\s*/);
  if (parts.length > 2) return problem('malformed');
  const out: string[] = [];
  for (const part of parts) {
    const m = parseMoment(part);
    if (!m) return problem('malformed');
    // A time field needs a time of day; a date field a date.
    if (kind === 'time' && m.h === undefined) return problem('malformed');
    if (kind === 'date' && !('y' in m)) return problem('malformed');
    out.push(formatMoment(m));
  }
  return ok(out.join('~'));
}

// --- the fields -------------------------------------------------------------------------

/** One value fitted to a WeChat field type; a key of no known type keeps its cleaned text. */
export function fitWechatField(type: WechatFieldType | undefined, raw: string): Fitted {
  const text = typeof raw === 'string' ? raw : String(raw ?? '');
  switch (type) {
    case 'thing': {
      const v = cleanText(text);
      return v === '' ? problem('empty') : ok(truncate(v, WECHAT_FIELD_LIMITS.thing));
    }
    case 'number':
      return fitNumber(text);
    case 'letter':
      return fitLetter(text);
    case 'symbol':
      return fitSymbol(text);
    case 'character_string':
      return fitCharacterString(text);
    case 'time':
      return fitMoment(text, 'time');
    case 'date':
      return fitMoment(text, 'date');
    case 'amount':
      return fitAmount(text);
    case 'phone_number':
      return fitPhone(text);
    case 'car_number':
      return fitCarNumber(text);
    case 'name':
      return fitName(text);
    case 'phrase':
      return fitPhrase(text);
    default: {
      const v = cleanText(text);
      return v === '' ? problem('empty') : ok(v);
    }
  }
}

/** Every value of a message fitted by `fitField`; the first field that cannot be is named. */
function fitData(data: Record<string, string>, fitField: (key: string, raw: string) => Fitted): FittedData {
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(data)) {
    const fitted = fitField(key, raw);
    if (!fitted.ok) return { ok: false, key, problem: fitted.problem };
    out[key] = fitted.value;
  }
  return { ok: true, data: out };
}

/** Every value of a WeChat message fitted by its key's type; the first field that cannot be is named. */
export function fitWechatData(data: Record<string, string>): FittedData {
  return fitData(data, (key, raw) => fitWechatField(wechatFieldType(key), raw));
}

/** One Alipay keyword value: cleaned text of at most 50 characters. */
export function fitAlipayValue(raw: string): Fitted {
  const v = cleanText(typeof raw === 'string' ? raw : String(raw ?? ''));
  return v === '' ? problem('empty') : ok(truncate(v, ALIPAY_VALUE_LIMIT));
}

/** Every value of an Alipay message fitted; the first field that cannot be is named. */
export function fitAlipayData(data: Record<string, string>): FittedData {
  return fitData(data, (_key, raw) => fitAlipayValue(raw));
}

/** The page a message opens, as the platforms write it: no leading slash. */
export function pushPage(page: string): string {
  return cleanText(page).replace(/^\/+/, '');
}

/** A message ready for a platform (its values fitted, its page as the platforms write it), or why it is refused unsent. */
export type PreparedPush =
  | { ok: true; openid: string; templateId: string; page: string; data: Record<string, string> }
  | { ok: false; refused: PushOutcome };

/** What every platform refuses before sending: no user, no template, a value its fields cannot take (`fit` is the platform's rule). */
export function preparePush(message: PushMessage, fit: (data: Record<string, string>) => FittedData): PreparedPush {
  const refused = (providerCode: string): PreparedPush => ({ ok: false, refused: { sent: false, reason: 'rejected', providerCode } });
  if (!message.openid) return refused('no_openid');
  if (!message.templateId) return refused('no_template');
  const fitted = fit(message.data);
  if (!fitted.ok) return refused(`field:${fitted.key}:${fitted.problem}`);
  return { ok: true, openid: message.openid, templateId: message.templateId, page: pushPage(message.page), data: fitted.data };
}
