/**
 * Trains on the corpus's training split and measures the held-out split: accuracy, macro-F1,
 * per-category precision and recall, the confusion matrix, subcategory accuracy and the share
 * of reports sent to review.   npm run eval
 */
import fs from 'node:fs';
import path from 'node:path';
import { findProjectRoot, loadConfig } from '../src/config';
import { trainClassifier } from '../src/domain/classification/classifier';
import { loadCorpus, splitCorpus } from '../src/domain/classification/corpus';
import { CATEGORY_CODES } from '../src/domain/taxonomy';
import { loadEnvFile } from '../src/env-file';
import { corpus } from '../src/services/classifier-service';

loadEnvFile();
const { reviewThreshold } = loadConfig();
const { train, test } = splitCorpus(corpus());
const classifier = trainClassifier(train, [], { reviewThreshold });

const confusion = new Map<string, Map<string, number>>(
  CATEGORY_CODES.map((c) => [c, new Map(CATEGORY_CODES.map((p) => [p, 0]))]),
);
let correct = 0;
let subCorrect = 0;
let review = 0;
const mistakes: string[] = [];
for (const example of test) {
  const result = classifier.classify(example.text);
  confusion.get(example.category)!.set(result.category, confusion.get(example.category)!.get(result.category)! + 1);
  if (result.category === example.category) correct += 1;
  else mistakes.push(`  ${example.category}→${result.category} (${result.confidence}) ${example.text.slice(0, 60)}`);
  if (result.subcategory === example.subcategory) subCorrect += 1;
  if (result.needsReview) review += 1;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
console.log(`corpus ${train.length + test.length} lines: train ${train.length}, held out ${test.length}`);
console.log(`review threshold ${reviewThreshold}\n`);
console.log('category   precision  recall   F1     support');
let f1Sum = 0;
for (const category of CATEGORY_CODES) {
  const tp = confusion.get(category)!.get(category)!;
  const predicted = CATEGORY_CODES.reduce((sum, actual) => sum + confusion.get(actual)!.get(category)!, 0);
  const support = [...confusion.get(category)!.values()].reduce((a, b) => a + b, 0);
  const precision = predicted ? tp / predicted : 0;
  const recall = support ? tp / support : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  f1Sum += f1;
  console.log(
    `${category.padEnd(10)} ${pct(precision).padStart(8)} ${pct(recall).padStart(8)} ${f1.toFixed(3).padStart(6)} ${String(support).padStart(8)}`,
  );
}
console.log(`\naccuracy          ${pct(correct / test.length)}`);
console.log(`macro-F1          ${(f1Sum / CATEGORY_CODES.length).toFixed(3)}`);
console.log(`subcategory acc.  ${pct(subCorrect / test.length)}`);
console.log(`sent to review    ${pct(review / test.length)}`);
console.log(
  `\nconfusion (rows: true, columns: predicted)\n${''.padEnd(10)}${CATEGORY_CODES.map((c) => c.padStart(9)).join('')}`,
);
for (const actual of CATEGORY_CODES) {
  console.log(
    `${actual.padEnd(10)}${CATEGORY_CODES.map((p) => String(confusion.get(actual)!.get(p)).padStart(9)).join('')}`,
  );
}
if (mistakes.length > 0 && process.argv.includes('--mistakes')) console.log(`\nmistakes:\n${mistakes.join('\n')}`);

// A second check on reports written apart from the corpus by someone who never read it; the
// running portal trains on the whole corpus, so that is what classifies them here.
const extraDir = path.join(findProjectRoot(), 'data', 'eval');
if (fs.existsSync(extraDir)) {
  const unseen = loadCorpus(extraDir);
  const full = trainClassifier(corpus(), [], { reviewThreshold });
  const results = unseen.map((e) => ({ e, r: full.classify(e.text) }));
  const hits = results.filter(({ e, r }) => e.category === r.category).length;
  const subHits = results.filter(({ e, r }) => e.subcategory === r.subcategory).length;
  console.log(
    `\nunseen reports (data/eval, ${unseen.length}): accuracy ${pct(hits / unseen.length)}, ` +
      `subcategory ${pct(subHits / unseen.length)}, sent to review ${pct(results.filter(({ r }) => r.needsReview).length / unseen.length)}`,
  );
}
