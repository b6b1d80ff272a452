import { CATEGORIES, CategoryCode, categoryOfSubcategory } from '../taxonomy';
import { STAIRWELL_MOVES, scoreLexicon } from './lexicon-scorer';
import { NaiveBayesModel, predictNaiveBayes, strongestTokens, trainNaiveBayes } from './naive-bayes';
import { normaliseText } from './normalise';
import { tokenise } from './tokenise';
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
const LEXICON_INFLUENCE = 0.5;
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
  const model = trainNaiveBayes([
    ...examples.map((e) => ({ tokens: tokenise(normaliseText(e.text)), label: e.subcategory })),
    ...corrections.map((e) => ({
      tokens: tokenise(normaliseText(e.text)),
      label: e.subcategory,
      weight: correctionWeight,
    })),
  ]);
  return {
    trainedOn: examples.length + corrections.length,
    classify: (text: string) => {
      try {
        return decide(model, text, options.reviewThreshold);
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

function decide(model: NaiveBayesModel, text: string, reviewThreshold: number): Classification {
  if (typeof text !== 'string') return unclassified();
  const normalised = normaliseText(text);
  const tokens = tokenise(normalised);
  const lexicon = scoreLexicon(normalised);
  if (tokens.length === 0 && lexicon.signals.length === 0) return unclassified();

  const prediction = predictNaiveBayes(model, tokens);
  if (prediction.knownTokens.length === 0 && lexicon.signals.length === 0) return unclassified();

  const subScores = blend(model, prediction.probabilities, lexicon.signals, prediction.knownTokens.length > 0);
  const categoryScores = new Map<CategoryCode, number>(CATEGORIES.map((c) => [c.code, 0]));
  for (const [subcategory, score] of subScores) {
    const category = categoryOfSubcategory(subcategory);
    if (category) categoryScores.set(category, categoryScores.get(category)! + score);
  }

  let category = [...categoryScores.entries()].sort((a, b) => b[1] - a[1])[0][0];
  let confidence = categoryScores.get(category)!;
  const signals: Signal[] = [];
  if (lexicon.practiceStation) {
    category = 'crude';
    confidence = Math.max(confidence, RULE_CONFIDENCE);
    signals.push({ term: lexicon.practiceStation, subcategory: 'crude', weight: 1, source: 'context' });
  }
  let subcategory = bestIn(subScores, category) ?? (category === 'crude' ? CRUDE_DEFAULT : 'unrelated');
  const moved = lexicon.stairwell ? STAIRWELL_MOVES[subcategory] : undefined;
  if (moved && lexicon.stairwell) {
    // The same problem inside a building belongs to 治差, whatever the street words suggested.
    category = 'shabby';
    subcategory = moved;
    confidence = Math.max(
      confidence,
      categoryScores.get('shabby')! + categoryScores.get('disorder')! + categoryScores.get('dirty')!,
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
  for (const token of strongestTokens(model, prediction.knownTokens, subcategory, 5)) {
    const term = token.slice(2);
    if (!seen.has(term)) signals.push({ term, subcategory, weight: 1, source: 'model' });
    seen.add(term);
  }

  return {
    category,
    subcategory,
    confidence: round(confidence),
    needsReview: confidence < reviewThreshold,
    ranking: [...categoryScores.entries()]
      .filter(([c, score]) => c !== category && score >= 0.01)
      .sort((a, b) => b[1] - a[1])
      .map(([c, score]) => ({ category: c, score: round(score) })),
    signals,
  };
}

/** Model probabilities per subcategory, pulled towards the lexicon's share in proportion to its weight. */
function blend(
  model: NaiveBayesModel,
  probabilities: Float64Array,
  signals: readonly Signal[],
  modelKnowsSomething: boolean,
): Map<string, number> {
  const scores = new Map<string, number>();
  model.labels.forEach((label, i) => scores.set(label, modelKnowsSomething ? probabilities[i] : 0));
  const total = signals.reduce((sum, s) => sum + s.weight, 0);
  if (total === 0) return scores;
  const influence = modelKnowsSomething ? LEXICON_INFLUENCE * Math.min(1, total / LEXICON_SATURATION) : 1;
  for (const [label, score] of scores) scores.set(label, score * (1 - influence));
  for (const signal of signals) {
    scores.set(signal.subcategory, (scores.get(signal.subcategory) ?? 0) + (influence * signal.weight) / total);
  }
  return scores;
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
