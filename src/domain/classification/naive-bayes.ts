import type { Token } from './tokenise';

/**
 * Multinomial naive Bayes over token presence (each token counted once per text), with additive
 * smoothing. Small, fast to train at start-up, and each decision can be traced to the tokens that
 * weighed most.
 */
export interface TrainingDocument {
  readonly tokens: readonly Token[];
  readonly label: string;
  /** How many times this document counts (a staff correction counts more than a corpus line). */
  readonly weight?: number;
}

export interface NaiveBayesModel {
  readonly labels: readonly string[];
  readonly logPrior: Float64Array;
  /** log P(token | label) for every label, per token seen in training. */
  readonly logLikelihood: ReadonlyMap<Token, Float64Array>;
}

const PRIOR_STRENGTH = 0.6;

export function trainNaiveBayes(documents: readonly TrainingDocument[], smoothing = 0.3): NaiveBayesModel {
  const labels = [...new Set(documents.map((d) => d.label))].sort();
  const index = new Map(labels.map((label, i) => [label, i]));
  const docCount = new Float64Array(labels.length);
  const tokenTotals = new Float64Array(labels.length);
  const counts = new Map<Token, Float64Array>();
  for (const document of documents) {
    const li = index.get(document.label)!;
    const weight = document.weight ?? 1;
    docCount[li] += weight;
    for (const token of new Set(document.tokens)) {
      let row = counts.get(token);
      if (!row) counts.set(token, (row = new Float64Array(labels.length)));
      row[li] += weight;
      tokenTotals[li] += weight;
    }
  }
  const vocabulary = counts.size;
  const totalDocs = docCount.reduce((a, b) => a + b, 0);
  // The corpus is not a sample of real traffic (some subcategories simply got more lines), so
  // its class frequencies are only allowed to nudge: the prior is flattened towards uniform.
  const logPrior = docCount.map((n) => PRIOR_STRENGTH * Math.log((n + 1) / (totalDocs + labels.length)));
  const logLikelihood = new Map<Token, Float64Array>();
  for (const [token, row] of counts) {
    logLikelihood.set(
      token,
      row.map((n, li) => Math.log((n + smoothing) / (tokenTotals[li] + smoothing * vocabulary))),
    );
  }
  return { labels, logPrior, logLikelihood };
}

export interface Prediction {
  /** Probability per label, in the model's label order (or the order of the indexes asked for). */
  readonly probabilities: Float64Array;
  /** Tokens the model knew, in the order given. */
  readonly knownTokens: readonly Token[];
}

/**
 * Probabilities over all labels, or only over `labelIndexes` (in that order) when the caller has
 * already narrowed the choice: fewer labels, less work.
 */
export function predictNaiveBayes(
  model: NaiveBayesModel,
  tokens: readonly Token[],
  labelIndexes?: readonly number[],
): Prediction {
  const knownTokens: Token[] = [];
  const rows: Float64Array[] = [];
  for (const token of tokens) {
    const row = model.logLikelihood.get(token);
    if (row === undefined) continue;
    knownTokens.push(token);
    rows.push(row);
  }
  return { probabilities: predictFromRows(model, rows, labelIndexes), knownTokens };
}

/**
 * The same from the likelihood rows of the known tokens, for a caller that looked the tokens up
 * once for several models (looking up strings is most of the cost).
 */
export function predictFromRows(
  model: NaiveBayesModel,
  rows: readonly Float64Array[],
  labelIndexes?: readonly number[],
): Float64Array {
  const indexes = labelIndexes ?? model.labels.map((_, i) => i);
  const count = indexes.length;
  const scores = new Float64Array(count);
  for (let j = 0; j < count; j += 1) scores[j] = model.logPrior[indexes[j]];
  for (const row of rows) for (let j = 0; j < count; j += 1) scores[j] += row[indexes[j]];
  // Naive Bayes is overconfident on long texts (every token multiplies the odds), so the
  // log-odds are tempered by the number of known tokens before they become probabilities.
  const temperature = Math.max(1, Math.sqrt(rows.length));
  let max = -Infinity;
  for (let j = 0; j < count; j += 1) if (scores[j] > max) max = scores[j];
  let sum = 0;
  for (let j = 0; j < count; j += 1) {
    scores[j] = Math.exp((scores[j] - max) / temperature);
    sum += scores[j];
  }
  for (let j = 0; j < count; j += 1) scores[j] /= sum;
  return scores;
}

/** The known tokens (with their rows) that most favour `label` over the other labels, strongest first. */
export function strongestTokens(
  model: NaiveBayesModel,
  known: ReadonlyArray<readonly [Token, Float64Array]>,
  label: string,
  limit: number,
): Token[] {
  const li = model.labels.indexOf(label);
  if (li < 0) return [];
  const scored: Array<[Token, number]> = [];
  for (const [token, row] of known) {
    let others = -Infinity;
    for (let i = 0; i < row.length; i += 1) if (i !== li && row[i] > others) others = row[i];
    const margin = row[li] - others;
    if (margin > 0.5) scored.push([token, margin]);
  }
  return scored
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([token]) => token);
}
