import { RuleForRouting, route } from '../../src/domain/routing/route';

const rules: RuleForRouting[] = [
  { id: 1, category: 'dirty', subcategory: null, area: null, departmentId: 10 },
  { id: 2, category: 'dirty', subcategory: 'sidewalk_damage', area: null, departmentId: 20 },
  { id: 3, category: 'dirty', subcategory: null, area: '东城街道', departmentId: 30 },
  { id: 4, category: 'dirty', subcategory: 'sidewalk_damage', area: '东城街道', departmentId: 40 },
];
const input = { category: 'dirty' as const, subcategory: 'litter', address: null, needsReview: false };

describe('route', () => {
  it('uses the category-wide rule when nothing narrower matches', () => {
    expect(route(input, rules)).toEqual({ kind: 'rule', departmentId: 10, ruleId: 1 });
  });

  it('prefers a subcategory rule, then an area rule, then both', () => {
    expect(route({ ...input, subcategory: 'sidewalk_damage' }, rules)).toMatchObject({ departmentId: 20 });
    expect(route({ ...input, address: '东城街道幸福路3号' }, rules)).toMatchObject({ departmentId: 30 });
    expect(route({ ...input, subcategory: 'sidewalk_damage', address: '东城街道幸福路3号' }, rules)).toMatchObject({
      departmentId: 40,
    });
  });

  it('sends uncertain, other and unmatched reports to dispatch', () => {
    expect(route({ ...input, needsReview: true }, rules)).toEqual({ kind: 'dispatch', reason: 'needs_review' });
    expect(route({ ...input, category: 'other' }, rules)).toEqual({ kind: 'dispatch', reason: 'other_category' });
    expect(route({ ...input, category: 'crude' }, rules)).toEqual({ kind: 'dispatch', reason: 'no_rule' });
  });
});
