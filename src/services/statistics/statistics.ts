import type { DataSource } from 'typeorm';
import { OPEN_STATUSES } from '../../domain/lifecycle/status';
import { refreshStatistics } from './rollups';

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
  // Whatever changed since the refresher's last round; usually a handful of reports.
  await refreshStatistics(dataSource, { maxBatches: 10 });

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
  const facts = ['f.created_at >= $1', 'f.created_at < $2', ...narrowing.map((c) => `f.${c}`)].join(' AND ');
  const events = ['e.happened_at >= $1', 'e.happened_at < $2', ...narrowing.map((c) => `e.${c}`)].join(' AND ');
  const q = <T>(sql: string, extra: unknown[] = []): Promise<T[]> => dataSource.query(sql, [...params, ...extra]);

  const unit = query.interval === 'week' ? 'week' : 'day';
  const period = (column: string) => (unit === 'week' ? `date_trunc('week', ${column})::date` : column);

  const [counts, received, happened, [timing], departments, [satisfaction], places] = await Promise.all([
    // Every breakdown in one pass; `dim` says which one a row belongs to ('' = the grand total).
    q<{ dim: string; key: string | null; count: number; corrected: number }>(
      `SELECT CASE GROUPING(f.category, f.subcategory, f.channel, f.status, f.department_id, f.area)
                WHEN 31 THEN 'category' WHEN 47 THEN 'subcategory' WHEN 55 THEN 'channel'
                WHEN 59 THEN 'status' WHEN 61 THEN 'department' WHEN 62 THEN 'area' ELSE '' END AS dim,
              COALESCE(f.category, f.subcategory, f.channel, f.status, f.department_id::text, f.area) AS key,
              count(*)::int AS count, count(*) FILTER (WHERE f.corrected)::int AS corrected
         FROM statistics_fact f WHERE ${facts}
        GROUP BY GROUPING SETS ((f.category), (f.subcategory), (f.channel), (f.status), (f.department_id), (f.area), ())`,
    ),
    q<{ period: string; n: number }>(
      `SELECT to_char(${period('f.day')}, 'YYYY-MM-DD') AS period, count(*)::int AS n
         FROM statistics_fact f WHERE ${facts} GROUP BY 1`,
    ),
    q<{ period: string; kind: string; n: number }>(
      `SELECT to_char(${period('e.day')}, 'YYYY-MM-DD') AS period, e.kind, count(DISTINCT e.submission_id)::int AS n
         FROM statistics_event e WHERE e.kind IN ('resolved', 'escalated') AND ${events} GROUP BY 1, 2`,
    ),
    q<{ accept: (number | null)[] | null; resolve: (number | null)[] | null }>(
      `SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.hours_to_accept) AS accept,
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.hours_to_resolve) AS resolve
         FROM statistics_fact f WHERE ${facts}`,
    ),
    // Resolved = resolved or closed now (a reopened report is work again), judged against the
    // deadline in force (an approved extension moves it; a reopening starts a new one). Late:
    // resolved after it, escalated, or still open past it.
    q<{
      department_id: number;
      name: string;
      received: number;
      resolved: number;
      on_time: number;
      overdue: number;
      rating_count: number;
      rating_sum: number;
    }>(
      `SELECT f.department_id, d.name, count(*)::int AS received, count(f.resolved_at)::int AS resolved,
              count(*) FILTER (WHERE f.resolved_at <= f.resolve_deadline)::int AS on_time,
              count(*) FILTER (WHERE f.late_for_good OR (f.status = ANY($${params.length + 1})
                                                      AND f.resolve_deadline < $${params.length + 2}))::int AS overdue,
              sum(f.rating_count)::int AS rating_count, sum(f.rating_sum)::int AS rating_sum
         FROM statistics_fact f JOIN department d ON d.id = f.department_id
        WHERE ${facts}
        GROUP BY f.department_id, d.name ORDER BY f.department_id`,
      [[...OPEN_STATUSES], query.now],
    ),
    q<{ ratings: number; average: number | null; reopened: number }>(
      `SELECT count(*)::int AS ratings, avg(e.rating)::float AS average,
              count(*) FILTER (WHERE e.reopened)::int AS reopened
         FROM statistics_event e WHERE e.kind = 'rated' AND ${events}`,
    ),
    q<{ key: string; count: number }>(
      `SELECT f.place_key AS key, count(*)::int AS count FROM statistics_fact f
        WHERE ${facts} AND f.place_key IS NOT NULL
        GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC, 1 LIMIT 10`,
    ),
  ]);

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
      overdue: d.overdue,
      averageRating: d.rating_count > 0 ? round(d.rating_sum / d.rating_count, 2) : null,
    })),
    hoursToAccept: { median: round(timing?.accept?.[0] ?? null, 2), p90: round(timing?.accept?.[1] ?? null, 2) },
    hoursToResolve: { median: round(timing?.resolve?.[0] ?? null, 2), p90: round(timing?.resolve?.[1] ?? null, 2) },
    satisfaction: {
      ratings: satisfaction?.ratings ?? 0,
      averageRating: round(satisfaction?.average ?? null, 2),
      reopenedShare:
        satisfaction && satisfaction.ratings > 0 ? round(satisfaction.reopened / satisfaction.ratings) : null,
    },
    hotSpots: { subcategories: bySubcategory.slice(0, 10), places },
    correctionRate: total > 0 ? round((grand?.corrected ?? 0) / total) : null,
  };
}

/** Department ids compare as numbers, everything else as text. */
function compareKeys(a: string, b: string): number {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isInteger(x) && Number.isInteger(y)) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}
