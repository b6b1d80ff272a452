import { fileReport, reachableOnWechat } from '../support/reports';
import { outboxRows, queueReply } from '../support/outbox';
import { TestApp, createTestApp } from '../support/test-app';

interface ChannelMessage {
  id: number;
  recipient: string;
  text: string;
  attempt: number;
}

const TOKEN = 'bot-token-0123456789abcdef0123';
const auth = { authorization: `Bearer ${TOKEN}` };

describe('the channel API: a channel client fetches, acknowledges and reports failed updates', () => {
  let t: TestApp;
  let clock: Date;
  beforeAll(async () => {
    clock = new Date('2026-12-01T02:00:00Z');
    t = await createTestApp(
      { CHANNEL_SERVICE_TOKEN: TOKEN, OUTBOX_LEASE_SECONDS: '60', OUTBOX_RETRY_BASE_SECONDS: '30' },
      { now: () => clock },
    );
  });
  afterAll(() => t.close());

  const later = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
  const fetchMessages = (query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/channels/wechat/messages${query}`, headers: auth });
  const ack = (id: number) =>
    t.app.inject({ method: 'POST', url: `/api/v1/channels/wechat/messages/${id}/ack`, headers: auth });
  const fail = (id: number, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/channels/wechat/messages/${id}/failure`, headers: auth, payload });

  /** A WeChat resident's report with one update waiting for them. */
  const wechatResident = async (contact: string, reply = '已安排清运') => {
    const report = await fileReport(t, '小区门口垃圾桶满了三天没人清运');
    await reachableOnWechat(t, report.id, contact);
    await queueReply(t, report.id, reply, clock);
    return report;
  };
  /** Only this test's messages: earlier tests may have left theirs. */
  const mine = (body: { messages: ChannelMessage[] }, contact: string) =>
    body.messages.filter((m) => m.recipient === contact);

  it('refuses a missing or wrong token, an unknown channel and bad parameters', async () => {
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/channels/wechat/messages' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthenticated');
    const wrong = await t.app.inject({
      method: 'GET',
      url: '/api/v1/channels/wechat/messages',
      headers: { authorization: 'Bearer not-the-token' },
    });
    expect(wrong.statusCode).toBe(401);
    const sms = await t.app.inject({ method: 'GET', url: '/api/v1/channels/sms/messages', headers: auth });
    expect(sms.statusCode).toBe(404);
    expect(sms.json().error.message).toContain('wechat');
    const badWait = await fetchMessages('?wait=99');
    expect(badWait.statusCode).toBe(400);
    expect(badWait.json().error.fields[0].field).toBe('wait');
    const badId = await ack(0);
    expect(badId.json().error.fields[0].field).toBe('id');
    const noReason = await fail(1, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields[0].field).toBe('error');
    expect((await ack(999_999)).statusCode).toBe(404);
  });

  it('hands a message to one client at a time, and acknowledging it twice is harmless', async () => {
    const report = await wechatResident('wxid_ack');
    const first = mine((await fetchMessages()).json(), 'wxid_ack');
    expect(first).toEqual([
      expect.objectContaining({
        trackingCode: report.trackingCode,
        text: expect.stringContaining('已安排清运'),
        attempt: 1,
        status: 'assigned',
      }),
    ]);
    expect(first[0]!.text).toContain(report.trackingCode);
    // Leased: a second client asking now does not get it too.
    expect(mine((await fetchMessages()).json(), 'wxid_ack')).toEqual([]);

    const done = await ack(first[0]!.id);
    expect(done.json()).toEqual({ id: first[0]!.id, state: 'sent', alreadyAcknowledged: false });
    expect((await ack(first[0]!.id)).json().alreadyAcknowledged).toBe(true);
    const [row] = await outboxRows(t, { recipient: 'wxid_ack' });
    expect(row).toMatchObject({ state: 'sent', attempts: 1 });
    expect(row!.sentAt).toEqual(clock);

    // Delivered means gone from the queue, even after the lease would have run out.
    later(120);
    expect(mine((await fetchMessages()).json(), 'wxid_ack')).toEqual([]);
  });

  it('offers a message again, with the same id, when the client never confirmed it', async () => {
    await wechatResident('wxid_crash');
    const [lost] = mine((await fetchMessages()).json(), 'wxid_crash');
    later(59);
    expect(mine((await fetchMessages()).json(), 'wxid_crash')).toEqual([]);
    later(2);
    const [again] = mine((await fetchMessages()).json(), 'wxid_crash');
    expect(again).toMatchObject({ id: lost!.id, attempt: 2 });
    await ack(again!.id);
  });

  it('retries a failed delivery with a doubling delay and keeps the last error', async () => {
    await wechatResident('wxid_retry');
    const [message] = mine((await fetchMessages()).json(), 'wxid_retry');
    const firstFailure = await fail(message!.id, { error: '联系人暂时无法找到' });
    expect(firstFailure.json()).toEqual({
      id: message!.id,
      state: 'pending',
      nextAttemptAt: new Date(clock.getTime() + 30_000).toISOString(),
    });
    later(29);
    expect(mine((await fetchMessages()).json(), 'wxid_retry')).toEqual([]);
    later(2);
    const [second] = mine((await fetchMessages()).json(), 'wxid_retry');
    expect(second).toMatchObject({ id: message!.id, attempt: 2 });
    const secondFailure = await fail(message!.id, { error: 'send timeout' });
    expect(new Date(secondFailure.json().nextAttemptAt).getTime() - clock.getTime()).toBe(60_000);
    const [row] = await outboxRows(t, { recipient: 'wxid_retry' });
    expect(row).toMatchObject({ state: 'pending', attempts: 2, lastError: 'send timeout' });
    later(61);
    const [third] = mine((await fetchMessages()).json(), 'wxid_retry');
    expect(third).toMatchObject({ id: message!.id, attempt: 3 });
    await ack(third!.id);
    expect((await outboxRows(t, { recipient: 'wxid_retry' }))[0]).toMatchObject({ state: 'sent', attempts: 3 });
  });

  it('ignores a failure reported for an attempt that another client has since taken over', async () => {
    await wechatResident('wxid_fence');
    const [first] = mine((await fetchMessages()).json(), 'wxid_fence');
    later(61); // the first client's lease runs out; a second client takes the message
    const [second] = mine((await fetchMessages()).json(), 'wxid_fence');
    expect(second).toMatchObject({ id: first!.id, attempt: 2 });
    const late = await fail(first!.id, { error: 'timeout', attempt: 1, permanent: true });
    expect(late.json()).toMatchObject({ state: 'pending' });
    expect((await outboxRows(t, { recipient: 'wxid_fence' }))[0]).toMatchObject({ state: 'pending', lastError: null });
    await ack(second!.id);
    // Failing a delivered message changes nothing either.
    expect((await fail(first!.id, { error: 'late' })).json()).toMatchObject({ state: 'sent' });
  });

  it('parks a message that can never be delivered without deleting it', async () => {
    await wechatResident('wxid_gone');
    const [message] = mine((await fetchMessages()).json(), 'wxid_gone');
    const parked = await fail(message!.id, { error: '联系人已删除', permanent: true });
    expect(parked.json()).toMatchObject({ state: 'failed', nextAttemptAt: null });
    later(7200);
    expect(mine((await fetchMessages()).json(), 'wxid_gone')).toEqual([]);
    expect(await outboxRows(t, { recipient: 'wxid_gone' })).toEqual([
      expect.objectContaining({ state: 'failed', lastError: '联系人已删除' }),
    ]);
    expect((await fail(message!.id, { error: 'again' })).json()).toMatchObject({ state: 'failed' });
  });

  it("delivers one resident's updates in order, one at a time, while other residents' go alongside", async () => {
    const report = await wechatResident('wxid_order', '第一条答复');
    await queueReply(t, report.id, '第二条答复', clock);
    await wechatResident('wxid_other', '别人的答复');
    const batch = (await fetchMessages()).json();
    const ordered = mine(batch, 'wxid_order');
    expect(ordered.map((m) => m.text)).toEqual([expect.stringContaining('第一条答复')]);
    expect(mine(batch, 'wxid_other')).toHaveLength(1);
    await ack(ordered[0]!.id);
    const next = mine((await fetchMessages()).json(), 'wxid_order');
    expect(next.map((m) => m.text)).toEqual([expect.stringContaining('第二条答复')]);
    await ack(next[0]!.id);
    await ack(mine(batch, 'wxid_other')[0]!.id);
  });

  it('waits for a message when asked to (long poll) and answers as soon as one is queued', async () => {
    const report = await fileReport(t, '人民路有游商摆摊占道经营');
    await reachableOnWechat(t, report.id, 'wxid_wait');
    const waiting = fetchMessages('?wait=10');
    await new Promise((resolve) => setTimeout(resolve, 700));
    await queueReply(t, report.id, '执法队员已到场', clock);
    const answer = await waiting;
    expect(answer.statusCode).toBe(200);
    expect(mine(answer.json(), 'wxid_wait').map((m) => m.text)).toEqual([expect.stringContaining('执法队员已到场')]);
  }, 15_000);
});

describe('the channel API without a token configured', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('is off and says which setting turns it on', async () => {
    const off = await t.app.inject({ method: 'GET', url: '/api/v1/channels/wechat/messages', headers: auth });
    expect(off.statusCode).toBe(503);
    expect(off.json().error).toMatchObject({ code: 'channel_api_disabled' });
    expect(off.json().error.message).toContain('CHANNEL_SERVICE_TOKEN');
  });
});
