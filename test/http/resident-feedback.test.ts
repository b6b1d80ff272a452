import { ResidentFeedback, Submission, TimelineEvent } from '../../src/db/entities';
import { closeUnratedReports } from '../../src/services/resident-feedback';
import { performAction } from '../../src/services/perform-action';
import { fileReport } from '../support/reports';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

const department = { role: 'department' as const, type: 'staff' as const, label: '环卫中心', staffId: null };

describe('residents rate a resolved report, follow an existing one ("me too"), and find similar ones', () => {
  let t: TestApp;
  let clock: Date;
  beforeAll(async () => {
    clock = new Date('2026-11-23T02:00:00Z'); // a Monday, 10:00 in Beijing
    t = await createTestApp({ FEEDBACK_DAYS: '7', REOPEN_RATING_AT_OR_BELOW: '2' }, { now: () => clock });
  });
  afterAll(() => t.close());

  const act = (id: number, action: 'accept' | 'resolve', note?: string) =>
    performAction(
      { dataSource: t.dataSource, now: () => clock },
      { submissionId: id, action, actor: department, note },
    );
  const resolved = async () => {
    const report = await fileReport(t, '小区门口垃圾桶满了三天没人清运，臭味很大');
    await act(report.id, 'accept');
    await act(report.id, 'resolve', '已清运并消毒');
    return report;
  };
  const rate = (code: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/submissions/${code}/feedback`, payload });
  const track = (code: string) => t.app.inject({ method: 'GET', url: `/api/v1/submissions/${code}` });

  it('closes the report on a good rating; the comment stays with staff', async () => {
    const report = await resolved();
    const before = (await track(report.trackingCode)).json();
    expect(before.feedback).toEqual({
      canRate: true,
      rateBy: new Date(clock.getTime() + 7 * 86_400_000).toISOString(),
      latest: null,
    });

    const answer = await rate(report.trackingCode, { rating: 5, comment: '很及时，谢谢！我的电话13800138000' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ outcome: 'closed', status: 'closed', statusLabel: '已办结' });

    const after = (await track(report.trackingCode)).json();
    expect(after.status).toBe('closed');
    expect(after.feedback).toMatchObject({ canRate: false, latest: { rating: 5, fixed: true, outcome: 'closed' } });
    const last = after.timeline.at(-1);
    expect(last).toMatchObject({ toStatus: 'closed', actor: '群众' });
    expect(last.note).toContain('5 星');
    expect(JSON.stringify(after)).not.toContain('13800138000');
    const internal = await t.dataSource
      .getRepository(TimelineEvent)
      .findOneByOrFail({ submissionId: report.id, visibleToResident: false, type: 'note' });
    expect(internal.note).toContain('很及时');

    // Once closed, there is nothing left to rate.
    const again = await rate(report.trackingCode, { rating: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain('已整改');
  });

  it('reopens on a low rating or "not fixed", with fresh deadlines for the department', async () => {
    const low = await resolved();
    const reopened = await rate(low.trackingCode, { rating: 2 });
    expect(reopened.json()).toMatchObject({ outcome: 'reopened', status: 'reopened' });

    const notFixed = await resolved();
    clock = new Date(clock.getTime() + 3 * 86_400_000); // Thursday
    expect((await rate(notFixed.trackingCode, { rating: 4, fixed: false })).json().outcome).toBe('reopened');
    const row = await t.dataSource.getRepository(Submission).findOneByOrFail({ id: notFixed.id });
    expect(row.acceptDeadline.toISOString()).toBe(new Date(clock.getTime() + 86_400_000).toISOString());
    expect(row.resolveDeadline.getTime()).toBeGreaterThan(clock.getTime());
    expect(row.overdueStage).toBeNull();
    const verdicts = await t.dataSource.getRepository(ResidentFeedback).findBy({ submissionId: notFixed.id });
    expect(verdicts).toEqual([expect.objectContaining({ rating: 4, fixed: false, outcome: 'reopened' })]);
    const tracked = (await track(notFixed.trackingCode)).json();
    expect(tracked.timeline.at(-1).note).toContain('问题未解决');

    // The department can take it on again.
    await act(notFixed.id, 'accept');
  });

  it('checks the rating and names the field', async () => {
    const report = await resolved();
    for (const [payload, field] of [
      [{}, 'rating'],
      [{ rating: 0 }, 'rating'],
      [{ rating: 6 }, 'rating'],
      [{ rating: 3.5 }, 'rating'],
      [{ rating: 4, fixed: 'no' }, 'fixed'],
      [{ rating: 4, comment: 'x'.repeat(501) }, 'comment'],
    ] as const) {
      const answer = await rate(report.trackingCode, payload);
      expect([JSON.stringify(payload), answer.statusCode, answer.json().error.fields[0].field]).toEqual([
        JSON.stringify(payload),
        400,
        field,
      ]);
    }
    expect((await rate('NOPE', { rating: 5 })).statusCode).toBe(400);
    expect((await rate('AAAAA-AAAAA', { rating: 5 })).statusCode).toBe(404);
    expect((await track(report.trackingCode)).json().status).toBe('resolved');
  });

  it('closes unrated reports once the rating period is over, once', async () => {
    const quiet = await resolved();
    expect(await closeUnratedReports(t.dataSource, new Date(clock.getTime() + 6 * 86_400_000), 7)).toBe(0);
    const later = new Date(clock.getTime() + 7 * 86_400_000 + 1000);
    expect(await closeUnratedReports(t.dataSource, later, 7)).toBeGreaterThanOrEqual(1);
    expect(await closeUnratedReports(t.dataSource, later, 7)).toBe(0);
    const tracked = (await track(quiet.trackingCode)).json();
    expect(tracked.status).toBe('closed');
    expect(tracked.timeline.at(-1)).toMatchObject({ actor: '系统', note: expect.stringContaining('7 天内未收到评价') });
  });

  it('"me too" files the report merged into the open one: its resident follows it, staff count a supporter', async () => {
    const report = await fileReport(t, '人民路上有游商摊贩占道经营');
    const row = await t.dataSource.getRepository(Submission).findOneByOrFail({ id: report.id });
    const follow = (followsId: number, extra: object = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        payload: aSubmission({ content: '我家楼下也有人摆摊，占了人行道', followsId, ...extra }),
      });
    const me = await follow(report.id, { contact: { phone: '13800138111' } });
    expect(me.statusCode).toBe(201);
    expect(me.json()).toMatchObject({ status: 'duplicate', department: { code: report.department } });
    const mine = me.json().trackingCode;
    expect(mine).not.toBe(report.trackingCode);
    await follow(report.id);
    expect((await track(report.trackingCode)).json().supporterCount).toBe(2);

    // The follower sees the followed report's progress, never its code (which would let them rate it).
    const followed = (await track(mine)).json();
    expect(followed.status).toBe('duplicate');
    expect(followed.mergedInto).toMatchObject({ department: { code: report.department }, status: row.status });
    expect(followed.mergedInto.trackingCode).toBeUndefined();
    expect(JSON.stringify(followed)).not.toContain(report.trackingCode);
    expect(followed.feedback.canRate).toBe(false);

    const done = await resolved();
    await rate(done.trackingCode, { rating: 5 });
    const late = await follow(done.id);
    expect(late.statusCode).toBe(400);
    expect(late.json().error.fields[0].field).toBe('followsId');
    expect((await follow(0)).json().error.fields[0].field).toBe('followsId');
  });

  it('finds open reports of the same subcategory nearby or at the same address, without their text', async () => {
    const near = { lat: 30.2741, lng: 120.1551 };
    const file = (content: string, location: object) =>
      t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission({ content, location }) });
    const first = (
      await file('幸福路菜市场门口垃圾桶满了，垃圾溢出来了', { ...near, address: '幸福路 8 号菜市场' })
    ).json();
    await file('幸福路菜市场门口垃圾桶满了没人清运', { lat: 30.29, lng: 120.2 }); // 5 km away
    await file('幸福路菜市场门口有人占道经营卖菜', near); // another subcategory
    const byAddress = (await file('垃圾桶满了，臭气熏天', { address: '幸福路8号（菜市场）' })).json();

    const similar = await t.app.inject({
      method: 'GET',
      url: `/api/v1/submissions/similar?text=${encodeURIComponent('菜市场门口的垃圾桶满了')}&lat=30.2745&lng=120.1553`,
    });
    expect(similar.statusCode).toBe(200);
    const body = similar.json();
    expect(body.subcategory.code).toBe(first.subcategory.code);
    const firstId = (await t.dataSource.getRepository(Submission).findOneByOrFail({ trackingCode: first.trackingCode }))
      .id;
    expect(body.items.map((i: { id: number }) => i.id)).toEqual([firstId]);
    expect(body.items[0].distanceMeters).toBeGreaterThan(30);
    expect(body.items[0].distanceMeters).toBeLessThan(60);
    expect(JSON.stringify(body)).not.toContain('菜市场门口垃圾桶满了，垃圾溢出来了');
    // No tracking codes: a code lets its holder rate the report.
    expect(JSON.stringify(body)).not.toContain(first.trackingCode);

    const sameAddress = await t.app.inject({
      method: 'GET',
      url: `/api/v1/submissions/similar?subcategory=${first.subcategory.code}&address=${encodeURIComponent('幸福路8号 菜市场')}`,
    });
    const byAddressId = (
      await t.dataSource.getRepository(Submission).findOneByOrFail({ trackingCode: byAddress.trackingCode })
    ).id;
    const ids = sameAddress.json().items.map((i: { id: number }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([firstId, byAddressId]));

    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/submissions/similar?lat=30' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['text', 'lng']),
    );
  });
});
