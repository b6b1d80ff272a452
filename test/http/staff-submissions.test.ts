import { Department } from '../../src/db/entities';
import type { StaffRole } from '../../src/db/entities/staff-user.entity';
import { staffSession } from '../support/staff-session';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

describe('staff queue, detail and actions, scoped by role', () => {
  let t: TestApp;
  let sanitation: number;
  let urban: number;
  beforeAll(async () => {
    t = await createTestApp();
    const departments = t.dataSource.getRepository(Department);
    sanitation = (await departments.findOneByOrFail({ code: 'sanitation' })).id;
    urban = (await departments.findOneByOrFail({ code: 'urban_management' })).id;
  });
  afterAll(() => t.close());

  const session = (username: string, role: StaffRole, departmentId: number | null) =>
    staffSession(t, username, role, departmentId);

  async function report(content: string, phone = '13912345678') {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ content, contact: { phone } }),
    });
    const id = (
      await t.dataSource.query('SELECT id FROM submission WHERE tracking_code = $1', [created.json().trackingCode])
    )[0].id;
    return { id: id as number, department: created.json().department.code as string };
  }

  it('shows department staff only their department, and dispatchers everything', async () => {
    const garbage = await report('小区门口垃圾桶满了三天没人清运');
    const vendor = await report('人民路有游商摊贩占道经营');
    expect([garbage.department, vendor.department]).toEqual(['sanitation', 'urban_management']);

    const cleaner = await session('cleaner1', 'department_staff', sanitation);
    const queue = await t.app.inject({ method: 'GET', url: '/api/v1/staff/submissions?limit=100', ...cleaner });
    expect(queue.statusCode).toBe(200);
    const ids = queue.json().items.map((i: { id: number }) => i.id);
    expect(ids).toContain(garbage.id);
    expect(ids).not.toContain(vendor.id);

    const outside = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${vendor.id}`, ...cleaner });
    expect(outside.statusCode).toBe(404);
    const act = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${vendor.id}/actions`,
      payload: { action: 'accept' },
      ...cleaner,
    });
    expect(act.statusCode).toBe(404);

    const dispatcher = await session('dispatcher1', 'dispatcher', null);
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/staff/submissions?limit=100', ...dispatcher });
    expect(all.json().items.map((i: { id: number }) => i.id)).toEqual(expect.arrayContaining([garbage.id, vendor.id]));
  });

  it('shows the phone in full only to the owning department', async () => {
    const garbage = await report('公园门口垃圾箱满了没人管', '13700001111');
    const owner = await session('cleaner2', 'department_staff', sanitation);
    const dispatcher = await session('dispatcher2', 'dispatcher', null);
    const byOwner = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${garbage.id}`, ...owner });
    const byDispatcher = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/submissions/${garbage.id}`,
      ...dispatcher,
    });
    expect(byOwner.json().contact.phone).toBe('13700001111');
    expect(byDispatcher.json().contact.phone).toBe('137****1111');
  });

  it('lets the department accept, refuses a forbidden move and a stale version, and needs the CSRF token', async () => {
    const garbage = await report('菜鸟驿站旁边的垃圾桶满出来了');
    const staff = await session('cleaner3', 'department_staff', sanitation);
    const detail = (
      await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${garbage.id}`, ...staff })
    ).json();
    expect(detail.allowedActions).toEqual(['accept', 'return']);
    const url = `/api/v1/staff/submissions/${garbage.id}/actions`;

    const noCsrf = await t.app.inject({ method: 'POST', url, payload: { action: 'accept' }, cookies: staff.cookies });
    expect(noCsrf.statusCode).toBe(403);
    const forbidden = await t.app.inject({ method: 'POST', url, payload: { action: 'close' }, ...staff });
    expect(forbidden.statusCode).toBe(409);
    expect(forbidden.json().error.code).toBe('invalid_transition');

    const accepted = await t.app.inject({
      method: 'POST',
      url,
      payload: { action: 'accept', version: detail.version },
      ...staff,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', allowedActions: ['start', 'return', 'resolve'] });

    const stale = await t.app.inject({
      method: 'POST',
      url,
      payload: { action: 'start', version: detail.version },
      ...staff,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('stale_version');

    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${detail.trackingCode}` });
    expect(tracked.json().status).toBe('accepted');
  });

  it('filters the queue and validates its parameters', async () => {
    const dispatcher = await session('dispatcher3', 'dispatcher', null);
    const filtered = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/submissions?category=disorder&departmentId=${urban}&limit=5`,
      ...dispatcher,
    });
    expect(filtered.statusCode).toBe(200);
    expect(filtered.json().items.every((i: { category: string }) => i.category === 'disorder')).toBe(true);
    for (const bad of ['limit=1000', 'needsReview=maybe', 'status=done', 'from=yesterday']) {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions?${bad}`, ...dispatcher });
      expect(response.statusCode).toBe(400);
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/submissions' })).statusCode).toBe(401);
  });

  it('narrows the queue to a subcategory and a channel (the dashboard drills down with them)', async () => {
    const dispatcher = await session('dispatcher4', 'dispatcher', null);
    const web = await report('建设路人行道的地砖碎了好几块，走路容易崴脚');
    const wechat = await report('建设路人行道地砖又翘起来一片，请尽快修补');
    await t.dataSource.query(`UPDATE submission SET channel = 'wechat' WHERE id = $1`, [wechat.id]);
    const [{ subcategory }] = await t.dataSource.query('SELECT subcategory FROM submission WHERE id = $1', [web.id]);
    const ids = async (query: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions?${query}`, ...dispatcher });
      expect(response.statusCode).toBe(200);
      return response.json().items.map((i: { id: number }) => i.id) as number[];
    };
    const sameSubcategory = await ids(`subcategory=${subcategory}&limit=100`);
    expect(sameSubcategory).toEqual(expect.arrayContaining([web.id, wechat.id]));
    const subcategories = await t.dataSource.query('SELECT DISTINCT subcategory FROM submission WHERE id = ANY($1)', [
      sameSubcategory,
    ]);
    expect(subcategories).toEqual([{ subcategory }]);
    const byWechat = await ids(`subcategory=${subcategory}&channel=wechat&limit=100`);
    expect(byWechat).toContain(wechat.id);
    expect(byWechat).not.toContain(web.id);
    const counts = await t.app.inject({
      method: 'GET',
      url: `/api/v1/staff/submissions/counts?subcategory=${subcategory}&channel=wechat`,
      ...dispatcher,
    });
    expect(counts.json().total).toBe(byWechat.length);
    for (const bad of ['subcategory=nonsense', 'channel=fax']) {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions?${bad}`, ...dispatcher });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.fields[0].field).toBe(bad.split('=')[0]);
    }
  });
});
