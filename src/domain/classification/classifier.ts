import { CATEGORY_CODES, CategoryCode, categoryOfSubcategory } from '../taxonomy';
import { STAIRWELL_MOVES, scoreLexicon } from './lexicon-scorer';
import { NaiveBayesModel, predictFromRows, strongestTokens, trainNaiveBayes } from './naive-bayes';
import { normaliseText } from './normalise';
import { Token, tokenText, tokenise } from './tokenise';
import type { Classification, LabeledExample, Signal } from './types';

/**
 * The hybrid classifier: a naive Bayes model learned from the labeled corpus (and staff
 * corrections) blended with the weighted lexicon, then the location rules of DESIGN.md. Every
 * decision lists the lexicon terms, rules and learned words that made it.
 */
export interface ClassifierOptions {
  /** Below this confidence a report is flagged for a person (`needsReview`). */
  readonly reviewThreshold: number;
  /** Staff corrections count this many times a corpus line, so one correction is enough. */
  readonly correctionWeight?: number;
}

export interface Classifier {
  classify(text: string): Classification;
  /** How many examples it learned from. */
  readonly trainedOn: number;
}

/** How far the lexicon can move the model's probabilities (0 = model only, 1 = lexicon only). */
const LEXICON_INFLUENCE = 0.7;
/** Lexicon weight at which its influence is full; a single weak word moves little. */
const LEXICON_SATURATION = 6;
/** A practice station named in the text makes the report `crude` at least this confidently. */
const RULE_CONFIDENCE = 0.9;
const CRUDE_DEFAULT = 'practice_station_nonstandard';

export function trainClassifier(
  examples: readonly LabeledExample[],
  corrections: readonly LabeledExample[],
  options: ClassifierOptions,
): Classifier {
  const correctionWeight = options.correctionWeight ?? 5;
  const documents = [
    ...examples.map((e) => ({ example: e, tokens: tokenise(normaliseText(e.text)), weight: 1 })),
    ...corrections.map((e) => ({ example: e, tokens: tokenise(normaliseText(e.text)), weight: correctionWeight })),
  ];
  // Two models: the category one learns from every line of its category, so it decides the
  // category; the subcategory one then picks the subcategory within it.
  const subcategoryModel = trainNaiveBayes(
    documents.map((d) => ({ tokens: d.tokens, label: d.example.subcategory, weight: d.weight })),
  );
  const categoryModel = trainNaiveBayes(
    documents.map((d) => ({ tokens: d.tokens, label: d.example.category, weight: d.weight })),
  );
  const vocabulary = new Map<Token, { category: Float64Array; subcategory: Float64Array }>();
  for (const [token, row] of categoryModel.logLikelihood) {
    const subcategory = subcategoryModel.logLikelihood.get(token);
    if (subcategory) vocabulary.set(token, { category: row, subcategory });
  }
  const models: Models = {
    vocabulary,
    allCategories: categoryModel.labels.map((_, i) => i),
    subcategory: subcategoryModel,
    subcategoriesOf: new Map(
      CATEGORY_CODES.map((c) => [
        c,
        subcategoryModel.labels.flatMap((label, i) => (categoryOfSubcategory(label) === c ? [i] : [])),
      ]),
    ),
    category: categoryModel,
  };
  return {
    trainedOn: examples.length + corrections.length,
    classify: (text: string) => {
      try {
        return decide(models, text, options.reviewThreshold);
      } catch {
        // Whatever the input does to a tokeniser or converter, a person will read it.
        return unclassified();
      }
    },
  };
}

export function unclassified(): Classification {
  return { category: 'other', subcategory: 'unrelated', confidence: 0, needsReview: true, ranking: [], signals: [] };
}

interface Models {
  readonly category: NaiveBayesModel;
  readonly subcategory: NaiveBayesModel;
  /** Each known token's likelihood rows in both models, so one lookup serves both. */
  readonly vocabulary: ReadonlyMap<Token, { readonly category: Float64Array; readonly subcategory: Float64Array }>;
  /** Every label index of the category model, made once rather than per report. */
  readonly allCategories: readonly number[];
  /** Indexes of each category's subcategories among the subcategory model's labels. */
  readonly subcategoriesOf: ReadonlyMap<CategoryCode, readonly number[]>;
}

function decide(models: Models, text: string, reviewThreshold: number): Classification {
  if (typeof text !== 'string') return unclassified();
  const normalised = normaliseText(text);
  const tokens = tokenise(normalised);
  const lexicon = scoreLexicon(normalised);
  // No word at all (punctuation, emoji, junk): nothing to decide on.
  if (tokens.length === 0) return unclassified();

  // First the category, from the category model and the lexicon's votes per category.
  // Each token is looked up once for both models.
  const categoryRows: Array<readonly [Token, Float64Array]> = [];
  const subcategoryRows: Float64Array[] = [];
  for (const token of tokens) {
    const rows = models.vocabulary.get(token);
    if (rows === undefined) continue;
    categoryRows.push([token, rows.category]);
    subcategoryRows.push(rows.subcategory);
  }
  const known = categoryRows.length > 0;
  if (!known && lexicon.signals.length === 0) return unclassified();
  const categorySignals = lexicon.signals.map((s) => ({ ...s, subcategory: categoryOfSubcategory(s.subcategory)! }));
  const categoryProbabilities = predictFromRows(
    models.category,
    categoryRows.map(([, row]) => row),
    models.allCategories,
  );
  const categoryScores = blend(models.category.labels, categoryProbabilities, categorySignals, known);
  let category = CATEGORY_CODES.reduce((best, c) =>
    score(categoryScores, c) > score(categoryScores, best) ? c : best,
  );
  let confidence = score(categoryScores, category);
  const signals: Signal[] = [];
  if (lexicon.practiceStation) {
    category = 'crude';
    confidence = Math.max(confidence, RULE_CONFIDENCE);
  }

  // Then the subcategory within it.
  let subcategory = chooseSubcategory(models, subcategoryRows, lexicon.signals, category, known);
  if (lexicon.practiceStation) {
    signals.push({ term: lexicon.practiceStation, subcategory, weight: 1, source: 'context' });
  }
  const moved = lexicon.stairwell ? STAIRWELL_MOVES[subcategory] : undefined;
  if (moved && lexicon.stairwell) {
    // The same problem inside a building belongs to 治差, whatever the street words suggested.
    category = 'shabby';
    subcategory = moved;
    confidence = Math.max(
      confidence,
      score(categoryScores, 'shabby') + score(categoryScores, 'disorder') + score(categoryScores, 'dirty'),
    );
    signals.push({ term: lexicon.stairwell, subcategory, weight: 1, source: 'context' });
  }
  if (lexicon.stairwell && category === 'shabby' && !signals.some((s) => s.source === 'context')) {
    // The location word is a reason too: the same words on a street would be 治乱 or 治脏.
    signals.push({ term: lexicon.stairwell, subcategory, weight: 1, source: 'context' });
  }
  confidence = Math.min(1, confidence);

  signals.push(...lexicon.signals.filter((s) => categoryOfSubcategory(s.subcategory) === category));
  const seen = new Set(signals.map((s) => s.term));
  for (const token of strongestTokens(models.category, categoryRows, category, 5)) {
    const term = tokenText(token);
    if (!seen.has(term)) signals.push({ term, subcategory, weight: 1, source: 'model' });
    seen.add(term);
  }

  return {
    category,
    subcategory,
    confidence: round(confidence),
    needsReview: confidence < reviewThreshold,
    ranking: CATEGORY_CODES.filter((c) => c !== category && score(categoryScores, c) >= 0.01)
      .sort((a, b) => score(categoryScores, b) - score(categoryScores, a))
      .map((c) => ({ category: c, score: round(score(categoryScores, c)) })),
    signals,
  };
}

/**
 * Model probabilities per label (category or subcategory), pulled towards the lexicon's share in
 * proportion to its weight. Each signal names its label in `subcategory`.
 */
function blend(
  labels: readonly string[],
  probabilities: Float64Array,
  signals: readonly Signal[],
  modelKnowsSomething: boolean,
): Map<string, number> {
  const scores = new Map<string, number>();
  labels.forEach((label, i) => scores.set(label, modelKnowsSomething ? probabilities[i] : 0));
  const total = signals.reduce((sum, s) => sum + s.weight, 0);
  if (total === 0) return scores;
  const influence = modelKnowsSomething ? LEXICON_INFLUENCE * Math.min(1, total / LEXICON_SATURATION) : 1;
  for (const [label, score] of scores) scores.set(label, score * (1 - influence));
  for (const signal of signals) {
    scores.set(signal.subcategory, (scores.get(signal.subcategory) ?? 0) + (influence * signal.weight) / total);
  }
  return scores;
}

function score(scores: ReadonlyMap<string, number>, label: string): number {
  return scores.get(label) ?? 0;
}

function chooseSubcategory(
  models: Models,
  rows: readonly Float64Array[],
  signals: readonly Signal[],
  category: CategoryCode,
  known: boolean,
): string {
  const indexes = models.subcategoriesOf.get(category) ?? [];
  const probabilities = predictFromRows(models.subcategory, rows, indexes);
  const labels = indexes.map((i) => models.subcategory.labels[i]);
  const inCategory = signals.filter((s) => categoryOfSubcategory(s.subcategory) === category);
  const scores = blend(labels, probabilities, inCategory, known);
  return bestIn(scores, category) ?? (category === 'crude' ? CRUDE_DEFAULT : 'unrelated');
}

function bestIn(scores: ReadonlyMap<string, number>, category: CategoryCode): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const [subcategory, score] of scores) {
    if (categoryOfSubcategory(subcategory) === category && score > bestScore) {
      best = subcategory;
      bestScore = score;
    }
  }
  return best;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
