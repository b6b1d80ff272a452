import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

/**
 * Features for the statistical model, from normalised text: jieba words (with the campaign's own
 * vocabulary added), Chinese character bigrams (robust to words jieba splits oddly or residents
 * misspell) and English words. Punctuation and one-character function words carry no signal.
 */
const DOMAIN_WORDS = [
  '占道经营',
  '店外经营',
  '出店经营',
  '游商',
  '摊贩',
  '牛皮癣',
  '小广告',
  '飞线',
  '飞线充电',
  '私拉电线',
  '楼道',
  '楼梯间',
  '单元门',
  '老旧小区',
  '停车线',
  '车位线',
  '架空线',
  '文明实践',
  '文明实践站',
  '文明实践所',
  '实践站',
  '实践所',
  '新时代文明实践',
  '走过场',
  '流于形式',
  '公益广告',
  '垃圾桶',
  '垃圾箱',
  '清运',
  '渣土',
  '公厕',
  '人行道',
  '农贸市场',
  '菜市场',
  '共享单车',
  '乱停',
  '违停',
];

let jieba: Jieba | undefined;

/** Loads the dictionary once (about 150 ms); later calls reuse it. */
export function segmenter(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    jieba.loadDict(Buffer.from(DOMAIN_WORDS.map((word) => `${word} 100000 n`).join('\n')));
  }
  return jieba;
}

const STOP_WORDS = new Set([
  '的',
  '了',
  '是',
  '在',
  '我',
  '有',
  '和',
  '也',
  '都',
  '就',
  '很',
  '吗',
  '呢',
  '啊',
  '吧',
  'the',
  'a',
  'an',
  'is',
  'are',
  'to',
  'of',
  'and',
  'in',
  'on',
  'at',
  'it',
  'there',
  'this',
  'that',
  'for',
  'my',
  'i',
]);
const HAN = /\p{Script=Han}/u;
const HAN_RUN = /\p{Script=Han}+/gu;
const WORDISH = /[\p{Script=Han}a-z0-9]/u;

export function tokenise(normalised: string): string[] {
  const tokens: string[] = [];
  for (const word of segmenter().cut(normalised, false)) {
    const trimmed = word.trim();
    if (!trimmed || !WORDISH.test(trimmed) || STOP_WORDS.has(trimmed)) continue;
    // Long digit runs (house numbers, phone numbers) say nothing about the problem.
    if (/^\d+$/.test(trimmed)) continue;
    tokens.push(HAN.test(trimmed) ? `w:${trimmed}` : `e:${trimmed}`);
  }
  for (const run of normalised.match(HAN_RUN) ?? []) {
    for (let i = 0; i + 1 < run.length; i += 1) tokens.push(`b:${run.slice(i, i + 2)}`);
  }
  return tokens;
}
