import type { SubmissionStatus } from '../lifecycle/status';

export type Open311Status = 'open' | 'closed';

/**
 * GeoReport v2 knows only open and closed. A report is closed for the client once the department
 * has done the work (resolved, awaiting the resident's rating) or the mailbox has finished with it
 * otherwise; a rating that reopens it makes it open again.
 */
const CLOSED: readonly SubmissionStatus[] = ['resolved', 'closed', 'rejected', 'duplicate', 'withdrawn'];

export function open311Status(status: SubmissionStatus): Open311Status {
  return CLOSED.includes(status) ? 'closed' : 'open';
}

/** Our statuses that one GeoReport status filter stands for (for a database query). */
export function statusesFor(status: Open311Status, all: readonly SubmissionStatus[]): SubmissionStatus[] {
  return all.filter((s) => open311Status(s) === status);
}
