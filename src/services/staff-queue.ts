import { Brackets, DataSource } from 'typeorm';
import { Submission } from '../db/entities';
import type { StaffUser } from '../db/entities';
import type { SubmissionStatus } from '../domain/lifecycle/status';
import type { CategoryCode } from '../domain/taxonomy';
import { NotFound } from '../errors';
import { canSee, departmentScope } from './staff-access';

export interface QueueFilter {
  readonly status?: SubmissionStatus;
  readonly category?: CategoryCode;
  readonly departmentId?: number;
  readonly needsReview?: boolean;
  readonly q?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly limit: number;
  readonly offset: number;
}

/** The staff queue: newest first, only what this user may see, filtered and paged. */
export async function listQueue(
  dataSource: DataSource,
  user: StaffUser,
  filter: QueueFilter,
): Promise<{ items: Submission[]; total: number }> {
  const query = dataSource
    .getRepository(Submission)
    .createQueryBuilder('s')
    .leftJoinAndSelect('s.department', 'department')
    .orderBy('s.created_at', 'DESC')
    .addOrderBy('s.id', 'DESC')
    .take(filter.limit)
    .skip(filter.offset);
  const scope = departmentScope(user);
  if (scope !== undefined) query.andWhere('s.department_id IN (:...scope)', { scope: scope.length ? scope : [-1] });
  if (filter.status) query.andWhere('s.status = :status', { status: filter.status });
  if (filter.category) query.andWhere('s.category = :category', { category: filter.category });
  if (filter.departmentId !== undefined)
    query.andWhere('s.department_id = :departmentId', { departmentId: filter.departmentId });
  if (filter.needsReview !== undefined)
    query.andWhere('s.needs_review = :needsReview', { needsReview: filter.needsReview });
  if (filter.from) query.andWhere('s.created_at >= :from', { from: filter.from });
  if (filter.to) query.andWhere('s.created_at < :to', { to: filter.to });
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.andWhere(
      new Brackets((where) =>
        where.where('s.content ILIKE :like', { like }).orWhere('s.tracking_code ILIKE :like', { like }),
      ),
    );
  }
  const [items, total] = await query.getManyAndCount();
  return { items, total };
}

/** One report for staff; outside the user's scope it is answered like a missing one. */
export async function getForStaff(dataSource: DataSource, user: StaffUser, id: number): Promise<Submission> {
  const submission = await dataSource
    .getRepository(Submission)
    .findOne({ where: { id }, relations: { department: true } });
  if (!submission || !canSee(user, submission)) throw new NotFound('没有找到这条反映', `No submission ${id}`);
  return submission;
}
