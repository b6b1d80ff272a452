// opencc-js's types describe its ESM build; this CommonJS project loads the UMD build it also ships.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OpenCC = require('opencc-js/t2cn') as {
  Converter(options: { from: string; to: string }): (text: string) => string;
};

/**
 * Puts a resident's text in one form before anything reads it: traditional characters become
 * simplified (with Taiwan phrases: 計程車 → 出租车), pinyin pasted after characters is dropped
 * (`清運(yùn)` → `清运`), full-width letters and digits become half-width (NFKC), Latin letters
 * lower case, emoji go, common typos are corrected and whitespace is folded.
 */
const toSimplified = OpenCC.Converter({ from: 'twp', to: 'cn' });

/**
 * Characters the converter changes, found once at load (about 30 ms). Most reports are already
 * simplified, and skipping the converter for them is most of the classifier's speed.
 */
const TRADITIONAL = new Set<number>();
for (let code = 0x3400; code <= 0x9fff; code += 1) {
  const char = String.fromCharCode(code);
  if (toSimplified(char) !== char) TRADITIONAL.add(code);
}

function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (TRADITIONAL.has(text.charCodeAt(i))) return true;
  return false;
}

const TYPOS: ReadonlyArray<readonly [RegExp, string]> = [
  [/拉圾|辣鸡|垃极|垃级|垃吸/g, '垃圾'],
  [/占到经营|站道经营/g, '占道经营'],
  [/楼到/g, '楼道'],
  [/小广吿|小光告/g, '小广告'],
  [/以经/g, '已经'],
  [/卫声/g, '卫生'],
  [/停车位线/g, '停车线'],
];

/** Pinyin (tone marks or tone digits) in brackets right after a Chinese character. */
const SYLLABLE = '[a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[1-5]?';
const PINYIN_ANNOTATION = new RegExp(
  `(?<=\\p{Script=Han})\\s*[(（]\\s*${SYLLABLE}(?:[\\s'-]+${SYLLABLE}){0,5}\\s*[)）]`,
  'gu',
);
const EMOJI = /\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|\p{Emoji_Modifier}/gu;
// Control characters (other than whitespace) and unpaired surrogates carry no meaning here.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/g;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Long texts are cut: the problem is stated early, and classification time must stay bounded. */
export const MAX_CLASSIFIED_CHARS = 4000;

export function normaliseText(text: string): string {
  let result = text.slice(0, MAX_CLASSIFIED_CHARS).replace(CONTROL_CHARACTERS, ' ').replace(LONE_SURROGATES, ' ');
  if (/[(（]/.test(result)) result = result.replace(PINYIN_ANNOTATION, '');
  if (hasTraditional(result)) result = toSimplified(result);
  result = result.normalize('NFKC').toLowerCase().replace(EMOJI, ' ');
  for (const [typo, fix] of TYPOS) result = result.replace(typo, fix);
  return result.replace(/\s+/g, ' ').trim();
}
