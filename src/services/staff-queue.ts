import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { Submission } from '../db/entities';
import type { StaffUser } from '../db/entities';
import type { SubmissionStatus } from '../domain/lifecycle/status';
import type { CategoryCode } from '../domain/taxonomy';
import { NotFound } from '../errors';
import { OVERDUE_SQL, overdueParameters } from './overdue';
import { canSee, departmentScope } from './staff-access';

export const QUEUE_SORTS = ['-createdAt', 'createdAt', 'resolveDeadline', '-updatedAt'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export interface QueueFilter {
  readonly status?: SubmissionStatus;
  readonly category?: CategoryCode;
  readonly subcategory?: string;
  readonly channel?: string;
  readonly departmentId?: number;
  readonly needsReview?: boolean;
  /** Open reports past a deadline right now. */
  readonly overdue?: boolean;
  readonly q?: string;
  readonly from?: Date;
  readonly to?: Date;
}

export interface QueuePage {
  readonly sort?: QueueSort;
  readonly limit: number;
  readonly offset: number;
}

const ORDER: Record<QueueSort, [string, 'ASC' | 'DESC']> = {
  '-createdAt': ['s.created_at', 'DESC'],
  createdAt: ['s.created_at', 'ASC'],
  resolveDeadline: ['s.resolve_deadline', 'ASC'],
  '-updatedAt': ['s.updated_at', 'DESC'],
};

/** Only the reports this user may see: their departments' as lead or as 协办, or all for oversight. */
export function scopeQuery<T extends object>(query: SelectQueryBuilder<T>, user: StaffUser): SelectQueryBuilder<T> {
  const scope = departmentScope(user);
  if (scope === undefined) return query;
  const ids = scope.length ? scope : [-1];
  return query.andWhere(
    new Brackets((where) =>
      where
        .where('s.department_id IN (:...scope)', { scope: ids })
        .orWhere(
          'EXISTS (SELECT 1 FROM submission_supporting_department ssd WHERE ssd.submission_id = s.id AND ssd.department_id IN (:...scope))',
        ),
    ),
  );
}

function applyFilter<T extends object>(
  query: SelectQueryBuilder<T>,
  filter: QueueFilter,
  now: Date,
): SelectQueryBuilder<T> {
  if (filter.status) query.andWhere('s.status = :status', { status: filter.status });
  if (filter.category) query.andWhere('s.category = :category', { category: filter.category });
  if (filter.subcategory) query.andWhere('s.subcategory = :subcategory', { subcategory: filter.subcategory });
  if (filter.channel) query.andWhere('s.channel = :channel', { channel: filter.channel });
  if (filter.departmentId !== undefined)
    query.andWhere('s.department_id = :departmentId', { departmentId: filter.departmentId });
  if (filter.needsReview !== undefined)
    query.andWhere('s.needs_review = :needsReview', { needsReview: filter.needsReview });
  if (filter.overdue !== undefined) {
    query.andWhere(filter.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`, overdueParameters(now));
  }
  if (filter.from) query.andWhere('s.created_at >= :from', { from: filter.from });
  if (filter.to) query.andWhere('s.created_at < :to', { to: filter.to });
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query.andWhere(
      new Brackets((where) =>
        where
          .where('s.content ILIKE :like', { like })
          .orWhere('s.tracking_code ILIKE :like', { like })
          .orWhere('s.address ILIKE :like', { like }),
      ),
    );
  }
  return query;
}

/** The staff queue: only what this user may see, filtered, sorted and paged. */
export async function listQueue(
  dataSource: DataSource,
  user: StaffUser,
  filter: QueueFilter & QueuePage,
  now: Date,
): Promise<{ items: Submission[]; total: number }> {
  const [column, direction] = ORDER[filter.sort ?? '-createdAt'];
  const query = dataSource
    .getRepository(Submission)
    .createQueryBuilder('s')
    .leftJoinAndSelect('s.department', 'department')
    .leftJoinAndSelect('s.supportingDepartments', 'supporting')
    .orderBy(column, direction)
    .addOrderBy('s.id', direction)
    .take(filter.limit)
    .skip(filter.offset);
  applyFilter(scopeQuery(query, user), filter, now);
  const [items, total] = await query.getManyAndCount();
  return { items, total };
}

export interface QueueCounts {
  readonly total: number;
  readonly byStatus: Record<string, number>;
  readonly overdue: number;
  readonly needsReview: number;
}

/** Counts for the queue's tabs: per status, overdue and needing review, within the user's scope. */
export async function countQueue(
  dataSource: DataSource,
  user: StaffUser,
  filter: Omit<QueueFilter, 'status'>,
  now: Date,
): Promise<QueueCounts> {
  const query = dataSource
    .getRepository(Submission)
    .createQueryBuilder('s')
    .select('s.status', 'status')
    .addSelect('COUNT(*)::int', 'count')
    .addSelect(`COUNT(*) FILTER (WHERE ${OVERDUE_SQL})::int`, 'overdue')
    .addSelect('COUNT(*) FILTER (WHERE s.needs_review)::int', 'needsReview')
    .setParameters(overdueParameters(now))
    .groupBy('s.status');
  applyFilter(scopeQuery(query, user), filter, now);
  const rows = await query.getRawMany<{ status: string; count: number; overdue: number; needsReview: number }>();
  const byStatus: Record<string, number> = {};
  let total = 0;
  let overdue = 0;
  let needsReview = 0;
  for (const row of rows) {
    byStatus[row.status] = row.count;
    total += row.count;
    overdue += row.overdue;
    needsReview += row.needsReview;
  }
  return { total, byStatus, overdue, needsReview };
}

/** One report for staff; outside the user's scope it is answered like a missing one. */
export async function getForStaff(dataSource: DataSource, user: StaffUser, id: number): Promise<Submission> {
  const submission = await dataSource.getRepository(Submission).findOne({
    where: { id },
    relations: { department: true, supportingDepartments: true, mergedInto: true },
  });
  if (!submission || !canSee(user, submission)) throw new NotFound('没有找到这条反映', `No submission ${id}`);
  return submission;
}

/**
 * 督办看板: reports of this user's scope that are late right now, the longest overdue first, with
 * how many each department has.
 */
export async function supervisionBoard(
  dataSource: DataSource,
  user: StaffUser,
  now: Date,
  limit = 100,
): Promise<{
  items: Submission[];
  total: number;
  byDepartment: { departmentId: number; name: string; overdue: number }[];
}> {
  const late = () =>
    scopeQuery(dataSource.getRepository(Submission).createQueryBuilder('s'), user).andWhere(
      OVERDUE_SQL,
      overdueParameters(now),
    );
  // Ids first, in order of the deadline missed earliest; TypeORM cannot page joined rows by an expression.
  const rows = await late()
    .select('s.id', 'id')
    .addSelect('LEAST(CASE WHEN s.status IN (:...awaiting) THEN s.accept_deadline END, s.resolve_deadline)', 'due')
    .orderBy('due', 'ASC')
    .addOrderBy('s.id', 'ASC')
    .limit(limit)
    .getRawMany<{ id: number }>();
  const total = await late().getCount();
  const ids = rows.map((row) => row.id);
  const found = ids.length
    ? await dataSource
        .getRepository(Submission)
        .find({ where: { id: In(ids) }, relations: { department: true, supportingDepartments: true } })
    : [];
  const items = ids.flatMap((id) => found.filter((s) => s.id === id));
  const byDepartment = await late()
    .innerJoin('s.department', 'd')
    .select('d.id', 'departmentId')
    .addSelect('d.name', 'name')
    .addSelect('COUNT(*)::int', 'overdue')
    .groupBy('d.id')
    .addGroupBy('d.name')
    .orderBy('overdue', 'DESC')
    .getRawMany<{ departmentId: number; name: string; overdue: number }>();
  return { items, total, byDepartment };
}
