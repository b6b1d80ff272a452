import { departmentId } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

type Parts = Awaited<ReturnType<typeof staffSession>>;

describe('administration: staff accounts, departments, routing rules, reply templates', () => {
  let t: TestApp;
  let admin: Parts;
  let dispatcher: Parts;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await staffSession(t, 'root-admin', 'admin', null);
    dispatcher = await staffSession(t, 'adm-dispatcher', 'dispatcher', null);
  });
  afterAll(() => t.close());

  const call = (who: Parts | undefined, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1/admin${url}`, ...(payload ? { payload } : {}), ...(who ?? {}) });
  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });

  it('creates accounts (a leader covering two departments) that can log in, and validates them', async () => {
    const sanitation = await departmentId(t, 'sanitation');
    const urban = await departmentId(t, 'urban_management');
    const invalid = await call(admin, 'POST', '/staff', {
      username: 'x',
      displayName: '',
      role: 'boss',
      password: 'short',
    });
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['displayName', 'password', 'role', 'username']);
    const homeless = await call(admin, 'POST', '/staff', {
      username: 'no-dept',
      displayName: '无单位',
      role: 'department_staff',
      password: 'long-enough-pw',
    });
    expect(homeless.statusCode).toBe(400);
    expect(homeless.json().error.fields[0].field).toBe('departmentId');

    const created = await call(admin, 'POST', '/staff', {
      username: 'leader-wang',
      displayName: '王局长',
      role: 'leader',
      password: 'long-enough-pw',
      departmentId: sanitation,
      departmentIds: [urban],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ username: 'leader-wang', role: 'leader', departmentIds: [urban] });
    expect(created.json()).not.toHaveProperty('passwordHash');
    const duplicate = await call(admin, 'POST', '/staff', {
      username: 'leader-wang',
      displayName: '另一个',
      role: 'dispatcher',
      password: 'long-enough-pw',
    });
    expect(duplicate.json().error.fields[0]).toMatchObject({ field: 'username', rule: 'unique' });

    const loggedIn = await login('leader-wang', 'long-enough-pw');
    expect(loggedIn.statusCode).toBe(200);
    expect(loggedIn.json().user.departmentIds.sort()).toEqual([sanitation, urban].sort());

    const list = await call(admin, 'GET', '/staff');
    expect(list.json().items.map((u: { username: string }) => u.username)).toContain('leader-wang');
  });

  it('resets a password or deactivates an account and ends its sessions at once', async () => {
    const sanitation = await departmentId(t, 'sanitation');
    const worker = await call(admin, 'POST', '/staff', {
      username: 'worker-li',
      displayName: '李师傅',
      role: 'department_staff',
      password: 'first-password',
      departmentId: sanitation,
    });
    const session = await login('worker-li', 'first-password');
    const cookie = { cc_session: session.cookies.find((c) => c.name === 'cc_session')!.value };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: cookie })).statusCode).toBe(200);

    const reset = await call(admin, 'PATCH', `/staff/${worker.json().id}`, { password: 'second-password' });
    expect(reset.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: cookie })).statusCode).toBe(401);
    expect((await login('worker-li', 'first-password')).statusCode).toBe(401);
    expect((await login('worker-li', 'second-password')).statusCode).toBe(200);

    await call(admin, 'PATCH', `/staff/${worker.json().id}`, { active: false });
    expect((await login('worker-li', 'second-password')).statusCode).toBe(401);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', ...admin });
    const selfDemote = await call(admin, 'PATCH', `/staff/${me.json().user.id}`, { role: 'dispatcher' });
    expect(selfDemote.statusCode).toBe(400);
    expect((await call(admin, 'PATCH', '/staff/999999', { active: false })).statusCode).toBe(400);
  });

  it('manages departments and routing rules, and new reports follow the new rule', async () => {
    const bad = await call(admin, 'POST', '/departments', { code: 'Bad Code', name: '' });
    expect(bad.statusCode).toBe(400);
    const parks = await call(admin, 'POST', '/departments', {
      code: 'parks',
      name: '园林绿化中心',
      leaderName: '赵主任',
    });
    expect(parks.statusCode).toBe(201);
    const taken = await call(admin, 'POST', '/departments', { code: 'parks', name: '重复' });
    expect(taken.json().error.fields[0]).toMatchObject({ field: 'code', rule: 'unique' });
    const renamed = await call(admin, 'PATCH', `/departments/${parks.json().id}`, { name: '园林中心' });
    expect(renamed.json()).toMatchObject({ name: '园林中心', code: 'parks' });
    const catalogue = await t.app.inject({ method: 'GET', url: '/api/v1/departments' });
    expect(JSON.stringify(catalogue.json())).toContain('园林中心');

    const wrongPair = await call(admin, 'POST', '/routing-rules', {
      category: 'dirty',
      subcategory: 'street_vendor',
      departmentId: parks.json().id,
    });
    expect(wrongPair.statusCode).toBe(400);
    const parkReport = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        payload: { content: '人民公园里垃圾很多，好几天没人打扫', channel: 'web' },
      });
    // Routing data is kept in memory for a few seconds: this one is read before the rule exists.
    expect((await parkReport()).json().department.name).not.toBe('园林中心');
    const rule = await call(admin, 'POST', '/routing-rules', {
      category: 'dirty',
      keyword: '公园',
      departmentId: parks.json().id,
      resolveWithinHours: 48,
    });
    expect(rule.statusCode).toBe(201);
    expect((await parkReport()).json().department.name).toBe('园林中心');

    const disabled = await call(admin, 'PATCH', `/routing-rules/${rule.json().id}`, { enabled: false });
    expect(disabled.json().enabled).toBe(false);
    expect((await parkReport()).json().department.name).not.toBe('园林中心');
    expect((await call(admin, 'DELETE', `/routing-rules/${rule.json().id}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/routing-rules/${rule.json().id}`)).statusCode).toBe(404);
    const rules = await call(admin, 'GET', '/routing-rules');
    expect(rules.json().items.map((r: { id: number }) => r.id)).not.toContain(rule.json().id);
  });

  it('manages reply templates that staff then see for the matching category and status', async () => {
    const created = await call(admin, 'POST', '/reply-templates', {
      title: '共享单车已清理',
      body: '您好，乱停放的共享单车已清理归位。',
      category: 'disorder',
      status: 'in_progress',
    });
    expect(created.statusCode).toBe(201);
    const wrong = await call(admin, 'POST', '/reply-templates', { title: 'x', body: 'y', status: 'flying' });
    expect(wrong.json().error.fields[0].field).toBe('status');
    const forDisorder = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/reply-templates?category=disorder&status=in_progress',
      ...dispatcher,
    });
    expect(forDisorder.json().items.map((i: { title: string }) => i.title)).toContain('共享单车已清理');
    await call(admin, 'PATCH', `/reply-templates/${created.json().id}`, { active: false });
    const hidden = await t.app.inject({
      method: 'GET',
      url: '/api/v1/staff/reply-templates?category=disorder',
      ...dispatcher,
    });
    expect(hidden.json().items.map((i: { title: string }) => i.title)).not.toContain('共享单车已清理');
    expect((await call(admin, 'DELETE', `/reply-templates/${created.json().id}`)).statusCode).toBe(204);
  });

  it('keeps every administration endpoint to admins and records changes in the audit log', async () => {
    expect((await call(dispatcher, 'GET', '/staff')).statusCode).toBe(403);
    expect((await call(dispatcher, 'POST', '/departments', { code: 'x1', name: 'x' })).statusCode).toBe(403);
    expect((await call(undefined, 'GET', '/routing-rules')).statusCode).toBe(401);
    const audit = await t.app.inject({ method: 'GET', url: '/api/v1/staff/audit?limit=100', ...admin });
    const actions = audit.json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'admin.staff.create',
        'admin.staff.update',
        'admin.department.create',
        'admin.routing_rule.delete',
      ]),
    );
    const update = audit
      .json()
      .items.find((i: { action: string; details: { password?: string } }) => i.details.password);
    expect(update.details.password).toBe('(changed)');
  });
});
