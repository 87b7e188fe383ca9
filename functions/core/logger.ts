import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs. Personal information never goes in: log ids and codes only.
 * The keys below are redacted anyway, as a second line of defence.
 */
const REDACTED_KEYS = new Set(['name', 'idNumber', 'pin', 'cardNumber', 'phone', 'loginCode', 'token', 'authorization']);

function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = REDACTED_KEYS.has(k) ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'essc' });

export { redact };
