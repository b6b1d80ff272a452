import { Brackets, DataSource, In, SelectQueryBuilder } from 'typeorm';
import { Submission } from '../db/entities';
import type { StaffUser } from '../db/entities';
import { SUBMISSION_STATUSES, type SubmissionStatus } from '../domain/lifecycle/status';
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

/** Must match the expression of the submission_search_idx index exactly, or PostgreSQL will not use it. */
const SEARCH_GRAMS = `submission_search_grams(s.content || ' ' || coalesce(s.address, '') || ' ' || s.tracking_code)`;

const ORDER: Record<QueueSort, [string, 'ASC' | 'DESC']> = {
  '-createdAt': ['s.created_at', 'DESC'],
  createdAt: ['s.created_at', 'ASC'],
  resolveDeadline: ['s.resolve_deadline', 'ASC'],
  '-updatedAt': ['s.updated_at', 'DESC'],
};

/** Reports a department leads, and reports it only supports (协办); the scope is both. */
export type ScopePart = 'all' | 'lead' | 'supporting';

/** Only the reports this user may see: their departments' as lead or as 协办, or all for oversight. */
export function scopeQuery<T extends object>(
  query: SelectQueryBuilder<T>,
  user: StaffUser,
  part: ScopePart = 'all',
): SelectQueryBuilder<T> {
  const scope = departmentScope(user);
  if (scope === undefined) return part === 'supporting' ? query.andWhere('false') : query;
  const ids = scope.length ? scope : [-1];
  const lead = 's.department_id IN (:...scope)';
  // As an array computed once, not EXISTS per row: PostgreSQL can then use the department and
  // primary-key indexes together instead of checking every report (138 ms → 12 ms on 1,000,000).
  const supporting =
    's.id = ANY(ARRAY(SELECT ssd.submission_id FROM submission_supporting_department ssd WHERE ssd.department_id IN (:...scope)))';
  if (part === 'lead') return query.andWhere(lead, { scope: ids });
  if (part === 'supporting') return query.andWhere(`${supporting} AND NOT ${lead}`, { scope: ids });
  return query.andWhere(new Brackets((where) => where.where(lead, { scope: ids }).orWhere(supporting)));
}

function applyFilter<T extends object>(
  query: SelectQueryBuilder<T>,
  filter: QueueFilter,
  now: Date,
  searchIndex = true,
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
    // Two-character grams of the text, address and code are indexed (SearchIndex migration): the
    // index narrows a million reports to the few holding every gram, and ILIKE then checks them.
    if (searchIndex && [...filter.q].length >= 2)
      query.andWhere(`${SEARCH_GRAMS} @> submission_search_grams(:q)`, { q: filter.q });
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

/**
 * Counting every match of a broad filter on a big mailbox costs more than the page itself; past
 * this many the queue says "10,000+" (the export's cap is the same).
 */
export const QUEUE_COUNT_CAP = 10_000;
/** A search counts less far: its matches are found through the text index, not in queue order. */
export const SEARCH_COUNT_CAP = 1_000;
/**
 * Above this many matches a search term is common enough that walking the queue in its order
 * finds a page at once; below it, the text index finds the few matches faster. PostgreSQL's own
 * estimate for the index is too rough to choose between them, so the count decides.
 */
const COMMON_SEARCH = 500;

/**
 * The staff queue: only what this user may see, filtered, sorted and paged. The page's ids are
 * found first without joins (so PostgreSQL can walk an index in the queue's order and stop after
 * the page), then those reports are loaded with their departments.
 */
export async function listQueue(
  dataSource: DataSource,
  user: StaffUser,
  filter: QueueFilter & QueuePage,
  now: Date,
): Promise<{ items: Submission[]; total: number; totalCapped: boolean }> {
  const [column, direction] = ORDER[filter.sort ?? '-createdAt'];
  const cap = filter.q ? SEARCH_COUNT_CAP : QUEUE_COUNT_CAP;
  const matching = (searchIndex = true) =>
    applyFilter(
      scopeQuery(dataSource.getRepository(Submission).createQueryBuilder('s'), user),
      filter,
      now,
      searchIndex,
    );
  const page = (searchIndex: boolean) =>
    matching(searchIndex)
      .select('s.id', 'id')
      .orderBy(column, direction)
      .addOrderBy('s.id', direction)
      .limit(filter.limit)
      .offset(filter.offset)
      .getRawMany<{ id: number }>();
  const [countSql, countParameters] = matching()
    .select('1')
    .limit(cap + 1)
    .getQueryAndParameters();
  const count = async () => {
    const [{ n }]: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM (${countSql}) matching`,
      countParameters,
    );
    return n;
  };
  let rows: { id: number }[];
  let n: number;
  if (filter.q) {
    n = await count();
    rows = await page(n < COMMON_SEARCH);
  } else {
    [rows, n] = await Promise.all([page(true), count()]);
  }
  const ids = rows.map((row) => row.id);
  const loaded = ids.length
    ? await dataSource.getRepository(Submission).find({
        where: { id: In(ids) },
        relations: { department: true, supportingDepartments: true },
      })
    : [];
  const byId = new Map(loaded.map((submission) => [submission.id, submission]));
  return {
    items: ids.map((id) => byId.get(id)!).filter(Boolean),
    total: Math.min(n, cap),
    totalCapped: n > cap,
  };
}

export interface QueueCounts {
  readonly total: number;
  readonly byStatus: Record<string, number>;
  readonly overdue: number;
  readonly needsReview: number;
  /** Each figure is exact up to this; a larger one only means "more than countCap". */
  readonly countCap: number;
}

/**
 * Counts for the queue's tabs: per status, overdue and needing review, within the user's scope.
 * Each is counted only up to the cap, walking the index of its own status, so a tab of 800,000
 * closed reports costs no more than one of 10,000.
 */
export async function countQueue(
  dataSource: DataSource,
  user: StaffUser,
  filter: Omit<QueueFilter, 'status'>,
  now: Date,
): Promise<QueueCounts> {
  // The department's own reports and those it supports are counted apart: each part can then be
  // counted from an index alone, where one condition joining them reads every matching row.
  const cappedPart = async (
    part: ScopePart,
    narrow: (query: SelectQueryBuilder<Submission>) => SelectQueryBuilder<Submission>,
  ) => {
    const matching = applyFilter(
      scopeQuery(dataSource.getRepository(Submission).createQueryBuilder('s'), user, part),
      filter,
      now,
    );
    const [sql, parameters] = narrow(matching)
      .select('1')
      .limit(QUEUE_COUNT_CAP + 1)
      .getQueryAndParameters();
    const [{ n }]: { n: number }[] = await dataSource.query(
      `SELECT count(*)::int AS n FROM (${sql}) matching`,
      parameters,
    );
    return n;
  };
  const scoped = departmentScope(user) !== undefined;
  const capped = async (narrow: (query: SelectQueryBuilder<Submission>) => SelectQueryBuilder<Submission>) =>
    scoped
      ? (await Promise.all([cappedPart('lead', narrow), cappedPart('supporting', narrow)])).reduce((a, b) => a + b)
      : cappedPart('all', narrow);
  const [perStatus, overdue, needsReview] = await Promise.all([
    Promise.all(SUBMISSION_STATUSES.map((status) => capped((q) => q.andWhere('s.status = :status', { status })))),
    capped((q) => q.andWhere(OVERDUE_SQL, overdueParameters(now))),
    capped((q) => q.andWhere('s.needs_review')),
  ]);
  const byStatus: Record<string, number> = {};
  SUBMISSION_STATUSES.forEach((status, index) => {
    if (perStatus[index] > 0) byStatus[status] = perStatus[index];
  });
  const total = perStatus.reduce((sum, n) => sum + n, 0);
  return { total, byStatus, overdue, needsReview, countCap: QUEUE_COUNT_CAP };
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
