import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { maskCardNumber, maskIdNumber, maskName, maskPhone } from '../../../functions/holder/mask.rules.js';
import { makeIdNumber } from '../../../functions/holder/idNumber.rules.js';

describe('maskIdNumber', () => {
  it('keeps the first 4 and last 4 characters', () => {
    expect(maskIdNumber('320102198001011234')).toBe('3201**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });

  it('shows a lowercase check character as X', () => {
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
  });

  it('always gives 18 characters for 18, hiding the birth date', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('110100', '320100', '440300'),
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2025-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (region, date, seq) => {
          const birth = date.toISOString().slice(0, 10);
          const id = makeIdNumber(region, birth, seq);
          const masked = maskIdNumber(id);
          expect(masked).toHaveLength(18);
          expect(masked).toBe(`${id.slice(0, 4)}${'*'.repeat(10)}${id.slice(14)}`);
          expect(masked).not.toContain(birth.replaceAll('-', ''));
        },
      ),
    );
  });

  it('masks a value too short to keep both ends entirely', () => {
    expect(maskIdNumber('12345678')).toBe('********');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['王晓明', '王**'],
    ['欧阳娜娜', '欧***'],
    ['李', '*'],
    ['阿卜杜拉·艾买提', '阿*******'],
    ['', ''],
  ])('%s → %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('counts a character outside the BMP as one character', () => {
    // 𠮷 (U+20BB7) is two UTF-16 units.
    expect(maskName('𠮷明')).toBe('𠮷*');
    expect(maskName('王𠮷')).toBe('王*');
  });

  it('keeps the length in characters and shows only the first', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 2, maxLength: 8 }), (name) => {
        fc.pre(name.trim() === name);
        const masked = maskName(name);
        expect(Array.from(masked)).toHaveLength(Array.from(name).length);
        expect(masked[0]).toBe(name[0]);
        expect(masked.slice(1)).toMatch(/^\*+$/);
      }),
    );
  });
});

describe('maskCardNumber', () => {
  it('keeps the first 1 and the last 2', () => {
    expect(maskCardNumber('A12345678')).toBe('A******78');
    expect(maskCardNumber('B00000012')).toBe('B******12');
  });

  it('masks a value too short entirely', () => {
    expect(maskCardNumber('A12')).toBe('***');
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('19900001111')).toBe('199****1111');
  });

  it('drops a +86 prefix and separators', () => {
    expect(maskPhone('+8613812341234')).toBe('138****1234');
    expect(maskPhone('138-1234-1234')).toBe('138****1234');
  });

  it('keeps only the last 2 of a short number', () => {
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('12')).toBe('**');
  });

  it('hides the middle 4 digits of every mobile number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), (phone) => {
        const masked = maskPhone(phone);
        expect(masked).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
      }),
    );
  });
});
