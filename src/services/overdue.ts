import type { Submission } from '../db/entities';
import { AWAITING_ACCEPTANCE, OPEN_STATUSES } from '../domain/lifecycle/status';

/**
 * SQL for "late right now" on the submission alias `s`: still waiting to be accepted after the
 * accept deadline, or still open after the resolve deadline. Parameters: now, awaiting, open.
 */
export const OVERDUE_SQL =
  '((s.status IN (:...awaiting) AND s.accept_deadline < :now) OR (s.status IN (:...open) AND s.resolve_deadline < :now))';

export function overdueParameters(now: Date) {
  return { now, awaiting: [...AWAITING_ACCEPTANCE], open: [...OPEN_STATUSES] };
}

/** The same rule for one report in hand. */
export function isOverdue(s: Pick<Submission, 'status' | 'acceptDeadline' | 'resolveDeadline'>, now: Date): boolean {
  return (
    (AWAITING_ACCEPTANCE.includes(s.status) && s.acceptDeadline < now) ||
    (OPEN_STATUSES.includes(s.status) && s.resolveDeadline < now)
  );
}
