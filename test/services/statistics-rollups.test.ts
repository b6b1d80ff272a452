import { RoutingRule } from '../../src/db/entities';
import type { Classification } from '../../src/domain/classification/types';
import { endOfChinaDay, startOfChinaDay } from '../../src/domain/china-time';
import { performAction } from '../../src/services/perform-action';
import { refreshStatistics, statisticsBacklog } from '../../src/services/statistics/rollups';
import { computeStatistics } from '../../src/services/statistics/statistics';
import { submitReport } from '../../src/services/submit-report';
import { useTwoProcesses } from '../support/test-database';

/**
 * The rollup rows follow every change to a report, whoever makes it, including raw SQL; and a
 * refresher running beside a writer neither loses the writer's change nor builds a row twice.
 */
describe('statistics rollups', () => {
  const db = useTwoProcesses();
  const garbage: Classification = {
    category: 'dirty',
    subcategory: 'garbage_overflow',
    confidence: 0.9,
    needsReview: false,
    ranking: [],
    signals: [],
  };
  const now = () => new Date('2026-12-02T04:00:00Z');
  const file = async (address: string) =>
    (
      await submitReport(
        { dataSource: db.one, classify: () => garbage, now },
        { content: '垃圾桶满了没人清运', channel: 'web', location: { address } },
      )
    ).submission;
  const stats = (extra: { area?: string } = {}) =>
    computeStatistics(db.one, {
      from: startOfChinaDay('2026-12-01'),
      to: endOfChinaDay('2026-12-31'),
      interval: 'day',
      now: new Date('2026-12-03T00:00:00Z'),
      ...extra,
    });
  const fact = async (id: number) =>
    (await db.one.query('SELECT status, department_id, area FROM statistics_fact WHERE submission_id = $1', [id]))[0];

  it('marks each change and rebuilds the row, including changes made outside the services', async () => {
    const report = await file('东城街道幸福路 8 号');
    expect(await statisticsBacklog(db.one)).toBeGreaterThan(0);
    // A backlog beyond what a request rebuilds itself is reported, not silently left out.
    await db.one.query('INSERT INTO statistics_dirty (submission_id) SELECT g FROM generate_series(900000, 925000) g');
    expect((await stats()).pendingReports).toBeGreaterThan(0);
    await refreshStatistics(db.one);
    await refreshStatistics(db.one);
    expect(await statisticsBacklog(db.one)).toBe(0);
    expect(await fact(report.id)).toMatchObject({ status: 'assigned' });

    await performAction(
      { dataSource: db.one, now },
      {
        submissionId: report.id,
        action: 'accept',
        actor: { role: 'department', type: 'staff', label: '环卫中心', staffId: null },
      },
    );
    await refreshStatistics(db.one);
    expect(await fact(report.id)).toMatchObject({ status: 'accepted' });

    const [other] = await db.one.query(`SELECT id FROM department WHERE id <> $1 ORDER BY id LIMIT 1`, [
      report.departmentId,
    ]);
    await db.one.query('UPDATE submission SET department_id = $2 WHERE id = $1', [report.id, other.id]);
    await refreshStatistics(db.one);
    expect(await fact(report.id)).toMatchObject({ department_id: other.id });

    await db.one.query(`UPDATE submission SET status = 'duplicate' WHERE id = $1`, [report.id]);
    await refreshStatistics(db.one);
    expect(await fact(report.id)).toBeUndefined();
  });

  it('marks the reports of timeline events written on their own, once per statement', async () => {
    const first = await file('东城街道人民路 1 号');
    const second = await file('东城街道人民路 2 号');
    await refreshStatistics(db.one);
    expect(await statisticsBacklog(db.one)).toBe(0);
    // Two escalations and a note in one statement, the reports themselves untouched.
    await db.one.query(
      `INSERT INTO timeline_event (submission_id, type, actor_type, actor_label, note, visible_to_resident)
       VALUES ($1, 'escalation', 'system', '系统', '逾期', false), ($2, 'escalation', 'system', '系统', '逾期', false),
              ($2, 'note', 'system', '系统', '备注', false)`,
      [first.id, second.id],
    );
    const marked = await db.one.query('SELECT submission_id FROM statistics_dirty ORDER BY submission_id');
    expect(marked.map((row: { submission_id: number }) => row.submission_id)).toEqual([first.id, second.id]);
    // A note alone moves no figure.
    await refreshStatistics(db.one);
    await db.one.query(
      `INSERT INTO timeline_event (submission_id, type, actor_type, actor_label, note, visible_to_resident)
       VALUES ($1, 'note', 'system', '系统', '备注', false)`,
      [first.id],
    );
    expect(await statisticsBacklog(db.one)).toBe(0);
  });

  it('narrows to an area named in the routing rules', async () => {
    const [department] = await db.one.query('SELECT id FROM department ORDER BY id LIMIT 1');
    await db.one
      .getRepository(RoutingRule)
      .insert({ category: 'dirty', area: '西城街道', departmentId: department.id, enabled: true });
    const west = await file('西城街道和平路 3 号');
    await file('南城街道长江路 5 号');
    const all = await stats();
    const inWest = await stats({ area: '西城街道' });
    expect(inWest.total).toBe(1);
    expect(all.total).toBeGreaterThan(1);
    expect(await fact(west.id)).toMatchObject({ area: '西城街道' });
    expect(all.byArea).toEqual([{ key: '西城街道', count: 1 }]);
  });

  it('does not claim a report while a change to it is uncommitted, and picks the change up afterwards', async () => {
    const report = await file('北城街道黄河路 1 号');
    await refreshStatistics(db.one);
    // Marked and committed, not yet rebuilt: the refresher could claim it at any moment.
    await db.one.query('UPDATE submission SET updated_at = updated_at WHERE id = $1', [report.id]);
    const writer = db.two.createQueryRunner();
    await writer.connect();
    try {
      await writer.startTransaction();
      await writer.query(`UPDATE submission SET status = 'in_progress' WHERE id = $1`, [report.id]);
      // Another process refreshes meanwhile: the marked row is locked by the writer, so skipped.
      await refreshStatistics(db.one);
      expect(await fact(report.id)).toMatchObject({ status: 'assigned' });
      await writer.commitTransaction();
    } finally {
      await writer.release();
    }
    expect(await statisticsBacklog(db.one)).toBe(1);
    await Promise.all([refreshStatistics(db.one), refreshStatistics(db.two)]);
    expect(await fact(report.id)).toMatchObject({ status: 'in_progress' });
    const [{ rows }] = await db.one.query(
      'SELECT count(*)::int AS rows FROM statistics_fact WHERE submission_id = $1',
      [report.id],
    );
    expect(rows).toBe(1);
  });

  it('keeps the day totals equal to the reports when two refreshers share a day', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => file(`东城街道幸福路 ${i} 号`)));
    await Promise.all([refreshStatistics(db.one, { batchSize: 3 }), refreshStatistics(db.two, { batchSize: 3 })]);
    const [row] = await db.one.query(
      `SELECT (SELECT count(*) FROM statistics_fact)::int AS facts,
              (SELECT sum(received) FROM statistics_day)::int AS counted,
              (SELECT count(*) FROM statistics_dirty)::int AS backlog`,
    );
    expect(row.backlog).toBe(0);
    expect(row.counted).toBe(row.facts);
    expect((await stats()).pendingReports).toBe(0);
  });

  it('makes a reader wait for a rebuild another process has claimed, instead of counting without it', async () => {
    await refreshStatistics(db.one);
    const before = (await stats()).total;
    const report = await file('光明路 8 号');
    // Another process has claimed the new report and is still rebuilding it.
    const other = db.two.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query('SELECT submission_id FROM statistics_dirty WHERE submission_id = $1 FOR UPDATE', [report.id]);
    let settled = false;
    const reading = stats().then((answer) => {
      settled = true;
      return answer;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await other.commitTransaction();
    await other.release();
    const answer = await reading;
    expect(answer.total).toBe(before + 1);
    expect(answer.pendingReports).toBe(0);
  });
});
