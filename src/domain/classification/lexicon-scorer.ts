import { categoryOfSubcategory } from '../taxonomy';
import { LEXICON, LexiconTerm, PRACTICE_STATION_TERMS, STAIRWELL_TERMS } from './lexicon';
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

/**
 * What kind of message it is matters as much as what it mentions: praise for a swept street or
 * a question about sorting rules names the same things as a complaint. Praise (or a problem
 * reported as solved) and a question without complaint words are recognised here.
 */
const PRAISE = [
  '表扬',
  '点赞',
  '感谢',
  '谢谢',
  '辛苦',
  '好看',
  '满意',
  '赞一个',
  '太棒',
  '锦旗',
  'thank',
  'great job',
  'well done',
];
const SOLVED = [
  '处理好了',
  '清走了',
  '干干净净',
  '修好了',
  '解决了',
  '整改好了',
  '焕然一新',
  '及时处理',
  '很快就',
  '第二天就',
  '当天就',
  '变好了',
  '没有了',
];
const QUESTION = [
  '请问',
  '怎么办',
  '怎么',
  '如何',
  '哪里',
  '哪儿',
  '投哪',
  '算什么',
  '是什么',
  '是啥',
  '标准',
  '规定',
  '多久',
  '能不能',
  '可不可以',
  '有没有',
  '吗',
  '?',
  'how ',
  'what ',
  'where ',
];
const COMPLAINT = [
  '没人管',
  '没人',
  '不管',
  '太脏',
  '满了',
  '堵',
  '臭',
  '危险',
  '严重',
  '乱',
  '占',
  '天天',
  '总是',
  '一直',
  '投诉',
  '希望',
  '尽快',
  '赶紧',
  '麻烦',
  '不开门',
  '破',
  '坏了',
  '管管',
  '管一管',
  '不合理',
  '合理吗',
  '模糊',
  '看不清',
];
const SPEECH_ACT_WEIGHT = 8;

function speechAct(normalised: string): Signal | undefined {
  const praise = PRAISE.find((term) => normalised.includes(term));
  const complaint = COMPLAINT.some((term) => normalised.includes(term));
  if (praise && (!complaint || SOLVED.some((term) => normalised.includes(term)))) {
    return { term: praise, subcategory: 'praise', weight: SPEECH_ACT_WEIGHT, source: 'context' };
  }
  const question = QUESTION.find((term) => normalised.includes(term));
  if (question && !complaint && [...normalised].length <= 60) {
    return { term: question.trim(), subcategory: 'question', weight: SPEECH_ACT_WEIGHT, source: 'context' };
  }
  return undefined;
}

/** Terms indexed by their first character, so a text is scanned once instead of once per term. */
const TERMS_BY_FIRST_CHAR = new Map<string, LexiconTerm[]>();
for (const entry of LEXICON) {
  const list = TERMS_BY_FIRST_CHAR.get(entry.term[0]) ?? [];
  list.push(entry);
  TERMS_BY_FIRST_CHAR.set(entry.term[0], list);
}

/** Every lexicon term that occurs in the text, each once, in lexicon order. */
function termsIn(normalised: string): LexiconTerm[] {
  const found = new Set<LexiconTerm>();
  for (let i = 0; i < normalised.length; i += 1) {
    const candidates = TERMS_BY_FIRST_CHAR.get(normalised[i]);
    if (!candidates) continue;
    for (const entry of candidates) if (normalised.startsWith(entry.term, i)) found.add(entry);
  }
  return LEXICON.filter((entry) => found.has(entry));
}

export function scoreLexicon(normalised: string): LexiconResult {
  const practiceStation = PRACTICE_STATION_TERMS.find((term) => normalised.includes(term));
  const stairwell = STAIRWELL_TERMS.find((term) => normalised.includes(term));
  const signals: Signal[] = [];
  for (const entry of termsIn(normalised)) {
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
  const act = practiceStation ? undefined : speechAct(normalised);
  if (act) signals.push(act);
  return { signals, practiceStation, stairwell };
}
