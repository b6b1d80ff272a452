/**
 * The lifecycle of a submission (see DESIGN.md). The state machine that enforces transitions is
 * the staff issue's; the foundation only needs the names and which ones a resident reads.
 */
export const SUBMISSION_STATUSES = [
  'submitted',
  'assigned',
  'accepted',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
  'returned',
  'reopened',
  'withdrawn',
] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

export const STATUS_LABELS: Readonly<Record<SubmissionStatus, string>> = {
  submitted: '已提交，待分拨',
  assigned: '已分派至承办单位',
  accepted: '承办单位已受理',
  in_progress: '整改中',
  resolved: '已整改，待评价',
  closed: '已办结',
  rejected: '不予受理',
  duplicate: '已合并至其他同类反映',
  returned: '已退回创城办重新分拨',
  reopened: '群众不满意，重新办理',
  withdrawn: '群众已撤回',
};

/** Statuses in which someone still owes the resident work: deadlines run and can be missed. */
export const OPEN_STATUSES: readonly SubmissionStatus[] = [
  'submitted',
  'assigned',
  'accepted',
  'in_progress',
  'returned',
  'reopened',
];

/** Statuses in which the report still waits to be taken on: the accept deadline applies. */
export const AWAITING_ACCEPTANCE: readonly SubmissionStatus[] = ['submitted', 'assigned', 'returned'];
