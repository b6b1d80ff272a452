import { Submission, TimelineEvent } from '../../src/db/entities';
import type { Classification } from '../../src/domain/classification/types';
import { escalateOverdue } from '../../src/services/escalation';
import { performAction } from '../../src/services/perform-action';
import { submitReport } from '../../src/services/submit-report';
import { useTwoProcesses } from '../support/test-database';

describe('escalation job (督办) with a controllable clock', () => {
  // Two pools on one database stand for two API processes.
  const processes = useTwoProcesses();

  // Monday 23 November 2026, 10:00 in Beijing.
  const monday = new Date('2026-11-23T02:00:00Z');
  const hoursLater = (hours: number) => new Date(monday.getTime() + hours * 3_600_000);
  const garbage: Classification = {
    category: 'dirty',
    subcategory: 'garbage_overflow',
    confidence: 0.95,
    needsReview: false,
    ranking: [],
    signals: [],
  };
  const file = async () =>
    (
      await submitReport(
        { dataSource: processes.one, classify: () => garbage, now: () => monday },
        { content: '小区垃圾桶满了没人清运', channel: 'web' },
      )
    ).submission;
  const escalations = (id: number) =>
    processes.one
      .getRepository(TimelineEvent)
      .find({ where: { submissionId: id, type: 'escalation' }, order: { id: 'ASC' } });

  it('escalates a report once per missed deadline, leaves its version alone, and never touches closed work', async () => {
    const late = await file();
    const done = await file();
    const department = { role: 'department' as const, type: 'staff' as const, label: '环卫', staffId: null };
    await performAction(
      { dataSource: processes.one, now: () => monday },
      { submissionId: done.id, action: 'accept', actor: department },
    );
    await performAction(
      { dataSource: processes.one, now: () => monday },
      { submissionId: done.id, action: 'resolve', actor: department, note: '已清运' },
    );
    expect(late.acceptDeadline.toISOString()).toBe('2026-11-24T02:00:00.000Z');

    expect(await escalateOverdue(processes.one, hoursLater(23))).toEqual({ escalated: 0 });
    expect(await escalateOverdue(processes.one, hoursLater(25))).toEqual({ escalated: 1 });
    expect(await escalateOverdue(processes.one, hoursLater(26))).toEqual({ escalated: 0 });

    const marked = await processes.one.getRepository(Submission).findOneByOrFail({ id: late.id });
    expect(marked).toMatchObject({ overdueStage: 'accept', version: late.version });
    expect(marked.escalatedAt?.toISOString()).toBe(hoursLater(25).toISOString());
    const [first] = await escalations(late.id);
    expect(first).toMatchObject({ actorType: 'system', visibleToResident: false });
    expect(first!.note).toContain('受理期限');

    // Accepted late, then the resolve deadline passes too: a second, separate escalation.
    await performAction(
      { dataSource: processes.one, now: () => hoursLater(27) },
      { submissionId: late.id, action: 'accept', actor: department },
    );
    const afterResolveDeadline = new Date(marked.resolveDeadline.getTime() + 60_000);
    expect(await escalateOverdue(processes.one, afterResolveDeadline)).toEqual({ escalated: 1 });
    expect(await escalateOverdue(processes.one, afterResolveDeadline)).toEqual({ escalated: 0 });
    expect((await escalations(late.id)).map((e) => e.note)).toEqual([
      expect.stringContaining('受理期限'),
      expect.stringContaining('办结期限'),
    ]);
    expect(await escalations(done.id)).toEqual([]);
  });

  it('escalates each report exactly once when two processes run the job at the same moment', async () => {
    const reports = await Promise.all(Array.from({ length: 30 }, () => file()));
    const at = hoursLater(30);
    const [a, b] = await Promise.all([escalateOverdue(processes.one, at, 4), escalateOverdue(processes.two, at, 4)]);
    expect(a.escalated + b.escalated).toBe(30);
    const ids = reports.map((r) => r.id);
    const events: { submission_id: number; n: number }[] = await processes.one.query(
      `SELECT submission_id, COUNT(*)::int AS n FROM timeline_event
        WHERE type = 'escalation' AND submission_id = ANY($1) GROUP BY submission_id`,
      [ids],
    );
    expect(events).toHaveLength(30);
    expect(events.every((row) => row.n === 1)).toBe(true);
  });
});
