import { CategoryCode } from '../taxonomy';

/**
 * 分科室: which department owns a report. Rules are data (staff edit them); this function only
 * picks the most specific matching rule. A rule matches when each field it sets equals the
 * report's (category, subcategory) or, for `area`, appears in the report's address.
 */
export interface RuleForRouting {
  readonly id: number;
  readonly category: CategoryCode;
  readonly subcategory: string | null;
  readonly area: string | null;
  readonly departmentId: number;
}

export interface RoutingInput {
  readonly category: CategoryCode;
  readonly subcategory: string;
  readonly address: string | null;
  readonly needsReview: boolean;
}

export type RoutingDecision =
  | { readonly kind: 'rule'; readonly departmentId: number; readonly ruleId: number }
  | { readonly kind: 'dispatch'; readonly reason: 'needs_review' | 'other_category' | 'no_rule' };

function specificity(rule: RuleForRouting): number {
  // A subcategory narrows more than an area, so it weighs more when rules tie.
  return (rule.subcategory ? 2 : 0) + (rule.area ? 1 : 0);
}

export function route(input: RoutingInput, rules: readonly RuleForRouting[]): RoutingDecision {
  if (input.needsReview) return { kind: 'dispatch', reason: 'needs_review' };
  if (input.category === 'other') return { kind: 'dispatch', reason: 'other_category' };
  const matching = rules.filter(
    (rule) =>
      rule.category === input.category &&
      (rule.subcategory === null || rule.subcategory === input.subcategory) &&
      (rule.area === null || (input.address ?? '').includes(rule.area)),
  );
  if (matching.length === 0) return { kind: 'dispatch', reason: 'no_rule' };
  // Lowest id breaks ties so the same input always lands in the same place.
  const best = [...matching].sort((a, b) => specificity(b) - specificity(a) || a.id - b.id)[0];
  return { kind: 'rule', departmentId: best.departmentId, ruleId: best.id };
}
