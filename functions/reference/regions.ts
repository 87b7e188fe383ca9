/** The insuring regions essc serves (reference data every stage needs, not seed). */
export interface Region {
  /** GB/T 2260 code of the prefecture-level city (or municipality's districts). */
  code: string;
  name: string;
  province: string;
}

/** Frozen rows (pure, so that a bundle that never looks a region up leaves the table out). */
const frozen = (rows: Region[]): readonly Region[] => Object.freeze(rows.map((r) => Object.freeze(r)));

/** Real prefecture-level codes (GB/T 2260); municipalities by their district code. */
export const REGIONS: readonly Region[] = /* @__PURE__ */ frozen([
  { code: '110100', name: '北京市', province: '北京市' },
  { code: '120100', name: '天津市', province: '天津市' },
  { code: '130100', name: '石家庄市', province: '河北省' },
  { code: '140100', name: '太原市', province: '山西省' },
  { code: '210100', name: '沈阳市', province: '辽宁省' },
  { code: '210200', name: '大连市', province: '辽宁省' },
  { code: '230100', name: '哈尔滨市', province: '黑龙江省' },
  { code: '310100', name: '上海市', province: '上海市' },
  { code: '320100', name: '南京市', province: '江苏省' },
  { code: '320500', name: '苏州市', province: '江苏省' },
  { code: '330100', name: '杭州市', province: '浙江省' },
  { code: '330200', name: '宁波市', province: '浙江省' },
  { code: '340100', name: '合肥市', province: '安徽省' },
  { code: '350200', name: '厦门市', province: '福建省' },
  { code: '370200', name: '青岛市', province: '山东省' },
  { code: '410100', name: '郑州市', province: '河南省' },
  { code: '420100', name: '武汉市', province: '湖北省' },
  { code: '430100', name: '长沙市', province: '湖南省' },
  { code: '440100', name: '广州市', province: '广东省' },
  { code: '440300', name: '深圳市', province: '广东省' },
  { code: '500100', name: '重庆市', province: '重庆市' },
  { code: '510100', name: '成都市', province: '四川省' },
  { code: '530100', name: '昆明市', province: '云南省' },
  { code: '610100', name: '西安市', province: '陕西省' },
]);

export function findRegion(code: string): Region | undefined {
  return REGIONS.find((r) => r.code === code);
}

