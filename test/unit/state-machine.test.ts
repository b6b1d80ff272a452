import {
  LIFECYCLE_ACTIONS,
  LifecycleActor,
  allowedActions,
  isRefusal,
  transition,
} from '../../src/domain/lifecycle/state-machine';
import { SUBMISSION_STATUSES } from '../../src/domain/lifecycle/status';

/** DESIGN.md's lifecycle written out independently of the module's table: status → action → result. */
const EXPECTED: Record<string, Record<string, string>> = {
  submitted: { assign: 'assigned', reject: 'rejected', merge: 'duplicate', withdraw: 'withdrawn' },
  assigned: { reject: 'rejected', merge: 'duplicate', accept: 'accepted', return: 'returned' },
  accepted: { start: 'in_progress', return: 'returned', resolve: 'resolved' },
  in_progress: { resolve: 'resolved' },
  resolved: { close: 'closed', reopen: 'reopened' },
  closed: {},
  rejected: {},
  duplicate: {},
  returned: { assign: 'assigned', reject: 'rejected', merge: 'duplicate', withdraw: 'withdrawn' },
  reopened: { accept: 'accepted' },
  withdrawn: {},
};

/** Who may take each action. */
const ACTORS: Record<string, LifecycleActor[]> = {
  assign: ['dispatcher', 'admin', 'system'],
  reject: ['dispatcher', 'admin'],
  merge: ['dispatcher', 'admin'],
  accept: ['department', 'leader'],
  start: ['department', 'leader'],
  return: ['department', 'leader'],
  resolve: ['department', 'leader'],
  close: ['resident', 'system', 'dispatcher', 'admin'],
  reopen: ['resident', 'dispatcher', 'admin'],
  withdraw: ['resident'],
};
const ALL_ACTORS: LifecycleActor[] = ['resident', 'dispatcher', 'department', 'leader', 'admin', 'system'];
const NEEDS_REASON = new Set(['reject', 'return', 'resolve', 'reopen']);

describe('the lifecycle state machine', () => {
  const cases = SUBMISSION_STATUSES.flatMap((status) =>
    LIFECYCLE_ACTIONS.flatMap((action) => ALL_ACTORS.map((actor) => [status, action, actor] as const)),
  );

  it.each(cases)('%s + %s by %s', (status, action, actor) => {
    const result = transition(status, action, actor, '理由');
    const target = EXPECTED[status][action];
    if (!target) {
      expect(result).toMatchObject({ reason: 'wrong_status' });
    } else if (!ACTORS[action].includes(actor)) {
      expect(result).toMatchObject({ reason: 'not_allowed_for_actor' });
    } else {
      expect(result).toMatchObject({ action, from: status, to: target });
    }
  });

  it('requires a reason for reject, return, resolve and reopen, and only those', () => {
    for (const status of SUBMISSION_STATUSES) {
      for (const action of LIFECYCLE_ACTIONS) {
        const actor = ACTORS[action][0];
        if (!EXPECTED[status][action]) continue;
        const withoutReason = transition(status, action, actor, '   ');
        expect(isRefusal(withoutReason) && withoutReason.reason === 'reason_required').toBe(NEEDS_REASON.has(action));
      }
    }
  });

  it('keeps a department return internal and tells the resident everything else', () => {
    expect(transition('assigned', 'return', 'department', '不属于我局职责')).toMatchObject({
      visibleToResident: false,
    });
    expect(transition('assigned', 'accept', 'department')).toMatchObject({ visibleToResident: true });
  });

  it('says why in words staff read, not in codes', () => {
    expect(transition('assigned', 'accept', 'dispatcher')).toMatchObject({ message: '创城办不能执行“受理”' });
    expect(transition('closed', 'accept', 'department')).toMatchObject({
      message: '这条反映当前状态为“已办结”，不能受理',
    });
    expect(transition('in_progress', 'resolve', 'department', ' ')).toMatchObject({
      message: '办结需要填写理由或说明',
    });
  });

  it('lists the actions a user may take now', () => {
    expect(allowedActions('assigned', 'department')).toEqual(['accept', 'return']);
    expect(allowedActions('assigned', 'dispatcher')).toEqual(['reject', 'merge']);
    expect(allowedActions('closed', 'admin')).toEqual([]);
  });
});
