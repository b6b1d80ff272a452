import { normaliseTrackingCode } from '../../src/domain/tracking-code';

/** What a resident's text asks for. Anything that is not a command is (part of) a report. */
export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'status'; readonly code?: string }
  | { readonly kind: 'mine' }
  | { readonly kind: 'rate'; readonly code?: string; readonly rating?: number; readonly comment?: string }
  | { readonly kind: 'notFixed'; readonly code?: string; readonly comment?: string }
  | { readonly kind: 'withdraw'; readonly code?: string }
  | { readonly kind: 'send' }
  | { readonly kind: 'report'; readonly text: string };

/** Full-width letters, digits and spaces as half-width, spaces collapsed: "评价\u3000７ＫＱ４Ｍ" (full-width space) → "评价 7KQ4M". */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

const CODE = /([0-9A-Za-z]{5}-?[0-9A-Za-z]{5})/;

/** Takes a tracking code off the front of `rest`, if there is one. */
function takeCode(rest: string): { code?: string; rest: string } {
  const match = new RegExp(`^${CODE.source}(?![0-9A-Za-z])`).exec(rest);
  const code = match ? normaliseTrackingCode(match[1]!) : undefined;
  if (!match || !code) return { rest };
  return { code, rest: rest.slice(match[0].length).trim() };
}

const KEYWORDS: ReadonlyArray<readonly [RegExp, (rest: string) => Command]> = [
  [/^(帮助|help|\?|？|菜单)$/i, () => ({ kind: 'help' })],
  [/^(提交|发送|完成)$/, () => ({ kind: 'send' })],
  [/^(我的|我的反映|我的记录)$/, () => ({ kind: 'mine' })],
  [
    /^(?:查询进度|查进度|查询|进度)(?:\s*(?<rest>.*))?$/,
    (rest) => {
      const { code } = takeCode(rest);
      // "查询一下垃圾怎么分类" is a question for the mailbox, not a look-up: it goes in whole.
      return code ? { kind: 'status', code } : rest ? { kind: 'report', text: '' } : { kind: 'status' };
    },
  ],
  [
    /^评价(?:\s*(?<rest>.*))?$/,
    (rest) => {
      const { code, rest: afterCode } = takeCode(rest);
      const stars = /^([1-5])\s*(?:星|分)?(?:\s+|$)(.*)$/.exec(afterCode);
      // "评价一下你们的工作" has neither a code nor stars: it is a message for the mailbox.
      if (!code && !stars && afterCode) return { kind: 'report', text: '' };
      return {
        kind: 'rate',
        ...(code ? { code } : {}),
        ...(stars ? { rating: Number(stars[1]) } : {}),
        ...(comment(stars ? stars[2]! : afterCode) ?? {}),
      };
    },
  ],
  // Only the keyword alone or followed by a space: "没有解决停车难的问题" is a complaint, not a verdict.
  [
    /^(?:未解决|没解决|没有解决|不满意)(?:\s+(?<rest>.*))?$/,
    (rest) => {
      const { code, rest: comment } = takeCode(rest);
      return { kind: 'notFixed', ...(code ? { code } : {}), ...(comment ? { comment } : {}) };
    },
  ],
  [
    /^撤回(?:\s*(?<rest>.*))?$/,
    (rest) => {
      const { code } = takeCode(rest);
      return { kind: 'withdraw', ...(code ? { code } : {}) };
    },
  ],
];

function comment(text: string): { comment: string } | undefined {
  return text.trim() ? { comment: text.trim() } : undefined;
}

export function parseCommand(raw: string): Command {
  const text = normaliseText(raw);
  for (const [pattern, build] of KEYWORDS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const command = build((match.groups?.rest ?? '').trim());
    return command.kind === 'report' ? { kind: 'report', text: raw.trim() } : command;
  }
  return { kind: 'report', text: raw.trim() };
}
