import { departmentId, fileReport } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

describe('GET /api/v1/staff/statistics: scoped like the queue', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
  const get = (who: Awaited<ReturnType<typeof staffSession>>, query: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/staff/statistics?${query}`, ...who });

  it('gives dispatchers every department and a department only its own', async () => {
    const sanitation = await departmentId(t, 'sanitation');
    const urban = await departmentId(t, 'urban_management');
    await fileReport(t, '小区门口垃圾桶满了三天没人清运');
    await fileReport(t, '人民路有游商摊贩占道经营');
    const dispatcher = await staffSession(t, 'stats-dispatcher', 'dispatcher', null);
    const cleaner = await staffSession(t, 'stats-cleaner', 'department_staff', sanitation);

    const all = await get(dispatcher, `from=${today}&to=${today}`);
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBe(2);
    const own = await get(cleaner, `from=${today}&to=${today}`);
    expect(own.json().total).toBe(1);
    expect(own.json().departments.map((d: { departmentId: number }) => d.departmentId)).toEqual([sanitation]);
    expect((await get(cleaner, `from=${today}&to=${today}&departmentId=${urban}`)).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/staff/statistics?from=${today}&to=${today}` })).statusCode,
    ).toBe(401);
  });

  it('names the field of a bad range', async () => {
    const dispatcher = await staffSession(t, 'stats-dispatcher-2', 'dispatcher', null);
    const reversed = await get(dispatcher, 'from=2026-12-07&to=2026-12-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.fields[0].field).toBe('to');
    expect((await get(dispatcher, 'from=2024-01-01&to=2026-12-01')).statusCode).toBe(400);
    const badDate = await get(dispatcher, 'from=2026-13-01&to=2026-12-01');
    expect(badDate.json().error.fields[0].field).toBe('from');
    expect((await get(dispatcher, 'from=2026-12-01&to=2026-12-07&interval=year')).json().error.fields[0].field).toBe(
      'interval',
    );
  });

  it('answers the parts apart, and together they make the whole answer', async () => {
    const dispatcher = await staffSession(t, 'stats-dispatcher-3', 'dispatcher', null);
    await fileReport(t, '菜市场门口的垃圾堆了好几天没人清运');
    const range = `from=${today}&to=${today}`;
    const whole = (await get(dispatcher, range)).json();
    const counts = (await get(dispatcher, `${range}&parts=counts`)).json();
    const durations = (await get(dispatcher, `${range}&parts=durations`)).json();
    const hotspots = (await get(dispatcher, `${range}&parts=hotspots`)).json();
    expect(whole.parts).toEqual(['counts', 'durations', 'hotspots']);
    expect(counts).toMatchObject({ parts: ['counts'], total: whole.total, departments: whole.departments });
    expect(counts.hotSpots.subcategories).toEqual([]);
    expect(durations).toMatchObject({ parts: ['durations'], hoursToAccept: whole.hoursToAccept, departments: [] });
    expect(hotspots).toMatchObject({ parts: ['hotspots'], hotSpots: whole.hotSpots, series: [] });
    expect(hotspots.hotSpots.subcategories.length).toBeGreaterThan(0);
    const bad = await get(dispatcher, `${range}&parts=counts,everything`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('parts');
  });
});
