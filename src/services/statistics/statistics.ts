import type { DataSource } from 'typeorm';
import { OPEN_STATUSES } from '../../domain/lifecycle/status';

/** What a statistics request covers: Beijing dates (inclusive), and optional narrowing. */
export interface StatisticsQuery {
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
  readonly interval: 'day' | 'week';
  readonly departmentIds?: readonly number[];
  readonly category?: string;
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
 * was handled. Reports count by the Beijing day they arrived; resolutions and escalations by the
 * day they happened. Every query runs over the same filtered set `s`, scoped like the queue.
 */
export async function computeStatistics(dataSource: DataSource, query: StatisticsQuery): Promise<Statistics> {
  const params: unknown[] = [query.from, query.to];
  const where = ['s.created_at >= $1', 's.created_at < $2'];
  // Events (resolutions, escalations) are counted by when they happened, for reports of any age.
  const scopeWhere: string[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    scopeWhere.push(clause(`$${params.length}`));
  };
  if (query.scope) add((p) => `s.department_id = ANY(${p})`, query.scope);
  if (query.departmentIds?.length) add((p) => `s.department_id = ANY(${p})`, query.departmentIds);
  if (query.category) add((p) => `s.category = ${p}`, query.category);
  // Duplicates and withdrawn reports are not work of their own.
  scopeWhere.push(`s.status NOT IN ('duplicate', 'withdrawn')`);
  const inRange = [...where, ...scopeWhere].join(' AND ');
  const inScope = scopeWhere.join(' AND ');
  const q = <T>(sql: string, extra: unknown[] = []): Promise<T[]> => dataSource.query(sql, [...params, ...extra]);

  const grouped = async (column: string): Promise<Count[]> =>
    (
      await q<{ key: string; count: number }>(
        `SELECT ${column} AS key, count(*)::int AS count FROM submission s WHERE ${inRange}
          GROUP BY 1 ORDER BY 2 DESC, 1`,
      )
    ).map((row) => ({ key: String(row.key), count: row.count }));

  const [byCategory, bySubcategory, byChannel, byStatus] = await Promise.all([
    grouped('s.category'),
    grouped('s.subcategory'),
    grouped('s.channel'),
    grouped('s.status'),
  ]);
  const byDepartment = await grouped('s.department_id');
  const total = byStatus.reduce((sum, row) => sum + row.count, 0);

  const unit = query.interval === 'week' ? 'week' : 'day';
  const bucket = (column: string) => `date_trunc('${unit}', ${column} AT TIME ZONE 'Asia/Shanghai')::date`;
  const series = await q<{ period: string; received: number; resolved: number; overdue: number }>(
    `WITH received AS (
       SELECT ${bucket('s.created_at')} AS period, count(*)::int AS n FROM submission s WHERE ${inRange} GROUP BY 1),
     resolved AS (
       SELECT ${bucket('e.created_at')} AS period, count(DISTINCT e.submission_id)::int AS n
         FROM timeline_event e JOIN submission s ON s.id = e.submission_id
        WHERE e.type = 'status_change' AND e.to_status = 'resolved'
          AND e.created_at >= $1 AND e.created_at < $2 ${inScope ? `AND ${inScope}` : ''}
        GROUP BY 1),
     overdue AS (
       SELECT ${bucket('e.created_at')} AS period, count(DISTINCT e.submission_id)::int AS n
         FROM timeline_event e JOIN submission s ON s.id = e.submission_id
        WHERE e.type = 'escalation' AND e.created_at >= $1 AND e.created_at < $2 ${inScope ? `AND ${inScope}` : ''}
        GROUP BY 1)
     SELECT to_char(p.period, 'YYYY-MM-DD') AS period,
            COALESCE(r.n, 0) AS received, COALESCE(d.n, 0) AS resolved, COALESCE(o.n, 0) AS overdue
       FROM (SELECT period FROM received UNION SELECT period FROM resolved UNION SELECT period FROM overdue) p
       LEFT JOIN received r USING (period) LEFT JOIN resolved d USING (period) LEFT JOIN overdue o USING (period)
      ORDER BY 1`,
  );

  // First acceptance and first resolution of each report, in hours after it arrived.
  const [timing] = await q<{ accept_median: number; accept_p90: number; resolve_median: number; resolve_p90: number }>(
    `WITH firsts AS (
       SELECT s.id, s.created_at,
              (SELECT min(e.created_at) FROM timeline_event e
                WHERE e.submission_id = s.id AND e.type = 'status_change' AND e.to_status = 'accepted') AS accepted_at,
              (SELECT min(e.created_at) FROM timeline_event e
                WHERE e.submission_id = s.id AND e.type = 'status_change' AND e.to_status = 'resolved') AS resolved_at
         FROM submission s WHERE ${inRange})
     SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - created_at) / 3600) AS accept_median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM accepted_at - created_at) / 3600) AS accept_p90,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at) / 3600) AS resolve_median,
            percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at) / 3600) AS resolve_p90
       FROM firsts`,
  );

  const departments = await q<{
    department_id: number;
    name: string;
    received: number;
    resolved: number;
    on_time: number;
    overdue: number;
    average_rating: number | null;
  }>(
    // Resolved = resolved or closed now (a reopened report is work again), judged against the
    // deadline in force (an approved extension moves it; a reopening starts a new one).
    `WITH done AS (
       SELECT s.id, s.department_id, s.status, s.resolve_deadline, s.overdue_stage,
              CASE WHEN s.status IN ('resolved', 'closed') THEN s.resolved_at END AS resolved_at
         FROM submission s WHERE ${inRange})
     SELECT f.department_id, d.name, count(*)::int AS received,
            count(f.resolved_at)::int AS resolved,
            count(*) FILTER (WHERE f.resolved_at <= f.resolve_deadline)::int AS on_time,
            -- Late: resolved after the deadline, escalated, or still open past it.
            count(*) FILTER (WHERE f.resolved_at > f.resolve_deadline OR f.overdue_stage IS NOT NULL
                               OR (f.status = ANY($${params.length + 1}) AND f.resolve_deadline < $${params.length + 2}))::int AS overdue,
            (SELECT avg(rf.rating)::float FROM resident_feedback rf JOIN done g ON g.id = rf.submission_id
              WHERE g.department_id = f.department_id) AS average_rating
       FROM done f JOIN department d ON d.id = f.department_id
      GROUP BY f.department_id, d.name
      ORDER BY f.department_id`,
    [[...OPEN_STATUSES], query.now],
  );

  const [satisfaction] = await q<{ ratings: number; average: number | null; reopened: number }>(
    `SELECT count(*)::int AS ratings, avg(rf.rating)::float AS average,
            count(*) FILTER (WHERE rf.outcome = 'reopened')::int AS reopened
       FROM resident_feedback rf JOIN submission s ON s.id = rf.submission_id
      WHERE rf.created_at >= $1 AND rf.created_at < $2 ${inScope ? `AND ${inScope}` : ''}`,
  );

  // Places: the same address written alike, else points within about 100 m of each other.
  const places = await q<{ key: string; count: number }>(
    `SELECT COALESCE(NULLIF(regexp_replace(lower(s.address), '[[:space:][:punct:]（）【】，。、]', '', 'g'), ''),
                     round(s.lat::numeric, 3) || ',' || round(s.lng::numeric, 3)) AS key,
            count(*)::int AS count
       FROM submission s
      WHERE ${inRange} AND (s.address IS NOT NULL OR s.lat IS NOT NULL)
      GROUP BY 1 HAVING count(*) > 1 ORDER BY 2 DESC, 1 LIMIT 10`,
  );

  const [corrections] = await q<{ corrected: number }>(
    `SELECT count(*)::int AS corrected FROM submission s
      WHERE ${inRange} AND EXISTS (SELECT 1 FROM classification_example c WHERE c.submission_id = s.id)`,
  );

  return {
    total,
    byCategory,
    bySubcategory,
    byDepartment,
    byChannel,
    byStatus,
    series,
    departments: departments.map((d) => ({
      departmentId: d.department_id,
      name: d.name,
      received: d.received,
      resolved: d.resolved,
      resolvedOnTime: d.on_time,
      onTimeRate: d.resolved > 0 ? round(d.on_time / d.resolved) : null,
      overdue: d.overdue,
      averageRating: round(d.average_rating, 2),
    })),
    hoursToAccept: { median: round(timing?.accept_median ?? null, 2), p90: round(timing?.accept_p90 ?? null, 2) },
    hoursToResolve: { median: round(timing?.resolve_median ?? null, 2), p90: round(timing?.resolve_p90 ?? null, 2) },
    satisfaction: {
      ratings: satisfaction?.ratings ?? 0,
      averageRating: round(satisfaction?.average ?? null, 2),
      reopenedShare:
        satisfaction && satisfaction.ratings > 0 ? round(satisfaction.reopened / satisfaction.ratings) : null,
    },
    hotSpots: { subcategories: bySubcategory.slice(0, 10), places },
    correctionRate: total > 0 ? round((corrections?.corrected ?? 0) / total) : null,
  };
}
