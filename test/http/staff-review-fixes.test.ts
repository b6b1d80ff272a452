import { AuditEntry, Submission, TimelineEvent } from '../../src/db/entities';
import { escalateOverdue } from '../../src/services/escalation';
import { departmentId, fileReport } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

type Parts = Awaited<ReturnType<typeof staffSession>>;

describe('staff work after review: extensions, scope under the lock, masked answers, limits on input', () => {
  let t: TestApp;
  // Monday 23 November 2026, 10:00 in Beijing; the escalation test moves the clock forward.
  let clock = new Date('2026-11-23T02:00:00Z');
  let sanitation: number;
  let urban: number;
  let housing: number;
  let dispatcher: Parts;
  let cleaner: Parts;
  let enforcer: Parts;
  let leader: Parts;
  let admin: Parts;
  beforeAll(async () => {
    // Sessions must outlive the days the clock moves forward.
    t = await createTestApp({ SESSION_HOURS: '720' }, { now: () => clock });
    sanitation = await departmentId(t, 'sanitation');
    urban = await departmentId(t, 'urban_management');
    housing = await departmentId(t, 'housing');
    dispatcher = await staffSession(t, 'fix-dispatcher', 'dispatcher', null);
    cleaner = await staffSession(t, 'fix-cleaner', 'department_staff', sanitation);
    enforcer = await staffSession(t, 'fix-enforcer', 'department_staff', urban);
    leader = await staffSession(t, 'fix-leader', 'leader', sanitation);
    admin = await staffSession(t, 'fix-admin', 'admin', null);
  });
  afterAll(() => t.close());

  const post = (who: Parts, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/staff${url}`, payload, ...who });
  const get = (who: Parts, url: string) => t.app.inject({ method: 'GET', url: `/api/v1/staff${url}`, ...who });
  const admin$ = (url: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/admin${url}`, payload, ...admin });
  const garbage = (fields: Record<string, unknown> = {}) =>
    fileReport(t, '小区门口垃圾桶满了三天没人清运，臭味很大', fields);
  const ask = (who: Parts, id: number) =>
    post(who, `/submissions/${id}/extensions`, { hours: 8, reason: '需要协调物业，周末无法施工' });
  const decide = (who: Parts, extensionId: number, approve = true) =>
    post(who, `/extensions/${extensionId}/decision`, { approve });
  const fieldOf = (response: { json(): { error: { fields: { field: string }[] } } }) =>
    response.json().error.fields.map((f) => f.field);

  it('refuses to decide an extension once the report is resolved or merged', async () => {
    const resolved = await garbage();
    expect((await post(cleaner, `/submissions/${resolved.id}/actions`, { action: 'accept' })).statusCode).toBe(200);
    const asked = await ask(cleaner, resolved.id);
    expect(asked.statusCode).toBe(201);
    const done = await post(cleaner, `/submissions/${resolved.id}/actions`, { action: 'resolve', note: '已清运' });
    expect(done.statusCode).toBe(200);
    const late = await decide(leader, asked.json().id);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain('不在办理中');

    const duplicate = await garbage();
    const survivor = await garbage();
    const askedToo = await ask(cleaner, duplicate.id);
    expect(askedToo.statusCode).toBe(201);
    expect((await post(dispatcher, `/submissions/${duplicate.id}/merge`, { targetId: survivor.id })).statusCode).toBe(
      200,
    );
    expect((await decide(dispatcher, askedToo.json().id)).statusCode).toBe(409);
  });

  it('lets the request of the old lead department lapse on reassignment, so it neither counts nor blocks', async () => {
    const report = await garbage();
    const asked = await ask(cleaner, report.id);
    expect(asked.statusCode).toBe(201);
    const moved = await post(dispatcher, `/submissions/${report.id}/department`, { departmentId: urban });
    expect(moved.statusCode).toBe(200);

    expect((await decide(dispatcher, asked.json().id)).statusCode).toBe(409);
    const askedAgain = await ask(enforcer, report.id);
    expect(askedAgain.statusCode).toBe(201);
    const detail = (await get(dispatcher, `/submissions/${report.id}`)).json();
    const statuses = Object.fromEntries(
      detail.extensions.map((e: { id: number; status: string }) => [e.id, e.status] as const),
    );
    expect(statuses).toEqual({ [asked.json().id]: 'refused', [askedAgain.json().id]: 'pending' });
    expect((await decide(dispatcher, askedAgain.json().id)).statusCode).toBe(200);
  });

  it('never lets anyone decide their own extension request', async () => {
    const report = await garbage();
    const asked = await ask(leader, report.id);
    expect(asked.statusCode).toBe(201);
    const own = await decide(leader, asked.json().id);
    expect(own.statusCode).toBe(403);
    expect(own.json().error.message).toContain('自己');
    expect((await decide(dispatcher, asked.json().id)).statusCode).toBe(200);
  });

  it('refuses the old department every change once the report was reassigned', async () => {
    const report = await garbage();
    expect((await post(dispatcher, `/submissions/${report.id}/department`, { departmentId: urban })).statusCode).toBe(
      200,
    );
    expect((await post(cleaner, `/submissions/${report.id}/actions`, { action: 'accept' })).statusCode).toBe(404);
    expect((await post(cleaner, `/submissions/${report.id}/replies`, { body: '已处理' })).statusCode).toBe(404);
    expect((await post(cleaner, `/submissions/${report.id}/notes`, { body: '备注' })).statusCode).toBe(404);
    expect((await ask(cleaner, report.id)).statusCode).toBe(404);
    expect((await post(enforcer, `/submissions/${report.id}/actions`, { action: 'accept' })).statusCode).toBe(200);
  });

  it('still refuses an action on a version other than the one the member of staff saw', async () => {
    const report = await garbage();
    const { version } = (await get(cleaner, `/submissions/${report.id}`)).json();
    const stale = await post(cleaner, `/submissions/${report.id}/actions`, { action: 'accept', version: version + 1 });
    expect(stale.statusCode).toBe(409);
    const fresh = await post(cleaner, `/submissions/${report.id}/actions`, { action: 'accept', version });
    expect(fresh.statusCode).toBe(200);
  });

  it('masks the phone in answers to changes and records a reveal only for the detail view', async () => {
    const report = await garbage({ contact: { phone: '13912345678' } });
    const reveals = () =>
      t.dataSource.getRepository(AuditEntry).countBy({ action: 'phone.reveal', targetId: report.id });
    const note = await post(cleaner, `/submissions/${report.id}/notes`, { body: '已联系物业' });
    expect(note.statusCode).toBe(201);
    expect(note.json().contact.phone).toBe('139****5678');
    const accepted = await post(cleaner, `/submissions/${report.id}/actions`, { action: 'accept' });
    expect(accepted.json().contact.phone).toContain('****');
    expect(await reveals()).toBe(0);

    const detail = await get(cleaner, `/submissions/${report.id}`);
    expect(detail.json().contact.phone).toBe('13912345678');
    expect(await reveals()).toBe(1);
  });

  it('merges only into a report that is still open', async () => {
    const survivor = await garbage();
    await post(cleaner, `/submissions/${survivor.id}/actions`, { action: 'accept' });
    await post(cleaner, `/submissions/${survivor.id}/actions`, { action: 'resolve', note: '已清运' });
    const duplicate = await garbage();
    const merged = await post(dispatcher, `/submissions/${duplicate.id}/merge`, { targetId: survivor.id });
    expect(merged.statusCode).toBe(400);
    expect(fieldOf(merged)).toEqual(['targetId']);
    expect(merged.json().error.message).toContain('不能作为合并目标');
  });

  it('takes the new lead department off the 协办 list', async () => {
    const report = await garbage();
    const set = await post(dispatcher, `/submissions/${report.id}/supporting-departments`, {
      departmentIds: [urban, housing],
    });
    expect(set.statusCode).toBe(200);
    const moved = await post(dispatcher, `/submissions/${report.id}/department`, { departmentId: urban });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().department.id).toBe(urban);
    expect(moved.json().supportingDepartments.map((d: { id: number }) => d.id)).toEqual([housing]);
    const enforcerView = await get(enforcer, `/submissions/${report.id}`);
    expect(enforcerView.json().relation).toBe('lead');
  });

  it('answers ids and offsets too large for the database with 400 naming the field', async () => {
    const report = await garbage();
    const huge = 99_999_999_999;
    const cases = [
      [await get(dispatcher, `/submissions?departmentId=${huge}`), 'departmentId'],
      [await get(dispatcher, `/submissions/counts?departmentId=${huge}`), 'departmentId'],
      [await get(dispatcher, '/submissions?offset=1e21'), 'offset'],
      [await get(admin, '/audit?offset=1e21'), 'offset'],
      [await post(dispatcher, `/submissions/${report.id}/merge`, { targetId: huge }), 'targetId'],
      [await post(dispatcher, `/submissions/${report.id}/department`, { departmentId: huge }), 'departmentId'],
      [
        await post(dispatcher, `/submissions/${report.id}/supporting-departments`, { departmentIds: [huge] }),
        'departmentIds',
      ],
      [await post(cleaner, `/submissions/${report.id}/replies`, { body: '已处理', templateId: huge }), 'templateId'],
      [
        await admin$('/staff', {
          username: 'huge-dept',
          displayName: '超大',
          role: 'department_staff',
          password: 'long-enough-pw',
          departmentId: huge,
        }),
        'departmentId',
      ],
      [
        await admin$('/staff', {
          username: 'huge-cover',
          displayName: '超大',
          role: 'leader',
          password: 'long-enough-pw',
          departmentId: sanitation,
          departmentIds: [huge],
        }),
        'departmentIds',
      ],
      [await admin$('/routing-rules', { category: 'dirty', departmentId: huge }), 'departmentId'],
    ] as const;
    for (const [response, field] of cases) {
      expect({ status: response.statusCode, fields: fieldOf(response) }).toEqual({ status: 400, fields: [field] });
    }
  });

  it('drops NUL characters from staff and admin text instead of failing in the database', async () => {
    const report = await garbage();
    expect((await get(cleaner, '/submissions?q=%00')).statusCode).toBe(200);
    expect((await get(cleaner, '/submissions/counts?q=%00')).statusCode).toBe(200);
    const note = await post(cleaner, `/submissions/${report.id}/notes`, { body: 'a\u0000b' });
    expect(note.statusCode).toBe(201);
    expect(note.json().timeline.at(-1).note).toBe('ab');
    expect((await post(cleaner, `/submissions/${report.id}/replies`, { body: '已\u0000处理' })).statusCode).toBe(201);
    const asked = await post(cleaner, `/submissions/${report.id}/extensions`, { hours: 8, reason: '协调\u0000物业' });
    expect(asked.statusCode).toBe(201);
    expect(asked.json().reason).toBe('协调物业');
    expect(
      (await post(leader, `/extensions/${asked.json().id}/decision`, { approve: false, note: '不\u0000同意' }))
        .statusCode,
    ).toBe(200);
    expect(
      (await post(cleaner, `/submissions/${report.id}/actions`, { action: 'accept', note: '受\u0000理' })).statusCode,
    ).toBe(200);

    const department = await admin$('/departments', {
      code: 'nul_test',
      name: '测试\u0000单位',
      leaderName: '王\u0000',
    });
    expect(department.statusCode).toBe(201);
    expect(department.json()).toMatchObject({ name: '测试单位', leaderName: '王' });
    const account = await admin$('/staff', {
      username: 'nul-user',
      displayName: '张\u0000三',
      role: 'dispatcher',
      password: 'long-enough-pw',
    });
    expect(account.statusCode).toBe(201);
    const template = await admin$('/reply-templates', { title: '模\u0000板', body: '内\u0000容' });
    expect(template.statusCode).toBe(201);
    expect(template.json()).toMatchObject({ title: '模板', body: '内容' });
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'fix-\u0000cleaner', password: 'wrong-password' },
    });
    expect(login.statusCode).toBe(401);
    const rule = await admin$('/routing-rules', { category: 'dirty', departmentId: sanitation, keyword: '垃\u0000圾' });
    expect(rule.statusCode).toBe(201);
  });

  it('answers two simultaneous creations of one user name or department code with 201 and 400, not 500', async () => {
    const account = () =>
      admin$('/staff', { username: 'twin', displayName: '双胞胎', role: 'dispatcher', password: 'long-enough-pw' });
    const accounts = await Promise.all([account(), account(), account()]);
    expect(accounts.map((r) => r.statusCode).sort()).toEqual([201, 400, 400]);
    for (const refused of accounts.filter((r) => r.statusCode === 400)) {
      expect(fieldOf(refused)).toEqual(['username']);
      expect(refused.json().error.message).toContain('用户名已被使用');
    }

    const department = () => admin$('/departments', { code: 'twin_dept', name: '双胞胎单位' });
    const departments = await Promise.all([department(), department(), department(), department()]);
    expect(departments.map((r) => r.statusCode).sort()).toEqual([201, 400, 400, 400]);
    for (const refused of departments.filter((r) => r.statusCode === 400)) expect(fieldOf(refused)).toEqual(['code']);
  });

  // Last: it moves the clock forward.
  it('keeps a report still waiting for acceptance escalated for that stage after an extension', async () => {
    const report = await garbage();
    const submissions = t.dataSource.getRepository(Submission);
    const filed = await submissions.findOneByOrFail({ id: report.id });
    expect(filed.status).toBe('assigned');
    const escalations = () =>
      t.dataSource.getRepository(TimelineEvent).countBy({ submissionId: report.id, type: 'escalation' });

    // Both deadlines missed, never accepted: the job escalates the resolve stage.
    clock = new Date(filed.resolveDeadline.getTime() + 60_000);
    await escalateOverdue(t.dataSource, clock);
    expect((await submissions.findOneByOrFail({ id: report.id })).overdueStage).toBe('resolve');
    expect(await escalations()).toBe(1);

    const asked = await ask(cleaner, report.id);
    expect(asked.statusCode).toBe(201);
    expect((await decide(leader, asked.json().id)).statusCode).toBe(200);
    const extended = await submissions.findOneByOrFail({ id: report.id });
    expect(extended.resolveDeadline.getTime()).toBeGreaterThan(clock.getTime());
    expect(extended.overdueStage).toBe('accept');

    // The accept stage was escalated already: the next round leaves the report alone.
    clock = new Date(clock.getTime() + 60_000);
    await escalateOverdue(t.dataSource, clock);
    expect(await escalations()).toBe(1);
  });
});
