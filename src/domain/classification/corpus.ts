import fs from 'node:fs';
import path from 'node:path';
import { categoryOfSubcategory, isCategoryCode } from '../taxonomy';
import type { LabeledExample } from './types';

/**
 * The labeled corpus: JSONL files of `{text, category, subcategory}` under `data/corpus/`. A fixed
 * share is held out for evaluation by a hash of the text, so the split never changes when lines
 * are added and training never sees a held-out line.
 */
export function parseCorpus(jsonl: string, source: string): LabeledExample[] {
  return jsonl
    .split('\n')
    .map((line, i) => [line.trim(), i + 1] as const)
    .filter(([line]) => line.length > 0)
    .map(([line, lineNumber]) => {
      const where = `${source}:${lineNumber}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new Error(`${where}: not valid JSON`);
      }
      const { text, category, subcategory } = parsed as Record<string, unknown>;
      if (typeof text !== 'string' || text.trim() === '') throw new Error(`${where}: text missing`);
      if (typeof category !== 'string' || !isCategoryCode(category)) throw new Error(`${where}: unknown category`);
      if (typeof subcategory !== 'string' || categoryOfSubcategory(subcategory) !== category) {
        throw new Error(`${where}: subcategory ${String(subcategory)} is not in ${category}`);
      }
      return { text, category, subcategory };
    });
}

export function loadCorpus(dir: string): LabeledExample[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .flatMap((name) => parseCorpus(fs.readFileSync(path.join(dir, name), 'utf8'), name));
}

/** FNV-1a: stable across runs and machines, unlike Math.random. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export const HELD_OUT_SHARE = 0.2;

export function isHeldOut(example: LabeledExample): boolean {
  return hash(example.text.trim()) % 1000 < HELD_OUT_SHARE * 1000;
}

export function splitCorpus(examples: readonly LabeledExample[]): { train: LabeledExample[]; test: LabeledExample[] } {
  return { train: examples.filter((e) => !isHeldOut(e)), test: examples.filter(isHeldOut) };
}
