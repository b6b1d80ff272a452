import { OutboxMessage, Submission, TimelineEvent } from '../../src/db/entities';
import type { Classification } from '../../src/domain/classification/types';
import type { CategoryCode } from '../../src/domain/taxonomy';
import { submitReport } from '../../src/services/submit-report';
import { useTestDatabase } from '../support/test-database';

describe('submitReport on real PostgreSQL', () => {
  const db = useTestDatabase();
  const receivedAt = new Date('2026-11-27T02:00:00Z'); // a Friday, 10:00 in Beijing
  // A fixed answer keeps these tests about storing, not about the classifier's judgement.
  const answer = (category: CategoryCode, subcategory: string): Classification => ({
    category,
    subcategory,
    confidence: 0.9,
    needsReview: false,
    ranking: [],
    signals: [],
  });
  const deps = (overrides: { classify?: (text: string) => Classification } = {}) => ({
    dataSource: db.dataSource,
    classify: () => answer('disorder', 'street_vendor'),
    now: () => receivedAt,
    ...overrides,
  });

  it('records an update per resident-visible event for a resident reachable on their channel', async () => {
    const { submission } = await submitReport(deps(), {
      content: '人民路有游商摊贩占道经营',
      channel: 'wechat',
      submitterChannelId: 'wxid_resident_42',
    });
    const outbox = await db.dataSource.getRepository(OutboxMessage).find({
      where: { submissionId: submission.id },
      order: { id: 'ASC' },
    });
    // The channel client that sent the report answers it itself, so these two count as told.
    expect(outbox.map((m) => [m.channel, m.recipient, m.state, m.payload.status])).toEqual([
      ['wechat', 'wxid_resident_42', 'sent', 'submitted'],
      ['wechat', 'wxid_resident_42', 'sent', 'assigned'],
    ]);
    expect(String(outbox[1].payload.text)).toContain(submission.trackingCode);
  });

  it('ties each update to the event it tells of, on each channel, with the timeline in order', async () => {
    const { submission } = await submitReport(
      { ...deps(), smsAvailable: true },
      {
        content: '人民路有游商摊贩占道经营',
        channel: 'wechat',
        submitterChannelId: 'wxid_resident_43',
        contact: { phone: '13812345678' },
        notifyBySms: true,
      },
    );
    const events = await db.dataSource
      .getRepository(TimelineEvent)
      .find({ where: { submissionId: submission.id }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.type, e.toStatus, e.visibleToResident])).toEqual([
      ['status_change', 'submitted', true],
      ['classification', null, false],
      ['status_change', 'assigned', true],
    ]);
    const outbox = await db.dataSource.getRepository(OutboxMessage).find({
      where: { submissionId: submission.id },
      order: { id: 'ASC' },
    });
    const eventOf = (id: number) => events.find((e) => e.id === id);
    expect(
      outbox.map((m) => [
        m.channel,
        m.state,
        m.sentAt?.toISOString() ?? null,
        eventOf(m.eventId)?.toStatus,
        m.payload.status,
      ]),
    ).toEqual([
      ['wechat', 'sent', receivedAt.toISOString(), 'submitted', 'submitted'],
      ['sms', 'pending', null, 'submitted', 'submitted'],
      ['wechat', 'sent', receivedAt.toISOString(), 'assigned', 'assigned'],
      ['sms', 'pending', null, 'assigned', 'assigned'],
    ]);
    expect(outbox.every((m) => m.nextAttemptAt.getTime() === receivedAt.getTime())).toBe(true);
    expect(outbox.find((m) => m.channel === 'sms')?.recipient).toBe('13812345678');
  });

  it('stores the whole timeline of a report nobody is messaged about, and no update', async () => {
    // A web report without SMS takes the statement without the outbox part.
    const { submission } = await submitReport(deps(), { content: '人民路有游商摊贩占道经营', channel: 'web' });
    const events = await db.dataSource
      .getRepository(TimelineEvent)
      .find({ where: { submissionId: submission.id }, order: { id: 'ASC' } });
    expect(events.map((e) => [e.type, e.fromStatus, e.toStatus, e.visibleToResident, e.actorType])).toEqual([
      ['status_change', null, 'submitted', true, 'system'],
      ['classification', null, null, false, 'system'],
      ['status_change', 'submitted', 'assigned', true, 'system'],
    ]);
    expect(events.every((e) => e.createdAt.getTime() === receivedAt.getTime())).toBe(true);
    expect(await db.dataSource.getRepository(OutboxMessage).countBy({ submissionId: submission.id })).toBe(0);
    const stored = await db.dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    expect({ ...submission }).toEqual({ ...stored });
  });

  it('answers with the report as it was stored', async () => {
    const { submission } = await submitReport(deps(), {
      content: '建设街井盖松动，车一过就响',
      channel: 'web',
      location: { address: '建设街 8 号', lat: 30.1, lng: 120.2 },
      contact: { name: '李女士', phone: '13912345678' },
    });
    const stored = await db.dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    expect({ ...submission }).toEqual({ ...stored });
  });

  it('stamps the report, its deadlines and its timeline with the time it was received', async () => {
    const { submission } = await submitReport(deps({ classify: () => answer('dirty', 'garbage_overflow') }), {
      content: '小区门口垃圾桶满了没人清运',
      channel: 'web',
    });
    const stored = await db.dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    expect(stored.createdAt.toISOString()).toBe(receivedAt.toISOString());
    expect(stored.acceptDeadline.toISOString()).toBe('2026-11-30T02:00:00.000Z');
    const events = await db.dataSource.getRepository(TimelineEvent).findBy({ submissionId: submission.id });
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.createdAt.toISOString()))).toEqual(new Set([receivedAt.toISOString()]));
  });

  it('keeps a report whose classifier answers something outside the taxonomy', async () => {
    const broken = (): Classification => ({
      category: 'dirty',
      subcategory: 'x'.repeat(300),
      confidence: 0.9,
      needsReview: false,
      ranking: [],
      signals: [],
    });
    const { submission, department } = await submitReport(deps({ classify: broken }), {
      content: '垃圾桶满了',
      channel: 'web',
    });
    expect(department.isDispatchOffice).toBe(true);
    expect(submission).toMatchObject({ category: 'other', needsReview: true, status: 'submitted' });
    expect(submission.classification.failure).toContain('unknown category/subcategory');
  });
});
