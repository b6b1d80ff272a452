import type { DataSource, QueryRunner } from 'typeorm';

/** Reports rebuilt per transaction: big enough to be quick in bulk, small enough to hold few locks. */
const BATCH = 2_000;

/** Beijing calendar day of a timestamp column. */
const BEIJING_DAY = (column: string) => `(${column} AT TIME ZONE 'Asia/Shanghai')::date`;

/**
 * Brings `statistics_fact` and `statistics_event` up to date for the reports marked in
 * `statistics_dirty`, a batch per transaction, until none is left or `maxBatches` ran.
 * Several processes may run this at once: each claims its own rows (SKIP LOCKED). Returns the
 * number of reports rebuilt.
 */
export async function refreshStatistics(
  dataSource: DataSource,
  options: { maxBatches?: number; batchSize?: number } = {},
): Promise<number> {
  let done = 0;
  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch += 1) {
    const rebuilt = await dataSource.transaction((manager) =>
      rebuildClaimed(manager.queryRunner!, options.batchSize ?? BATCH),
    );
    done += rebuilt;
    if (rebuilt === 0) break;
  }
  return done;
}

/** Reports waiting for their statistics rows: the refresher's backlog. */
export async function statisticsBacklog(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query('SELECT count(*)::int AS n FROM statistics_dirty');
  return (row as { n: number }).n;
}

async function rebuildClaimed(runner: QueryRunner, batchSize: number): Promise<number> {
  const claimed = (
    await runner.query(
      `DELETE FROM statistics_dirty WHERE submission_id IN (
         SELECT submission_id FROM statistics_dirty ORDER BY submission_id LIMIT $1 FOR UPDATE SKIP LOCKED)
       RETURNING submission_id`,
      [batchSize],
      true,
    )
  ).records as { submission_id: number }[];
  if (claimed.length === 0) return 0;
  const ids = claimed.map((row) => row.submission_id);

  await runner.query('DELETE FROM statistics_event WHERE submission_id = ANY($1)', [ids]);
  await runner.query('DELETE FROM statistics_fact WHERE submission_id = ANY($1)', [ids]);
  // Duplicates and withdrawn reports are not work of their own, so they get no rows.
  await runner.query(
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
      WHERE s.id = ANY($1) AND s.status NOT IN ('duplicate', 'withdrawn')`,
    [ids],
  );
  // Resolutions and escalations count once per report and Beijing day; every rating counts.
  const columns = `(submission_id, kind, happened_at, day, department_id, category, area, rating, reopened)`;
  await runner.query(
    `INSERT INTO statistics_event ${columns}
     SELECT DISTINCT ON (f.submission_id, kind, ${BEIJING_DAY('e.created_at')})
            f.submission_id, CASE WHEN e.type = 'escalation' THEN 'escalated' ELSE 'resolved' END AS kind,
            e.created_at, ${BEIJING_DAY('e.created_at')}, f.department_id, f.category, f.area, NULL, false
       FROM statistics_fact f JOIN timeline_event e ON e.submission_id = f.submission_id
      WHERE f.submission_id = ANY($1)
        AND (e.type = 'escalation' OR (e.type = 'status_change' AND e.to_status = 'resolved'))
      ORDER BY f.submission_id, kind, ${BEIJING_DAY('e.created_at')}, e.created_at`,
    [ids],
  );
  await runner.query(
    `INSERT INTO statistics_event ${columns}
     SELECT f.submission_id, 'rated', rf.created_at, ${BEIJING_DAY('rf.created_at')}, f.department_id, f.category,
            f.area, rf.rating, rf.outcome = 'reopened'
       FROM statistics_fact f JOIN resident_feedback rf ON rf.submission_id = f.submission_id
      WHERE f.submission_id = ANY($1)`,
    [ids],
  );
  return ids.length;
}
