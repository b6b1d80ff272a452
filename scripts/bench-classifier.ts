/**
 * Classifier speed: model load (corpus, dictionary, training) and classifications per second on
 * one core for typical 20–80 character reports.   npm run bench:classify
 */
import { performance } from 'node:perf_hooks';
import { trainClassifier } from '../src/domain/classification/classifier';
import { loadCorpus } from '../src/domain/classification/corpus';
import { CORPUS_DIR } from '../src/services/classifier-service';

const loadStart = performance.now();
const examples = loadCorpus(CORPUS_DIR);
const classifier = trainClassifier(examples, [], { reviewThreshold: 0.5 });
const loadMs = performance.now() - loadStart;

const typical = examples.map((e) => e.text).filter((text) => [...text].length >= 20 && [...text].length <= 80);
for (let i = 0; i < 20000; i += 1) classifier.classify(typical[i % typical.length]); // warm up the JIT

const rounds = 9;
const perRound = 20000;
const rates: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const start = performance.now();
  for (let i = 0; i < perRound; i += 1) classifier.classify(typical[(i * 7919) % typical.length]);
  rates.push(perRound / ((performance.now() - start) / 1000));
}
rates.sort((a, b) => a - b);
console.log(`texts: ${typical.length} corpus reports of 20–80 characters, ${rounds} rounds × ${perRound}`);
console.log(`model load (corpus + dictionary + training): ${loadMs.toFixed(0)} ms`);
console.log(
  `classifications per second, one core: median ${rates[4].toFixed(0)}, min ${rates[0].toFixed(0)}, max ${rates[8].toFixed(0)}`,
);
