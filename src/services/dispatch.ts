import type { DataSource } from 'typeorm';
import { Department, Submission } from '../db/entities';
import { isRefusal, transition } from '../domain/lifecycle/state-machine';
import { CategoryCode, categoryInfo, categoryOfSubcategory, subcategoryName } from '../domain/taxonomy';
import { ValidationFailed } from '../errors';
import { refusalError } from './perform-action';
import { lockSubmission } from './submission-lock';
import { audit } from './audit';
import { lapseStaleRequests } from './extensions';
import { EventActor, TimelineWriter } from './timeline-writer';

/** A dispatcher (or admin) acting: how the timeline names them, and for the audit log. */
export interface Dispatcher extends EventActor {
  readonly role: 'dispatcher' | 'admin';
  readonly staffId: number;
}

interface Deps {
  readonly dataSource: DataSource;
  readonly now: () => Date;
}

/**
 * The dispatcher confirms or corrects the category. The correction is returned so the caller can
 * teach the classifier (after this transaction has committed).
 */
export async function correctCategory(
  deps: Deps,
  request: { submissionId: number; category: CategoryCode; subcategory: string; actor: Dispatcher; version?: number },
): Promise<{ submission: Submission; changed: boolean }> {
  if (categoryOfSubcategory(request.subcategory) !== request.category) {
    throw new ValidationFailed([
      { field: 'subcategory', rule: 'isIn', message: `${request.subcategory} 不属于分类 ${request.category}` },
    ]);
  }
  return deps.dataSource.transaction(async (manager) => {
    const submission = await lockSubmission(manager, request.submissionId, request.version);
    const before = `${categoryInfo(submission.category).name} / ${subcategoryName(submission.subcategory)}`;
    const changed = submission.category !== request.category || submission.subcategory !== request.subcategory;
    const at = deps.now();
    submission.category = request.category;
    submission.subcategory = request.subcategory;
    submission.needsReview = false;
    submission.updatedAt = at;
    const saved = await manager.getRepository(Submission).save(submission);
    const after = `${categoryInfo(request.category).name} / ${subcategoryName(request.subcategory)}`;
    await new TimelineWriter(manager, saved, at, request.actor).internal(
      'classification',
      changed ? `分类由 ${before} 更正为 ${after}` : `确认分类 ${after}`,
    );
    await audit(manager, {
      staffUserId: request.actor.staffId,
      username: request.actor.label,
      action: changed ? 'classification.correct' : 'classification.confirm',
      targetType: 'submission',
      targetId: saved.id,
      details: { before, after },
    });
    return { submission: saved, changed };
  });
}

/**
 * 分拨 / 改派: the dispatcher sends a report to a department. From `submitted` or `returned` this
 * is the `assign` transition; an already assigned report just changes hands. A department cannot
 * be both 主办 and 协办, so the new lead leaves the supporting ones; the old lead's pending
 * extension request lapses.
 */
export async function assignDepartment(
  deps: Deps,
  request: { submissionId: number; departmentId: number; actor: Dispatcher; note?: string | null; version?: number },
): Promise<Submission> {
  return deps.dataSource.transaction(async (manager) => {
    const submission = await lockSubmission(manager, request.submissionId, request.version);
    const department = await manager.getRepository(Department).findOneBy({ id: request.departmentId });
    if (!department) {
      throw new ValidationFailed([{ field: 'departmentId', rule: 'exists', message: '没有这个承办单位' }]);
    }
    const from = submission.status;
    let to = from;
    if (from !== 'assigned') {
      const result = transition(from, 'assign', request.actor.role, request.note);
      if (isRefusal(result)) throw refusalError(result);
      to = result.to;
    }
    const supporting = manager.createQueryBuilder().relation(Submission, 'supportingDepartments').of(submission.id);
    const wasSupporting = (await supporting.loadMany<Department>()).some((d) => d.id === department.id);
    if (wasSupporting) await supporting.remove(department.id);
    submission.departmentId = department.id;
    submission.department = department;
    const at = deps.now();
    submission.status = to;
    submission.updatedAt = at;
    const saved = await manager.getRepository(Submission).save(submission);
    const note = `已分派至${department.name}办理。${request.note?.trim() ?? ''}`.trim();
    await new TimelineWriter(manager, saved, at, request.actor).statusChange(from, to, note, true);
    await lapseStaleRequests(manager, saved, at);
    await audit(manager, {
      staffUserId: request.actor.staffId,
      username: request.actor.label,
      action: 'dispatch.assign',
      targetType: 'submission',
      targetId: saved.id,
      details: { departmentId: department.id, from, to, ...(wasSupporting ? { leftSupporting: true } : {}) },
    });
    return saved;
  });
}
