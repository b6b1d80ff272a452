/** The ways a report reaches the mailbox; updates go back the same way. */
export const SUBMISSION_CHANNELS = ['web', 'wechat', 'api', 'open311'] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];

/**
 * Channels a caller of the submissions API may name. Open311 reports come only through the
 * Open311 endpoint, with a client's key, so that channel always means "a known client sent it".
 */
export const DIRECT_CHANNELS = ['web', 'wechat', 'api'] as const satisfies readonly SubmissionChannel[];

/**
 * Channels whose client fetches its residents' updates from the channel API (the WeChat bot)
 * rather than having the portal push them.
 */
export const PULL_CHANNELS = ['wechat'] as const;
export type PullChannel = (typeof PULL_CHANNELS)[number];

export function isPullChannel(value: string): value is PullChannel {
  return (PULL_CHANNELS as readonly string[]).includes(value);
}
