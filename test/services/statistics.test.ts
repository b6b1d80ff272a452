import { ClassificationExample } from '../../src/db/entities';
import type { Classification } from '../../src/domain/classification/types';
import { endOfChinaDay, startOfChinaDay } from '../../src/domain/china-time';
import { performAction } from '../../src/services/perform-action';
import { rateReport } from '../../src/services/resident-feedback';
import { computeStatistics } from '../../src/services/statistics/statistics';
import { submitReport } from '../../src/services/submit-report';
import { useTestDatabase } from '../support/test-database';

/**
 * Every figure against a small data set worked out by hand, including the edge of a Beijing day:
 * 00:30 on 1 December in Beijing is still 30 November in UTC.
 */
describe('statistics on a fixed data set', () => {
  const db = useTestDatabase();
  const department = { role: 'department' as const, type: 'staff' as const, label: '承办单位', staffId: null };
  const as = (category: Classification['category'], subcategory: string): Classification => ({
    category,
    subcategory,
    confidence: 0.95,
    needsReview: false,
    ranking: [],
    signals: [],
  });
  const at = (iso: string) => () => new Date(iso);
  const file = async (iso: string, kind: Classification, address?: string) =>
    (
      await submitReport(
        { dataSource: db.dataSource, classify: () => kind, now: at(iso) },
        { content: '测试反映内容', channel: 'web', ...(address ? { location: { address } } : {}) },
      )
    ).submission;
  const act = (id: number, action: 'accept' | 'resolve', iso: string) =>
    performAction(
      { dataSource: db.dataSource, now: at(iso) },
      { submissionId: id, action, actor: department, ...(action === 'resolve' ? { note: '已整改' } : {}) },
    );
  const rate = (code: string, rating: number, iso: string) =>
    rateReport({ dataSource: db.dataSource, now: at(iso), reopenRatingAtOrBelow: 2 }, code, { rating });
  const garbage = as('dirty', 'garbage_overflow');
  const vendor = as('disorder', 'street_vendor');

  beforeAll(async () => {
    // A: 00:30 on Tue 1 Dec in Beijing; accepted after 2 h, resolved after 24 h (on time), rated 5.
    const a = await file('2026-11-30T16:30:00Z', garbage, '幸福路 8号');
    await act(a.id, 'accept', '2026-11-30T18:30:00Z');
    await act(a.id, 'resolve', '2026-12-01T16:30:00Z');
    await rate(a.trackingCode, 5, '2026-12-02T01:00:00Z');
    // B: 23:59 on 30 Nov in Beijing: outside the range.
    await file('2026-11-30T15:59:00Z', garbage);
    // C: 10:00 Thu 3 Dec; accepted after 4 h; resolved 144 h later, after its deadline (10:00 Tue 8 Dec).
    const c = await file('2026-12-03T02:00:00Z', garbage, '幸福路8号');
    await act(c.id, 'accept', '2026-12-03T06:00:00Z');
    await act(c.id, 'resolve', '2026-12-09T02:00:00Z');
    // F: 10:00 Fri 4 Dec; accepted after 1 h, resolved after 4 h; rated 2 on 9 Dec, which reopens it.
    const f = await file('2026-12-04T02:00:00Z', garbage);
    await act(f.id, 'accept', '2026-12-04T03:00:00Z');
    await act(f.id, 'resolve', '2026-12-04T06:00:00Z');
    await rate(f.trackingCode, 2, '2026-12-09T03:00:00Z');
    // D: 12:00 Sat 5 Dec, street vendor, never accepted.
    await file('2026-12-05T04:00:00Z', vendor);
    // E: 09:00 Wed 2 Dec; accepted after 1 h; its category was corrected by a dispatcher.
    const e = await file('2026-12-02T01:00:00Z', garbage);
    await act(e.id, 'accept', '2026-12-02T02:00:00Z');
    await db.dataSource
      .getRepository(ClassificationExample)
      .insert({ text: '测试反映内容', category: 'dirty', subcategory: 'garbage_overflow', submissionId: e.id });
  });

  const week = () =>
    computeStatistics(db.dataSource, {
      from: startOfChinaDay('2026-12-01'),
      to: endOfChinaDay('2026-12-07'),
      interval: 'day',
      now: new Date('2026-12-10T12:00:00Z'),
    });

  it('counts the reports of the range by category, department, channel and status', async () => {
    const stats = await week();
    expect(stats.total).toBe(5);
    expect(stats.byCategory).toEqual([
      { key: 'dirty', count: 4 },
      { key: 'disorder', count: 1 },
    ]);
    expect(stats.byChannel).toEqual([{ key: 'web', count: 5 }]);
    expect(Object.fromEntries(stats.byStatus.map((c) => [c.key, c.count]))).toEqual({
      closed: 1,
      resolved: 1,
      reopened: 1,
      assigned: 1,
      accepted: 1,
    });
    expect(stats.byDepartment.map((c) => c.count)).toEqual([4, 1]);
  });

  it('puts each report on its Beijing day, and resolutions on the day they happened', async () => {
    expect((await week()).series).toEqual([
      { period: '2026-12-01', received: 1, resolved: 0, overdue: 0 },
      { period: '2026-12-02', received: 1, resolved: 1, overdue: 0 },
      { period: '2026-12-03', received: 1, resolved: 0, overdue: 0 },
      { period: '2026-12-04', received: 1, resolved: 1, overdue: 0 },
      { period: '2026-12-05', received: 1, resolved: 0, overdue: 0 },
    ]);
  });

  it('gives median and 90th percentile hours to accept and to resolve', async () => {
    const stats = await week();
    // Accepted after 1, 1, 2 and 4 hours; first resolved after 4, 24 and 144.
    expect(stats.hoursToAccept).toEqual({ median: 1.5, p90: 3.4 });
    expect(stats.hoursToResolve).toEqual({ median: 24, p90: 120 });
  });

  it('ranks departments by on-time rate, lateness and rating', async () => {
    const [sanitation, urban] = (await week()).departments;
    expect(sanitation).toMatchObject({
      name: '环卫中心',
      received: 4,
      // A and C are resolved or closed; F was reopened and is work again.
      resolved: 2,
      resolvedOnTime: 1,
      onTimeRate: 0.5,
      // C resolved late; E still open past its deadline on 10 Dec.
      overdue: 2,
      averageRating: 3.5,
    });
    expect(urban).toMatchObject({ received: 1, resolved: 0, onTimeRate: null, overdue: 1, averageRating: null });
  });

  it('measures satisfaction by the ratings given in the range, and the correction rate', async () => {
    const stats = await week();
    expect(stats.satisfaction).toEqual({ ratings: 1, averageRating: 5, reopenedShare: 0 });
    expect(stats.correctionRate).toBe(0.2);
    expect(stats.hotSpots.places).toEqual([{ key: '幸福路8号', count: 2 }]);
    const longer = await computeStatistics(db.dataSource, {
      from: startOfChinaDay('2026-12-01'),
      to: endOfChinaDay('2026-12-10'),
      interval: 'week',
      now: new Date('2026-12-10T12:00:00Z'),
    });
    expect(longer.satisfaction).toEqual({ ratings: 2, averageRating: 3.5, reopenedShare: 0.5 });
    // Weeks start on Monday: 30 Nov and 7 Dec.
    expect(longer.series).toEqual([
      { period: '2026-11-30', received: 5, resolved: 2, overdue: 0 },
      { period: '2026-12-07', received: 0, resolved: 1, overdue: 0 },
    ]);
  });

  it('narrows to a scope or a category', async () => {
    const base = {
      from: startOfChinaDay('2026-12-01'),
      to: endOfChinaDay('2026-12-07'),
      interval: 'day' as const,
      now: new Date('2026-12-10T12:00:00Z'),
    };
    const all = await week();
    const urbanId = all.departments[1]!.departmentId;
    expect((await computeStatistics(db.dataSource, { ...base, scope: [urbanId] })).total).toBe(1);
    expect((await computeStatistics(db.dataSource, { ...base, category: 'dirty' })).total).toBe(4);
    expect((await computeStatistics(db.dataSource, { ...base, scope: [] })).total).toBe(0);
  });
});
