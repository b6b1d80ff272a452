import { STATUS_LABELS, type SubmissionStatus } from './status';

/**
 * The lifecycle of DESIGN.md as one table: which action moves a report from which statuses to
 * which, who may take it, whether a reason is required and whether the resident sees it.
 * Everything that changes a status asks `transition()` first, so no other path exists.
 */
export const LIFECYCLE_ACTIONS = [
  'assign',
  'reject',
  'merge',
  'accept',
  'start',
  'return',
  'resolve',
  'close',
  'reopen',
  'withdraw',
] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

/** Who acts, by role in the closed loop (a leader acts for their departments). */
export type LifecycleActor = 'resident' | 'dispatcher' | 'department' | 'leader' | 'admin' | 'system';

interface Rule {
  readonly from: readonly SubmissionStatus[];
  readonly to: SubmissionStatus;
  readonly by: readonly LifecycleActor[];
  readonly reasonRequired: boolean;
  readonly visibleToResident: boolean;
}

const DEPARTMENT: readonly LifecycleActor[] = ['department', 'leader'];
const DISPATCH: readonly LifecycleActor[] = ['dispatcher', 'admin'];

export const LIFECYCLE: Readonly<Record<LifecycleAction, Rule>> = {
  /** 分拨: the dispatch office sends the report to a department (again, after a return). */
  assign: {
    from: ['submitted', 'returned'],
    to: 'assigned',
    by: [...DISPATCH, 'system'],
    reasonRequired: false,
    visibleToResident: true,
  },
  /** 不予受理: spam, out of scope — the resident is told why. */
  reject: {
    from: ['submitted', 'assigned', 'returned'],
    to: 'rejected',
    by: DISPATCH,
    reasonRequired: true,
    visibleToResident: true,
  },
  /** A duplicate is merged into another report; its resident follows the survivor. */
  merge: {
    from: ['submitted', 'assigned', 'returned'],
    to: 'duplicate',
    by: DISPATCH,
    reasonRequired: false,
    visibleToResident: true,
  },
  /** 受理: the department takes it on. */
  accept: {
    from: ['assigned', 'reopened'],
    to: 'accepted',
    by: DEPARTMENT,
    reasonRequired: false,
    visibleToResident: true,
  },
  /** 整改中: work has started. */
  start: { from: ['accepted'], to: 'in_progress', by: DEPARTMENT, reasonRequired: false, visibleToResident: true },
  /** Not ours: back to the dispatch office with a reason. */
  return: {
    from: ['assigned', 'accepted'],
    to: 'returned',
    by: DEPARTMENT,
    reasonRequired: true,
    visibleToResident: false,
  },
  /** 已整改: done, with a description (and photos) for the resident to judge. */
  resolve: {
    from: ['accepted', 'in_progress'],
    to: 'resolved',
    by: DEPARTMENT,
    reasonRequired: true,
    visibleToResident: true,
  },
  /** 办结: the resident is satisfied, or the rating period ended. */
  close: {
    from: ['resolved'],
    to: 'closed',
    by: ['resident', 'system', ...DISPATCH],
    reasonRequired: false,
    visibleToResident: true,
  },
  /** 不满意: back to the department. */
  reopen: {
    from: ['resolved'],
    to: 'reopened',
    by: ['resident', ...DISPATCH],
    reasonRequired: true,
    visibleToResident: true,
  },
  /** 撤回: the resident takes the report back while no department has it yet. */
  withdraw: {
    from: ['submitted', 'returned'],
    to: 'withdrawn',
    by: ['resident'],
    reasonRequired: false,
    visibleToResident: true,
  },
};

export interface Transition {
  readonly action: LifecycleAction;
  readonly from: SubmissionStatus;
  readonly to: SubmissionStatus;
  readonly visibleToResident: boolean;
}

/** How staff and residents read each action and actor in a refusal. */
const ACTION_LABELS: Readonly<Record<LifecycleAction, string>> = {
  assign: '分拨',
  reject: '不予受理',
  merge: '合并',
  accept: '受理',
  start: '开始办理',
  return: '退回创城办',
  resolve: '办结',
  close: '结案',
  reopen: '重新办理',
  withdraw: '撤回',
};
const ACTOR_LABELS: Readonly<Record<LifecycleActor, string>> = {
  resident: '群众',
  dispatcher: '创城办',
  department: '承办单位',
  leader: '分管领导',
  admin: '系统管理员',
  system: '系统',
};

export type TransitionRefusal =
  | { readonly reason: 'wrong_status'; readonly message: string }
  | { readonly reason: 'not_allowed_for_actor'; readonly message: string }
  | { readonly reason: 'reason_required'; readonly message: string };

/** The transition an action makes from `status`, or why it cannot happen. Pure: changes nothing. */
export function transition(
  status: SubmissionStatus,
  action: LifecycleAction,
  actor: LifecycleActor,
  note?: string | null,
): Transition | TransitionRefusal {
  const rule = LIFECYCLE[action];
  if (!rule.from.includes(status)) {
    return {
      reason: 'wrong_status',
      message: `这条反映当前状态为“${STATUS_LABELS[status]}”，不能${ACTION_LABELS[action]}`,
    };
  }
  if (!rule.by.includes(actor)) {
    return { reason: 'not_allowed_for_actor', message: `${ACTOR_LABELS[actor]}不能执行“${ACTION_LABELS[action]}”` };
  }
  if (rule.reasonRequired && !(note ?? '').trim()) {
    return { reason: 'reason_required', message: `${ACTION_LABELS[action]}需要填写理由或说明` };
  }
  return { action, from: status, to: rule.to, visibleToResident: rule.visibleToResident };
}

export function isRefusal(result: Transition | TransitionRefusal): result is TransitionRefusal {
  return 'reason' in result;
}

/**
 * Whether a refusal is about who asks rather than about the report: a role that may never take
 * the action is refused as such (403), not as a conflict with the report's state (409).
 */
export function refusedForRole(refusal: TransitionRefusal): boolean {
  return refusal.reason === 'not_allowed_for_actor';
}

/** What this actor may do to a report in this status: the buttons a console shows. */
export function allowedActions(status: SubmissionStatus, actor: LifecycleActor): LifecycleAction[] {
  return LIFECYCLE_ACTIONS.filter(
    (action) => LIFECYCLE[action].from.includes(status) && LIFECYCLE[action].by.includes(actor),
  );
}
