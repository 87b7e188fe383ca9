import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { keysFromLocalKey, PiiCipher } from '../../../../functions/core/pii/crypto.js';
import { hashPin, verifyPin } from '../../../../functions/core/pii/pinHash.js';

const cipher = new PiiCipher(keysFromLocalKey('11'.repeat(32)));
const otherKey = new PiiCipher(keysFromLocalKey('22'.repeat(32)));

describe('PII encryption', () => {
  it('round-trips any text and never stores it in clear', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (text) => {
        const sealed = cipher.encrypt('name', text);
        expect(cipher.decrypt('name', sealed)).toBe(text);
        expect(sealed).not.toContain(text.length > 3 ? text : '\u0000never');
      }),
    );
  });

  it('uses a fresh IV each time, binds the kind, and detects tampering or a wrong key', () => {
    const a = cipher.encrypt('idNumber', '11010519491231002X');
    const b = cipher.encrypt('idNumber', '11010519491231002X');
    expect(a).not.toBe(b);
    expect(() => cipher.decrypt('name', a)).toThrow();
    expect(() => otherKey.decrypt('idNumber', a)).toThrow();
    const parts = a.split('.');
    const body = Buffer.from(parts[2]!, 'base64url');
    body[0] = body[0]! ^ 1;
    expect(() => cipher.decrypt('idNumber', `${parts[0]}.${parts[1]}.${body.toString('base64url')}`)).toThrow();
  });

  it('hashes deterministically per key and kind', () => {
    expect(cipher.hash('idNumber', 'x')).toBe(cipher.hash('idNumber', 'x'));
    expect(cipher.hash('idNumber', 'x')).not.toBe(cipher.hash('name', 'x'));
    expect(cipher.hash('idNumber', 'x')).not.toBe(otherKey.hash('idNumber', 'x'));
  });

  it('refuses a short local key', () => {
    expect(() => keysFromLocalKey('abcd')).toThrow(/32 bytes/);
  });
});

describe('PIN hashing', () => {
  it('verifies the right PIN only, with a salted hash', async () => {
    const h1 = await hashPin('258013');
    const h2 = await hashPin('258013');
    expect(h1).not.toBe(h2);
    expect(h1).not.toContain('258013');
    expect(await verifyPin('258013', h1)).toBe(true);
    expect(await verifyPin('258014', h1)).toBe(false);
    expect(await verifyPin('258013', 'garbage')).toBe(false);
  });
});
