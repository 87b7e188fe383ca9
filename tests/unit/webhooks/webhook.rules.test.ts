import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RETRY_PERIOD_MS, checkEndpointUrl, isPrivateAddress, outcomeOf, retryDelaySeconds, shouldRetry } from '../../../functions/webhooks/webhook.rules.js';

describe('webhook rules', () => {
  it('backs off exponentially with jitter, capped at an hour, and keeps retrying for at least 24 h', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const d = retryDelaySeconds(attempt, r);
        const base = Math.min(3600, 5 * 2 ** (attempt - 1));
        expect(d).toBeGreaterThanOrEqual(Math.max(1, Math.floor(base / 2)));
        expect(d).toBeLessThanOrEqual(base);
      }),
    );
    // Even with the shortest jitter every time, the attempts span more than 24 h before giving up.
    const first = new Date('2026-12-02T00:00:00Z');
    let at = first;
    let attempts = 1;
    while (shouldRetry(first, at)) {
      at = new Date(at.getTime() + retryDelaySeconds(attempts, 0) * 1000);
      attempts += 1;
    }
    expect(at.getTime() - first.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(RETRY_PERIOD_MS).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(attempts).toBeLessThan(100);
  });

  it('any 2xx delivers, 410 is gone, everything else (or no answer) is retried', () => {
    for (const s of [200, 201, 204, 299]) expect(outcomeOf(s)).toBe('delivered');
    expect(outcomeOf(410)).toBe('gone');
    for (const s of [undefined, 100, 301, 302, 400, 404, 429, 500, 503]) expect(outcomeOf(s)).toBe('retry');
  });

  it('knows private, loopback, link-local and other non-public addresses', () => {
    for (const ip of ['10.0.0.1', '127.0.0.1', '169.254.169.254', '172.16.5.4', '172.31.255.255', '192.168.1.1', '100.64.0.1', '0.0.0.0', '224.0.0.1', '198.18.0.1', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:10.1.2.3', 'ff02::1']) {
      expect(isPrivateAddress(ip), ip).toBe(true);
    }
    for (const ip of ['8.8.8.8', '172.32.0.1', '100.128.0.1', '203.0.113.9', '2001:db8::1', '::ffff:8.8.8.8']) expect(isPrivateAddress(ip), ip).toBe(false);
  });

  it('takes https endpoints, and plain http only to loopback on the local stages', () => {
    expect(checkEndpointUrl('https://hooks.bank.example/essc', false)).toEqual({ ok: true });
    expect(checkEndpointUrl('http://127.0.0.1:8080/h', true)).toEqual({ ok: true });
    expect(checkEndpointUrl('http://127.0.0.1:8080/h', false).ok).toBe(false);
    expect(checkEndpointUrl('http://hooks.bank.example/h', true).ok).toBe(false);
    expect(checkEndpointUrl('https://u:p@hooks.bank.example/h', false).ok).toBe(false);
    expect(checkEndpointUrl('javascript:alert(1)', true).ok).toBe(false);
    expect(checkEndpointUrl(`https://x.example/${'a'.repeat(500)}`, false).ok).toBe(false);
  });
});
