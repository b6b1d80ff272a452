import { RuleForRouting, route } from '../../src/domain/routing/route';

const rule = (fields: Partial<RuleForRouting> & Pick<RuleForRouting, 'id' | 'departmentId'>): RuleForRouting => ({
  category: 'dirty',
  subcategory: null,
  keyword: null,
  area: null,
  resolveWithinHours: null,
  ...fields,
});

const rules: RuleForRouting[] = [
  rule({ id: 1, departmentId: 10, resolveWithinHours: 72 }),
  rule({ id: 2, departmentId: 20, subcategory: 'sidewalk_damage', resolveWithinHours: 168 }),
  rule({ id: 3, departmentId: 30, area: '东城街道' }),
  rule({ id: 4, departmentId: 40, subcategory: 'sidewalk_damage', area: '东城街道' }),
  rule({ id: 5, departmentId: 50, keyword: '超市' }),
];
const input = {
  category: 'dirty' as const,
  subcategory: 'litter',
  text: '路边有很多烟头',
  address: null,
  needsReview: false,
};

describe('route', () => {
  it('uses the category-wide rule when nothing narrower matches, with its deadline', () => {
    expect(route(input, rules)).toEqual({ kind: 'rule', departmentId: 10, ruleId: 1, resolveWithinHours: 72 });
  });

  it('prefers a subcategory, then a keyword, then an area', () => {
    expect(route({ ...input, subcategory: 'sidewalk_damage' }, rules)).toMatchObject({ departmentId: 20 });
    expect(route({ ...input, text: '超市门口全是烟头' }, rules)).toMatchObject({ departmentId: 50 });
    expect(route({ ...input, address: '东城街道幸福路3号' }, rules)).toMatchObject({ departmentId: 30 });
    expect(route({ ...input, text: '超市门口全是烟头', address: '东城街道' }, rules)).toMatchObject({
      departmentId: 50,
    });
    expect(route({ ...input, subcategory: 'sidewalk_damage', address: '东城街道幸福路3号' }, rules)).toMatchObject({
      departmentId: 40,
    });
  });

  it("falls back to the category's default deadline when the rule sets none", () => {
    expect(route({ ...input, address: '东城街道' }, rules)).toMatchObject({ departmentId: 30, resolveWithinHours: 72 });
  });

  it('sends uncertain, other and unmatched reports to dispatch', () => {
    expect(route({ ...input, needsReview: true }, rules)).toMatchObject({ kind: 'dispatch', reason: 'needs_review' });
    expect(route({ ...input, category: 'other' }, rules)).toMatchObject({ kind: 'dispatch', reason: 'other_category' });
    expect(route({ ...input, category: 'crude' }, rules)).toMatchObject({ kind: 'dispatch', reason: 'no_rule' });
  });
});
