import type { DataSource } from 'typeorm';
import { Submission } from '../db/entities';
import { LifecycleAction, LifecycleActor, isRefusal, transition } from '../domain/lifecycle/state-machine';
import { InvalidTransition, NotFound, StaleVersion } from '../errors';
import { audit } from './audit';
import { EventActor, TimelineWriter } from './timeline-writer';

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
  deps: { dataSource: DataSource; now: () => Date },
  request: ActionRequest,
): Promise<Submission> {
  return deps.dataSource.transaction(async (manager) => {
    const submissions = manager.getRepository(Submission);
    // The row lock makes two simultaneous actions on one report take turns.
    const submission = await submissions.findOne({
      where: { id: request.submissionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!submission) throw new NotFound('没有找到这条反映', `No submission ${request.submissionId}`);
    if (request.expectedVersion !== undefined && request.expectedVersion !== submission.version)
      throw new StaleVersion();

    const result = transition(submission.status, request.action, request.actor.role, request.note);
    if (isRefusal(result)) throw new InvalidTransition(result.message, result.reason);

    const at = deps.now();
    submission.status = result.to;
    submission.updatedAt = at;
    const saved = await submissions.save(submission);
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
  });
}
