/**
 * Webhooks (Standard Webhooks 1.0; API.md, "Webhooks"): the event types, the retry schedule
 * and where a delivery may go. Pure.
 */
import { isLoopbackHost } from '../core/http/origin.rules.js';

/** What a channel is told of: its holders' cards. */
export type ChannelEventType = 'card.claimed' | 'card.loss_reported' | 'card.loss_lifted' | 'card.cancelled' | 'binding.removed' | 'pin.changed';
export const WEBHOOK_EVENT_TYPES: readonly ChannelEventType[] = ['card.claimed', 'card.loss_reported', 'card.loss_lifted', 'card.cancelled', 'binding.removed', 'pin.changed'];

/** What an institution is told of: its bills and settlements (API.md, "Online medical payment"). */
export type InstitutionEventType = 'bill.paid' | 'bill.refunded' | 'settlement.settled';
export const INSTITUTION_EVENT_TYPES: readonly InstitutionEventType[] = ['bill.paid', 'bill.refunded', 'settlement.settled'];

export type WebhookEventType = ChannelEventType | InstitutionEventType;

/**
 * Whose endpoints and deliveries: a channel (its id), or an institution (`institution:<id>`;
 * channel and institution ids never contain ':').
 */
export const institutionOwner = (institutionId: string): string => `institution:${institutionId}`;

/** Retries go on for at least this long after the first attempt (API.md: at least 24 h). */
export const RETRY_PERIOD_MS = 25 * 3_600_000;
const FIRST_DELAY_S = 5;
const MAX_DELAY_S = 3600;

/**
 * Seconds until attempt `attempt + 1` after attempt `attempt` (1-based) failed: exponential
 * from 5 s, capped at an hour, with "full jitter" over the upper half (`random` in [0, 1)),
 * so a burst of failures does not come back in step.
 */
export function retryDelaySeconds(attempt: number, random: number): number {
  const base = Math.min(MAX_DELAY_S, FIRST_DELAY_S * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(base / 2 + (base / 2) * random));
}

/** Whether to try again after a failure at `at` of a delivery first attempted at `firstAt`. */
export function shouldRetry(firstAt: Date, at: Date): boolean {
  return at.getTime() - firstAt.getTime() < RETRY_PERIOD_MS;
}

export type AttemptOutcome = 'delivered' | 'retry' | 'gone';

/** What an answer means: any 2xx delivers, 410 disables the endpoint, anything else (or none) is retried. */
export function outcomeOf(status: number | undefined): AttemptOutcome {
  if (status !== undefined && status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  return 'retry';
}

/** IPv4 and IPv6 addresses no webhook may reach on a deployed stage: private, loopback, link-local, unspecified, CGNAT, multicast. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(v4);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    return (
      a === 0 || a === 10 || a === 127 || a >= 224 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 198 && (b === 18 || b === 19))
    );
  }
  const v6 = ip.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('ff');
}

export type UrlCheck = { ok: true } | { ok: false; reason: string };

/** An endpoint URL: https, or on the local stages plain http to loopback; no credentials, at most 500 characters. */
export function checkEndpointUrl(url: string, localStage: boolean): UrlCheck {
  if (url.length > 500) return { ok: false, reason: 'too long' };
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (u.username || u.password) return { ok: false, reason: 'credentials in the URL' };
  if (u.protocol === 'https:') return { ok: true };
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname) && localStage) return { ok: true };
  return { ok: false, reason: localStage ? 'https, or http only to loopback' : 'https only' };
}
