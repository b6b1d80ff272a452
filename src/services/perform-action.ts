import type { DataSource, EntityManager } from 'typeorm';
import { computeDeadlines } from '../domain/lifecycle/deadlines';
import { categoryInfo } from '../domain/taxonomy';
import { Submission } from '../db/entities';
import {
  LifecycleAction,
  LifecycleActor,
  TransitionRefusal,
  isRefusal,
  refusedForRole,
  transition,
} from '../domain/lifecycle/state-machine';
import { AppError, Forbidden, InvalidTransition, NotFound, StaleVersion } from '../errors';
import { audit } from './audit';
import { EventActor, TimelineWriter } from './timeline-writer';

/** A refused transition as the error the caller answers with. */
export function refusalError(refusal: TransitionRefusal): AppError {
  return refusedForRole(refusal)
    ? new Forbidden(refusal.message, 'This role may not take this action')
    : new InvalidTransition(refusal.message, refusal.reason);
}

export interface ActionRequest {
  readonly submissionId: number;
  readonly action: LifecycleAction;
  /** The actor's role in the lifecycle, and how the timeline names them. */
  readonly actor: { readonly role: LifecycleActor } & EventActor;
  readonly note?: string | null;
  /** The version the actor saw; when given and no longer current, the action is refused. */
  readonly expectedVersion?: number;
}

/**
 * Moves a report through its lifecycle: checks the transition against the state machine, then
 * in one transaction changes the status (bumping the version) and writes the timeline event and,
 * if the resident sees it, the outbox row. A refused or stale action changes nothing.
 * Access (may this member of staff touch this report at all?) is checked by the caller.
 */
export async function performAction(
  deps: { dataSource: DataSource; now: () => Date; acceptWithinHours?: number },
  request: ActionRequest,
): Promise<Submission> {
  return deps.dataSource.transaction(async (manager) => {
    // The row lock makes two simultaneous actions on one report take turns.
    const submission = await manager.getRepository(Submission).findOne({
      where: { id: request.submissionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!submission) throw new NotFound('没有找到这条反映', `No submission ${request.submissionId}`);
    if (request.expectedVersion !== undefined && request.expectedVersion !== submission.version)
      throw new StaleVersion();
    return applyTransition(manager, submission, request, deps.now(), deps.acceptWithinHours);
  });
}

/**
 * The transition itself, inside the caller's transaction on a row it has locked: status, the
 * moments that follow from it, the timeline (and outbox) and, for staff, the audit log.
 */
export async function applyTransition(
  manager: EntityManager,
  submission: Submission,
  request: Pick<ActionRequest, 'action' | 'actor' | 'note'>,
  at: Date,
  acceptWithinHours?: number,
): Promise<Submission> {
  const result = transition(submission.status, request.action, request.actor.role, request.note);
  if (isRefusal(result)) throw refusalError(result);

  submission.status = result.to;
  submission.updatedAt = at;
  if (result.to === 'resolved') submission.resolvedAt = at;
  if (result.to === 'reopened') {
    // Back to the department with the time the rule gives, counted from now, not from the first report.
    const hours =
      submission.classification.routing?.resolveWithinHours ?? categoryInfo(submission.category).defaultResolveHours;
    const deadlines = computeDeadlines(at, hours, acceptWithinHours);
    submission.acceptDeadline = deadlines.acceptBy;
    submission.resolveDeadline = deadlines.resolveBy;
    submission.overdueStage = null;
    submission.escalatedAt = null;
    submission.resolvedAt = null;
  }
  const saved = await manager.getRepository(Submission).save(submission);
  const note = request.note?.trim() || null;
  await new TimelineWriter(manager, saved, at, request.actor).statusChange(
    result.from,
    result.to,
    note ?? '',
    result.visibleToResident,
  );
  if (request.actor.type === 'staff') {
    await audit(manager, {
      staffUserId: request.actor.staffId,
      username: request.actor.label,
      action: `lifecycle.${request.action}`,
      targetType: 'submission',
      targetId: saved.id,
      details: { from: result.from, to: result.to, note },
    });
  }
  return saved;
}
