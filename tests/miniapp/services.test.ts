/**
 * Pure modules behind the family, pension, contribution and scan-to-login pages, run in
 * node: the `essc://login?r=` parser, scope words and countdown, relationship words and
 * the guardian rule's age, pension status words and China-time dates, and the
 * contribution list's grouping and paging.
 */
import { describe, expect, it } from 'vitest';
import {
  countdownText,
  LOGIN_QR_PREFIX,
  loginRequestIdOf,
  NOT_A_LOGIN_CODE,
  parseLoginQr,
  scopeWords,
  secondsUntil,
} from '../../miniapp/src/features/scanLogin/loginRequest.js';
import {
  ageFromIdNumber,
  chinaToday,
  guardianMayAddWithoutFace,
  isRelationship,
  patientText,
  presentForText,
  relationshipText,
  RELATIONSHIPS,
} from '../../miniapp/src/features/family/family.js';
import { canCertify, chinaDateText, pensionAdvice, pensionReminder, pensionStatusText } from '../../miniapp/src/features/pension/pension.js';
import {
  appendPage,
  CONTRIBUTION_TABS,
  groupByMonth,
  insuranceText,
  monthText,
  recordTotal,
} from '../../miniapp/src/features/pension/contributions.js';
import { checkChar } from '../../miniapp/src/features/card/idNumber.js';
import { INSURANCE_TYPES } from '../../functions/pension/contributions.rules.js';
import { RELATIONSHIPS as SERVER_RELATIONSHIPS } from '../../functions/family/family.rules.js';
import { LOGIN_SCOPES, parseQrContent, qrContent } from '../../functions/scanLogin/loginRequest.rules.js';
import type { ContributionRecord } from '../../miniapp/src/features/pension/contributions.js';

/** A valid ID number (Beijing Dongcheng) of someone born on `birth` (YYYYMMDD). */
function idBornOn(birth: string): string {
  const first17 = `110101${birth}001`;
  return first17 + checkChar(first17);
}

describe('scan-to-login QR content', () => {
  const id = 'lr_AbCdEfGhIjKlMnOpQrSt';

  it('takes the id of essc://login?r=<id>, as the server writes it', () => {
    expect(parseLoginQr(qrContent(id))).toEqual({ ok: true, id });
    expect(parseLoginQr(`  ${LOGIN_QR_PREFIX}${id}\n`)).toEqual({ ok: true, id });
    // The server's own parser agrees on what it makes.
    expect(parseQrContent(qrContent(id))).toBe(id);
  });

  it('refuses anything else with a zh-CN reason', () => {
    for (const text of ['https://example.gov.cn/login?r=' + id, 'essc://pay?r=' + id, 'ESSC://login?r=' + id, '88123456789012345674']) {
      expect(parseLoginQr(text), text).toEqual({ ok: false, message: NOT_A_LOGIN_CODE });
    }
    for (const text of [LOGIN_QR_PREFIX, `${LOGIN_QR_PREFIX}${id}&x=1`, `${LOGIN_QR_PREFIX}lr_a b`, `${LOGIN_QR_PREFIX}<script>`]) {
      const r = parseLoginQr(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message).toMatch(/二维码/);
    }
    expect(parseLoginQr('')).toMatchObject({ ok: false });
    expect(parseLoginQr(undefined)).toMatchObject({ ok: false });
  });

  it('reads the id from the page route (?r=), decoded, and refuses junk', () => {
    expect(loginRequestIdOf(id)).toBe(id);
    expect(loginRequestIdOf(encodeURIComponent(id))).toBe(id);
    expect(loginRequestIdOf(undefined)).toBeUndefined();
    expect(loginRequestIdOf('a/b')).toBeUndefined();
    expect(loginRequestIdOf('%E0%A4%A')).toBeUndefined();
  });

  it('puts every scope the server knows into words, in order, unknown ones named', () => {
    expect(scopeWords('openid')).toEqual(['身份标识']);
    expect(scopeWords('openid profile idcard')).toEqual(['身份标识', '姓名（脱敏）', '身份证号（脱敏）及卡等级']);
    expect(scopeWords(' idcard  openid openid ')).toEqual(['身份证号（脱敏）及卡等级', '身份标识']);
    expect(scopeWords('openid email')).toEqual(['身份标识', '其他信息（email）']);
    expect(scopeWords(undefined)).toEqual([]);
    for (const scope of LOGIN_SCOPES) expect(scopeWords(scope)[0], scope).not.toMatch(/其他信息/);
  });

  it('counts down to the expiry in whole seconds', () => {
    const now = Date.parse('2026-07-01T08:00:00.000Z');
    expect(secondsUntil('2026-07-01T08:02:00.000Z', now)).toBe(120);
    expect(secondsUntil('2026-07-01T08:00:00.500Z', now)).toBe(1);
    expect(secondsUntil('2026-07-01T07:59:00.000Z', now)).toBe(0);
    expect(secondsUntil('not a date', now)).toBe(0);
    expect(countdownText(120)).toBe('2:00');
    expect(countdownText(65)).toBe('1:05');
    expect(countdownText(-3)).toBe('0:00');
  });
});

describe('family service words and the guardian rule', () => {
  it('has a Chinese word for every relationship the server accepts', () => {
    expect([...RELATIONSHIPS].sort()).toEqual([...SERVER_RELATIONSHIPS].sort());
    expect(RELATIONSHIPS.map(relationshipText)).toEqual(['父母', '配偶', '子女', '祖辈', '兄弟姐妹', '其他']);
    expect(relationshipText('cousin')).toBe('亲属');
    expect(isRelationship('grandparent')).toBe(true);
    expect(isRelationship('cousin')).toBe(false);
  });

  it('says for whom a code is shown and a bill is paid', () => {
    expect(presentForText({ relationship: 'parent', maskedName: '张*' })).toBe('为父母张*出示');
    expect(patientText({ relationship: 'child', maskedName: '李*明' })).toBe('为亲属 李*明（子女）支付');
    expect(patientText({ maskedName: '李*明' })).toBe('为亲属 李*明 支付');
  });

  it('counts full years from the ID number birth date, birthday included', () => {
    const id = idBornOn('20100615');
    expect(ageFromIdNumber(id, '2026-06-14')).toBe(15);
    expect(ageFromIdNumber(id, '2026-06-15')).toBe(16);
    expect(ageFromIdNumber(id.toLowerCase(), '2026-12-31')).toBe(16);
    // 29 February: a year older on 1 March of a common year.
    const leap = idBornOn('20080229');
    expect(ageFromIdNumber(leap, '2024-02-28')).toBe(15);
    expect(ageFromIdNumber(leap, '2024-02-29')).toBe(16);
    expect(ageFromIdNumber(leap, '2025-02-28')).toBe(16);
    expect(ageFromIdNumber('12345', '2026-01-01')).toBeUndefined();
    expect(ageFromIdNumber(idBornOn('20300101'), '2026-01-01')).toBeUndefined();
  });

  it('offers adding without a face only for a child under 16', () => {
    const child = idBornOn('20150301');
    const adult = idBornOn('19800301');
    expect(guardianMayAddWithoutFace('child', child, '2026-07-01')).toBe(true);
    expect(guardianMayAddWithoutFace('sibling', child, '2026-07-01')).toBe(false);
    expect(guardianMayAddWithoutFace(undefined, child, '2026-07-01')).toBe(false);
    expect(guardianMayAddWithoutFace('child', adult, '2026-07-01')).toBe(false);
    expect(guardianMayAddWithoutFace('child', idBornOn('20100701'), '2026-07-01')).toBe(false);
    expect(guardianMayAddWithoutFace('child', '1101', '2026-07-01')).toBe(false);
  });

  it("takes today's date in China time", () => {
    // 2026-06-30 17:00 UTC is 1 July 01:00 in Beijing.
    expect(chinaToday(Date.parse('2026-06-30T17:00:00Z'))).toBe('2026-07-01');
    expect(chinaToday(Date.parse('2026-06-30T15:59:59Z'))).toBe('2026-06-30');
  });
});

describe('pension certification words and dates', () => {
  it('shows instants as China dates (UTC+8)', () => {
    expect(chinaDateText('2027-06-30T16:00:00.000Z')).toBe('2027年7月1日');
    expect(chinaDateText('2027-06-30T15:59:59.999Z')).toBe('2027年6月30日');
    expect(chinaDateText('2026-12-31T20:00:00Z')).toBe('2027年1月1日');
    expect(chinaDateText(undefined)).toBe('');
    expect(chinaDateText('soon')).toBe('');
  });

  it('names every status and says what to do', () => {
    expect(pensionStatusText('certified')).toBe('已认证');
    expect(pensionStatusText('due')).toBe('待认证');
    expect(pensionStatusText('overdue')).toBe('已逾期');
    expect(pensionStatusText('under_review')).toBe('人工审核中');
    expect(pensionStatusText('not_applicable')).toBe('无需认证');
    expect(pensionStatusText('whatever')).toBe('状态未知');
    const validUntil = '2027-06-30T16:00:00.000Z';
    expect(pensionAdvice({ status: 'certified', validUntil })).toContain('有效期至2027年7月1日');
    expect(pensionAdvice({ status: 'due', validUntil })).toContain('2027年7月1日');
    expect(pensionAdvice({ status: 'due', dueAt: validUntil })).toContain('请完成本年度认证');
    expect(pensionAdvice({ status: 'overdue', validUntil }, true)).toBe('已过期，请马上认证');
    expect(pensionAdvice({ status: 'under_review' })).toContain('人工审核');
    expect(canCertify('due')).toBe(true);
    expect(canCertify('overdue')).toBe(true);
    expect(canCertify('not_applicable')).toBe(false);
  });

  it("words the home page's reminder: due (with the China date, or soon), overdue, under review; nothing otherwise", () => {
    expect(pensionReminder({ status: 'due', validUntil: '2027-06-30T16:00:00.000Z' })).toBe('待遇资格认证将于2027年7月1日到期，请在此之前完成认证');
    expect(pensionReminder({ status: 'due' })).toBe('请完成本年度待遇资格认证');
    expect(pensionReminder({ status: 'overdue', validUntil: '2026-01-31T16:00:00.000Z' })).toBe('待遇资格认证已逾期，养老金可能暂停发放，请尽快认证');
    expect(pensionReminder({ status: 'under_review' })).toBe('待遇资格认证人工审核中');
    expect(pensionReminder({ status: 'certified', validUntil: '2027-06-30T16:00:00.000Z' })).toBeUndefined();
    expect(pensionReminder({ status: 'not_applicable' })).toBeUndefined();
  });
});

describe('contribution records', () => {
  const rec = (month: string, type: ContributionRecord['type'], personal = 100): ContributionRecord => ({
    type,
    month,
    base: 500000,
    employerAmount: 800,
    personalAmount: personal,
    status: 'paid',
    payer: '江苏云帆信息技术有限公司',
  });

  it('has a tab for every insurance type of the server, plus all', () => {
    expect(CONTRIBUTION_TABS.map((t) => t.type)).toEqual(['all', ...INSURANCE_TYPES]);
    expect(CONTRIBUTION_TABS.map((t) => t.label)).toEqual(['全部', '养老', '医疗', '失业', '工伤', '生育']);
    expect(INSURANCE_TYPES.map(insuranceText)).toEqual(['养老保险', '医疗保险', '失业保险', '工伤保险', '生育保险']);
  });

  it('groups consecutive records by month, keeping the order', () => {
    const items = [rec('2026-05', 'pension'), rec('2026-05', 'medical'), rec('2026-04', 'pension'), rec('2026-03', 'maternity')];
    const groups = groupByMonth(items);
    expect(groups.map((g) => g.month)).toEqual(['2026-05', '2026-04', '2026-03']);
    expect(groups[0]!.items.map((r) => r.type)).toEqual(['pension', 'medical']);
    expect(groupByMonth([])).toEqual([]);
    expect(monthText('2026-05')).toBe('2026年5月');
    expect(monthText('2026-12')).toBe('2026年12月');
  });

  it('appends a page without repeating a record and sums the shares', () => {
    const first = [rec('2026-05', 'pension'), rec('2026-05', 'medical')];
    const next = [rec('2026-05', 'medical'), rec('2026-04', 'pension')];
    expect(appendPage(first, next).map((r) => `${r.month} ${r.type}`)).toEqual(['2026-05 pension', '2026-05 medical', '2026-04 pension']);
    expect(recordTotal(rec('2026-05', 'pension', 4000))).toBe(4800);
  });
});
