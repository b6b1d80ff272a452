import { OutboxMessage } from '../../src/db/entities';
import { multipart, phonePhoto } from '../support/images';
import { departmentId, fileReport, reachableOnWechat } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

type Parts = Awaited<ReturnType<typeof staffSession>>;

describe('staff work on a report: merge, 协办, notes and replies, supervision, extensions', () => {
  let t: TestApp;
  let sanitation: number;
  let urban: number;
  let housing: number;
  let dispatcher: Parts;
  let cleaner: Parts;
  let enforcer: Parts;
  beforeAll(async () => {
    t = await createTestApp();
    sanitation = await departmentId(t, 'sanitation');
    urban = await departmentId(t, 'urban_management');
    housing = await departmentId(t, 'housing');
    dispatcher = await staffSession(t, 'work-dispatcher', 'dispatcher', null);
    cleaner = await staffSession(t, 'work-cleaner', 'department_staff', sanitation);
    enforcer = await staffSession(t, 'work-enforcer', 'department_staff', urban);
  });
  afterAll(() => t.close());

  const post = (who: Parts, url: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/staff/submissions${url}`, payload, ...who });
  const get = (who: Parts, url: string) => t.app.inject({ method: 'GET', url, ...who });
  const garbage = () => fileReport(t, '小区门口垃圾桶满了三天没人清运，臭味很大');

  it('merges a duplicate: its resident follows the survivor on the tracking page and on WeChat', async () => {
    const survivor = await garbage();
    const duplicate = await garbage();
    await reachableOnWechat(t, duplicate.id, 'wxid_duplicate');

    const self = await post(dispatcher, `/${duplicate.id}/merge`, { targetId: duplicate.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().error.fields[0].field).toBe('targetId');
    const byStaff = await post(cleaner, `/${duplicate.id}/merge`, { targetId: survivor.id });
    expect(byStaff.statusCode).toBe(403);
    const viaActions = await post(dispatcher, `/${duplicate.id}/actions`, { action: 'merge' });
    expect(viaActions.statusCode).toBe(400);

    const merged = await post(dispatcher, `/${duplicate.id}/merge`, { targetId: survivor.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ status: 'duplicate', mergedInto: { id: survivor.id } });
    const again = await post(dispatcher, `/${duplicate.id}/merge`, { targetId: survivor.id });
    expect(again.statusCode).toBe(409);

    // The survivor moves on; the duplicate's resident hears of it.
    const accepted = await post(cleaner, `/${survivor.id}/actions`, { action: 'accept' });
    expect(accepted.statusCode).toBe(200);
    const outbox = await t.dataSource.getRepository(OutboxMessage).findBy({ recipient: 'wxid_duplicate' });
    expect(outbox.map((m) => m.payload.status)).toEqual(['duplicate', 'accepted']);
    expect(outbox[1]!.payload).toMatchObject({ trackingCode: duplicate.trackingCode });
    // The survivor's code would let the duplicate's resident rate someone else's report.
    expect(JSON.stringify(outbox.map((m) => m.payload))).not.toContain(survivor.trackingCode);

    // The department's photo of the survivor reaches the duplicate's resident under their own code.
    const form = multipart([
      { name: 'kind', value: 'before_photo' },
      {
        name: 'file',
        value: await phonePhoto({ lat: 30.27, lng: 120.15 }),
        filename: 'before.jpg',
        type: 'image/jpeg',
      },
    ]);
    const photo = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${survivor.id}/photos`,
      cookies: cleaner.cookies,
      headers: { ...cleaner.headers, ...form.headers },
      payload: form.payload,
    });
    expect(photo.statusCode).toBe(201);

    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${duplicate.trackingCode}` });
    expect(tracked.json()).toMatchObject({ status: 'duplicate', mergedInto: { status: 'accepted' } });
    expect(tracked.body).not.toContain(survivor.trackingCode);
    const [shown] = tracked.json().mergedInto.photos;
    expect(shown).toMatchObject({ kind: 'before_photo', url: expect.stringContaining(duplicate.trackingCode) });
    const served = await t.app.inject({ method: 'GET', url: shown.thumbnailUrl });
    expect([served.statusCode, served.headers['content-type']]).toEqual([200, 'image/jpeg']);
    // A code reaches only its own report's photos and those of the report it follows.
    const bystander = await garbage();
    const elsewhere = await t.app.inject({
      method: 'GET',
      url: `/api/v1/submissions/${bystander.trackingCode}/photos/${shown.id}`,
    });
    expect(elsewhere.statusCode).toBe(404);
    const survivorView = await get(dispatcher, `/api/v1/staff/submissions/${survivor.id}`);
    expect(survivorView.json().followers).toBe(1);
  });

  it('shows the public who acted by department (the dispatch office for dispatchers), never by name', async () => {
    const report = await garbage();
    const accepted = await post(cleaner, `/${report.id}/actions`, { action: 'accept' });
    expect(accepted.statusCode).toBe(200);
    const other = await garbage();
    const rejected = await post(dispatcher, `/${other.id}/actions`, { action: 'reject', note: '重复反映，已另案处理' });
    expect(rejected.statusCode).toBe(200);

    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${report.trackingCode}` });
    expect(tracked.json().timeline.map((e: { toStatus: string; actor: string }) => [e.toStatus, e.actor])).toEqual(
      expect.arrayContaining([['accepted', '环卫中心']]),
    );
    const refused = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${other.trackingCode}` });
    expect(refused.json().timeline.at(-1)).toMatchObject({ toStatus: 'rejected', actor: '创城办' });
    for (const page of [tracked.body, refused.body]) {
      expect(page).not.toMatch(/work-cleaner|work-dispatcher/);
    }
  });

  it('lets 协办 departments see a report and add notes, but not change it or answer the resident', async () => {
    const report = await fileReport(t, '小区门口垃圾桶满了三天没人清运', { contact: { phone: '13912345678' } });
    const bad = await post(dispatcher, `/${report.id}/supporting-departments`, { departmentIds: [999999] });
    expect(bad.statusCode).toBe(400);
    const lead = await post(dispatcher, `/${report.id}/supporting-departments`, { departmentIds: [sanitation] });
    expect(lead.json().error.fields[0].rule).toBe('notLead');
    const byStaff = await post(cleaner, `/${report.id}/supporting-departments`, { departmentIds: [urban] });
    expect(byStaff.statusCode).toBe(403);

    expect((await get(enforcer, `/api/v1/staff/submissions/${report.id}`)).statusCode).toBe(404);
    const set = await post(dispatcher, `/${report.id}/supporting-departments`, { departmentIds: [urban, housing] });
    expect(set.statusCode).toBe(200);
    expect(
      set
        .json()
        .supportingDepartments.map((d: { id: number }) => d.id)
        .sort(),
    ).toEqual([urban, housing].sort());

    const queue = await get(enforcer, '/api/v1/staff/submissions?limit=100');
    expect(queue.json().items.map((i: { id: number }) => i.id)).toContain(report.id);
    const detail = await get(enforcer, `/api/v1/staff/submissions/${report.id}`);
    expect(detail.json()).toMatchObject({ relation: 'supporting', allowedActions: [] });
    expect(detail.json().contact.phone).toBe('139****5678');

    const note = await post(enforcer, `/${report.id}/notes`, { body: '城管已安排巡查' });
    expect(note.statusCode).toBe(201);
    expect(note.json().timeline.at(-1)).toMatchObject({
      type: 'note',
      note: '城管已安排巡查',
      visibleToResident: false,
    });
    expect((await post(enforcer, `/${report.id}/actions`, { action: 'accept' })).statusCode).toBe(403);
    expect((await post(enforcer, `/${report.id}/replies`, { body: '已处理' })).statusCode).toBe(403);
    expect((await post(enforcer, `/${report.id}/extensions`, { hours: 8, reason: '需要协调' })).statusCode).toBe(403);
  });

  it('sends public replies to the resident and keeps internal notes internal', async () => {
    const report = await garbage();
    await reachableOnWechat(t, report.id, 'wxid_reply');
    const templates = await get(cleaner, '/api/v1/staff/reply-templates?category=dirty&status=in_progress');
    expect(templates.statusCode).toBe(200);
    const titles = templates.json().items.map((i: { title: string }) => i.title);
    expect(titles).toEqual(expect.arrayContaining(['环境卫生已清理', '需要补充信息']));
    expect(titles).not.toContain('秩序问题已劝导');

    const empty = await post(cleaner, `/${report.id}/replies`, { body: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields[0].field).toBe('body');
    const reply = await post(cleaner, `/${report.id}/replies`, { body: '已安排清运，今天下班前完成', templateId: 1 });
    expect(reply.statusCode).toBe(201);
    await post(cleaner, `/${report.id}/notes`, { body: '司机请假，明早补运' });

    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${report.trackingCode}` });
    const notes = tracked.json().timeline.map((e: { note: string }) => e.note);
    expect(notes).toContain('已安排清运，今天下班前完成');
    expect(notes).not.toContain('司机请假，明早补运');
    const outbox = await t.dataSource.getRepository(OutboxMessage).findBy({ recipient: 'wxid_reply' });
    expect(outbox.map((m) => m.payload.text)).toEqual([expect.stringContaining('已安排清运，今天下班前完成')]);
  });

  it('gives leaders every department they cover, and only leaders write supervision notes', async () => {
    const inSanitation = await garbage();
    const inUrban = await fileReport(t, '人民路有游商摊贩占道经营，堵住了人行道');
    const inHousing = await fileReport(t, '小区物业不作为，楼道堆满杂物');
    const leader = await staffSession(t, 'work-leader', 'leader', sanitation, [urban]);
    const me = await get(leader, '/api/v1/auth/me');
    expect(me.json().user.departmentIds.sort()).toEqual([sanitation, urban].sort());

    const queue = await get(leader, '/api/v1/staff/submissions?limit=100');
    const ids = queue.json().items.map((i: { id: number }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([inSanitation.id, inUrban.id]));
    if (inHousing.department !== 'sanitation' && inHousing.department !== 'urban_management') {
      expect(ids).not.toContain(inHousing.id);
    }

    const supervised = await post(leader, `/${inUrban.id}/supervision`, { body: '请三日内办结并反馈' });
    expect(supervised.statusCode).toBe(201);
    expect(supervised.json().timeline.at(-1)).toMatchObject({ type: 'supervision', visibleToResident: false });
    expect((await post(cleaner, `/${inSanitation.id}/supervision`, { body: '督办' })).statusCode).toBe(403);
    expect((await post(dispatcher, `/${inSanitation.id}/supervision`, { body: '督办' })).statusCode).toBe(403);
  });

  it('handles an extension: asked by the lead department, decided once by the leader, deadline moved', async () => {
    const report = await garbage();
    const before = (await get(cleaner, `/api/v1/staff/submissions/${report.id}`)).json();
    const invalid = await post(cleaner, `/${report.id}/extensions`, { hours: 0, reason: '' });
    expect(invalid.statusCode).toBe(400);
    expect(
      invalid
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['hours', 'reason']);

    const asked = await post(cleaner, `/${report.id}/extensions`, { hours: 24, reason: '需要协调物业，周末无法施工' });
    expect(asked.statusCode).toBe(201);
    expect(asked.json()).toMatchObject({ status: 'pending', hours: 24 });
    expect((await post(cleaner, `/${report.id}/extensions`, { hours: 8, reason: '再申请' })).statusCode).toBe(409);

    const otherLeader = await staffSession(t, 'ext-other-leader', 'leader', urban);
    const decision = (who: Parts, approve: boolean) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/extensions/${asked.json().id}/decision`,
        payload: { approve, note: '同意' },
        ...who,
      });
    expect((await decision(otherLeader, true)).statusCode).toBe(404);
    expect((await decision(cleaner, true)).statusCode).toBe(403);
    const pending = await get(dispatcher, '/api/v1/staff/extensions');
    expect(pending.json().items.map((i: { id: number }) => i.id)).toContain(asked.json().id);

    const leader = await staffSession(t, 'ext-leader', 'leader', sanitation);
    const approved = await decision(leader, true);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: 'ext-leader' });
    expect((await decision(dispatcher, false)).statusCode).toBe(409);

    const after = (await get(cleaner, `/api/v1/staff/submissions/${report.id}`)).json();
    expect(new Date(after.resolveDeadline).getTime()).toBeGreaterThan(new Date(before.resolveDeadline).getTime());
    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${report.trackingCode}` });
    expect(tracked.json().timeline.at(-1)).toMatchObject({ type: 'extension' });
    expect(tracked.json().timeline.at(-1).note).toContain('延长至');
  });

  it('refuses an extension for a report that is no longer being worked on', async () => {
    const report = await garbage();
    await post(cleaner, `/${report.id}/actions`, { action: 'accept' });
    await post(cleaner, `/${report.id}/actions`, { action: 'resolve', note: '已清运' });
    const asked = await post(cleaner, `/${report.id}/extensions`, { hours: 8, reason: '补充' });
    expect(asked.statusCode).toBe(409);
  });
});
