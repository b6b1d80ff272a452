import { DataSource, EntityManager, In } from 'typeorm';
import { Department, Submission } from '../db/entities';
import type { StaffUser } from '../db/entities';
import { LifecycleAction, isRefusal, transition } from '../domain/lifecycle/state-machine';
import { OPEN_STATUSES, STATUS_LABELS } from '../domain/lifecycle/status';
import { Forbidden, NotFound, StaleVersion, ValidationFailed } from '../errors';
import { audit } from './audit';
import { applyTransition, refusalError } from './perform-action';
import { staffActor } from './staff-actor';
import { ReportRelation, lifecycleRole, relationTo, supervises } from './staff-access';
import { lockSubmission } from './submission-lock';
import { TimelineWriter } from './timeline-writer';

interface Deps {
  readonly dataSource: DataSource;
  readonly now: () => Date;
}

/** A staff lifecycle action on one report (accept, start, return, resolve…): merging has its own. */
export interface StaffActionRequest {
  readonly submissionId: number;
  readonly action: LifecycleAction;
  readonly note?: string | null;
  /** The version the member of staff saw; when given and no longer current, the action is refused. */
  readonly version?: number;
}

/**
 * Moves a report through its lifecycle for a member of staff. Access is judged on the locked row
 * in the same transaction as the change, so a report reassigned a moment before cannot be moved
 * by its old department; 协办 departments may read and add notes but not change the status.
 */
export async function performStaffAction(
  deps: Deps & { readonly acceptWithinHours?: number },
  user: StaffUser,
  request: StaffActionRequest,
): Promise<Submission> {
  return deps.dataSource.transaction(async (manager) => {
    const { submission, relation } = await lockForStaff(manager, user, request.submissionId);
    if (relation === 'supporting') {
      throw new Forbidden(
        '协办单位不能改变办理状态，请由主办单位办理',
        'Supporting departments cannot change the status',
      );
    }
    if (request.action === 'merge') {
      throw new ValidationFailed([
        { field: 'action', rule: 'merge', message: '合并请使用合并操作并指定目标反映 (POST …/merge)' },
      ]);
    }
    if (request.version !== undefined && request.version !== submission.version) throw new StaleVersion();
    const actor = { role: lifecycleRole(user), ...staffActor(user) };
    return applyTransition(
      manager,
      submission,
      { action: request.action, actor, note: request.note },
      deps.now(),
      deps.acceptWithinHours,
    );
  });
}

export type NoteKind = 'note' | 'reply' | 'supervision';

const NOTE_RULES: Record<NoteKind, { allowed: (user: StaffUser, s: Submission) => boolean; refusal: string }> = {
  // Everyone who can see the report, 协办 departments included, may add an internal note.
  note: { allowed: () => true, refusal: '' },
  reply: {
    allowed: (user, s) => {
      const relation = relationTo(user, s);
      return relation === 'oversight' || relation === 'lead';
    },
    refusal: '只有主办单位或创城办可以答复群众',
  },
  supervision: { allowed: supervises, refusal: '只有分管领导可以督办' },
};

/**
 * Locks a report and answers how this member of staff stands to it now, under the lock: a report
 * reassigned since the caller last read it is judged by its new department. Outside the user's
 * scope it is answered like a missing one. The locked row comes back with its 协办 departments.
 */
export async function lockForStaff(
  manager: EntityManager,
  user: StaffUser,
  id: number,
): Promise<{ submission: Submission; relation: ReportRelation }> {
  const submission = await lockSubmission(manager, id);
  submission.supportingDepartments = await manager
    .createQueryBuilder()
    .relation(Submission, 'supportingDepartments')
    .of(submission.id)
    .loadMany<Department>();
  const relation = relationTo(user, submission);
  if (!relation) throw new NotFound('没有找到这条反映', `No submission ${id}`);
  return { submission, relation };
}

/**
 * Adds a line to a report's timeline: an internal note, a public reply the resident receives, or
 * a leader's supervision note (督办意见). The status does not change.
 */
export async function addTimelineNote(
  deps: Deps,
  user: StaffUser,
  request: { submissionId: number; kind: NoteKind; body: string },
): Promise<void> {
  const rule = NOTE_RULES[request.kind];
  const body = request.body.trim();
  await deps.dataSource.transaction(async (manager) => {
    const { submission } = await lockForStaff(manager, user, request.submissionId);
    if (!rule.allowed(user, submission)) throw new Forbidden(rule.refusal, `Not allowed: ${request.kind}`);
    if (!body) throw new ValidationFailed([{ field: 'body', rule: 'isNotEmpty', message: '内容不能为空' }]);
    const writer = new TimelineWriter(manager, submission, deps.now(), staffActor(user));
    if (request.kind === 'reply') await writer.publicReply(body);
    else await writer.internal(request.kind, body);
    await audit(manager, {
      staffUserId: user.id,
      username: user.username,
      action: `timeline.${request.kind}`,
      targetType: 'submission',
      targetId: submission.id,
      // Replies are public; notes may mention people, so only their length is kept here.
      details: request.kind === 'reply' ? { body } : { length: body.length },
    });
  });
}

function requireDispatch(user: StaffUser): void {
  if (user.role !== 'dispatcher' && user.role !== 'admin') {
    throw new Forbidden('只有创城办调度员可以执行这个操作', 'Dispatchers only');
  }
}

/** 协办: the dispatcher sets which departments support the lead department (replacing the list). */
export async function setSupportingDepartments(
  deps: Deps,
  user: StaffUser,
  request: { submissionId: number; departmentIds: readonly number[] },
): Promise<void> {
  requireDispatch(user);
  const ids = [...new Set(request.departmentIds)];
  await deps.dataSource.transaction(async (manager) => {
    const locked = await lockSubmission(manager, request.submissionId);
    const departments = ids.length ? await manager.getRepository(Department).findBy({ id: In(ids) }) : [];
    const missing = ids.filter((id) => !departments.some((d) => d.id === id));
    if (missing.length) {
      throw new ValidationFailed([
        { field: 'departmentIds', rule: 'exists', message: `没有这些承办单位：${missing.join('、')}` },
      ]);
    }
    if (ids.includes(locked.departmentId)) {
      throw new ValidationFailed([{ field: 'departmentIds', rule: 'notLead', message: '主办单位不能同时是协办单位' }]);
    }
    const submission = await manager
      .getRepository(Submission)
      .findOneOrFail({ where: { id: locked.id }, relations: { supportingDepartments: true } });
    submission.supportingDepartments = departments;
    submission.updatedAt = deps.now();
    await manager.getRepository(Submission).save(submission);
    const names = departments.map((d) => d.name).join('、') || '无';
    await new TimelineWriter(manager, submission, deps.now(), staffActor(user)).internal('note', `协办单位：${names}`);
    await audit(manager, {
      staffUserId: user.id,
      username: user.username,
      action: 'dispatch.supporting',
      targetType: 'submission',
      targetId: submission.id,
      details: { departmentIds: ids },
    });
  });
}

/**
 * Merges a duplicate into another report (the survivor). The duplicate's resident — and anyone
 * who already followed the duplicate — now follows the survivor: its updates reach them and
 * their tracking code shows it.
 */
export async function mergeDuplicate(
  deps: Deps,
  user: StaffUser,
  request: { submissionId: number; targetId: number; note?: string; version?: number },
): Promise<Submission> {
  requireDispatch(user);
  if (request.targetId === request.submissionId) {
    throw new ValidationFailed([{ field: 'targetId', rule: 'notSelf', message: '不能合并到它自己' }]);
  }
  return deps.dataSource.transaction(async (manager) => {
    // Both rows locked in id order, so two merges of the same pair cannot deadlock.
    const [firstId, secondId] = [request.submissionId, request.targetId].sort((a, b) => a - b);
    const first = await lockSubmission(manager, firstId);
    const second = await lockSubmission(manager, secondId);
    const duplicate = first.id === request.submissionId ? first : second;
    const survivor = first.id === request.targetId ? first : second;
    if (request.version !== undefined && request.version !== duplicate.version) {
      await lockSubmission(manager, duplicate.id, request.version);
    }
    // The survivor carries on the work for both residents, so it must still be open.
    if (!OPEN_STATUSES.includes(survivor.status)) {
      throw new ValidationFailed([
        {
          field: 'targetId',
          rule: 'open',
          message: `反映 ${survivor.trackingCode} 当前状态为“${STATUS_LABELS[survivor.status]}”，已不在办理中，不能作为合并目标`,
        },
      ]);
    }
    const result = transition(duplicate.status, 'merge', lifecycleRole(user), request.note);
    if (isRefusal(result)) throw refusalError(result);

    const at = deps.now();
    const submissions = manager.getRepository(Submission);
    // Residents who followed the duplicate move on to the survivor with it.
    await submissions.update({ mergedIntoId: duplicate.id }, { mergedIntoId: survivor.id });
    duplicate.status = result.to;
    duplicate.mergedIntoId = survivor.id;
    duplicate.updatedAt = at;
    const saved = await submissions.save(duplicate);
    // The survivor's code stays out of the resident's note: a code lets its holder rate that report.
    const note = `与另一条同类反映为同一问题，已合并办理，后续进展将同步告知您。${request.note?.trim() ?? ''}`;
    await new TimelineWriter(manager, saved, at, staffActor(user)).statusChange(result.from, result.to, note, true);
    await new TimelineWriter(manager, survivor, at, staffActor(user)).internal(
      'note',
      `反映 ${duplicate.trackingCode} 作为重复反映合并到此`,
    );
    await audit(manager, {
      staffUserId: user.id,
      username: user.username,
      action: 'lifecycle.merge',
      targetType: 'submission',
      targetId: saved.id,
      details: { into: survivor.id },
    });
    return saved;
  });
}
