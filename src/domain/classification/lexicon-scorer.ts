import { categoryOfSubcategory } from '../taxonomy';
import { LEXICON, PRACTICE_STATION_TERMS, STAIRWELL_TERMS } from './lexicon';
import type { Signal } from './types';

/**
 * The rule-based half of the classifier: weighted terms found in the normalised text, and the
 * location rules of DESIGN.md — small ads or clutter in a stairwell are `shabby`, and anything
 * about a civilization practice station is `crude`.
 */
export interface LexiconResult {
  readonly signals: readonly Signal[];
  /** The practice-station term found, if any: the report is `crude` whatever else it says. */
  readonly practiceStation?: string;
  /** The stairwell term found, if any. */
  readonly stairwell?: string;
}

/** Where a problem found on a street moves to when it is in a stairwell. */
export const STAIRWELL_MOVES: Readonly<Record<string, string>> = {
  street_small_ads: 'stairwell_ads',
  open_clutter: 'stairwell_clutter',
  litter: 'stairwell_clutter',
};

export function scoreLexicon(normalised: string): LexiconResult {
  const practiceStation = PRACTICE_STATION_TERMS.find((term) => normalised.includes(term));
  const stairwell = STAIRWELL_TERMS.find((term) => normalised.includes(term));
  const signals: Signal[] = [];
  for (const entry of LEXICON) {
    if (!normalised.includes(entry.term)) continue;
    // Words like 关门 (closed) only mean `crude` when a practice station is the subject.
    if (!practiceStation && categoryOfSubcategory(entry.subcategory) === 'crude') continue;
    const moved = stairwell ? STAIRWELL_MOVES[entry.subcategory] : undefined;
    signals.push({
      term: entry.term,
      subcategory: moved ?? entry.subcategory,
      weight: entry.weight,
      source: 'lexicon',
    });
  }
  return { signals, practiceStation, stairwell };
}
