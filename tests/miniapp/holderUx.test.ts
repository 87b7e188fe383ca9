/**
 * The pure rules behind the holder-UX points of issue 13: which refusals send the holder
 * back to the name and ID number (and with what words), when the platform's text size
 * means elder mode, and the plain words of why the pooled fund pays what it pays.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityFieldErrors } from '../../miniapp/src/features/card/identityRefusal.js';
import { pensionReminder } from '../../miniapp/src/features/pension/pension.js';
import { pooledFundReasons, pooledFundReasonsTitle } from '../../miniapp/src/features/settlement/settlement.js';
import { elderModeFrom, isLargeTextSetting } from '../../miniapp/src/shared/largeText.js';

const MISMATCH_ERRORS = [
  { field: 'name', message: 'does not match the card register for this ID number' },
  { field: 'idNumber', message: 'does not match the card register for this name' },
];

describe('identity refusals', () => {
  it('identity_mismatch puts zh-CN words on both fields, never the English developer message', () => {
    const words = identityFieldErrors('identity_mismatch', MISMATCH_ERRORS)!;
    expect(words.name).toContain('姓名与身份证号不匹配');
    expect(words.idNumber).toContain('请核对身份证号');
    expect(Object.values(words).join('')).not.toMatch(/[a-z]{4}/);
  });

  it("invalid_id_number keeps the server's own zh-CN field message", () => {
    expect(identityFieldErrors('invalid_id_number', [{ field: 'idNumber', message: '身份证号的校验位不正确。' }])).toEqual({
      name: undefined,
      idNumber: '身份证号的校验位不正确。',
    });
  });

  it('face refusals and refusals naming no identity field are not identity problems', () => {
    expect(identityFieldErrors('face_expired', [{ field: 'faceVerificationId', message: 'expired' }])).toBeUndefined();
    expect(identityFieldErrors('face_locked', [])).toBeUndefined();
    expect(identityFieldErrors(undefined, [])).toBeUndefined();
    expect(identityFieldErrors('invalid_request', [{ field: 'returnUrl', message: 'x' }])).toBeUndefined();
  });

  it('a refusal naming no identity problem is none, even when it names the idNumber field', () => {
    expect(identityFieldErrors('family_limit_reached', [{ field: 'idNumber', message: 'family_limit_reached' }])).toBeUndefined();
  });

  it('a validation refusal naming name or idNumber gets words on those fields only, in zh-CN', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('invalid_request', undefined),
        fc.subarray(['name', 'idNumber', 'body.name', 'relationship'], { minLength: 1 }),
        fc.string(),
        (code, fields, message) => {
          const words = identityFieldErrors(code, fields.map((field) => ({ field, message })));
          const named = fields.filter((f) => /(^|\.)(name|idNumber)$/.test(f));
          if (named.length === 0) return words === undefined;
          return (
            words !== undefined &&
            Object.values(words).every((w) => w === undefined || /[\u4e00-\u9fff]/.test(w)) &&
            (words.idNumber !== undefined) === named.some((f) => f.endsWith('idNumber')) &&
            (words.name !== undefined) === named.some((f) => /(^|\.)name$/.test(f))
          );
        },
      ),
    );
  });
});

describe('elder mode and the platform text size', () => {
  it("WeChat's default 17 px is not large; its larger steps and care mode (~23.8 px) are", () => {
    expect(isLargeTextSetting(17)).toBe(false);
    expect(isLargeTextSetting(19.9)).toBe(false);
    expect(isLargeTextSetting(20)).toBe(true);
    expect(isLargeTextSetting(23.8)).toBe(true);
    expect(isLargeTextSetting('23.8')).toBe(true);
    for (const nothing of [undefined, null, NaN, 'large', {}]) expect(isLargeTextSetting(nothing)).toBe(false);
    // A size level instead of px (as some platforms give; Alipay documents no fontSizeSetting) is not large.
    for (const level of [1, 2, 3, 4]) expect(isLargeTextSetting(level)).toBe(false);
  });

  it("the holder's choice wins over the platform; without one the platform decides", () => {
    fc.assert(
      fc.property(fc.oneof(fc.boolean(), fc.constant(undefined), fc.string()), fc.boolean(), (chosen, large) => {
        const shown = elderModeFrom(chosen, () => large);
        return typeof chosen === 'boolean' ? shown === chosen : shown === large;
      }),
    );
  });
});

describe('why the pooled fund pays what it pays', () => {
  const b = { deductibleApplied: 0, classBSelfPay: 0, classC: 0, overCap: 0, reimbursementBp: 9000 };

  it('a bill inside the 起付线 says so, in plain words with the amount', () => {
    const lines = pooledFundReasons(0, { ...b, deductibleApplied: 5000 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('起付线');
    expect(lines[0]).toContain('¥50.00');
    expect(pooledFundReasonsTitle(0)).toBe('为什么统筹基金支付 ¥0.00？');
  });

  it('names 乙类自付, 丙类自费 and 封顶线, and the share of the rest when the fund pays some', () => {
    const lines = pooledFundReasons(1000, { ...b, classBSelfPay: 200, classC: 7345, overCap: 100 });
    expect(lines.join('\n')).toMatch(/乙类自付[\s\S]*丙类自费[\s\S]*封顶线[\s\S]*90%/);
    expect(pooledFundReasonsTitle(1000)).toBe('统筹基金为什么没有全部报销？');
  });

  it('nothing held back, or no breakdown: nothing to explain', () => {
    expect(pooledFundReasons(5000, b)).toEqual([]);
    expect(pooledFundReasons(0, undefined)).toEqual([]);
  });
});

describe('the pension reminder on home', () => {
  it('due is not expired: it says when it falls due, as the pension page does', () => {
    const line = pensionReminder({ status: 'due', validUntil: '2027-06-30T16:00:00.000Z' })!;
    expect(line).not.toContain('已到期');
    expect(line).toContain('将于2027年7月1日到期');
  });
});
