/**
 * The rules of the H5 claim draft and the face-return stash (miniapp/src/shared/stashRules):
 * given back only to the H5 user and partner launch that wrote them, within 30 minutes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ownedValue, ownStash, STASH_MAX_AGE_MS, stashOwner } from '../../miniapp/src/shared/stashRules.js';

const part = fc.option(fc.string({ maxLength: 12 }), { nil: undefined });
const owner = fc.tuple(part, part, part).map(([u, c, l]) => stashOwner(u, c, l));
const draft = { step: 'identity', consent: true, name: '张三', idNumber: '11010519491231002X' };

describe('stash rules', () => {
  it('the writer gets the value back within 30 minutes of writing it', () => {
    fc.assert(
      fc.property(owner, fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 0, max: STASH_MAX_AGE_MS }), (who, at, age) => {
        expect(ownedValue(ownStash(draft, who, at), who, at + age)).toEqual(draft);
      }),
    );
  });

  it('another H5 user, channel or launch gets nothing', () => {
    fc.assert(
      fc.property(owner, owner, fc.integer({ min: 0, max: 2e12 }), (writer, reader, at) => {
        fc.pre(writer !== reader);
        expect(ownedValue(ownStash(draft, writer, at), reader, at + 1)).toBeUndefined();
      }),
    );
    expect(ownedValue(ownStash(draft, stashOwner('alice', undefined, undefined), 0), stashOwner('bob', undefined, undefined), 1)).toBeUndefined();
    expect(ownedValue(ownStash(draft, stashOwner('u', 'partner-a', 'l1'), 0), stashOwner('u', 'partner-a', 'l2'), 1)).toBeUndefined();
  });

  it('the owner names its parts apart: no user, channel and launch run together into another', () => {
    expect(stashOwner('a|b', undefined, undefined)).not.toBe(stashOwner('a', 'b', undefined));
    expect(stashOwner('', 'x', undefined)).not.toBe(stashOwner('x', undefined, undefined));
  });

  it('older than 30 minutes, written in the future, or not a kept record: nothing', () => {
    fc.assert(
      fc.property(owner, fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 1, max: 1e9 }), (who, at, more) => {
        expect(ownedValue(ownStash(draft, who, at), who, at + STASH_MAX_AGE_MS + more)).toBeUndefined();
        expect(ownedValue(ownStash(draft, who, at + more), who, at)).toBeUndefined();
      }),
    );
    const who = stashOwner('u', undefined, undefined);
    // A draft kept before owners were recorded (the bare value) is not given back.
    for (const kept of [undefined, null, 'x', 42, draft, { owner: who, value: draft }, { owner: who, savedAt: 'now', value: draft }]) {
      expect(ownedValue(kept, who, 1)).toBeUndefined();
    }
  });
});
