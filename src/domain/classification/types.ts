import type { CategoryCode } from '../taxonomy';

/** One reason behind a decision, shown to staff. */
export interface Signal {
  /** The word or phrase found in the text (for the model: a word or two-character sequence). */
  readonly term: string;
  readonly subcategory: string;
  readonly weight: number;
  /** `lexicon`: a weighted term; `context`: a rule that moved the decision; `model`: learned evidence. */
  readonly source: 'lexicon' | 'context' | 'model';
}

export interface Classification {
  readonly category: CategoryCode;
  readonly subcategory: string;
  /** 0..1: how sure the classifier is; below the review threshold a person decides. */
  readonly confidence: number;
  readonly needsReview: boolean;
  /** Every other category with its probability, best first. */
  readonly ranking: ReadonlyArray<{ category: CategoryCode; score: number }>;
  readonly signals: readonly Signal[];
}

/** A report with its known category: a corpus line or a dispatcher's correction. */
export interface LabeledExample {
  readonly text: string;
  readonly category: CategoryCode;
  readonly subcategory: string;
}
