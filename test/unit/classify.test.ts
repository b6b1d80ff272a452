import { classify } from '../../src/domain/classification/classify';
import { normaliseText } from '../../src/domain/classification/normalise';

const THRESHOLD = 0.5;

describe('classify (interim lexicon classifier)', () => {
  it.each([
    ['小区门口垃圾桶满了，三天没人清运', 'dirty', 'garbage_overflow'],
    ['人民路有游商摊贩占道经营', 'disorder', 'street_vendor'],
    ['解放路电线杆上贴满了小广告', 'disorder', 'street_small_ads'],
    ['3号楼2单元楼道里贴满了小广告', 'shabby', 'stairwell_ads'],
    ['楼道里堆满了杂物，过不去人', 'shabby', 'stairwell_clutter'],
    ['我们小区有人从楼上飞线给电动车充电', 'shabby', 'flying_wires'],
    ['幸福社区新时代文明实践站白天总是不开门', 'crude', 'practice_station_closed'],
    ['Garbage bins overflowing near the east gate, trash everywhere', 'dirty', 'garbage_overflow'],
  ])('%s → %s / %s', (text, category, subcategory) => {
    const result = classify(text, THRESHOLD);
    expect(result.category).toBe(category);
    expect(result.subcategory).toBe(subcategory);
    expect(result.needsReview).toBe(false);
    expect(result.signals.length).toBeGreaterThan(0);
  });

  it('decides small ads by location: street is disorder, stairwell is shabby', () => {
    expect(classify('路边墙上有很多小广告', THRESHOLD).category).toBe('disorder');
    const inside = classify('单元楼道墙上有很多小广告', THRESHOLD);
    expect(inside.category).toBe('shabby');
    expect(inside.signals.map((s) => s.term)).toContain('楼道');
  });

  it('puts anything about a practice station in crude, even with other problems named', () => {
    expect(classify('文明实践站门口垃圾没人收', THRESHOLD).category).toBe('crude');
  });

  it('does not read 关门 as crude without a practice station', () => {
    expect(classify('菜市场的公厕关门了', THRESHOLD).category).toBe('dirty');
  });

  it('returns other with zero confidence and review for text it knows nothing of', () => {
    expect(classify('今天天气不错', THRESHOLD)).toMatchObject({
      category: 'other',
      confidence: 0,
      needsReview: true,
      signals: [],
    });
  });

  it('flags review when the confidence is under the threshold', () => {
    const weak = classify('垃圾', THRESHOLD);
    expect(weak.confidence).toBeLessThan(0.9);
    expect(classify('垃圾', weak.confidence + 0.01).needsReview).toBe(true);
    expect(classify('垃圾', weak.confidence).needsReview).toBe(false);
  });

  it('ranks the other categories that had evidence', () => {
    const result = classify('路口垃圾满了，还有游商摆摊', THRESHOLD);
    expect(result.ranking.map((r) => r.category)).toContain(result.category === 'dirty' ? 'disorder' : 'dirty');
  });
});

describe('normaliseText', () => {
  it('fixes common typos, full-width letters, emoji and spacing', () => {
    expect(normaliseText('  拉圾  满了😡 ＡＢＣ ')).toBe('垃圾 满了 abc');
  });
});
