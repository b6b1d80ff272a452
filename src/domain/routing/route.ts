import { CategoryCode, categoryInfo } from '../taxonomy';

/**
 * 分科室: which department owns a report, by when. Rules are data (staff edit them); this picks
 * the most specific matching rule. A rule matches when each field it sets fits the report: the
 * category and subcategory are equal, the keyword appears in the text or the address, the area
 * appears in the address.
 */
export interface RuleForRouting {
  readonly id: number;
  readonly category: CategoryCode;
  readonly subcategory: string | null;
  readonly keyword: string | null;
  readonly area: string | null;
  readonly departmentId: number;
  readonly resolveWithinHours: number | null;
}

export interface RoutingInput {
  readonly category: CategoryCode;
  readonly subcategory: string;
  readonly needsReview: boolean;
  /** The report's text, for keyword rules. */
  readonly text: string;
  readonly address: string | null;
}

export type RoutingDecision =
  | {
      readonly kind: 'rule';
      readonly departmentId: number;
      readonly ruleId: number;
      readonly resolveWithinHours: number;
    }
  | {
      readonly kind: 'dispatch';
      readonly reason: 'needs_review' | 'other_category' | 'no_rule';
      readonly resolveWithinHours: number;
    };

function specificity(rule: RuleForRouting): number {
  // A subcategory narrows most, then a keyword, then an area.
  return (rule.subcategory ? 4 : 0) + (rule.keyword ? 2 : 0) + (rule.area ? 1 : 0);
}

export function route(input: RoutingInput, rules: readonly RuleForRouting[]): RoutingDecision {
  const defaultHours = categoryInfo(input.category).defaultResolveHours;
  if (input.needsReview) return { kind: 'dispatch', reason: 'needs_review', resolveWithinHours: defaultHours };
  if (input.category === 'other')
    return { kind: 'dispatch', reason: 'other_category', resolveWithinHours: defaultHours };
  const address = input.address ?? '';
  const matching = rules.filter(
    (rule) =>
      rule.category === input.category &&
      (rule.subcategory === null || rule.subcategory === input.subcategory) &&
      (rule.keyword === null || input.text.includes(rule.keyword) || address.includes(rule.keyword)) &&
      (rule.area === null || address.includes(rule.area)),
  );
  if (matching.length === 0) return { kind: 'dispatch', reason: 'no_rule', resolveWithinHours: defaultHours };
  // Lowest id breaks ties so the same input always lands in the same place.
  const best = [...matching].sort((a, b) => specificity(b) - specificity(a) || a.id - b.id)[0];
  return {
    kind: 'rule',
    departmentId: best.departmentId,
    ruleId: best.id,
    resolveWithinHours: best.resolveWithinHours ?? defaultHours,
  };
}
