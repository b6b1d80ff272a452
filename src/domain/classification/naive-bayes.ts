/**
 * Multinomial naive Bayes over token presence (each token counted once per text), with additive
 * smoothing. Small, fast to train at start-up, and each decision can be traced to the tokens that
 * weighed most.
 */
export interface TrainingDocument {
  readonly tokens: readonly string[];
  readonly label: string;
  /** How many times this document counts (a staff correction counts more than a corpus line). */
  readonly weight?: number;
}

export interface NaiveBayesModel {
  readonly labels: readonly string[];
  readonly logPrior: Float64Array;
  /** log P(token | label) for every label, per token seen in training. */
  readonly logLikelihood: ReadonlyMap<string, Float64Array>;
}

const PRIOR_STRENGTH = 0.6;

export function trainNaiveBayes(documents: readonly TrainingDocument[], smoothing = 0.3): NaiveBayesModel {
  const labels = [...new Set(documents.map((d) => d.label))].sort();
  const index = new Map(labels.map((label, i) => [label, i]));
  const docCount = new Float64Array(labels.length);
  const tokenTotals = new Float64Array(labels.length);
  const counts = new Map<string, Float64Array>();
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
  const logLikelihood = new Map<string, Float64Array>();
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
  readonly knownTokens: readonly string[];
}

/**
 * Naive Bayes is overconfident on long texts (every token multiplies the odds), so the log-odds
 * are tempered by the number of known tokens before they become probabilities.
 */
/**
 * Probabilities over all labels, or only over `labelIndexes` (in that order) when the caller has
 * already narrowed the choice: fewer labels, less work.
 */
export function predictNaiveBayes(
  model: NaiveBayesModel,
  tokens: readonly string[],
  labelIndexes?: readonly number[],
): Prediction {
  const indexes = labelIndexes ?? model.labels.map((_, i) => i);
  const count = indexes.length;
  const scores = new Float64Array(count);
  for (let j = 0; j < count; j += 1) scores[j] = model.logPrior[indexes[j]];
  const knownTokens: string[] = [];
  // Tokens come deduplicated from tokenise(); counting presence, not frequency, is the model.
  for (const token of tokens) {
    const row = model.logLikelihood.get(token);
    if (row === undefined) continue;
    knownTokens.push(token);
    for (let j = 0; j < count; j += 1) scores[j] += row[indexes[j]];
  }
  const temperature = Math.max(1, Math.sqrt(knownTokens.length));
  let max = -Infinity;
  for (let j = 0; j < count; j += 1) if (scores[j] > max) max = scores[j];
  let sum = 0;
  for (let j = 0; j < count; j += 1) {
    scores[j] = Math.exp((scores[j] - max) / temperature);
    sum += scores[j];
  }
  for (let j = 0; j < count; j += 1) scores[j] /= sum;
  return { probabilities: scores, knownTokens };
}

/** The known tokens that most favour `label` over the other labels, strongest first. */
export function strongestTokens(
  model: NaiveBayesModel,
  tokens: readonly string[],
  label: string,
  limit: number,
): string[] {
  const li = model.labels.indexOf(label);
  if (li < 0) return [];
  const scored: Array<[string, number]> = [];
  for (const token of tokens) {
    const row = model.logLikelihood.get(token);
    if (!row) continue;
    let others = -Infinity;
    for (let i = 0; i < row.length; i += 1) if (i !== li) others = Math.max(others, row[i]);
    const margin = row[li] - others;
    if (margin > 0.5) scored.push([token, margin]);
  }
  return scored
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([token]) => token);
}
