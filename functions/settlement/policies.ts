/**
 * The default reimbursement policies: the figures a new stage's table is seeded with (the
 * seed, `npm run operator -- policies defaults`). The policies in force are table items an
 * operator manages per region and year (policy.store.ts); nothing at settlement reads these.
 */
import type { RegionPolicy } from './policy.rules.js';

type PolicyTerms = Omit<RegionPolicy, 'regionCode' | 'year'>;

/**
 * Three illustrative tiers for the demo regions. The figures are in the range real
 * employee medical insurance (职工医保) uses — deductible a few hundred to about a
 * thousand yuan, cap several hundred thousand yuan, class B self-pay 10-15 %, 90/85/80 %
 * by level, retirees about 5 points more — but they are NOT the official policy of any
 * city. Deductibles are kept low enough that a demo pharmacy bill reaches the fund after
 * a few purchases.
 */
export const POLICY_TIERS: Readonly<Record<'large' | 'capital' | 'city', Readonly<PolicyTerms>>> = Object.freeze({
  /** Municipalities and the largest cities. */
  large: Object.freeze({
    deductible: 80_000, // ¥800
    annualCap: 50_000_000, // ¥500,000
    classBSelfPayBp: 1_000, // 10 %
    reimbursementBp: Object.freeze({ 1: 9_000, 2: 8_500, 3: 8_000 }),
    retireeBonusBp: 500,
    // Filed: the home ratio; not filed: 20 points less (real cities take 10-20 points off).
    outOfArea: Object.freeze({ filedRatioCutBp: 0, unfiledRatioCutBp: 2_000 }),
  }),
  /** Provincial capitals and sub-provincial cities. */
  capital: Object.freeze({
    deductible: 50_000, // ¥500
    annualCap: 40_000_000, // ¥400,000
    classBSelfPayBp: 1_000, // 10 %
    reimbursementBp: Object.freeze({ 1: 9_000, 2: 8_500, 3: 8_000 }),
    retireeBonusBp: 500,
    outOfArea: Object.freeze({ filedRatioCutBp: 0, unfiledRatioCutBp: 1_500 }),
  }),
  /** Other prefecture-level cities. */
  city: Object.freeze({
    deductible: 30_000, // ¥300
    annualCap: 30_000_000, // ¥300,000
    classBSelfPayBp: 1_500, // 15 %
    reimbursementBp: Object.freeze({ 1: 9_000, 2: 8_000, 3: 7_500 }),
    retireeBonusBp: 500,
    outOfArea: Object.freeze({ filedRatioCutBp: 0, unfiledRatioCutBp: 1_000 }),
  }),
});

/** The tier of every region of functions/reference/regions.ts. */
export const REGION_TIERS: Readonly<Record<string, keyof typeof POLICY_TIERS>> = Object.freeze({
  '110100': 'large', // 北京
  '120100': 'large', // 天津
  '310100': 'large', // 上海
  '500100': 'large', // 重庆
  '440100': 'large', // 广州
  '440300': 'large', // 深圳
  '130100': 'capital', // 石家庄
  '140100': 'capital', // 太原
  '210100': 'capital', // 沈阳
  '230100': 'capital', // 哈尔滨
  '320100': 'capital', // 南京
  '330100': 'capital', // 杭州
  '340100': 'capital', // 合肥
  '410100': 'capital', // 郑州
  '420100': 'capital', // 武汉
  '430100': 'capital', // 长沙
  '510100': 'capital', // 成都
  '530100': 'capital', // 昆明
  '610100': 'capital', // 西安
  '210200': 'city', // 大连
  '320500': 'city', // 苏州
  '330200': 'city', // 宁波
  '350200': 'city', // 厦门
  '370200': 'city', // 青岛
});

/** The default policy of a region for a year, or undefined for a region without one. */
export function policyFor(regionCode: string, year: number): RegionPolicy | undefined {
  const tier = Object.prototype.hasOwnProperty.call(REGION_TIERS, regionCode) ? REGION_TIERS[regionCode] : undefined;
  if (!tier) return undefined;
  const terms = POLICY_TIERS[tier];
  return { regionCode, year, ...terms, reimbursementBp: { ...terms.reimbursementBp }, outOfArea: { ...terms.outOfArea } };
}

/** Every region's default policy for a year, sorted by region code. */
export function policiesOf(year: number): RegionPolicy[] {
  return Object.keys(REGION_TIERS)
    .sort()
    .map((code) => policyFor(code, year)!);
}
