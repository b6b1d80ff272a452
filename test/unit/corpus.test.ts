import path from 'node:path';
import { findProjectRoot } from '../../src/config';
import { isHeldOut, loadCorpus, splitCorpus } from '../../src/domain/classification/corpus';
import { normaliseText } from '../../src/domain/classification/normalise';
import { CATEGORIES } from '../../src/domain/taxonomy';
import { corpus } from '../../src/services/classifier-service';

describe('the labeled corpus', () => {
  const examples = corpus();

  it('has at least 800 reports covering every subcategory', () => {
    expect(examples.length).toBeGreaterThanOrEqual(800);
    for (const category of CATEGORIES) {
      for (const sub of category.subcategories) {
        const count = examples.filter((e) => e.subcategory === sub.code).length;
        expect({ subcategory: sub.code, enough: count >= 15 }).toEqual({ subcategory: sub.code, enough: true });
      }
    }
  });

  it('has no report twice, so a held-out line never has a twin in training', () => {
    const seen = new Map<string, string>();
    const twins: string[] = [];
    for (const example of examples) {
      const key = normaliseText(example.text);
      if (seen.has(key)) twins.push(example.text);
      seen.set(key, example.text);
    }
    expect(twins).toEqual([]);
  });

  it('holds out about a fifth, the same lines every time, every category represented', () => {
    const { train, test } = splitCorpus(examples);
    expect(train.length + test.length).toBe(examples.length);
    expect(test.length / examples.length).toBeGreaterThan(0.12);
    expect(test.length / examples.length).toBeLessThan(0.28);
    expect(test.every(isHeldOut)).toBe(true);
    expect(train.some(isHeldOut)).toBe(false);
    for (const category of CATEGORIES) expect(test.some((e) => e.category === category.code)).toBe(true);
  });

  it('shares no report with the separately written evaluation set in data/eval', () => {
    const inCorpus = new Set(examples.map((e) => normaliseText(e.text)));
    const unseen = loadCorpus(path.join(findProjectRoot(), 'data', 'eval'));
    expect(unseen.length).toBeGreaterThan(0);
    expect(unseen.filter((e) => inCorpus.has(normaliseText(e.text))).map((e) => e.text)).toEqual([]);
  });
});
