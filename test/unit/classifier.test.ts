import fc from 'fast-check';
import { Classifier, trainClassifier } from '../../src/domain/classification/classifier';
import { splitCorpus } from '../../src/domain/classification/corpus';
import { normaliseText } from '../../src/domain/classification/normalise';
import { corpus } from '../../src/services/classifier-service';

/** Trained on the training split only, so these tests also speak for reports it never saw. */
let classifier: Classifier;
beforeAll(() => {
  classifier = trainClassifier(splitCorpus(corpus()).train, [], { reviewThreshold: 0.5 });
});

describe('the hybrid classifier', () => {
  it.each([
    ['小区门口垃圾桶满了，三天没人清运', 'dirty', 'garbage_overflow'],
    ['人民路有游商摊贩占道经营', 'disorder', 'street_vendor'],
    ['解放路电线杆上贴满了办证小广告', 'disorder', 'street_small_ads'],
    ['3号楼2单元楼道墙上贴满了开锁小广告', 'shabby', 'stairwell_ads'],
    ['我们小区有人从五楼窗户飞线给电动车充电，太危险了', 'shabby', 'flying_wires'],
    ['幸福社区新时代文明实践站白天总是锁着门，找不到人', 'crude', 'practice_station_closed'],
    ['Garbage bins near the east gate of Renmin Park are overflowing', 'dirty', 'garbage_overflow'],
  ])('%s → %s / %s', (text, category, subcategory) => {
    const result = classifier.classify(text);
    expect([result.category, result.subcategory]).toEqual([category, subcategory]);
    expect(result.signals.length).toBeGreaterThan(0);
  });

  it('decides small ads by location: a street pole is disorder, a stairwell is shabby', () => {
    expect(classifier.classify('路边电线杆上有很多小广告').category).toBe('disorder');
    const inside = classifier.classify('单元楼道墙上有很多小广告');
    expect(inside.category).toBe('shabby');
    expect(inside.signals).toContainEqual(expect.objectContaining({ source: 'context' }));
  });

  it('puts anything about a practice station in crude, even with other problems named', () => {
    const result = classifier.classify('文明实践站门口的垃圾桶满了也没人管');
    expect(result.category).toBe('crude');
    expect(result.signals[0]).toMatchObject({ source: 'context' });
  });

  it('reads traditional characters and pinyin-annotated text like simplified text', () => {
    expect(classifier.classify('樓道裡堆滿了雜物和紙箱').category).toBe('shabby');
    expect(classifier.classify('垃圾清運(yùn)不及時(shí)，已經臭了').category).toBe('dirty');
  });

  it('reports a confidence, a ranking of the other categories and review below the threshold', () => {
    const result = classifier.classify('路口垃圾满了，还有游商摆摊');
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.confidence).toBeLessThanOrEqual(1);
    expect(result.ranking.every((r) => r.category !== result.category)).toBe(true);
    const strict = trainClassifier(splitCorpus(corpus()).train, [], { reviewThreshold: 1.01 });
    expect(strict.classify('路口垃圾满了').needsReview).toBe(true);
  });

  it('returns other with review, and never throws, for text that says nothing', () => {
    const nothing = [
      '',
      '   ',
      '😀😀😀',
      '。。。！！？？',
      '\u0000\u0001\u0002',
      '\uD800\uDC00\uD800',
      'x'.repeat(100_000),
    ];
    for (const text of nothing) {
      expect(classifier.classify(text)).toMatchObject({ category: 'other', needsReview: true });
    }
  });

  it('never throws on any string', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme', maxLength: 5000 })),
        (text) => {
          const result = classifier.classify(text);
          expect(result.confidence).toBeGreaterThanOrEqual(0);
          expect(result.confidence).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('classifies 100 KB of binary junk without throwing', () => {
    const junk = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 256)).toString('latin1');
    expect(() => classifier.classify(junk)).not.toThrow();
  });
});

describe('normaliseText', () => {
  it('fixes typos, traditional characters, pinyin, full-width letters, emoji and spacing', () => {
    expect(normaliseText('  拉圾  满了😡 ＡＢＣ ')).toBe('垃圾 满了 abc');
    expect(normaliseText('清運(yùn)不及時(shí)')).toBe('清运不及时');
    expect(normaliseText('垃圾（lā jī）')).toBe('垃圾');
  });
});
