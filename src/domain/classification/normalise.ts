/**
 * Puts a resident's text in one form before matching: full-width letters and digits become
 * half-width (NFKC), Latin letters lower case, whitespace and emoji go, and common typos are
 * corrected. Traditional characters and pinyin annotations are the full classifier's job.
 */
const TYPOS: ReadonlyArray<readonly [RegExp, string]> = [
  [/拉圾/g, '垃圾'],
  [/坟圾/g, '垃圾'],
  [/辣鸡/g, '垃圾'],
  [/占到经营/g, '占道经营'],
  [/楼到/g, '楼道'],
  [/小广吿/g, '小广告'],
];

const EMOJI = /[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu;

export function normaliseText(text: string): string {
  let result = text.normalize('NFKC').toLowerCase().replace(EMOJI, '');
  for (const [typo, fix] of TYPOS) result = result.replace(typo, fix);
  return result.replace(/\s+/g, ' ').trim();
}
