/**
 * The ID number field keeps what the holder meant (issue 13): separators typed or pasted are
 * dropped as they arrive, so an ID number written in groups is neither cut at 18 typed
 * characters nor refused; x becomes X.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkChar, cleanIdNumberInput, ID_INPUT_MAX, idNumberProblem } from '../../miniapp/src/features/card/idNumber.js';

const validId = fc
  .tuple(fc.constantFrom('110101', '120100', '320102', '440305'), fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 999 }))
  .map(([region, day, seq]) => {
    const birth = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `${region}${birth}${String(seq).padStart(3, '0')}`;
    return `${first17}${checkChar(first17)}`;
  });

describe('the ID number field', () => {
  it('an ID number typed in groups, with spaces, full-width spaces or dashes, fits the field and is the ID number', () => {
    fc.assert(
      fc.property(validId, fc.array(fc.integer({ min: 1, max: 17 }), { maxLength: 3 }), fc.constantFrom(' ', '\u3000', '-'), (id, cuts, sep) => {
        const typed = [...new Set(cuts)].sort((a, b) => b - a).reduce((s, at) => `${s.slice(0, at)}${sep}${s.slice(at)}`, id.toLowerCase());
        expect(typed.length).toBeLessThanOrEqual(ID_INPUT_MAX);
        const kept = cleanIdNumberInput(typed);
        expect(kept).toBe(id.toUpperCase());
        expect(idNumberProblem(kept)).toBeUndefined();
      }),
    );
  });

  it('keeps a too-long number whole, so the holder is told it is too long instead of it being cut', () => {
    const kept = cleanIdNumberInput('120100 19911204 69301');
    expect(kept).toBe('1201001991120469301');
    expect(idNumberProblem(kept)).toBeDefined();
  });
});
