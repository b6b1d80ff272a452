import { Department, StaffNotification, StaffUser } from '../../src/db/entities';
import type { Classification } from '../../src/domain/classification/types';
import { lastCompleteWeek, sendWeeklyDigests } from '../../src/services/digests';
import { submitReport } from '../../src/services/submit-report';
import { useTwoProcesses } from '../support/test-database';

/** The leaders' weekly digest: due Monday 08:00 Beijing, one per leader and week, their scope only. */
describe('weekly digests for leaders', () => {
  const db = useTwoProcesses();
  const kind = (category: Classification['category'], subcategory: string): Classification => ({
    category,
    subcategory,
    confidence: 0.95,
    needsReview: false,
    ranking: [],
    signals: [],
  });
  const file = async (iso: string, classification: Classification) =>
    (
      await submitReport(
        { dataSource: db.one, classify: () => classification, now: () => new Date(iso) },
        { content: '测试反映内容', channel: 'web' },
      )
    ).submission;
  const staff = async (username: string, role: StaffUser['role'], departmentCode: string | null) => {
    const departmentId = departmentCode
      ? (await db.one.getRepository(Department).findOneByOrFail({ code: departmentCode })).id
      : null;
    return db.one
      .getRepository(StaffUser)
      .save({ username, displayName: username, passwordHash: 'unused', role, departmentId, active: true });
  };
  const digests = () => db.one.getRepository(StaffNotification).find({ order: { staffUserId: 'ASC', id: 'ASC' } });

  it('knows the week that ended and when its digest is due', () => {
    // 07:30 on Monday 30 November in Beijing is still Sunday 29 November in UTC.
    expect(lastCompleteWeek(new Date('2026-11-29T23:30:00Z'), 8)).toEqual({
      from: '2026-11-23',
      to: '2026-11-29',
      due: new Date('2026-11-30T00:00:00Z'),
    });
    expect(lastCompleteWeek(new Date('2026-12-06T15:59:00Z'), 8).from).toBe('2026-11-23');
    expect(lastCompleteWeek(new Date('2026-12-06T16:00:00Z'), 8).from).toBe('2026-11-30');
  });

  it('writes one digest per active leader with their figures and their late reports, once', async () => {
    const sanitationLeader = await staff('digest-sanitation', 'leader', 'sanitation');
    const urbanLeader = await staff('digest-urban', 'leader', 'urban_management');
    const away = await staff('digest-away', 'leader', 'sanitation');
    await db.one.getRepository(StaffUser).update({ id: away.id }, { active: false });
    await staff('digest-dispatcher', 'dispatcher', null);

    // Monday 23 Nov 10:00 Beijing: garbage (sanitation, 72 h) and a street vendor (urban, 72 h).
    const garbage = await file('2026-11-23T02:00:00Z', kind('dirty', 'garbage_overflow'));
    await file('2026-11-24T02:00:00Z', kind('dirty', 'garbage_overflow'));
    const vendor = await file('2026-11-25T02:00:00Z', kind('disorder', 'street_vendor'));
    // 23:00 on Sunday 29 Nov: still in the week, not yet late on Monday morning.
    await file('2026-11-29T15:00:00Z', kind('dirty', 'garbage_overflow'));

    // 07:59 on Monday 30 Nov in Beijing: not due yet.
    expect(await sendWeeklyDigests(db.one, new Date('2026-11-29T23:59:00Z'), 8)).toBe(0);
    const monday = new Date('2026-11-30T00:05:00Z');
    expect(await sendWeeklyDigests(db.one, monday, 8)).toBe(2);
    expect(await sendWeeklyDigests(db.one, monday, 8)).toBe(0);

    const [forSanitation, forUrban] = await digests();
    expect(forSanitation).toMatchObject({
      staffUserId: sanitationLeader.id,
      periodStart: '2026-11-23',
      title: '创城信箱周报（2026年11月23日—2026年11月29日）',
      readAt: null,
    });
    expect(forSanitation!.data.figures).toEqual({ received: 3, resolved: 0, onTimeRate: null, averageRating: null });
    // Nobody accepted anything: the two older garbage reports are past their accept deadline.
    expect(forSanitation!.data.overdueTotal).toBe(2);
    expect(forSanitation!.data.overdue[0]).toMatchObject({
      id: garbage.id,
      trackingCode: garbage.trackingCode,
      department: '环卫中心',
      status: 'assigned',
      due: '2026-11-24T02:00:00.000Z',
    });
    expect(forUrban).toMatchObject({ staffUserId: urbanLeader.id });
    expect(forUrban!.data.figures.received).toBe(1);
    expect(forUrban!.data.overdue.map((o) => o.id)).toEqual([vendor.id]);
  });

  it('writes each digest once when two processes run the round together', async () => {
    const nextMonday = new Date('2026-12-07T01:00:00Z');
    const [one, two] = await Promise.all([
      sendWeeklyDigests(db.one, nextMonday, 8),
      sendWeeklyDigests(db.two, nextMonday, 8),
    ]);
    expect(one + two).toBe(2);
    const rows = (await digests()).filter((n) => n.periodStart === '2026-11-30');
    expect(rows).toHaveLength(2);
  });
});
