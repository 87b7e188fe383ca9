/**
 * Mainland resident ID numbers (居民身份证号码), GB 11643-1999.
 *
 * 18 characters:
 *   - 6-digit administrative region code (GB/T 2260) of where the number was issued;
 *   - 8-digit birth date YYYYMMDD;
 *   - 3-digit sequence code: odd for men, even for women;
 *   - 1 check character, ISO 7064 MOD 11-2 over the first 17 digits (0-9 or X).
 *
 * Pure: no clock, no I/O. "Today" is always a parameter. This module is shared with the
 * mini-program (miniapp/src/features/card/idNumber.ts), which imports it as is.
 *
 * Calendar dates: a `Date` passed as "today" is an instant; it is turned into a
 * calendar date in China Standard Time (UTC+8, no daylight saving since 1991), because
 * that is where the birth date on the ID number is counted. A 'YYYY-MM-DD' string is
 * taken as that calendar date as is.
 */

export type Gender = 'male' | 'female';

export type IdNumberValidation =
  | { ok: true; idNumber: string; birthDate: string; gender: Gender; regionCode: string }
  | { ok: false; reason: 'format' | 'birth_date' | 'check_digit'; message: string };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/**
 * Province-level codes (first two digits of the region code), GB/T 2260, plus 71
 * (Taiwan), 81 (Hong Kong), 82 (Macao) and 83 (Taiwan residence permits), which
 * appear on numbers issued to residence-permit holders.
 */
export const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;
const MIN_BIRTH_YEAR = 1900;

/**
 * Canonical form of what a person typed: Unicode NFKC (full-width digits and Ｘ from a
 * Chinese IME become ASCII), all whitespace removed, a lowercase x made uppercase.
 * Does not validate.
 */
export function normalizeIdNumber(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

/** The ISO 7064 MOD 11-2 check character ('0'-'9' or 'X') of the first 17 digits. */
export function checkDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) {
    throw new RangeError('checkDigit needs exactly 17 digits');
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  }
  return CHECK_CHARS[sum % 11]!;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** True when y-m-d is a date of the (proleptic) Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

interface YMD {
  year: number;
  month: number;
  day: number;
}

function parseIsoDate(value: string): YMD | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isCalendarDate(year, month, day) ? { year, month, day } : undefined;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function formatYmd({ year, month, day }: YMD): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** The calendar date ('YYYY-MM-DD') of an instant in China Standard Time (UTC+8). */
export function chinaCalendarDate(instant: Date): string {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid Date');
  const shifted = new Date(t + CHINA_OFFSET_MS);
  return formatYmd({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
}

function toCalendarDate(date: Date | string, what: string): YMD {
  const iso = typeof date === 'string' ? date : chinaCalendarDate(date);
  const ymd = parseIsoDate(iso);
  if (!ymd) throw new RangeError(`${what} must be a real calendar date YYYY-MM-DD`);
  return ymd;
}

/**
 * Full years of age on `date` of a person born on `birthDate` ('YYYY-MM-DD').
 * A person born on 29 February becomes a year older on 1 March in common years.
 * Throws a RangeError for a malformed date or a date before the birth date.
 */
export function ageOn(birthDate: string, date: Date | string): number {
  const b = toCalendarDate(birthDate, 'birthDate');
  const d = toCalendarDate(date, 'date');
  let age = d.year - b.year;
  if (d.month < b.month || (d.month === b.month && d.day < b.day)) age -= 1;
  if (age < 0) throw new RangeError('date is before the birth date');
  return age;
}

/**
 * Checks an ID number as typed. Checks run in this order: format (length, characters,
 * province), check character, birth date. The check character comes before the date
 * because a mistyped digit anywhere (the date included) is caught by it, and then
 * "mistyped" is the useful thing to say. Messages (zh-CN: the holder reads them, in the
 * app before sending and in the server's answer) never contain the number.
 */
export function validateIdNumber(raw: string, today: Date | string): IdNumberValidation {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, reason: 'format', message: '请输入身份证号' };
  }
  const idNumber = normalizeIdNumber(raw);
  if (idNumber.length !== 18) {
    return {
      ok: false,
      reason: 'format',
      message: '身份证号码应为18位，请检查是否多输或少输。',
    };
  }
  if (!/^\d{17}[\dX]$/.test(idNumber)) {
    return {
      ok: false,
      reason: 'format',
      message: '身份证号应为17位数字加1位数字或X。',
    };
  }
  const regionCode = idNumber.slice(0, 6);
  if (!PROVINCE_CODES.has(regionCode.slice(0, 2))) {
    return {
      ok: false,
      reason: 'format',
      message: '身份证号的前两位不是有效的省份代码，请检查是否输错。',
    };
  }
  if (checkDigit(idNumber.slice(0, 17)) !== idNumber[17]) {
    return {
      ok: false,
      reason: 'check_digit',
      message: '身份证号校验位不正确，请检查是否输错。',
    };
  }
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  if (!isCalendarDate(year, month, day)) {
    return {
      ok: false,
      reason: 'birth_date',
      message: '身份证号中的出生日期不正确。',
    };
  }
  if (year < MIN_BIRTH_YEAR) {
    return {
      ok: false,
      reason: 'birth_date',
      message: '身份证号中的出生日期早于1900年，请检查是否输错。',
    };
  }
  const birthDate = formatYmd({ year, month, day });
  const todayIso = formatYmd(toCalendarDate(today, 'today'));
  if (birthDate > todayIso) {
    return {
      ok: false,
      reason: 'birth_date',
      message: '身份证号中的出生日期晚于今天，请检查是否输错。',
    };
  }
  const sequenceLast = idNumber.charCodeAt(16) - 48;
  return {
    ok: true,
    idNumber,
    birthDate,
    gender: sequenceLast % 2 === 1 ? 'male' : 'female',
    regionCode,
  };
}

/**
 * Builds a valid ID number from its parts (used by the seed and by tests).
 * `regionCode`: 6 digits starting with a known province code; `birthDate`: a real
 * 'YYYY-MM-DD' date from 1900 on; `sequence`: 0-999 (odd = male, even = female).
 * Throws a RangeError on bad parts. Does not check the birth date against today.
 */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(regionCode) || !PROVINCE_CODES.has(regionCode.slice(0, 2))) {
    throw new RangeError('regionCode must be 6 digits starting with a known province code');
  }
  const b = parseIsoDate(birthDate);
  if (!b || b.year < MIN_BIRTH_YEAR) {
    throw new RangeError('birthDate must be a real calendar date YYYY-MM-DD from 1900 on');
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError('sequence must be an integer from 0 to 999');
  }
  const first17 = `${regionCode}${pad(b.year, 4)}${pad(b.month, 2)}${pad(b.day, 2)}${pad(sequence, 3)}`;
  return first17 + checkDigit(first17);
}
