import { OutboxMessage, Submission, TimelineEvent } from '../../src/db/entities';
import type { Classification } from '../../src/domain/classification/types';
import { performAction } from '../../src/services/perform-action';
import { submitReport } from '../../src/services/submit-report';
import { useTestDatabase } from '../support/test-database';

describe('performAction: the lifecycle on real PostgreSQL', () => {
  const db = useTestDatabase();
  const now = () => new Date('2026-11-27T02:00:00Z');
  const vendor: Classification = {
    category: 'disorder',
    subcategory: 'street_vendor',
    confidence: 0.9,
    needsReview: false,
    ranking: [],
    signals: [],
  };
  const department = {
    role: 'department' as const,
    type: 'staff' as const,
    label: '城市管理综合执法局',
    staffId: null,
  };

  async function assignedReport() {
    const { submission } = await submitReport(
      { dataSource: db.dataSource, classify: () => vendor, now },
      { content: '人民路有游商摆摊', channel: 'wechat', submitterChannelId: 'wxid_resident_7' },
    );
    expect(submission.status).toBe('assigned');
    return submission;
  }

  it('accepts a report: new status and version, a timeline event by the actor, an update for the resident', async () => {
    const report = await assignedReport();
    const accepted = await performAction(
      { dataSource: db.dataSource, now },
      { submissionId: report.id, action: 'accept', actor: department },
    );
    expect(accepted).toMatchObject({ status: 'accepted', version: report.version + 1 });
    const events = await db.dataSource
      .getRepository(TimelineEvent)
      .findBy({ submissionId: report.id, toStatus: 'accepted' });
    expect(events).toMatchObject([
      { fromStatus: 'assigned', actorType: 'staff', actorLabel: '城市管理综合执法局', visibleToResident: true },
    ]);
    const outbox = await db.dataSource.getRepository(OutboxMessage).findBy({ submissionId: report.id });
    expect(outbox.map((m) => m.payload.status)).toContain('accepted');
  });

  it('refuses a transition the state machine forbids and changes nothing', async () => {
    const report = await assignedReport();
    await expect(
      performAction(
        { dataSource: db.dataSource, now },
        { submissionId: report.id, action: 'resolve', actor: department, note: '已处理' },
      ),
    ).rejects.toMatchObject({ code: 'invalid_transition', reason: 'wrong_status' });
    const stored = await db.dataSource.getRepository(Submission).findOneByOrFail({ id: report.id });
    expect(stored).toMatchObject({ status: 'assigned', version: report.version });
    expect(
      await db.dataSource.getRepository(TimelineEvent).countBy({ submissionId: report.id, toStatus: 'resolved' }),
    ).toBe(0);
  });

  it('refuses a role that may never take the action as forbidden, not as a conflict', async () => {
    const report = await assignedReport();
    const dispatcher = { role: 'dispatcher' as const, type: 'staff' as const, label: '创城办', staffId: null };
    await expect(
      performAction(
        { dataSource: db.dataSource, now },
        { submissionId: report.id, action: 'accept', actor: dispatcher },
      ),
    ).rejects.toMatchObject({ code: 'forbidden', status: 403, message: '创城办不能执行“受理”' });
    const stored = await db.dataSource.getRepository(Submission).findOneByOrFail({ id: report.id });
    expect(stored).toMatchObject({ status: 'assigned', version: report.version });
  });

  it('refuses an action on a version the actor did not see (a concurrent edit)', async () => {
    const report = await assignedReport();
    await performAction(
      { dataSource: db.dataSource, now },
      { submissionId: report.id, action: 'accept', actor: department, expectedVersion: report.version },
    );
    await expect(
      performAction(
        { dataSource: db.dataSource, now },
        {
          submissionId: report.id,
          action: 'return',
          actor: department,
          note: '不归我们管',
          expectedVersion: report.version,
        },
      ),
    ).rejects.toMatchObject({ code: 'stale_version' });
    expect((await db.dataSource.getRepository(Submission).findOneByOrFail({ id: report.id })).status).toBe('accepted');
  });

  it('lets only one of two simultaneous actions on the same version through', async () => {
    const report = await assignedReport();
    const attempt = (action: 'accept' | 'return') =>
      performAction(
        { dataSource: db.dataSource, now },
        { submissionId: report.id, action, actor: department, note: '理由', expectedVersion: report.version },
      ).then(
        () => 'ok',
        (error: { code?: string }) => error.code,
      );
    const results = await Promise.all([attempt('accept'), attempt('return')]);
    expect(results.sort()).toEqual(['ok', 'stale_version']);
  });
});
