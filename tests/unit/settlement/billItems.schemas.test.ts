/** The bill item the OpenAPI document describes is the one validateBill accepts: every field, type and bound. */
import fc from 'fast-check';
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { billItems } from '../../../functions/settlement/billItems.schemas.js';
import { validateBill } from '../../../functions/settlement/policy.rules.js';

interface PropertySchema {
  type: 'string' | 'integer';
  enum?: string[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}
const documented = z.toJSONSchema(billItems, { io: 'input' }) as {
  minItems: number;
  maxItems: number;
  items: { required: string[]; properties: Record<string, PropertySchema> };
};
const { required, properties } = documented.items;

/** Letters of item codes and names: ASCII, Chinese and spaces (BMP: lengths are UTF-16 code units, as documented). */
const LETTERS = fc.constantFrom('A', 'b', '0', '9', '-', ' ', '阿', '莫', '西', '林', '胶', '囊', '·', '×');

/** A value the document allows for a property, at its edges or in between. */
function allowed(p: PropertySchema): fc.Arbitrary<string | number> {
  if (p.enum) return fc.constantFrom(...p.enum);
  if (p.type === 'integer') return fc.oneof(fc.constant(p.minimum!), fc.constant(p.maximum!), fc.integer({ min: p.minimum!, max: p.maximum! }));
  const pattern = new RegExp(p.pattern ?? '');
  return fc.oneof(fc.constant('x'.repeat(p.maxLength!)), fc.string({ unit: LETTERS, minLength: p.minLength!, maxLength: p.maxLength! }).filter((s) => pattern.test(s)));
}

/** Values just outside what the document allows for a property. */
function outside(p: PropertySchema): unknown[] {
  if (p.enum) return ['D', 'a', '', 1];
  if (p.type === 'integer') return [p.minimum! - 1, p.maximum! + 1, 1.5, String(p.minimum)];
  return ['', 'x'.repeat(p.maxLength! + 1), 7, ...(p.pattern ? [' \t '] : [])];
}

describe('the documented bill item', () => {
  it('names the fields validateBill reads, all required', () => {
    expect(required.sort()).toEqual(['class', 'code', 'name', 'quantity', 'unitPrice']);
    expect(Object.keys(properties).sort()).toEqual(required.sort());
    expect(documented.minItems).toBe(1);
    expect(properties.code!.pattern).toBe('\\S');
    expect((documented as { description?: string }).description).toContain('10000000 fen');
  });

  it('every item the document allows (a bill of one, priced 1 fen) validateBill accepts', () => {
    const item = fc.record(Object.fromEntries(required.map((k) => [k, allowed(properties[k]!)])) as Record<string, fc.Arbitrary<string | number>>);
    fc.assert(
      fc.property(item, (generated) => {
        // The bill's own limits (a non-zero total under the cap) are the rules', not the item's: price it at 1 fen a unit.
        const result = validateBill({ items: [{ ...generated, unitPrice: 1 }] });
        expect(result.ok).toBe(true);
      }),
    );
    // The unit price's own bounds, one unit each.
    for (const unitPrice of [properties.unitPrice!.minimum!, properties.unitPrice!.maximum!]) {
      const result = validateBill({ items: [{ code: 'A1', name: '药', class: 'A', quantity: 1, unitPrice }, { code: 'A2', name: '药', class: 'A', quantity: 1, unitPrice: unitPrice === 0 ? 1 : 0 }] });
      expect(result.ok, `unitPrice ${unitPrice}`).toBe(true);
    }
  });

  it('a field outside its documented bounds is refused by validateBill, naming that field', () => {
    const valid = { code: 'A1', name: '阿莫西林', class: 'A', quantity: 1, unitPrice: 100 };
    for (const key of required) {
      for (const value of [...outside(properties[key]!), undefined]) {
        const result = validateBill({ items: [{ ...valid, [key]: value }] });
        expect(result.ok, `${key} = ${JSON.stringify(value)}`).toBe(false);
        if (!result.ok) expect(result.errors.map((e) => e.field)).toContain(`items.0.${key}`);
      }
    }
  });

  it('more items than the document allows are refused', () => {
    const item = { code: 'A1', name: '药', class: 'A', quantity: 1, unitPrice: 1 };
    expect(validateBill({ items: Array.from({ length: documented.maxItems }, () => item) }).ok).toBe(true);
    expect(validateBill({ items: Array.from({ length: documented.maxItems + 1 }, () => item) }).ok).toBe(false);
  });

  it('the bill-wide limits the description states: a line or bill total above the cap, or a total of 0, is refused', () => {
    const item = { code: 'A1', name: '药', class: 'A', quantity: 1, unitPrice: 1 };
    const cap = properties.unitPrice!.maximum!;
    expect(documented.items && (documented as { description?: string }).description).toContain(`${cap} fen`);
    expect(validateBill({ items: [{ ...item, quantity: 2, unitPrice: cap }] }).ok).toBe(false);
    expect(validateBill({ items: [{ ...item, unitPrice: cap }, { ...item, unitPrice: 1 }] }).ok).toBe(false);
    expect(validateBill({ items: [{ ...item, unitPrice: 0 }] }).ok).toBe(false);
    expect(validateBill({ items: [{ ...item, unitPrice: cap }] }).ok).toBe(true);
  });
});
