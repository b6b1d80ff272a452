import { StaffNotification, StaffUser } from '../../src/db/entities';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

describe('staff notifications (the weekly digest inbox)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const digest = (staffUserId: number, periodStart: string) =>
    t.dataSource.getRepository(StaffNotification).save({
      staffUserId,
      kind: 'weekly_digest' as const,
      periodStart,
      title: `创城信箱周报 ${periodStart}`,
      data: {
        period: { from: periodStart, to: periodStart },
        figures: { received: 1, resolved: 0, onTimeRate: null, averageRating: null },
        overdueTotal: 0,
        overdue: [],
      },
    });

  it('lists only my own messages, newest first, counts the unread, and marks one read', async () => {
    const mine = await staffSession(t, 'inbox-leader', 'leader', null);
    const other = await staffSession(t, 'inbox-other', 'leader', null);
    const users = t.dataSource.getRepository(StaffUser);
    const me = await users.findOneByOrFail({ username: 'inbox-leader' });
    const them = await users.findOneByOrFail({ username: 'inbox-other' });
    const older = await digest(me.id, '2026-11-16');
    const newer = await digest(me.id, '2026-11-23');
    const theirs = await digest(them.id, '2026-11-23');

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/staff/notifications', ...mine });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 2, unread: 2, limit: 20, offset: 0 });
    expect(list.json().items.map((n: { id: number }) => n.id)).toEqual([newer.id, older.id]);
    expect(list.json().items[0]).toMatchObject({ kind: 'weekly_digest', periodStart: '2026-11-23', readAt: null });

    const read = await t.app.inject({ method: 'POST', url: `/api/v1/staff/notifications/${older.id}/read`, ...mine });
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/staff/notifications?limit=1', ...mine });
    expect(after.json()).toMatchObject({ total: 2, unread: 1 });
    expect(after.json().items).toHaveLength(1);

    const foreign = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/notifications/${theirs.id}/read`,
      ...mine,
    });
    expect(foreign.statusCode).toBe(404);
    const untouched = await t.app.inject({ method: 'GET', url: '/api/v1/staff/notifications', ...other });
    expect(untouched.json()).toMatchObject({ total: 1, unread: 1 });

    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/staff/notifications/abc/read', ...mine });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('id');
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/notifications/${newer.id}/read`,
      cookies: mine.cookies,
    });
    expect(noCsrf.statusCode).toBe(403);
    const paging = await t.app.inject({ method: 'GET', url: '/api/v1/staff/notifications?limit=0', ...mine });
    expect(paging.statusCode).toBe(400);
  });
});
