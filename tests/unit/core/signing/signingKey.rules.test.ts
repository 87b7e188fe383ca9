import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_ACTIVE_KEYS,
  ROTATION_OVERLAP_MS,
  activeKeys,
  deletionPlan,
  keyForRequest,
  lastUsedIsStale,
  rotationPlan,
  type SigningKey,
} from '../../../../functions/core/signing/signingKey.rules.js';

const NOW = new Date('2026-12-02T12:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();

const key = fc.record({
  keyId: fc.stringMatching(/^k[0-9a-z]{1,6}$/),
  algorithm: fc.constantFrom('HMAC-SHA256' as const, 'SM2-SM3' as const),
  createdAt: fc.integer({ min: -30 * 86_400_000, max: 0 }).map(at),
  expiresAt: fc.option(fc.integer({ min: -86_400_000, max: 2 * 86_400_000 }).map(at), { nil: undefined }),
});
const keys = fc.uniqueArray(key, { selector: (k) => k.keyId, maxLength: 4 }).map((ks) => ks.map((k) => (k.expiresAt === undefined ? { keyId: k.keyId, algorithm: k.algorithm, createdAt: k.createdAt } : k)) as SigningKey[]);

describe('signing keys', () => {
  it('a request without a key id uses the oldest active key; a named key must exist and be active', () => {
    fc.assert(
      fc.property(keys, (ks) => {
        const active = activeKeys(ks, NOW);
        const chosen = keyForRequest(ks, undefined, NOW);
        if (active.length === 0) expect(chosen).toEqual({ ok: false, reason: 'no_active_key' });
        else expect(chosen).toEqual({ ok: true, key: active[0] });
        for (const k of ks) {
          const named = keyForRequest(ks, k.keyId, NOW);
          expect(named.ok).toBe(active.includes(k));
          if (!named.ok) expect(named.reason).toBe('key_expired');
        }
        expect(keyForRequest(ks, 'nope', NOW)).toEqual({ ok: false, reason: 'unknown_key' });
      }),
    );
  });

  it('a key expiring exactly now is expired', () => {
    const ks: SigningKey[] = [{ keyId: 'a', algorithm: 'HMAC-SHA256', createdAt: at(-1000), expiresAt: at(0) }];
    expect(keyForRequest(ks, 'a', NOW)).toEqual({ ok: false, reason: 'key_expired' });
    expect(keyForRequest(ks, 'a', new Date(NOW.getTime() - 1)).ok).toBe(true);
  });

  it('a rotation leaves at most two active keys, the older ones expiring within 24 h', () => {
    fc.assert(
      fc.property(keys, (ks) => {
        const plan = rotationPlan(ks, NOW);
        const active = activeKeys(ks, NOW);
        if (active.length >= MAX_ACTIVE_KEYS) {
          expect(plan).toEqual({ ok: false, reason: 'rotation_in_progress' });
          return;
        }
        expect(plan.ok).toBe(true);
        if (!plan.ok) return;
        const after = ks.map((k) => ({ ...k, ...(plan.expire.find((e) => e.keyId === k.keyId) ?? {}) }));
        for (const k of activeKeys(after, NOW)) {
          expect(k.expiresAt).toBeDefined();
          expect(Date.parse(k.expiresAt!)).toBeLessThanOrEqual(NOW.getTime() + ROTATION_OVERLAP_MS);
        }
        // Nothing expires sooner than it already would.
        for (const e of plan.expire) {
          const before = ks.find((k) => k.keyId === e.keyId)!;
          if (before.expiresAt) expect(e.expiresAt < before.expiresAt).toBe(true);
        }
      }),
    );
  });

  it('never deletes the last active key, and names one that must survive the deletion', () => {
    fc.assert(
      fc.property(keys, (ks) => {
        const active = activeKeys(ks, NOW);
        for (const k of ks) {
          const plan = deletionPlan(ks, k.keyId, NOW);
          if (active.includes(k) && active.length === 1) expect(plan).toEqual({ ok: false, reason: 'last_active_key' });
          else {
            expect(plan.ok).toBe(true);
            if (plan.ok && active.includes(k)) expect(active).toContain(plan.keep);
          }
        }
        expect(deletionPlan(ks, 'nope', NOW)).toEqual({ ok: false, reason: 'key_not_found' });
      }),
    );
  });

  it('writes lastUsedAt at most hourly', () => {
    const k: SigningKey = { keyId: 'a', algorithm: 'HMAC-SHA256', createdAt: at(-1) };
    expect(lastUsedIsStale(k, NOW)).toBe(true);
    expect(lastUsedIsStale({ ...k, lastUsedAt: at(-3_599_999) }, NOW)).toBe(false);
    expect(lastUsedIsStale({ ...k, lastUsedAt: at(-3_600_000) }, NOW)).toBe(true);
  });
});
