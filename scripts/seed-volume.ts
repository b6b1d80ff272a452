/**
 * Fills the database with a realistic volume of reports for benchmarks:
 *   npm run seed:volume -- --submissions 1000000 [--years 3] [--batch 50000]
 * Reports spread over the last `--years` years (by day rather than by night),
 * with popular subcategories far more common than rare ones, each routed like the routing rules
 * would route it, its lifecycle as far as its age allows (accepted, in progress, resolved,
 * closed; some rejected, merged or withdrawn; some late and escalated), about five timeline
 * events each, ratings for a third of the resolved ones and dispatcher corrections for a few.
 * Uses DATABASE_URL, else the embedded PostgreSQL of `npm start`. Seeded reports carry an
 * idempotency key `seed-volume:<n>`, so running it again only adds what is missing (an
 * interrupted run resumes). The statistics rollups are rebuilt at the end.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { findProjectRoot, loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { RoutingRule } from '../src/db/entities';
import { seedDefaults } from '../src/db/seed/seed-defaults';
import { route } from '../src/domain/routing/route';
import { CATEGORIES, type CategoryCode } from '../src/domain/taxonomy';
import { TRACKING_ALPHABET } from '../src/domain/tracking-code';
import { refreshStatistics, statisticsBacklog } from '../src/services/statistics/rollups';

interface Options {
  submissions: number;
  years: number;
  batch: number;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { submissions: 1_000_000, years: 3, batch: 50_000 };
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i]!.replace(/^--/, '') as keyof Options;
    const value = Number(argv[i + 1]);
    if (!(name in options) || !Number.isFinite(value) || value <= 0) {
      throw new Error(`用法 usage: npm run seed:volume -- --submissions 1000000 [--years 3] [--batch 50000]`);
    }
    options[name] = value;
    i += 1;
  }
  return options;
}

/** One kind of report: its share of the volume, where it goes and how long it may take. */
interface Kind {
  category: CategoryCode;
  subcategory: string;
  departmentId: number;
  resolveHours: number;
  texts: string[];
}

async function reportKinds(dataSource: DataSource): Promise<Kind[]> {
  const rules = await dataSource.getRepository(RoutingRule).findBy({ enabled: true });
  const [office] = await dataSource.query('SELECT id FROM department WHERE is_dispatch_office ORDER BY id LIMIT 1');
  const corpus = new Map<string, string[]>();
  const corpusDir = path.join(findProjectRoot(), 'data/corpus');
  for (const file of readdirSync(corpusDir).filter((name) => name.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(corpusDir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const example = JSON.parse(line) as { text: string; subcategory: string };
      corpus.set(example.subcategory, [...(corpus.get(example.subcategory) ?? []), example.text]);
    }
  }
  return CATEGORIES.flatMap((category) =>
    category.subcategories.map((sub) => {
      const decision = route(
        { category: category.code, subcategory: sub.code, needsReview: false, text: '', address: null },
        rules.map((rule) => ({ ...rule })),
      );
      return {
        category: category.code,
        subcategory: sub.code,
        departmentId: decision.kind === 'rule' ? decision.departmentId : (office?.id as number),
        resolveHours: decision.resolveWithinHours,
        texts: corpus.get(sub.code)?.slice(0, 40) ?? [sub.name],
      };
    }),
  );
}

const PLACES = ['幸福', '和平', '建设', '人民', '解放', '中山', '长江', '黄河', '新华', '文化', '光明', '胜利'].flatMap(
  (name) => ['路', '街', '小区', '花园', '市场', '广场'].map((kind) => `${name}${kind}`),
);

/** Each batch fills its own stretch of time, oldest first, so ids grow with time. */
async function seedBatch(
  dataSource: DataSource,
  kinds: Kind[],
  first: number,
  count: number,
  slice: { start: Date; seconds: number },
) {
  // Zipf-like shares: a handful of subcategories make most of the volume, as in real mailboxes.
  const weights = kinds.map((_, i) => 1 / (i + 1) ** 0.9);
  const sum = weights.reduce((a, b) => a + b, 0);
  let running = 0;
  const thresholds = weights.map((w) => {
    const start = running;
    running += w / sum;
    return start;
  });
  await dataSource.transaction(async (manager) => {
    // Bulk rows skip the per-row triggers (and foreign-key checks on rows made consistent here);
    // their statistics rows are rebuilt in bulk afterwards.
    await manager.query(`SET LOCAL session_replication_role = replica`);
    await manager.query(
      `CREATE TEMP TABLE seed_batch ON COMMIT DROP AS
       WITH draws AS (
         SELECT g AS n, width_bucket(random(), $3::float8[]) AS k, random() AS u_status, random() AS u_channel,
                random() AS u_place, random() AS u_text, random() AS u_late,
                -- Most reports come by day: a Beijing day, then a time between 8:00 and 22:00 that
                -- leans towards the morning; never later than a minute ago.
                least(now() - interval '1 minute',
                      (date_trunc('day', ($4::timestamptz + random() * make_interval(secs => $10::float8)) AT TIME ZONE 'Asia/Shanghai')
                        + make_interval(secs => 8 * 3600 + (50400 * random() ^ 1.3)::int)) AT TIME ZONE 'Asia/Shanghai') AS created_at,
                random() AS u_rating,
                -ln(1 - random()) * 6 AS accept_h, -ln(1 - random()) AS resolve_f
           FROM generate_series($1::int, $2::int) g),
       -- Ids follow time, as they do in a real mailbox (and so rows of a period lie together).
       ordered AS (SELECT * FROM draws ORDER BY created_at)
       SELECT nextval('submission_id_seq')::int AS id, d.*, k.category, k.subcategory, k.department_id, k.hours,
              k.texts[1 + floor(d.u_text * array_length(k.texts, 1))::int] AS content,
              extract(epoch FROM now() - d.created_at) / 3600 AS age_h,
              -- Most are resolved well within the time allowed; one in ten runs late.
              d.accept_h + CASE WHEN d.u_late < 0.1 THEN k.hours * (1 + d.resolve_f) ELSE k.hours * 0.45 * least(d.resolve_f, 2) END
                AS resolve_h
         FROM ordered d
         JOIN (SELECT i, c AS category, s AS subcategory, dep AS department_id, h AS hours, t AS texts
                 FROM unnest($5::text[], $6::text[], $7::int[], $8::int[]) WITH ORDINALITY AS u(c, s, dep, h, i)
                 CROSS JOIN LATERAL (SELECT string_to_array(($9::text[])[i], '|') AS t) x) k ON k.i = d.k`,
      [
        first,
        first + count - 1,
        thresholds,
        slice.start,
        kinds.map((k) => k.category),
        kinds.map((k) => k.subcategory),
        kinds.map((k) => k.departmentId),
        kinds.map((k) => k.resolveHours),
        kinds.map((k) => k.texts.join('|')),
        slice.seconds,
      ],
    );
    await manager.query(`ALTER TABLE seed_batch ADD COLUMN status text, ADD COLUMN place text`);
    await manager.query(
      `UPDATE seed_batch SET
         status = CASE
           WHEN u_status < 0.03 THEN 'rejected' WHEN u_status < 0.05 THEN 'duplicate' WHEN u_status < 0.06 THEN 'withdrawn'
           WHEN age_h < accept_h THEN 'assigned'
           WHEN age_h < accept_h + (resolve_h - accept_h) * 0.2 THEN 'accepted'
           WHEN age_h < resolve_h THEN 'in_progress'
           WHEN age_h < resolve_h + 7 * 24 THEN 'resolved'
           ELSE 'closed' END,
         place = CASE WHEN u_place < 0.75
           THEN ($1::text[])[1 + floor(u_place / 0.75 * array_length($1::text[], 1))::int] || ' ' || (1 + (n * 7) % 40) || ' 号' END`,
      [PLACES],
    );
    await manager.query(
      `INSERT INTO submission (id, tracking_code, content, channel, category, subcategory, confidence, needs_review,
         classification, department_id, status, accept_deadline, resolve_deadline, overdue_stage, resolved_at,
         escalated_at, address, lat, lng, anonymous, idempotency_key, created_at, updated_at)
       SELECT id, ${trackingCodeSql('n')}, content,
              CASE WHEN u_channel < 0.55 THEN 'wechat' WHEN u_channel < 0.95 THEN 'web' ELSE 'api' END,
              category, subcategory, 0.9, false,
              jsonb_build_object('category', category, 'subcategory', subcategory, 'confidence', 0.9,
                                 'needsReview', false, 'ranking', '[]'::jsonb, 'signals', '[]'::jsonb),
              department_id, status, created_at + interval '24 hours', created_at + make_interval(hours => hours),
              CASE WHEN status IN ('assigned') AND age_h > 24 THEN 'accept'
                   WHEN status IN ('accepted', 'in_progress') AND age_h > hours THEN 'resolve'
                   WHEN status IN ('resolved', 'closed') AND resolve_h > hours THEN 'resolve' END,
              CASE WHEN status IN ('resolved', 'closed') THEN created_at + make_interval(secs => resolve_h * 3600) END,
              CASE WHEN (status = 'assigned' AND age_h > 24) OR (status NOT IN ('rejected', 'duplicate', 'withdrawn')
                         AND resolve_h > hours AND age_h > hours) THEN created_at + make_interval(hours => hours) END,
              place, CASE WHEN place IS NOT NULL THEN 31.2 + (hashtext(place) % 1000) / 50000.0 END,
              CASE WHEN place IS NOT NULL THEN 121.4 + (hashtext(place || 'x') % 1000) / 50000.0 END,
              u_channel > 0.9, 'seed-volume:' || n, created_at,
              created_at + make_interval(secs => least(age_h, resolve_h) * 3600)
         FROM seed_batch`,
    );
    // The timeline: received and assigned; then as far as the report got, with replies, notes
    // and escalations along the way.
    await manager.query(
      `INSERT INTO timeline_event (submission_id, type, actor_type, actor_label, from_status, to_status, note,
         visible_to_resident, created_at)
       SELECT b.id, e.type, e.actor_type, e.label, e.from_status, e.to_status, e.note, e.visible,
              b.created_at + make_interval(secs => e.after_h * 3600)
         FROM seed_batch b
         CROSS JOIN LATERAL (VALUES
           ('status_change', 'system', '系统', NULL, 'submitted', '您的反映已收到，我们会尽快处理。', true, 0.0, true),
           ('status_change', 'system', '系统', 'submitted', 'assigned', '已分派至承办单位办理。', true, 0.0003,
             b.status NOT IN ('duplicate', 'withdrawn')),
           ('status_change', 'staff', '承办单位', 'assigned', 'rejected', '经核实不属于受理范围。', true, b.accept_h,
             b.status = 'rejected'),
           ('status_change', 'staff', '创城办', 'submitted', 'duplicate', '与已有反映重复，已合并办理。', true, 0.5,
             b.status = 'duplicate'),
           ('status_change', 'resident', '群众', 'submitted', 'withdrawn', '群众已撤回。', true, 0.2,
             b.status = 'withdrawn'),
           ('status_change', 'staff', '承办单位', 'assigned', 'accepted', '已受理。', true, b.accept_h,
             b.status IN ('accepted', 'in_progress', 'resolved', 'closed')),
           ('note', 'staff', '承办单位', NULL, NULL, '已安排人员现场核查。', false, b.accept_h + 0.5,
             b.status IN ('accepted', 'in_progress', 'resolved', 'closed') AND b.u_text < 0.2),
           ('status_change', 'staff', '承办单位', 'accepted', 'in_progress', '正在整改。', true,
             b.accept_h + (b.resolve_h - b.accept_h) * 0.2, b.status IN ('in_progress', 'resolved', 'closed')),
           ('reply', 'staff', '承办单位', NULL, NULL, '已安排整改，请耐心等待。', true,
             b.accept_h + (b.resolve_h - b.accept_h) * 0.5, b.status IN ('in_progress', 'resolved', 'closed') AND b.u_place < 0.35),
           ('escalation', 'system', '系统', NULL, NULL, '已超过办结时限，升级督办。', false, b.hours::float8,
             b.resolve_h > b.hours AND b.age_h > b.hours AND b.status NOT IN ('rejected', 'duplicate', 'withdrawn', 'assigned')),
           ('status_change', 'staff', '承办单位', 'in_progress', 'resolved', '已整改完毕。', true, b.resolve_h,
             b.status IN ('resolved', 'closed')),
           ('status_change', 'system', '系统', 'resolved', 'closed', '已办结。', true, b.resolve_h + 7 * 24,
             b.status = 'closed')
         ) AS e(type, actor_type, label, from_status, to_status, note, visible, after_h, happened)
        WHERE e.happened`,
    );
    // A third of resolved reports are rated, mostly well; a low rating reopened the report once.
    await manager.query(
      `INSERT INTO resident_feedback (submission_id, rating, fixed, outcome, created_at)
       SELECT id, r.rating, r.rating > 2, CASE WHEN r.rating <= 2 THEN 'reopened' ELSE 'closed' END,
              created_at + make_interval(secs => (resolve_h + 24 * u_late) * 3600)
         FROM seed_batch
         CROSS JOIN LATERAL (SELECT CASE WHEN u_rating < 0.5 THEN 5 WHEN u_rating < 0.75 THEN 4
                                         WHEN u_rating < 0.87 THEN 3 WHEN u_rating < 0.95 THEN 2 ELSE 1 END AS rating) r
        WHERE status IN ('resolved', 'closed') AND u_text < 0.35`,
    );
    await manager.query(
      `INSERT INTO classification_example (text, category, subcategory, submission_id, created_at)
       SELECT content, category, subcategory, id, created_at + make_interval(secs => accept_h * 1800)
         FROM seed_batch WHERE u_late > 0.95`,
    );
    await manager.query(`INSERT INTO statistics_dirty (submission_id) SELECT id FROM seed_batch`);
  });
}

/** A tracking code in the real alphabet from a sequence number: unique, and never a real one's twin by design. */
function trackingCodeSql(n: string): string {
  const base = TRACKING_ALPHABET.length;
  // Multiplying by a number prime to 23^10 spreads consecutive numbers over the whole space.
  const x = `((${n}::bigint * 2654435761) % ${base ** 10})`;
  const digit = (i: number) => `substr('${TRACKING_ALPHABET}', (${x} / ${base ** i} % ${base})::int + 1, 1)`;
  const digits = Array.from({ length: 10 }, (_, i) => digit(i));
  return `${digits.slice(0, 5).join(' || ')} || '-' || ${digits.slice(5).join(' || ')}`;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const database = await openDatabase(config, (message) => console.log(message));
  const { dataSource } = database;
  try {
    await seedDefaults(dataSource);
    const kinds = await reportKinds(dataSource);
    const [{ seeded }] = await dataSource.query(
      `SELECT count(*)::int AS seeded FROM submission WHERE idempotency_key LIKE 'seed-volume:%'`,
    );
    console.log(`数据库 ${database.description}；已有演练数据 ${seeded} 条，目标 ${options.submissions} 条`);
    const started = Date.now();
    for (let first = seeded + 1; first <= options.submissions; first += options.batch) {
      const count = Math.min(options.batch, options.submissions - first + 1);
      const span = options.years * 365 * 86_400;
      const begin = Date.now() - span * 1000;
      const slice = {
        start: new Date(begin + ((first - 1) / options.submissions) * span * 1000),
        seconds: (count / options.submissions) * span,
      };
      await seedBatch(dataSource, kinds, first, count, slice);
      const done = first + count - 1;
      const rate = (done - seeded) / ((Date.now() - started) / 1000);
      console.log(
        `  反映 ${done.toLocaleString('en')} / ${options.submissions.toLocaleString('en')}（${Math.round(rate)} 条/秒）`,
      );
    }
    let backlog = await statisticsBacklog(dataSource);
    if (backlog > 0)
      console.log(`重建统计汇总 rebuilding statistics rows for ${backlog.toLocaleString('en')} reports…`);
    while (backlog > 0) {
      await refreshStatistics(dataSource, { maxBatches: 10, batchSize: 10_000 });
      backlog = await statisticsBacklog(dataSource);
      console.log(`  剩余 remaining ${backlog.toLocaleString('en')}`);
    }
    console.log('VACUUM ANALYZE…');
    const tables = ['submission', 'timeline_event', 'resident_feedback', 'statistics_fact', 'statistics_event'];
    for (const table of [...tables, 'statistics_day', 'statistics_event_day']) {
      await dataSource.query(`VACUUM ANALYZE ${table}`);
    }
    const [totals] = await dataSource.query(
      `SELECT (SELECT count(*) FROM submission)::int AS submissions, (SELECT count(*) FROM timeline_event)::int AS events,
              (SELECT count(*) FROM resident_feedback)::int AS ratings, (SELECT count(*) FROM statistics_fact)::int AS facts`,
    );
    console.log(
      `完成 done: ${totals.submissions.toLocaleString('en')} submissions, ${totals.events.toLocaleString('en')} events, ` +
        `${totals.ratings.toLocaleString('en')} ratings, ${totals.facts.toLocaleString('en')} statistics rows ` +
        `(${Math.round((Date.now() - started) / 1000)} s)`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
