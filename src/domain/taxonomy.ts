/**
 * The campaign's four remediation categories (脏乱差粗) plus `other`, and the subcategories the
 * classifier and the routing rules speak of. Codes are stable identifiers stored in the database
 * and used by routing rules; the Chinese names are what residents and staff read.
 */
export const CATEGORY_CODES = ['dirty', 'disorder', 'shabby', 'crude', 'other'] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

export interface SubcategoryInfo {
  readonly code: string;
  readonly name: string;
}

export interface CategoryInfo {
  readonly code: CategoryCode;
  /** The single character of the campaign slogan: 脏 乱 差 粗. */
  readonly char: string;
  readonly name: string;
  readonly nameEn: string;
  readonly scope: string;
  /** Working hours a department has to resolve an item of this category when no rule says otherwise. */
  readonly defaultResolveHours: number;
  readonly subcategories: readonly SubcategoryInfo[];
}

export const CATEGORIES: readonly CategoryInfo[] = [
  {
    code: 'dirty',
    char: '脏',
    name: '治脏',
    nameEn: 'Dirty: sanitation of public space',
    scope: '公共空间环境卫生：垃圾清运、绿化带杂物、露天堆放、乱倒污水、公厕、人行道破损、农村环境卫生',
    defaultResolveHours: 72,
    subcategories: [
      { code: 'garbage_overflow', name: '垃圾满溢、清运不及时' },
      { code: 'litter', name: '路面及绿化带垃圾杂物' },
      { code: 'open_clutter', name: '露天堆放杂物' },
      { code: 'sewage_dumping', name: '乱倒污水' },
      { code: 'public_toilet', name: '公厕脏乱' },
      { code: 'sidewalk_damage', name: '人行道破损' },
      { code: 'village_sanitation', name: '农村环境卫生' },
      { code: 'market_sanitation', name: '农贸市场、超市环境卫生' },
    ],
  },
  {
    code: 'disorder',
    char: '乱',
    name: '治乱',
    nameEn: 'Disorder: order of streets and business',
    scope: '街面和经营秩序：店外经营、占道经营、违规招牌、公益广告破旧、车辆乱停、街面小广告涂鸦、游商摊贩',
    defaultResolveHours: 72,
    subcategories: [
      { code: 'outside_store_business', name: '店外经营、占道经营' },
      { code: 'street_vendor', name: '游商摊贩' },
      { code: 'illegal_signboard', name: '违规招牌' },
      { code: 'public_service_ads', name: '公益广告陈旧破损' },
      { code: 'random_parking', name: '机动车、非机动车乱停乱放' },
      { code: 'street_small_ads', name: '街面小广告、涂鸦' },
    ],
  },
  {
    code: 'shabby',
    char: '差',
    name: '治差',
    nameEn: 'Shabby: conditions in old residential compounds',
    scope: '老旧小区环境：停车线、架空线缆和飞线充电、楼道堆物、楼道小广告、楼道玻璃',
    defaultResolveHours: 168,
    subcategories: [
      { code: 'parking_lines', name: '小区停车线破旧或规划不合理' },
      { code: 'overhead_cables', name: '架空线缆杂乱' },
      { code: 'flying_wires', name: '飞线充电' },
      { code: 'stairwell_clutter', name: '楼道堆物' },
      { code: 'stairwell_ads', name: '楼道小广告' },
      { code: 'stairwell_glass', name: '楼道玻璃脏污破损' },
    ],
  },
  {
    code: 'crude',
    char: '粗',
    name: '治粗',
    nameEn: 'Crude: management of civilization practice facilities',
    scope: '新时代文明实践所、站管理粗放：不开门、不规范、流于形式、存在漏洞',
    defaultResolveHours: 120,
    subcategories: [
      { code: 'practice_station_closed', name: '文明实践所站不开放' },
      { code: 'practice_station_nonstandard', name: '文明实践所站建设不规范' },
      { code: 'practice_station_perfunctory', name: '文明实践活动流于形式' },
      { code: 'practice_station_loophole', name: '文明实践所站管理漏洞' },
    ],
  },
  {
    code: 'other',
    char: '其他',
    name: '其他',
    nameEn: 'Other',
    scope: '不属于以上四类的表扬、咨询和其他诉求，由创城办答复或转办',
    defaultResolveHours: 120,
    subcategories: [
      { code: 'praise', name: '表扬' },
      { code: 'question', name: '咨询' },
      { code: 'unrelated', name: '其他诉求' },
    ],
  },
];

const byCode = new Map(CATEGORIES.map((category) => [category.code, category]));

export function categoryInfo(code: CategoryCode): CategoryInfo {
  const info = byCode.get(code);
  if (!info) throw new Error(`unknown category ${code}`);
  return info;
}

export function isCategoryCode(value: string): value is CategoryCode {
  return (CATEGORY_CODES as readonly string[]).includes(value);
}

const categoryBySubcategory = new Map<string, CategoryCode>(
  CATEGORIES.flatMap((category) => category.subcategories.map((sub) => [sub.code, category.code] as const)),
);

/** The category a subcategory belongs to, or undefined for an unknown code. */
export function categoryOfSubcategory(subcategory: string): CategoryCode | undefined {
  return categoryBySubcategory.get(subcategory);
}

const subcategoryNames = new Map<string, string>(
  CATEGORIES.flatMap((category) => category.subcategories.map((sub) => [sub.code, sub.name] as const)),
);

/** A subcategory's Chinese name, or its code when it is unknown. */
export function subcategoryName(subcategory: string): string {
  return subcategoryNames.get(subcategory) ?? subcategory;
}
