import { escalateOverdue } from '../../src/services/escalation';
import { departmentId, fileReport } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

describe('queue tabs, overdue filter, sorting and the supervision board (controllable clock)', () => {
  let t: TestApp;
  // Monday 23 November 2026, 10:00 in Beijing; tests move the clock forward.
  let clock = new Date('2026-11-23T02:00:00Z');
  beforeAll(async () => {
    // Sessions must outlive the day the clock moves forward.
    t = await createTestApp({ SESSION_HOURS: '720' }, { now: () => clock });
  });
  afterAll(() => t.close());

  it('counts per tab, filters overdue reports, sorts by deadline, and shows leaders their late reports', async () => {
    const sanitation = await departmentId(t, 'sanitation');
    const urban = await departmentId(t, 'urban_management');
    const cleaner = await staffSession(t, 'board-cleaner', 'department_staff', sanitation);
    const leader = await staffSession(t, 'board-leader', 'leader', sanitation);
    const otherLeader = await staffSession(t, 'board-other-leader', 'leader', urban);
    const dispatcher = await staffSession(t, 'board-dispatcher', 'dispatcher', null);

    const early = await fileReport(t, '小区门口垃圾桶满了三天没人清运');
    clock = new Date('2026-11-23T06:00:00Z');
    const later = await fileReport(t, '菜市场后面的垃圾堆了好几天没人清运');
    const accepted = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${later.id}/actions`,
      payload: { action: 'accept' },
      ...cleaner,
    });
    expect(accepted.statusCode).toBe(200);

    const counts = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/staff/submissions/counts', ...cleaner })).json();
    expect(await counts()).toMatchObject({ total: 2, byStatus: { assigned: 1, accepted: 1 }, overdue: 0 });

    // Tuesday 11:00: the first report missed its accept deadline; the accepted one has not.
    clock = new Date('2026-11-24T03:00:00Z');
    expect(await counts()).toMatchObject({ total: 2, overdue: 1 });
    const overdue = await t.app.inject({ method: 'GET', url: '/api/v1/staff/submissions?overdue=true', ...cleaner });
    expect(overdue.json().items.map((i: { id: number }) => i.id)).toEqual([early.id]);
    expect(overdue.json().items[0]).toMatchObject({ overdue: true, overdueStage: null });
    const notOverdue = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/submissions?overdue=false',
      ...cleaner,
    });
    expect(notOverdue.json().items.map((i: { id: number }) => i.id)).toEqual([later.id]);

    const oldestFirst = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/submissions?sort=createdAt',
      ...cleaner,
    });
    expect(oldestFirst.json().items.map((i: { id: number }) => i.id)).toEqual([early.id, later.id]);
    const badSort = await t.app.inject({ method: 'GET', url: '/api/v1/staff/submissions?sort=password', ...cleaner });
    expect(badSort.statusCode).toBe(400);
    expect(badSort.json().error.fields[0].field).toBe('sort');

    await escalateOverdue(t.dataSource, clock);
    const board = await t.app.inject({ method: 'GET', url: '/api/v1/staff/supervision', ...leader });
    expect(board.statusCode).toBe(200);
    expect(board.json()).toMatchObject({ total: 1, byDepartment: [{ departmentId: sanitation, overdue: 1 }] });
    expect(board.json().items[0]).toMatchObject({ id: early.id, overdueStage: 'accept' });
    expect(board.json().items[0].escalatedAt).toBe(clock.toISOString());

    const elsewhere = await t.app.inject({ method: 'GET', url: '/api/v1/staff/supervision', ...otherLeader });
    expect(elsewhere.json().items.map((i: { id: number }) => i.id)).not.toContain(early.id);
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/staff/supervision', ...dispatcher });
    expect(all.json().items.map((i: { id: number }) => i.id)).toContain(early.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/supervision', ...cleaner })).statusCode).toBe(403);

    // Accepting late leaves the report off the board until its resolve deadline passes.
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${early.id}/actions`,
      payload: { action: 'accept' },
      ...cleaner,
    });
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/staff/supervision', ...leader });
    expect(after.json().total).toBe(0);
  });
});
