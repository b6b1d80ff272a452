import type { DataSource } from 'typeorm';
import { OPEN_STATUSES } from '../../domain/lifecycle/status';
import { refreshStatistics, statisticsBacklog } from './rollups';

/**
 * A statistics answer comes in three parts that can be asked for apart, so a page can fetch them
 * side by side: `counts` (breakdowns, series, departments, satisfaction, corrections),
 * `durations` (median and p90 hours to accept and to resolve) and `hotspots` (subcategories and
 * places). Parts not asked for come back empty.
 */
export const STATISTICS_PARTS = ['counts', 'durations', 'hotspots'] as const;
export type StatisticsPart = (typeof STATISTICS_PARTS)[number];

/** What a statistics request covers: Beijing dates (inclusive), and optional narrowing. */
export interface StatisticsQuery {
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
  readonly interval: 'day' | 'week';
  readonly departmentIds?: readonly number[];
  readonly category?: string;
  /** A district area (as named in the routing rules) that the address mentions. */
  readonly area?: string;
  /** The member of staff's scope: undefined sees every department. */
  readonly scope?: readonly number[];
  readonly now: Date;
  /** Default: all of them. */
  readonly parts?: readonly StatisticsPart[];
}

export interface Count {
  readonly key: string;
  readonly count: number;
}

export interface DepartmentFigures {
  readonly departmentId: number;
  readonly name: string;
  readonly received: number;
  readonly resolved: number;
  readonly resolvedOnTime: number;
  /** Share of resolved reports resolved by their deadline; null when none was resolved. */
  readonly onTimeRate: number | null;
  readonly overdue: number;
  readonly averageRating: number | null;
}

export interface Statistics {
  readonly parts: StatisticsPart[];
  readonly total: number;
  readonly byCategory: Count[];
  readonly bySubcategory: Count[];
  readonly byDepartment: Count[];
  readonly byChannel: Count[];
  readonly byStatus: Count[];
  /** Reports whose address names a district area of the routing rules (others are left out). */
  readonly byArea: Count[];
  readonly series: { period: string; received: number; resolved: number; overdue: number }[];
  readonly departments: DepartmentFigures[];
  readonly hoursToAccept: { median: number | null; p90: number | null };
  readonly hoursToResolve: { median: number | null; p90: number | null };
  readonly satisfaction: { ratings: number; averageRating: number | null; reopenedShare: number | null };
  readonly hotSpots: { subcategories: Count[]; places: Count[] };
  /** Share of reports whose category a dispatcher changed (the classifier's error rate in use). */
  readonly correctionRate: number | null;
  /**
   * Reports changed so recently (or in such numbers, e.g. just after an upgrade) that their rows
   * are still being rebuilt: the figures leave them out until then. Usually 0.
   */
  readonly pendingReports: number;
}

const round = (value: number | null, digits = 3) =>
  value === null || Number.isNaN(value) ? null : Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * The figures of the campaign's 定期反馈: what came in, where it went, how fast and how well it
 * was handled. Reports count by the Beijing day they arrived; resolutions, escalations and
 * ratings by the day they happened. Reads the narrow rollup rows (statistics_fact and
 * statistics_event, brought up to date first), so a year of a busy mailbox stays quick; the
 * queries are independent and run side by side on the pool.
 */
export async function computeStatistics(dataSource: DataSource, query: StatisticsQuery): Promise<Statistics> {
  // Whatever changed since the refresher's last round; usually a handful of reports. A backlog
  // bigger than this (after an upgrade) is left to the background refresher and reported.
  await refreshStatistics(dataSource, { maxBatches: 10, waitForOthers: true });
  const pendingReports = await statisticsBacklog(dataSource);

  const params: unknown[] = [query.from, query.to];
  const narrowing: string[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    narrowing.push(clause(`$${params.length}`));
  };
  if (query.scope) add((p) => `department_id = ANY(${p})`, query.scope);
  if (query.departmentIds?.length) add((p) => `department_id = ANY(${p})`, query.departmentIds);
  if (query.category) add((p) => `category = ${p}`, query.category);
  if (query.area) add((p) => `area = ${p}`, query.area);
  // Per-report rows by the instant, day totals by the Beijing day: the range is whole days.
  const facts = ['f.created_at >= $1', 'f.created_at < $2', ...narrowing.map((c) => `f.${c}`)].join(' AND ');
  const days = (alias: string) =>
    [
      `${alias}.day >= ($1::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`,
      `${alias}.day < ($2::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`,
      ...narrowing.map((c) => `${alias}.${c}`),
    ].join(' AND ');
  const want = new Set<StatisticsPart>(query.parts ?? STATISTICS_PARTS);
  const q = <T>(sql: string, extra: unknown[] = []): Promise<T[]> => dataSource.query(sql, [...params, ...extra]);
  // The per-report scans read a covering index in one process: on a small machine the parallel
  // workers PostgreSQL would start cost more than they save, and the queries run side by side anyway.
  const scan = <T>(sql: string, extra: unknown[] = []): Promise<T[]> =>
    dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL max_parallel_workers_per_gather = 0');
      return manager.query(sql, [...params, ...extra]) as Promise<T[]>;
    });
  const skip = <T>(): Promise<T[]> => Promise.resolve([]);
  const percentiles = (column: string) =>
    want.has('durations')
      ? scan<{ p: (number | null)[] | null }>(
          `SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.${column}) AS p
             FROM statistics_fact f WHERE ${facts}`,
        )
      : skip<{ p: (number | null)[] | null }>();
  const counting = want.has('counts');

  const unit = query.interval === 'week' ? 'week' : 'day';
  const period = (column: string) => (unit === 'week' ? `date_trunc('week', ${column})::date` : column);

  const [counts, received, happened, [accept], [resolve], departments, lateNow, [satisfaction], places] =
    await Promise.all([
      // Every breakdown in one pass; `dim` says which one a row belongs to ('' = the grand total).
      counting || want.has('hotspots')
        ? q<{ dim: string; key: string | null; count: number; corrected: number }>(
            `SELECT CASE GROUPING(d.category, d.subcategory, d.channel, d.status, d.department_id, d.area)
                WHEN 31 THEN 'category' WHEN 47 THEN 'subcategory' WHEN 55 THEN 'channel'
                WHEN 59 THEN 'status' WHEN 61 THEN 'department' WHEN 62 THEN 'area' ELSE '' END AS dim,
              COALESCE(d.category, d.subcategory, d.channel, d.status, d.department_id::text, d.area) AS key,
              sum(d.received)::int AS count, sum(d.corrected)::int AS corrected
         FROM statistics_day d WHERE ${days('d')}
        GROUP BY GROUPING SETS ((d.category), (d.subcategory), (d.channel), (d.status), (d.department_id), (d.area), ())`,
          )
        : skip<{ dim: string; key: string | null; count: number; corrected: number }>(),
      counting
        ? q<{ period: string; n: number }>(
            `SELECT to_char(${period('d.day')}, 'YYYY-MM-DD') AS period, sum(d.received)::int AS n
         FROM statistics_day d WHERE ${days('d')} GROUP BY 1`,
          )
        : skip<{ period: string; n: number }>(),
      // A report resolved (or escalated) twice on one day counts once; on two days, on each.
      counting
        ? q<{ period: string; kind: string; n: number }>(
            `SELECT to_char(${period('e.day')}, 'YYYY-MM-DD') AS period, e.kind, sum(e.count)::int AS n
         FROM statistics_event_day e WHERE e.kind IN ('resolved', 'escalated') AND ${days('e')} GROUP BY 1, 2`,
          )
        : skip<{ period: string; kind: string; n: number }>(),
      percentiles('hours_to_accept'),
      percentiles('hours_to_resolve'),
      // Resolved = resolved or closed now (a reopened report is work again), judged against the
      // deadline in force (an approved extension moves it; a reopening starts a new one). Late:
      // resolved after it or escalated (counted in the day totals), or still open past it (below).
      counting
        ? q<{
            department_id: number;
            name: string;
            received: number;
            resolved: number;
            on_time: number;
            late: number;
            rating_count: number;
            rating_sum: number;
          }>(
            `SELECT d.department_id, dep.name, sum(d.received)::int AS received, sum(d.resolved)::int AS resolved,
              sum(d.on_time)::int AS on_time, sum(d.late_for_good)::int AS late,
              sum(d.rating_count)::int AS rating_count, sum(d.rating_sum)::int AS rating_sum
         FROM statistics_day d JOIN department dep ON dep.id = d.department_id
        WHERE ${days('d')}
        GROUP BY d.department_id, dep.name ORDER BY d.department_id`,
          )
        : skip<{
            department_id: number;
            name: string;
            received: number;
            resolved: number;
            on_time: number;
            late: number;
            rating_count: number;
            rating_sum: number;
          }>(),
      counting
        ? scan<{ department_id: number; n: number }>(
            `SELECT f.department_id, count(*)::int AS n FROM statistics_fact f
        WHERE f.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')}) AND NOT f.late_for_good
          AND f.resolve_deadline < $${params.length + 1} AND ${facts}
        GROUP BY 1`,
            [query.now],
          )
        : skip<{ department_id: number; n: number }>(),
      counting
        ? q<{ ratings: number; rating_sum: number; reopened: number }>(
            `SELECT COALESCE(sum(e.count), 0)::int AS ratings, COALESCE(sum(e.rating_sum), 0)::int AS rating_sum,
              COALESCE(sum(e.reopened), 0)::int AS reopened
         FROM statistics_event_day e WHERE e.kind = 'rated' AND ${days('e')}`,
          )
        : skip<{ ratings: number; rating_sum: number; reopened: number }>(),
      want.has('hotspots')
        ? scan<{ key: string; count: number }>(
            `SELECT f.place_key AS key, count(*)::int AS count FROM statistics_fact f
        WHERE ${facts} AND f.place_key IS NOT NULL
        GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC, 1 LIMIT 10`,
          )
        : skip<{ key: string; count: number }>(),
    ]);
  const openLate = new Map(lateNow.map((row) => [row.department_id, row.n]));

  const breakdown = (dim: string): Count[] =>
    counts
      .filter((row) => row.dim === dim)
      .map((row) => ({ key: String(row.key), count: row.count }))
      .sort((a, b) => b.count - a.count || compareKeys(a.key, b.key));
  const grand = counts.find((row) => row.dim === '');
  const total = grand?.count ?? 0;
  const bySubcategory = breakdown('subcategory');

  const series = new Map<string, { period: string; received: number; resolved: number; overdue: number }>();
  const at = (key: string) => {
    let row = series.get(key);
    if (!row) series.set(key, (row = { period: key, received: 0, resolved: 0, overdue: 0 }));
    return row;
  };
  for (const row of received) at(row.period).received = row.n;
  for (const row of happened) at(row.period)[row.kind === 'resolved' ? 'resolved' : 'overdue'] = row.n;

  return {
    parts: STATISTICS_PARTS.filter((part) => want.has(part)),
    total,
    byCategory: breakdown('category'),
    bySubcategory,
    byDepartment: breakdown('department'),
    byChannel: breakdown('channel'),
    byStatus: breakdown('status'),
    byArea: breakdown('area').filter((row) => row.key !== 'null'),
    series: [...series.values()].sort((a, b) => (a.period < b.period ? -1 : 1)),
    departments: departments.map((d) => ({
      departmentId: d.department_id,
      name: d.name,
      received: d.received,
      resolved: d.resolved,
      resolvedOnTime: d.on_time,
      onTimeRate: d.resolved > 0 ? round(d.on_time / d.resolved) : null,
      overdue: d.late + (openLate.get(d.department_id) ?? 0),
      averageRating: d.rating_count > 0 ? round(d.rating_sum / d.rating_count, 2) : null,
    })),
    hoursToAccept: { median: round(accept?.p?.[0] ?? null, 2), p90: round(accept?.p?.[1] ?? null, 2) },
    hoursToResolve: { median: round(resolve?.p?.[0] ?? null, 2), p90: round(resolve?.p?.[1] ?? null, 2) },
    satisfaction: {
      ratings: satisfaction?.ratings ?? 0,
      averageRating:
        satisfaction && satisfaction.ratings > 0 ? round(satisfaction.rating_sum / satisfaction.ratings, 2) : null,
      reopenedShare:
        satisfaction && satisfaction.ratings > 0 ? round(satisfaction.reopened / satisfaction.ratings) : null,
    },
    hotSpots: { subcategories: want.has('hotspots') ? bySubcategory.slice(0, 10) : [], places },
    correctionRate: total > 0 ? round((grand?.corrected ?? 0) / total) : null,
    pendingReports,
  };
}

/** Department ids compare as numbers, everything else as text. */
function compareKeys(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isInteger(x) && Number.isInteger(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}
