import type { DataSource, QueryRunner } from 'typeorm';

/** Reports rebuilt per transaction: big enough to be quick in bulk, small enough to hold few locks. */
const BATCH = 2_000;

/** The advisory-lock namespace of day totals being recounted (any constant of our own). */
const DAY_LOCK = 7_101;

/** Beijing calendar day of a timestamp column. */
const BEIJING_DAY = (column: string) => `(${column} AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * Brings `statistics_fact` and `statistics_event` up to date for the reports marked in
 * `statistics_dirty`, a batch per transaction, until a batch takes all that is left or `maxBatches` ran.
 * Several processes may run this at once: each claims its own rows (SKIP LOCKED). Returns the
 * number of reports rebuilt.
 */
export async function refreshStatistics(
  dataSource: DataSource,
  options: {
    maxBatches?: number;
    batchSize?: number;
    /**
     * Wait for reports another process is rebuilding right now instead of skipping them: a
     * reader must not count the figures before that rebuild commits (the dashboard asks for its
     * parts side by side, and the part that skipped would show the new reports as missing).
     */
    waitForOthers?: boolean;
  } = {},
): Promise<number> {
  let done = 0;
  const batchSize = options.batchSize ?? BATCH;
  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch += 1) {
    const rebuilt = await dataSource.transaction((manager) =>
      rebuildClaimed(manager.queryRunner!, batchSize, options.waitForOthers ?? false),
    );
    done += rebuilt;
    // A short batch took all there was. Reports that arrived meanwhile wait for the next round:
    // chasing them a few at a time under heavy intake rebuilt today's totals many times a
    // second, which cost PostgreSQL more than taking the reports in.
    if (rebuilt < batchSize) break;
  }
  return done;
}

/** Reports waiting for their statistics rows: the refresher's backlog. */
export async function statisticsBacklog(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query('SELECT count(*)::int AS n FROM statistics_dirty');
  return (row as { n: number }).n;
}

async function rebuildClaimed(runner: QueryRunner, batchSize: number, wait: boolean): Promise<number> {
  const claimed = (
    await runner.query(
      `DELETE FROM statistics_dirty WHERE submission_id IN (
         SELECT submission_id FROM statistics_dirty ORDER BY submission_id LIMIT $1 FOR UPDATE${wait ? '' : ' SKIP LOCKED'})
       RETURNING submission_id`,
      [batchSize],
      true,
    )
  ).records as { submission_id: number }[];
  if (claimed.length === 0) return 0;
  const ids = claimed.map((row) => row.submission_id);

  // Every day a row leaves or joins: its day totals are rebuilt at the end.
  const days = new Set<string>();
  const touched = (result: { records: { day: string }[] }) => result.records.forEach((row) => days.add(row.day));
  touched(
    await runner.query('DELETE FROM statistics_event WHERE submission_id = ANY($1) RETURNING day::text', [ids], true),
  );
  touched(
    await runner.query('DELETE FROM statistics_fact WHERE submission_id = ANY($1) RETURNING day::text', [ids], true),
  );
  // Duplicates and withdrawn reports are not work of their own, so they get no rows.
  const inserted = await runner.query(
    `INSERT INTO statistics_fact (submission_id, created_at, day, department_id, category, subcategory, channel,
       status, area, place_key, resolve_deadline, resolved_at, late_for_good, hours_to_accept, hours_to_resolve,
       corrected, rating_count, rating_sum)
     SELECT s.id, s.created_at, ${BEIJING_DAY('s.created_at')}, s.department_id, s.category, s.subcategory,
            s.channel, s.status,
            (SELECT r.area FROM routing_rule r
              WHERE r.area IS NOT NULL AND r.area <> '' AND strpos(s.address, r.area) > 0
              ORDER BY length(r.area) DESC, r.area LIMIT 1),
            -- A place: the same address written alike, else points within about 100 m.
            COALESCE(NULLIF(regexp_replace(lower(s.address), '[[:space:][:punct:]（）【】，。、]', '', 'g'), ''),
                     round(s.lat::numeric, 3) || ',' || round(s.lng::numeric, 3)),
            s.resolve_deadline, t.resolved_at,
            -- Late whatever happens now: resolved after the deadline in force, or escalated.
            COALESCE(t.resolved_at > s.resolve_deadline, false) OR s.overdue_stage IS NOT NULL,
            extract(epoch FROM t.first_accepted - s.created_at) / 3600,
            extract(epoch FROM t.first_resolved - s.created_at) / 3600,
            EXISTS (SELECT 1 FROM classification_example c WHERE c.submission_id = s.id),
            (SELECT count(*) FROM resident_feedback rf WHERE rf.submission_id = s.id),
            (SELECT COALESCE(sum(rf.rating), 0) FROM resident_feedback rf WHERE rf.submission_id = s.id)
       FROM submission s
       CROSS JOIN LATERAL (
         SELECT CASE WHEN s.status IN ('resolved', 'closed') THEN s.resolved_at END AS resolved_at,
                min(e.created_at) FILTER (WHERE e.to_status = 'accepted') AS first_accepted,
                min(e.created_at) FILTER (WHERE e.to_status = 'resolved') AS first_resolved
           FROM timeline_event e
          WHERE e.submission_id = s.id AND e.type = 'status_change') t
      WHERE s.id = ANY($1) AND s.status NOT IN ('duplicate', 'withdrawn')
     RETURNING day::text`,
    [ids],
    true,
  );
  touched(inserted);
  // Resolutions and escalations count once per report and Beijing day; every rating counts.
  const columns = `(submission_id, kind, happened_at, day, department_id, category, area, rating, reopened)`;
  const resolvedOrEscalated = await runner.query(
    `INSERT INTO statistics_event ${columns}
     SELECT DISTINCT ON (f.submission_id, kind, ${BEIJING_DAY('e.created_at')})
            f.submission_id, CASE WHEN e.type = 'escalation' THEN 'escalated' ELSE 'resolved' END AS kind,
            e.created_at, ${BEIJING_DAY('e.created_at')}, f.department_id, f.category, f.area, NULL, false
       FROM statistics_fact f JOIN timeline_event e ON e.submission_id = f.submission_id
      WHERE f.submission_id = ANY($1)
        AND (e.type = 'escalation' OR (e.type = 'status_change' AND e.to_status = 'resolved'))
      ORDER BY f.submission_id, kind, ${BEIJING_DAY('e.created_at')}, e.created_at
     RETURNING day::text`,
    [ids],
    true,
  );
  touched(resolvedOrEscalated);
  const rated = await runner.query(
    `INSERT INTO statistics_event ${columns}
     SELECT f.submission_id, 'rated', rf.created_at, ${BEIJING_DAY('rf.created_at')}, f.department_id, f.category,
            f.area, rf.rating, rf.outcome = 'reopened'
       FROM statistics_fact f JOIN resident_feedback rf ON rf.submission_id = f.submission_id
      WHERE f.submission_id = ANY($1)
     RETURNING day::text`,
    [ids],
    true,
  );
  touched(rated);
  await rebuildDays(runner, [...days].sort());
  return ids.length;
}

/**
 * Recounts `statistics_day` and `statistics_event_day` for the given days from the per-report
 * rows. A day is locked first (in date order, so two refreshers cannot deadlock): the second
 * refresher of a day counts after the first committed, and so sees both batches.
 */
async function rebuildDays(runner: QueryRunner, days: string[]): Promise<void> {
  if (days.length === 0) return;
  await runner.query(
    `SELECT count(*) FROM (
       SELECT pg_advisory_xact_lock(${DAY_LOCK}, d - DATE '2000-01-01')
         FROM (SELECT unnest($1::date[]) AS d ORDER BY 1) days) locked`,
    [days],
  );
  await runner.query('DELETE FROM statistics_day WHERE day = ANY($1::date[])', [days]);
  await runner.query(
    `INSERT INTO statistics_day (day, department_id, category, subcategory, channel, status, area, received, resolved,
       on_time, late_for_good, corrected, rating_count, rating_sum)
     SELECT day, department_id, category, subcategory, channel, status, area, count(*), count(resolved_at),
            count(*) FILTER (WHERE resolved_at <= resolve_deadline), count(*) FILTER (WHERE late_for_good),
            count(*) FILTER (WHERE corrected), sum(rating_count), sum(rating_sum)
       FROM statistics_fact WHERE day = ANY($1::date[])
      GROUP BY day, department_id, category, subcategory, channel, status, area`,
    [days],
  );
  await runner.query('DELETE FROM statistics_event_day WHERE day = ANY($1::date[])', [days]);
  await runner.query(
    `INSERT INTO statistics_event_day (day, kind, department_id, category, area, count, rating_sum, reopened)
     SELECT day, kind, department_id, category, area, count(*), COALESCE(sum(rating), 0), count(*) FILTER (WHERE reopened)
       FROM statistics_event WHERE day = ANY($1::date[])
      GROUP BY day, kind, department_id, category, area`,
    [days],
  );
}
