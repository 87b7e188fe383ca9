import { describe, expect, it } from 'vitest';
import { chinaDate, fenToYuan, newIdempotencyKey, newOrderId, parseItemSpec, SAMPLE_ITEMS, yuanToFen } from '../../../../scripts/terminal/bill.js';
import { validateBill } from '../../../../functions/settlement/policy.rules.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../../../../functions/core/http/route.js';
import { PreSettlementBody } from '../../../../functions/settlement/preSettle.schemas.js';

describe('yuan ↔ fen', () => {
  it('converts yuan text to integer fen without floating point', () => {
    expect(yuanToFen('15.5')).toBe(1550);
    expect(yuanToFen('15.50')).toBe(1550);
    expect(yuanToFen('0.07')).toBe(7);
    expect(yuanToFen('.5')).toBe(50);
    expect(yuanToFen('12.')).toBe(1200);
    expect(yuanToFen(' ¥ 8 ')).toBe(800);
    expect(yuanToFen('￥１２.３４')).toBe(1234);
    // 0.1 + 0.2 style traps: 1.15 * 100 = 114.99999999999999 in floating point.
    expect(yuanToFen('1.15')).toBe(115);
    expect(yuanToFen('4.35')).toBe(435);
    expect(yuanToFen('999999999.99')).toBe(99_999_999_999);
  });

  it('refuses what is not an amount of yuan', () => {
    for (const bad of ['', ' ', '-1', '1.234', '1,5', 'abc', '1e3', '0x10', '.', '1.2.3', '+3', '1 000']) {
      expect(yuanToFen(bad), bad).toBeUndefined();
    }
  });

  it('formats fen as yuan', () => {
    expect(fenToYuan(1550)).toBe('15.50');
    expect(fenToYuan(7)).toBe('0.07');
    expect(fenToYuan(0)).toBe('0.00');
    expect(fenToYuan(-3990)).toBe('-39.90');
    for (const fen of [0, 1, 99, 100, 12345, 10_000_000]) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });
});

describe('bill items from the CLI', () => {
  it('parses name,class,qty,priceYuan[,code]', () => {
    expect(parseItemSpec('阿莫西林胶囊,A,2,15.50')).toEqual({ code: 'A0001', name: '阿莫西林胶囊', class: 'A', quantity: 2, unitPrice: 1550 });
    expect(parseItemSpec('维生素C, c, 1, 8.9, VC-100', 4)).toEqual({ code: 'VC-100', name: '维生素C', class: 'C', quantity: 1, unitPrice: 890 });
    expect(parseItemSpec('布洛芬，B，3，12', 1)).toMatchObject({ code: 'B0002', class: 'B', quantity: 3, unitPrice: 1200 });
  });

  it('says what is wrong with a bad item', () => {
    expect(() => parseItemSpec('x,A,2')).toThrow(/expected name,class,qty,priceYuan/);
    expect(() => parseItemSpec(',A,2,1')).toThrow(/name is empty/);
    expect(() => parseItemSpec('x,D,2,1')).toThrow(/class must be A, B or C/);
    expect(() => parseItemSpec('x,A,0,1')).toThrow(/quantity/);
    expect(() => parseItemSpec('x,A,1.5,1')).toThrow(/quantity/);
    expect(() => parseItemSpec('x,A,1,1.999')).toThrow(/price/);
  });

  it('has a valid sample bill with one item of each class', () => {
    expect(SAMPLE_ITEMS.map((i) => i.class)).toEqual(['A', 'B', 'C']);
    expect(validateBill({ items: SAMPLE_ITEMS })).toMatchObject({ ok: true, total: 2 * 1550 + 2380 + 890 });
  });
});

describe('ids and dates', () => {
  it('makes order ids and idempotency keys the API accepts, all different', () => {
    const at = Date.parse('2026-11-23T16:30:05Z');
    const order = newOrderId(at);
    expect(order).toMatch(/^POS-20261124-003005-[0-9A-F]{6}$/);
    expect(PreSettlementBody.safeParse({ code: '1', institutionOrderId: order, items: [{}] }).success).toBe(true);
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(50);
    for (const k of keys) expect(IDEMPOTENCY_KEY_PATTERN.test(k)).toBe(true);
  });

  it('names the day in China time', () => {
    expect(chinaDate(Date.parse('2026-11-23T15:59:59Z'))).toBe('2026-11-23');
    expect(chinaDate(Date.parse('2026-11-23T16:00:00Z'))).toBe('2026-11-24');
  });
});
