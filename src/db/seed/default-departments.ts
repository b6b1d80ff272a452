import type { CategoryCode } from '../../domain/taxonomy';

/** The district's departments as DESIGN.md lists them; staff may edit them after the first start. */
export interface DepartmentSeed {
  readonly code: string;
  readonly name: string;
  readonly isDispatchOffice?: boolean;
}

export const DEFAULT_DEPARTMENTS: readonly DepartmentSeed[] = [
  { code: 'dispatch', name: '创城办', isDispatchOffice: true },
  { code: 'sanitation', name: '环卫中心' },
  { code: 'urban_management', name: '城市管理综合执法局' },
  { code: 'traffic_police', name: '交警大队' },
  { code: 'housing', name: '住房和城乡建设局' },
  { code: 'subdistrict', name: '街道办 / 社区' },
  { code: 'civilization', name: '文明办' },
  { code: 'rural', name: '农业农村局' },
  { code: 'market', name: '市场监督管理局' },
];

export interface RoutingRuleSeed {
  readonly category: CategoryCode;
  readonly subcategory: string | null;
  readonly department: string;
}

/** Category-wide rules first, then the subcategories that belong to someone else. */
export const DEFAULT_ROUTING_RULES: readonly RoutingRuleSeed[] = [
  { category: 'dirty', subcategory: null, department: 'sanitation' },
  { category: 'dirty', subcategory: 'sidewalk_damage', department: 'housing' },
  { category: 'dirty', subcategory: 'village_sanitation', department: 'rural' },
  { category: 'dirty', subcategory: 'market_sanitation', department: 'market' },
  { category: 'disorder', subcategory: null, department: 'urban_management' },
  { category: 'disorder', subcategory: 'random_parking', department: 'traffic_police' },
  { category: 'disorder', subcategory: 'public_service_ads', department: 'civilization' },
  { category: 'shabby', subcategory: null, department: 'subdistrict' },
  { category: 'shabby', subcategory: 'parking_lines', department: 'housing' },
  { category: 'shabby', subcategory: 'overhead_cables', department: 'housing' },
  { category: 'shabby', subcategory: 'flying_wires', department: 'housing' },
  { category: 'crude', subcategory: null, department: 'civilization' },
];
