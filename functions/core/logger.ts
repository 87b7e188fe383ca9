/**
 * Structured JSON logs (Powertools). Personal information never goes in: callers log ids
 * and codes only. As a second line of defence the logger itself redacts the values of keys
 * that name personal information or credentials, at any depth, and anything shaped like an
 * ID number inside any text (its JSON replacer runs on every key of every log line;
 * tests/unit/core/logger.test.ts checks it).
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const REDACTED_KEYS: ReadonlySet<string> = new Set([
  'name',
  'idNumber',
  'pin',
  'newPin',
  'currentPin',
  'cardNumber',
  'phone',
  'loginCode',
  'token',
  'idToken',
  'secret',
  'authorization',
]);

export const REDACTED = '[redacted]';

/** What looks like a mainland ID number inside any text (an error message, say). */
const ID_NUMBER_IN_TEXT = /(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])[0-9]{2}[0-9]{3}[0-9Xx](?![0-9])/g;

/** The JSON replacer Powertools calls for each key-value pair of a log line. */
export function redactingReplacer(key: string, value: unknown): unknown {
  if (REDACTED_KEYS.has(key)) return REDACTED;
  if (typeof value === 'string' && value.length >= 18) return value.replace(ID_NUMBER_IN_TEXT, REDACTED);
  return value;
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'essc',
  jsonReplacerFn: redactingReplacer,
});
