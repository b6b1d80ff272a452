import { CATEGORIES, CategoryCode, categoryOfSubcategory } from '../taxonomy';
import { LEXICON, PRACTICE_STATION_TERMS, STAIRWELL_TERMS } from './lexicon';
import { normaliseText } from './normalise';

/**
 * The interim classifier: a weighted lexicon with the two location rules of DESIGN.md. It is
 * small on purpose — the hybrid classifier with a trained model is its own issue — but its
 * result already has the full shape staff will see: a decision, a confidence and the reasons.
 */
export interface Signal {
  /** The word or phrase found in the text. */
  readonly term: string;
  readonly subcategory: string;
  readonly weight: number;
  /** `lexicon` for a weighted term, `context` for a rule that moved the decision. */
  readonly source: 'lexicon' | 'context';
}

export interface Classification {
  readonly category: CategoryCode;
  readonly subcategory: string;
  /** 0..1: how sure the classifier is; below the review threshold a person decides. */
  readonly confidence: number;
  readonly needsReview: boolean;
  /** Every other category with its share of the evidence, best first. */
  readonly ranking: ReadonlyArray<{ category: CategoryCode; score: number }>;
  readonly signals: readonly Signal[];
}

const STAIRWELL_MOVES: Readonly<Record<string, string>> = {
  street_small_ads: 'stairwell_ads',
  open_clutter: 'stairwell_clutter',
  litter: 'stairwell_clutter',
};
const DEFAULT_PRACTICE_SUBCATEGORY = 'practice_station_nonstandard';

export function classify(text: string, reviewThreshold: number): Classification {
  const normalised = normaliseText(text);
  const signals: Signal[] = [];
  const mentionsPracticeStation = PRACTICE_STATION_TERMS.find((term) => normalised.includes(term));

  for (const entry of LEXICON) {
    if (!normalised.includes(entry.term)) continue;
    const isCrude = categoryOfSubcategory(entry.subcategory) === 'crude';
    // Words like 关门 (closed) only mean `crude` when a practice station is the subject.
    if (isCrude && !mentionsPracticeStation) continue;
    signals.push({ term: entry.term, subcategory: entry.subcategory, weight: entry.weight, source: 'lexicon' });
  }

  const stairwell = STAIRWELL_TERMS.find((term) => normalised.includes(term));
  if (stairwell) {
    for (let i = 0; i < signals.length; i += 1) {
      const moved = STAIRWELL_MOVES[signals[i].subcategory];
      if (moved) signals[i] = { ...signals[i], subcategory: moved };
    }
    if (signals.some((signal) => categoryOfSubcategory(signal.subcategory) === 'shabby')) {
      signals.push({ term: stairwell, subcategory: mostWeighted(signals, 'shabby'), weight: 1, source: 'context' });
    }
  }

  if (mentionsPracticeStation) {
    const subcategory = signals.some((s) => categoryOfSubcategory(s.subcategory) === 'crude')
      ? mostWeighted(signals, 'crude')
      : DEFAULT_PRACTICE_SUBCATEGORY;
    // Anything about a practice station belongs to 治粗, whatever else the text mentions.
    const otherWeight = signals.reduce((sum, s) => sum + s.weight, 0);
    signals.push({ term: mentionsPracticeStation, subcategory, weight: otherWeight + 3, source: 'context' });
  }

  return decide(signals, reviewThreshold);
}

function mostWeighted(signals: readonly Signal[], category: CategoryCode): string {
  const totals = new Map<string, number>();
  for (const signal of signals) {
    if (categoryOfSubcategory(signal.subcategory) !== category) continue;
    totals.set(signal.subcategory, (totals.get(signal.subcategory) ?? 0) + signal.weight);
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1])[0][0];
}

function decide(signals: readonly Signal[], reviewThreshold: number): Classification {
  const categoryScores = new Map<CategoryCode, number>(CATEGORIES.map((c) => [c.code, 0]));
  for (const signal of signals) {
    const category = categoryOfSubcategory(signal.subcategory);
    if (category) categoryScores.set(category, (categoryScores.get(category) ?? 0) + signal.weight);
  }
  const total = [...categoryScores.values()].reduce((sum, score) => sum + score, 0);
  if (total === 0) {
    return {
      category: 'other',
      subcategory: 'unrelated',
      confidence: 0,
      needsReview: true,
      ranking: [],
      signals: [],
    };
  }
  const ordered = [...categoryScores.entries()].sort((a, b) => b[1] - a[1]);
  const [category, score] = ordered[0];
  // Share of the evidence, discounted when the evidence is thin (a single weak word).
  const strength = Math.min(1, score / 4);
  const confidence = Math.round(Math.min(0.95, (score / total) * (0.5 + 0.5 * strength)) * 100) / 100;
  return {
    category,
    subcategory: mostWeighted(signals, category),
    confidence,
    needsReview: confidence < reviewThreshold,
    ranking: ordered
      .slice(1)
      .filter(([, s]) => s > 0)
      .map(([c, s]) => ({ category: c, score: Math.round((s / total) * 100) / 100 })),
    signals: signals.filter((signal) => categoryOfSubcategory(signal.subcategory) === category),
  };
}
