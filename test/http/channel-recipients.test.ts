import { Submission } from '../../src/db/entities';
import { outboxRows, queueReply } from '../support/outbox';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

const TOKEN = 'bot-token-0123456789abcdef0123';
const bot = { authorization: `Bearer ${TOKEN}` };

describe('channel clients: reports on behalf of a contact, ids that change, "my reports", withdrawal', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CHANNEL_SERVICE_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  const submit = (fields: Record<string, unknown>, headers: Record<string, string> = bot) =>
    t.app.inject({ method: 'POST', url: '/api/v1/submissions', headers, payload: aSubmission(fields) });
  const byCode = (trackingCode: string) => t.dataSource.getRepository(Submission).findOneByOrFail({ trackingCode });

  it('takes who sent a report only from a channel client', async () => {
    const anyone = await submit({ channel: 'wechat', submitter: { id: 'wxid_victim' } }, {});
    expect(anyone.statusCode).toBe(403);
    expect(anyone.json().error.message).toContain('渠道令牌');
    const wrong = await submit(
      { channel: 'wechat', submitter: { id: 'wxid_victim' } },
      { authorization: 'Bearer nope' },
    );
    expect(wrong.statusCode).toBe(403);
    const bad = await submit({ channel: 'wechat', submitter: { id: 'has space' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('submitter.id');

    const sent = await submit({ channel: 'wechat', submitter: { id: 'wxid_a1', handle: '创城-7f3a9c' } });
    expect(sent.statusCode).toBe(201);
    const report = await byCode(sent.json().trackingCode);
    expect([report.channel, report.submitterChannelId, report.submitterHandle]).toEqual([
      'wechat',
      'wxid_a1',
      '创城-7f3a9c',
    ]);
    const rows = await outboxRows(t, { recipient: 'wxid_a1' });
    // Kept, but already told: the bot answers the new report itself.
    expect(rows.map((r) => [r.channel, r.payload.status, r.payload.recipientHandle, r.state])).toEqual([
      ['wechat', 'submitted', '创城-7f3a9c', 'sent'],
      ['wechat', 'assigned', '创城-7f3a9c', 'sent'],
    ]);
  });

  it("moves a contact's reports and waiting updates to its new id, found by its handle", async () => {
    const first = (await submit({ channel: 'wechat', submitter: { id: 'wxid_old', handle: '创城-moving' } })).json();
    const second = (
      await submit({
        channel: 'wechat',
        submitter: { id: 'wxid_old', handle: '创城-moving' },
        content: '人民路有游商摆摊',
      })
    ).json();
    await queueReply(t, (await byCode(first.trackingCode)).id, '已安排清运');

    const moved = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/channels/wechat/handles/${encodeURIComponent('创城-moving')}`,
      headers: bot,
      payload: { id: 'wxid_new' },
    });
    expect(moved.statusCode).toBe(200);
    // The reply is still waiting; the first updates were already told by the bot itself.
    expect(moved.json()).toMatchObject({ reports: 2, pendingUpdates: 1 });
    expect((await byCode(second.trackingCode)).submitterChannelId).toBe('wxid_new');
    expect(await outboxRows(t, { recipient: 'wxid_old', state: 'pending' })).toEqual([]);
    expect(await outboxRows(t, { recipient: 'wxid_new' })).toEqual([
      expect.objectContaining({
        state: 'pending',
        payload: expect.objectContaining({ text: expect.stringContaining('已安排清运') }),
      }),
    ]);

    const anonymous = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/channels/wechat/handles/x',
      payload: { id: 'wxid_new' },
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('marks a resident the bot cannot find as unreachable, for staff to see', async () => {
    const sent = (await submit({ channel: 'wechat', submitter: { id: 'wxid_gone', handle: '创城-gone' } })).json();
    await queueReply(t, (await byCode(sent.trackingCode)).id, '已安排清运');
    const fetched = await t.app.inject({
      method: 'GET',
      url: '/api/v1/channels/wechat/messages?limit=100',
      headers: bot,
    });
    const mine = fetched.json().messages.filter((m: { recipient: string }) => m.recipient === 'wxid_gone');
    expect(mine[0]).toMatchObject({ recipientHandle: '创城-gone' });
    const failed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/channels/wechat/messages/${mine[0].id}/failure`,
      headers: bot,
      payload: { error: 'contact not found by id or alias', unreachable: true },
    });
    expect(failed.json()).toMatchObject({ state: 'failed' });
    expect((await byCode(sent.trackingCode)).channelUnreachableAt).toBeInstanceOf(Date);

    // Found again later under a new id: the parked update goes out after all.
    await t.app.inject({
      method: 'PUT',
      url: `/api/v1/channels/wechat/handles/${encodeURIComponent('创城-gone')}`,
      headers: bot,
      payload: { id: 'wxid_back' },
    });
    expect((await byCode(sent.trackingCode)).channelUnreachableAt).toBeNull();
    const again = await t.app.inject({
      method: 'GET',
      url: '/api/v1/channels/wechat/messages?limit=100',
      headers: bot,
    });
    expect(again.json().messages.filter((m: { recipient: string }) => m.recipient === 'wxid_back')).toEqual([
      expect.objectContaining({ id: mine[0].id, text: expect.stringContaining('已安排清运') }),
    ]);
  });

  it("lists a contact's own recent reports and lets them withdraw one nobody has taken yet", async () => {
    const thanks = (
      await submit({ channel: 'wechat', submitter: { id: 'wxid_mine' }, content: '感谢你们的辛勤工作，辛苦了' })
    ).json();
    expect(thanks.status).toBe('submitted');
    const routed = (await submit({ channel: 'wechat', submitter: { id: 'wxid_mine' } })).json();
    await submit({ channel: 'wechat', submitter: { id: 'wxid_someone_else' } });

    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/channels/wechat/recipients/wxid_mine/submissions',
      headers: bot,
    });
    expect(mine.json().items.map((i: { trackingCode: string }) => i.trackingCode)).toEqual([
      routed.trackingCode,
      thanks.trackingCode,
    ]);
    expect(mine.json().items[0]).toMatchObject({
      statusLabel: expect.any(String),
      department: { name: expect.any(String) },
    });

    const withdraw = (recipient: string, code: string) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/channels/wechat/recipients/${recipient}/submissions/${code}/withdrawal`,
        headers: bot,
      });
    expect((await withdraw('wxid_someone_else', thanks.trackingCode)).statusCode).toBe(404);
    const taken = await withdraw('wxid_mine', routed.trackingCode);
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.message).toContain('不能再撤回');
    const done = await withdraw('wxid_mine', thanks.trackingCode);
    expect(done.json()).toMatchObject({ status: 'withdrawn', statusLabel: '群众已撤回' });
    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${thanks.trackingCode}` });
    expect(tracked.json().timeline.at(-1)).toMatchObject({ toStatus: 'withdrawn', actor: '群众' });
  });
});

describe('per-address limits and channel clients', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CHANNEL_SERVICE_TOKEN: TOKEN, SUBMISSION_RATE_LIMIT_MAX: '2' });
  });
  afterAll(() => t.close());

  it('do not make all WeChat residents share the bot’s address', async () => {
    const submit = (headers: Record<string, string>) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        headers,
        payload: aSubmission({ channel: 'wechat' }),
      });
    for (let i = 0; i < 4; i += 1) expect((await submit(bot)).statusCode).toBe(201);
    expect((await submit({})).statusCode).toBe(201);
    expect((await submit({})).statusCode).toBe(201);
    expect((await submit({})).statusCode).toBe(429);
  });
});
