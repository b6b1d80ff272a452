import { DataSource, EntityManager, In } from 'typeorm';
import { ExtensionRequest, StaffUser, Submission } from '../db/entities';
import { addWorkingHours } from '../domain/lifecycle/deadlines';
import { AWAITING_ACCEPTANCE, OPEN_STATUSES, SubmissionStatus } from '../domain/lifecycle/status';
import { Forbidden, InvalidTransition, NotFound, ValidationFailed } from '../errors';
import { audit } from './audit';
import { staffActor } from './staff-actor';
import { relationTo } from './staff-access';
import { scopeQuery } from './staff-queue';
import { lockForStaff } from './staff-work';
import { TimelineWriter } from './timeline-writer';

interface Deps {
  readonly dataSource: DataSource;
  readonly now: () => Date;
}

const EXTENDABLE: readonly SubmissionStatus[] = OPEN_STATUSES.filter(
  (status) => status !== 'submitted' && status !== 'returned',
);

function withPeople(manager: EntityManager, id: number): Promise<ExtensionRequest> {
  return manager
    .getRepository(ExtensionRequest)
    .findOneOrFail({ where: { id }, relations: { requestedBy: true, decidedBy: true } });
}

/**
 * Whether the request still speaks for the report's lead department: the extension does not
 * store the department, so its requester's (current) department and coverage stand for it. A
 * requester whose account is gone cannot be judged and is taken as still current.
 */
async function fromLeadDepartment(
  manager: EntityManager,
  extension: ExtensionRequest,
  submission: Submission,
): Promise<boolean> {
  if (extension.requestedById === null) return true;
  const requester = await manager
    .getRepository(StaffUser)
    .findOne({ where: { id: extension.requestedById }, relations: { coveredDepartments: true } });
  return requester === null || relationTo(requester, submission) === 'lead';
}

/**
 * Pending requests left by a department that is no longer the lead one (the report was
 * reassigned) lapse, so they neither block the new department nor stay approvable.
 */
export async function lapseStaleRequests(manager: EntityManager, submission: Submission, at: Date): Promise<boolean> {
  const extensions = manager.getRepository(ExtensionRequest);
  let blocking = false;
  for (const pending of await extensions.findBy({ submissionId: submission.id, status: 'pending' })) {
    if (await fromLeadDepartment(manager, pending, submission)) {
      blocking = true;
      continue;
    }
    pending.status = 'refused';
    pending.decidedAt = at;
    pending.decisionNote = '主办单位已变更，原延期申请自动失效';
    await extensions.save(pending);
    await new TimelineWriter(manager, submission, at).internal('extension', pending.decisionNote);
  }
  return blocking;
}

/** 延期申请: the lead department asks for more working hours to resolve, with a reason. */
export async function requestExtension(
  deps: Deps,
  user: StaffUser,
  request: { submissionId: number; hours: number; reason: string },
): Promise<ExtensionRequest> {
  const reason = request.reason.trim();
  return deps.dataSource.transaction(async (manager) => {
    // Judged under the lock, so a report reassigned meanwhile is refused to the old department.
    const { submission, relation } = await lockForStaff(manager, user, request.submissionId);
    if (relation !== 'lead') {
      throw new Forbidden('只有主办单位可以申请延期', 'Only the lead department may ask for an extension');
    }
    if (!reason) throw new ValidationFailed([{ field: 'reason', rule: 'isNotEmpty', message: '请填写延期理由' }]);
    if (!EXTENDABLE.includes(submission.status)) {
      throw new InvalidTransition('这条反映当前不在办理中，不能申请延期', 'wrong_status');
    }
    const extensions = manager.getRepository(ExtensionRequest);
    if (await lapseStaleRequests(manager, submission, deps.now())) {
      throw new InvalidTransition('已有一份待审批的延期申请', 'extension_pending');
    }
    const saved = await extensions.save(
      extensions.create({
        submissionId: submission.id,
        hours: request.hours,
        reason,
        status: 'pending',
        requestedById: user.id,
        createdAt: deps.now(),
      }),
    );
    await new TimelineWriter(manager, submission, deps.now(), staffActor(user)).internal(
      'extension',
      `申请延期 ${request.hours} 个工作小时：${reason}`,
    );
    await audit(manager, {
      staffUserId: user.id,
      username: user.username,
      action: 'extension.request',
      targetType: 'submission',
      targetId: submission.id,
      details: { extensionId: saved.id, hours: request.hours },
    });
    return withPeople(manager, saved.id);
  });
}

/**
 * The dispatcher, an admin or the leader of the lead department approves or refuses, but never
 * their own request. Only a pending request of the current lead department, on a report still
 * being worked on, can be decided. Approval moves the resolve deadline by the hours asked (in
 * working time) and tells the resident the new date; a report that was overdue only on that
 * deadline is no longer overdue.
 */
export async function decideExtension(
  deps: Deps,
  user: StaffUser,
  request: { extensionId: number; approve: boolean; note?: string },
): Promise<ExtensionRequest> {
  const found = await deps.dataSource.getRepository(ExtensionRequest).findOneBy({ id: request.extensionId });
  if (!found) throw new NotFound('没有找到这份延期申请', `No extension request ${request.extensionId}`);

  return deps.dataSource.transaction(async (manager) => {
    // Who may decide is judged on the locked report, not on what was read before.
    const { submission, relation } = await lockForStaff(manager, user, found.submissionId);
    const mayDecide = relation === 'oversight' || (user.role === 'leader' && relation === 'lead');
    if (!mayDecide) throw new Forbidden('只有创城办或分管领导可以审批延期', 'Dispatchers and leaders only');
    const extensions = manager.getRepository(ExtensionRequest);
    const extension = await extensions.findOneOrFail({
      where: { id: request.extensionId },
      lock: { mode: 'pessimistic_write' },
    });
    if (extension.requestedById === user.id) {
      throw new Forbidden('不能审批自己提出的延期申请', 'Nobody decides their own extension request');
    }
    if (extension.status !== 'pending') {
      throw new InvalidTransition('这份延期申请已经审批过了', 'extension_decided');
    }
    if (!EXTENDABLE.includes(submission.status)) {
      throw new InvalidTransition('这条反映已不在办理中，延期申请不能再审批', 'wrong_status');
    }
    if (!(await fromLeadDepartment(manager, extension, submission))) {
      throw new InvalidTransition('这条反映已改派其他承办单位，原主办单位的延期申请不能再审批', 'extension_stale');
    }
    const at = deps.now();
    const note = request.note?.trim() || null;
    extension.status = request.approve ? 'approved' : 'refused';
    extension.decidedById = user.id;
    extension.decidedAt = at;
    extension.decisionNote = note;
    const saved = await extensions.save(extension);
    const writer = new TimelineWriter(manager, submission, at, staffActor(user));
    if (request.approve) {
      submission.resolveDeadline = addWorkingHours(submission.resolveDeadline, extension.hours);
      if (submission.overdueStage === 'resolve' && submission.resolveDeadline > at) {
        // Still waiting to be accepted past that deadline: it stays escalated for the accept
        // stage, or the escalation job would escalate that stage a second time.
        const acceptMissed = AWAITING_ACCEPTANCE.includes(submission.status) && submission.acceptDeadline <= at;
        submission.overdueStage = acceptMissed ? 'accept' : null;
      }
      submission.updatedAt = at;
      await manager.getRepository(Submission).save(submission);
      const due = submission.resolveDeadline.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
      await writer.publicReply(`经批准，办理期限延长至 ${due}。`, 'extension');
    } else {
      await writer.internal('extension', `延期申请未获批准。${note ?? ''}`.trim());
    }
    await audit(manager, {
      staffUserId: user.id,
      username: user.username,
      action: request.approve ? 'extension.approve' : 'extension.refuse',
      targetType: 'submission',
      targetId: submission.id,
      details: { extensionId: saved.id, note },
    });
    return withPeople(manager, saved.id);
  });
}

/** Extension requests of the reports this user sees, newest first (pending ones by default). */
export async function listExtensions(
  dataSource: DataSource,
  user: StaffUser,
  status: ExtensionRequest['status'] | undefined,
): Promise<{ extension: ExtensionRequest; submission: Submission }[]> {
  const visible = await scopeQuery(dataSource.getRepository(Submission).createQueryBuilder('s').select(['s.id']), user)
    .innerJoin(ExtensionRequest, 'e', 'e.submission_id = s.id' + (status ? ' AND e.status = :status' : ''), { status })
    .getMany();
  if (visible.length === 0) return [];
  const extensions = await dataSource.getRepository(ExtensionRequest).find({
    where: { submissionId: In(visible.map((s) => s.id)), ...(status ? { status } : {}) },
    relations: { submission: { department: true }, requestedBy: true, decidedBy: true },
    order: { createdAt: 'DESC', id: 'DESC' },
    take: 200,
  });
  return extensions.map((extension) => ({ extension, submission: extension.submission }));
}
