import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALIPAY_VALUE_LIMIT, ELLIPSIS, WECHAT_FIELD_LIMITS, WECHAT_FIELD_TYPES, charLength, cleanText, fitAlipayData, fitAlipayValue,
  fitWechatData, fitWechatField, preparePush, pushPage, truncate, wechatFieldType, type WechatFieldType,
} from '../../../functions/providers/pushFields.rules.js';
import { loadFixture } from '../support/fakeFetch.js';

const fx = loadFixture('wechat-subscribe-message.json');

/** Any text: every code point (lone surrogates and emoji too), Chinese, digits and signs the fitters read. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(...'缴费待确认演示药房张王李𠀀 ¥元.,0123456789-+:~年月日abcXYZ…·😀\n\t\u200d'), maxLength: 60 }),
);
const typeArb = fc.constantFrom<WechatFieldType | undefined>(...WECHAT_FIELD_TYPES, undefined);

const HAN = /\p{Script=Han}/u;

/** What the documents allow of each type, checked on a fitted value. */
function withinRules(type: WechatFieldType, v: string): boolean {
  const n = charLength(v);
  switch (type) {
    case 'thing':
      return n >= 1 && n <= 20;
    case 'number':
      return /^\d+(\.\d+)?$/.test(v) && v.length <= 32;
    case 'letter':
      return /^[A-Za-z]{1,32}$/.test(v);
    case 'symbol':
      return n >= 1 && n <= 5 && /^[^\p{L}\p{N}]+$/u.test(v);
    case 'character_string':
      return /^[\x21-\x7e]{1,32}$/.test(v);
    case 'time':
      return /^(?:(?:\d{4}年\d{2}月\d{2}日 )?\d{2}:\d{2})(?:~(?:\d{4}年\d{2}月\d{2}日 )?\d{2}:\d{2})?$/u.test(v);
    case 'date':
      return /^\d{4}年\d{2}月\d{2}日(?: \d{2}:\d{2})?(?:~\d{4}年\d{2}月\d{2}日(?: \d{2}:\d{2})?)?$/u.test(v);
    case 'amount': {
      const m = /^([¥$€£]?)(\d+(?:\.\d+)?)(元?)$/u.exec(v);
      return m !== null && m[2]!.replace('.', '').length <= 10 && (m[1] !== '' || m[3] !== '');
    }
    case 'phone_number':
      return /^[0-9+\-()*#]{1,17}$/.test(v);
    case 'car_number':
      return n >= 1 && n <= 8;
    case 'name':
      return n >= 1 && n <= (HAN.test(v) ? 10 : 20);
    case 'phrase':
      return /^\p{Script=Han}{1,5}$/u.test(v);
  }
}

describe('WeChat field fitting: properties', () => {
  it('never throws, and a fitted value is within its type’s documented rules', () => {
    fc.assert(
      fc.property(typeArb, anyText, (type, raw) => {
        const fitted = fitWechatField(type, raw);
        if (!fitted.ok) {
          expect(['empty', 'malformed', 'too_long']).toContain(fitted.problem);
          return;
        }
        expect(fitted.value).not.toBe('');
        if (type !== undefined) expect(withinRules(type, fitted.value), `${type}: ${JSON.stringify(fitted.value)}`).toBe(true);
        // Nothing the platforms refuse survives: control characters, lone surrogates, emoji.
        expect(fitted.value).not.toMatch(/[\p{Cc}\p{Cs}\p{Extended_Pictographic}]/u);
      }),
      { numRuns: 2000 },
    );
  });

  it('fitting is idempotent: a fitted value is accepted as it is', () => {
    fc.assert(
      fc.property(typeArb, anyText, (type, raw) => {
        const once = fitWechatField(type, raw);
        if (!once.ok) return;
        expect(fitWechatField(type, once.value)).toEqual(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('thing keeps short text as it is and cuts long text to a prefix with an ellipsis', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const clean = cleanText(raw);
        const fitted = fitWechatField('thing', raw);
        if (clean === '') {
          expect(fitted).toEqual({ ok: false, problem: 'empty' });
          return;
        }
        if (!fitted.ok) throw new Error('refused');
        if (charLength(clean) <= WECHAT_FIELD_LIMITS.thing) {
          expect(fitted.value).toBe(clean);
          return;
        }
        expect(fitted.value.endsWith(ELLIPSIS)).toBe(true);
        expect(charLength(fitted.value)).toBeLessThanOrEqual(WECHAT_FIELD_LIMITS.thing);
        expect(clean.startsWith(fitted.value.slice(0, -ELLIPSIS.length))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('a number keeps every integer digit and loses only decimals it has no room for', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[1-9]\d{0,35}$/), fc.option(fc.stringMatching(/^\d{1,20}$/), { nil: undefined }), (int, frac) => {
        const raw = frac === undefined ? int : `${int}.${frac}`;
        const fitted = fitWechatField('number', raw);
        if (int.length > 32) {
          expect(fitted).toEqual({ ok: false, problem: 'too_long' });
          return;
        }
        if (!fitted.ok) throw new Error('refused');
        const [fInt, fFrac = ''] = fitted.value.split('.');
        expect(fInt).toBe(int);
        expect((frac ?? '').startsWith(fFrac)).toBe(true);
        if (raw.length <= 32) expect(fitted.value).toBe(raw);
      }),
    );
  });

  it('an amount keeps its yuan (integer digits) and its currency, a bare number becomes ¥', () => {
    fc.assert(
      fc.property(fc.nat(9_999_999_999), fc.nat(99), fc.constantFrom('', '¥', '￥', '$'), fc.boolean(), (yuan, fen, symbol, withYuan) => {
        const raw = `${symbol}${yuan}.${String(fen).padStart(2, '0')}${withYuan ? '元' : ''}`;
        const fitted = fitWechatField('amount', raw);
        if (!fitted.ok) throw new Error(`refused ${raw}`);
        const m = /^([¥$]?)(\d+)(?:\.(\d+))?(元?)$/u.exec(fitted.value)!;
        expect(m[2]).toBe(String(yuan));
        expect(m[1]).toBe(symbol === '￥' ? '¥' : symbol === '' && !withYuan ? '¥' : symbol);
        expect(m[4]).toBe(withYuan ? '元' : '');
      }),
    );
  });

  it('an instant becomes the same minute in China time, for time and date fields alike', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const china = new Date(d.getTime() + 8 * 3600_000);
        const p = (n: number) => String(n).padStart(2, '0');
        const expected = `${china.getUTCFullYear()}年${p(china.getUTCMonth() + 1)}月${p(china.getUTCDate())}日 ${p(china.getUTCHours())}:${p(china.getUTCMinutes())}`;
        expect(fitWechatField('time', d.toISOString())).toEqual({ ok: true, value: expected });
        expect(fitWechatField('date', d.toISOString())).toEqual({ ok: true, value: expected });
      }),
    );
  });

  it('phrase and other closed forms refuse what they cannot hold instead of changing it', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'待确认缴费已完成退款'), minLength: 6, maxLength: 12 }), (long) => {
        expect(fitWechatField('phrase', long)).toEqual({ ok: false, problem: 'too_long' });
      }),
    );
  });
});

describe('WeChat field fitting: the documented forms', () => {
  it('accepts the documents’ examples unchanged', () => {
    const rules = fx.fieldRules;
    expect(fitWechatField('number', rules.number.example)).toEqual({ ok: true, value: '339208499' });
    expect(fitWechatField('phone_number', rules.phone_number.example)).toEqual({ ok: true, value: '+86-0766-66888866' });
    expect(fitWechatField('car_number', rules.car_number.example)).toEqual({ ok: true, value: '粤A8Z888挂' });
    expect(fitWechatField('phrase', rules.phrase.example)).toEqual({ ok: true, value: '配送中' });
    expect(fitWechatField('time', rules.time.examples[0])).toEqual({ ok: true, value: '15:01' });
    // Dates come out zero-padded, as in the request example (2015年01月05日).
    expect(fitWechatField('time', rules.time.examples[1])).toEqual({ ok: true, value: '2019年10月01日 15:01' });
    expect(fitWechatField('date', rules.date.examples[0])).toEqual({ ok: true, value: '2019年10月01日' });
    expect(fitWechatField('date', rules.date.examples[2])).toEqual({ ok: true, value: '2015年01月05日' });
    for (const key of Object.keys(fx.send.requestExample.data)) {
      const fitted = fitWechatField(wechatFieldType(key), fx.send.requestExample.data[key].value);
      expect(fitted).toEqual({ ok: true, value: fx.send.requestExample.data[key].value });
    }
  });

  it('reads the type from the key', () => {
    expect(wechatFieldType('thing1')).toBe('thing');
    expect(wechatFieldType('character_string12')).toBe('character_string');
    expect(wechatFieldType('phone_number3')).toBe('phone_number');
    expect(wechatFieldType('amount02')).toBe('amount');
    expect(wechatFieldType('site01')).toBeUndefined();
    expect(wechatFieldType('thing')).toBeUndefined();
    expect(wechatFieldType('Thing1')).toBeUndefined();
  });

  it('fits the values a notification carries', () => {
    expect(fitWechatField('thing', '演示大药房（南京市鼓楼区中山北路店）门诊缴费待确认')).toEqual({ ok: true, value: '演示大药房（南京市鼓楼区中山北路店）门…' });
    expect(fitWechatField('thing', '  您有一笔\n账单 😀 待确认 ')).toEqual({ ok: true, value: '您有一笔 账单 待确认' });
    expect(fitWechatField('amount', '12.50')).toEqual({ ok: true, value: '¥12.50' });
    expect(fitWechatField('amount', '1,234.5元')).toEqual({ ok: true, value: '1234.5元' });
    expect(fitWechatField('amount', '-3.00')).toEqual({ ok: false, problem: 'malformed' });
    expect(fitWechatField('amount', '12345678901')).toEqual({ ok: false, problem: 'too_long' });
    expect(fitWechatField('amount', '123456789.123')).toEqual({ ok: true, value: '¥123456789.1' });
    expect(fitWechatField('date', '2026-12-01')).toEqual({ ok: true, value: '2026年12月01日' });
    expect(fitWechatField('date', '2026-02-30')).toEqual({ ok: false, problem: 'malformed' });
    expect(fitWechatField('time', '2026-12-01')).toEqual({ ok: false, problem: 'malformed' });
    expect(fitWechatField('time', '2026-12-01T02:03:04Z')).toEqual({ ok: true, value: '2026年12月01日 10:03' });
    expect(fitWechatField('time', '2026-12-01T10:03:00+08:00')).toEqual({ ok: true, value: '2026年12月01日 10:03' });
    expect(fitWechatField('time', '09:00 ～ 17:30')).toEqual({ ok: true, value: '09:00~17:30' });
    expect(fitWechatField('time', '25:00')).toEqual({ ok: false, problem: 'malformed' });
    expect(fitWechatField('character_string', 'BL-20261201-000042')).toEqual({ ok: true, value: 'BL-20261201-000042' });
    expect(fitWechatField('character_string', 'bl_0123456789abcdefghijklmnopqrstuvwxyz')).toEqual({ ok: true, value: 'bl_0123456789ab...mnopqrstuvwxyz' });
    expect(fitWechatField('character_string', '账单1')).toEqual({ ok: false, problem: 'malformed' });
    expect(fitWechatField('name', '张*')).toEqual({ ok: true, value: '张*' });
    expect(fitWechatField('name', '阿卜杜热合曼·阿卜杜克热木江')).toEqual({ ok: true, value: '阿卜杜热合曼·阿卜…' });
    expect(fitWechatField('name', 'Wang 2')).toEqual({ ok: false, problem: 'malformed' });
    expect(fitWechatField('phrase', '待缴费')).toEqual({ ok: true, value: '待缴费' });
    expect(fitWechatField('phrase', 'paid')).toEqual({ ok: false, problem: 'malformed' });
    expect(fitWechatField('number', '１２３')).toEqual({ ok: true, value: '123' });
    expect(fitWechatField('phone_number', '138 **** 0000')).toEqual({ ok: true, value: '138****0000' });
    expect(fitWechatField('car_number', '苏A·12345')).toEqual({ ok: true, value: '苏A12345' });
    expect(fitWechatField('symbol', '★★')).toEqual({ ok: true, value: '★★' });
    expect(fitWechatField('letter', 'abc1')).toEqual({ ok: false, problem: 'malformed' });
    expect(fitWechatField('thing', ' \n ')).toEqual({ ok: false, problem: 'empty' });
  });

  it('fits a whole message, or names the first field it cannot fit', () => {
    expect(fitWechatData({ thing1: '门诊缴费', amount2: '8.00', time3: '2026-12-01T02:00:00Z' })).toEqual({
      ok: true,
      data: { thing1: '门诊缴费', amount2: '¥8.00', time3: '2026年12月01日 10:00' },
    });
    expect(fitWechatData({ thing1: '门诊缴费', phrase2: '等待持卡人确认' })).toEqual({ ok: false, key: 'phrase2', problem: 'too_long' });
  });
});

describe('Alipay values and pages', () => {
  it('an Alipay value is at most 50 characters, cut with an ellipsis, never thrown on', () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const fitted = fitAlipayValue(raw);
        const clean = cleanText(raw);
        if (clean === '') {
          expect(fitted).toEqual({ ok: false, problem: 'empty' });
          return;
        }
        if (!fitted.ok) throw new Error('refused');
        expect(charLength(fitted.value)).toBeLessThanOrEqual(ALIPAY_VALUE_LIMIT);
        expect(fitted.value).toBe(truncate(clean, ALIPAY_VALUE_LIMIT));
      }),
    );
    expect(fitAlipayData({ keyword1: 'x'.repeat(60), keyword2: '' })).toEqual({ ok: false, key: 'keyword2', problem: 'empty' });
    expect(fitAlipayData({ keyword1: 'x'.repeat(60) })).toEqual({ ok: true, data: { keyword1: `${'x'.repeat(49)}…` } });
  });

  it('a page loses its leading slash', () => {
    expect(pushPage('/pages/bill/index?id=bl_1')).toBe('pages/bill/index?id=bl_1');
    expect(pushPage('pages/index/index')).toBe('pages/index/index');
    expect(pushPage('')).toBe('');
  });

  it('refuses unsent what no platform takes: no user, no template, a value the fields cannot take', () => {
    const message = { openid: 'o_1', templateId: 'tpl_1', page: '/pages/bill/index?id=bl_1', data: { thing1: '门诊缴费' } };
    const refusedFor = (providerCode: string) => ({ ok: false, refused: { sent: false, reason: 'rejected', providerCode } });
    expect(preparePush({ ...message, openid: '' }, fitWechatData)).toEqual(refusedFor('no_openid'));
    expect(preparePush({ ...message, templateId: '' }, fitWechatData)).toEqual(refusedFor('no_template'));
    expect(preparePush({ ...message, data: { thing1: 'x'.repeat(21), phrase2: '' } }, fitWechatData)).toEqual(refusedFor('field:phrase2:empty'));
    expect(preparePush({ ...message, data: { keyword1: 'x'.repeat(60) } }, fitAlipayData)).toEqual({
      ok: true, openid: 'o_1', templateId: 'tpl_1', page: 'pages/bill/index?id=bl_1', data: { keyword1: `${'x'.repeat(49)}${ELLIPSIS}` },
    });
  });

  it('truncation never splits a character outside the BMP', () => {
    expect(truncate('𠀀'.repeat(25), 20)).toBe(`${'𠀀'.repeat(19)}…`);
    expect(charLength(truncate('𠀀'.repeat(25), 20))).toBe(20);
  });
});
