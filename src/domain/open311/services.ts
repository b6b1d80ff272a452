import { LEXICON } from '../classification/lexicon';
import { CATEGORIES, CategoryCode, categoryOfSubcategory } from '../taxonomy';

/** The value clients filter discovery endpoints by: it must be exactly this string. */
export const GEOREPORT_V2_SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';

/** A GeoReport v2 service: one of our subcategories, grouped by the campaign category. */
export interface Open311Service {
  readonly service_code: string;
  readonly service_name: string;
  readonly description: string;
  readonly metadata: boolean;
  readonly type: 'realtime' | 'batch' | 'blackbox';
  readonly keywords: string;
  readonly group: string;
}

export type AttributeDatatype = 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';

export interface Open311Attribute {
  readonly variable: boolean;
  readonly code: string;
  readonly datatype: AttributeDatatype;
  readonly required: boolean;
  readonly datatype_description: string;
  readonly order: number;
  readonly description: string;
  readonly values?: ReadonlyArray<{ readonly key: string; readonly name: string }>;
}

export interface Open311ServiceDefinition {
  readonly service_code: string;
  readonly attributes: readonly Open311Attribute[];
}

/**
 * Where the problem is decides who fixes it: inside a residential compound it is the property
 * manager's or the community's job, on the street the city's. Dispatchers ask this first.
 */
const IN_COMPOUND: Open311Attribute = {
  variable: true,
  code: 'in_compound',
  datatype: 'singlevaluelist',
  required: false,
  datatype_description: '选 yes 或 no',
  order: 1,
  description: '问题是否在居民小区（院落）内',
  values: [
    { key: 'yes', name: '是，在小区（院落）内' },
    { key: 'no', name: '否，在街面或公共场所' },
  ],
};

const VEHICLE_TYPE: Open311Attribute = {
  variable: true,
  code: 'vehicle_type',
  datatype: 'singlevaluelist',
  required: false,
  datatype_description: '选 motor 或 non_motor',
  order: 2,
  description: '乱停放的是哪类车辆',
  values: [
    { key: 'motor', name: '机动车' },
    { key: 'non_motor', name: '非机动车（电动车、自行车、共享单车）' },
  ],
};

const STATION_NAME: Open311Attribute = {
  variable: true,
  code: 'station_name',
  datatype: 'string',
  required: false,
  datatype_description: '不超过 100 字',
  order: 2,
  description: '新时代文明实践所（站）的名称',
};

function attributesOf(subcategory: string, category: CategoryCode): Open311Attribute[] {
  if (category === 'crude') return [IN_COMPOUND, STATION_NAME];
  if (subcategory === 'random_parking') return [IN_COMPOUND, VEHICLE_TYPE];
  return [IN_COMPOUND];
}

/** Words a client can search services by: the classifier's strongest Chinese terms. */
function keywordsOf(subcategory: string): string {
  const strong = LEXICON.filter((t) => t.subcategory === subcategory && t.weight >= 2 && !/[a-z]/i.test(t.term));
  return [...new Set(strong.map((t) => t.term))].slice(0, 8).join(',');
}

const SERVICES: readonly Open311Service[] = CATEGORIES.flatMap((category) =>
  category.subcategories.map((sub) => ({
    service_code: sub.code,
    service_name: sub.name,
    description: `${category.char === category.name ? category.name : `${category.name}（${category.char}）`}：${category.scope}`,
    metadata: true,
    type: 'realtime' as const,
    keywords: keywordsOf(sub.code),
    group: category.name,
  })),
);

export function open311Services(): readonly Open311Service[] {
  return SERVICES;
}

export function findService(code: string): Open311Service | undefined {
  return SERVICES.find((s) => s.service_code === code);
}

export function serviceDefinition(code: string): Open311ServiceDefinition | undefined {
  const category = categoryOfSubcategory(code);
  if (!category) return undefined;
  return { service_code: code, attributes: attributesOf(code, category) };
}
