/** The ways a report reaches the mailbox; updates go back the same way. */
export const SUBMISSION_CHANNELS = ['web', 'wechat', 'api'] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];
