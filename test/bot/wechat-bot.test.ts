import { Attachment, Submission } from '../../src/db/entities';
import { phonePhoto } from '../support/images';
import { departmentId } from '../support/reports';
import { staffSession, StaffRequestParts } from '../support/staff-session';
import { TestApp, createTestApp, listenOnLoopback } from '../support/test-app';
import { MockWechat, startMockWechat } from '../support/wechat-mock';

const TOKEN = 'bot-token-0123456789abcdef0123';

describe('the WeChat bot on the real Wechaty (mock puppet) against the real portal', () => {
  let t: TestApp;
  let base: string;
  let portalUrl: string;
  let cleaner: StaffRequestParts;
  let dispatcher: StaffRequestParts;
  let wx: MockWechat;
  beforeAll(async () => {
    t = await createTestApp({ CHANNEL_SERVICE_TOKEN: TOKEN, SUBMISSION_RATE_LIMIT_MAX: '1000' });
    base = await listenOnLoopback(t);
    portalUrl = base;
    cleaner = await staffSession(t, 'bot-cleaner', 'department_staff', await departmentId(t, 'sanitation'));
    dispatcher = await staffSession(t, 'bot-dispatcher', 'dispatcher', null);
    wx = await startMockWechat({ portalUrl: () => portalUrl, token: TOKEN });
  }, 60_000);
  afterAll(async () => {
    await wx?.bot.stop();
    await t?.close();
  });

  const reportsOf = (contactId: string) =>
    t.dataSource.getRepository(Submission).find({ where: { submitterChannelId: contactId }, order: { id: 'ASC' } });
  const staff = (id: number, action: string, note?: string, who = cleaner) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${id}/actions`,
      payload: { action, ...(note ? { note } : {}) },
      ...who,
    });
  const heardSince = (from: number) => wx.heard.slice(from);
  const saysAndWaits = async (text: string, expected: RegExp) => {
    const from = wx.heard.length;
    wx.resident.say(text).to(wx.me);
    await wx.until(() => heardSince(from).some((line) => expected.test(line)), `the bot answered ${expected}`);
    return heardSince(from).find((line) => expected.test(line))!;
  };

  it('turns text, a photo and a location sent in three messages into one report and answers with its code', async () => {
    const before = wx.heard.length;
    wx.resident.say('幸福路菜市场北门的垃圾桶满了三天没人清运').to(wx.me);
    wx.resident.say(wx.photoOf(await phonePhoto({ lat: 30.27, lng: 120.15 }))).to(wx.me);
    wx.sendLocation();
    await wx.until(() => heardSince(before).some((line) => line.includes('查询编号')), 'the report was answered');
    const answer = heardSince(before).find((line) => line.includes('查询编号'))!;
    expect(answer).toContain('垃圾满溢');
    expect(answer).toContain('环卫中心');
    expect(answer).toMatch(/整改期限：/);

    const [report] = await reportsOf(wx.resident.id);
    expect(report).toMatchObject({
      channel: 'wechat',
      content: '幸福路菜市场北门的垃圾桶满了三天没人清运',
      submitterHandle: expect.stringMatching(/^cc-[a-z0-9]{10}$/),
    });
    expect(answer).toContain(report!.trackingCode);
    // The mock puppet's location: 东升乡人民政府, 成府路 45 号.
    expect([report!.lat, report!.lng]).toEqual([expect.closeTo(39.99512, 4), expect.closeTo(116.334154, 4)]);
    expect(report!.address).toContain('成府路');
    expect(await t.dataSource.getRepository(Attachment).countBy({ submissionId: report!.id })).toBe(1);
    // One answer, not the answer plus the same news again from the outbox.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(heardSince(before).filter((line) => line.includes(report!.trackingCode))).toHaveLength(1);
    // Info-level logs carry neither what residents wrote nor who they are.
    const info = wx.logLines.filter((line) => JSON.parse(line).level === 'info').join('\n');
    expect(info).not.toContain('幸福路');
    expect(info).not.toContain(wx.resident.id);
  }, 30_000);

  it("brings staff's status changes back into the chat", async () => {
    const [report] = await reportsOf(wx.resident.id);
    const from = wx.heard.length;
    expect((await staff(report!.id, 'accept')).statusCode).toBe(200);
    await wx.until(() => heardSince(from).some((line) => line.includes('承办单位已受理')), 'the update arrived');
    expect(heardSince(from).filter((line) => line.includes('承办单位已受理'))).toHaveLength(1);
    expect(heardSince(from)[0]).toContain(report!.trackingCode);
  }, 30_000);

  it('keeps updates while the bot is away and delivers them in order, once each, when it is back', async () => {
    const [report] = await reportsOf(wx.resident.id);
    await wx.bot.stop();
    expect((await staff(report!.id, 'start')).statusCode).toBe(200);
    expect((await staff(report!.id, 'resolve', '已清运并冲洗地面')).statusCode).toBe(200);
    const from = wx.heard.length;
    await wx.bot.start();
    await wx.login();
    await wx.until(() => heardSince(from).some((line) => line.includes('已清运并冲洗地面')), 'both updates arrived');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const updates = heardSince(from).filter((line) => line.includes(report!.trackingCode));
    expect(updates).toEqual([expect.stringContaining('整改中'), expect.stringContaining('已清运并冲洗地面')]);
  }, 40_000);

  it('answers 帮助, 查询, 我的, and takes 评价 and 未解决 after the fix', async () => {
    const [report] = await reportsOf(wx.resident.id);
    const code = report!.trackingCode;
    expect(await saysAndWaits('帮助', /脏.*乱|脏：/)).toContain('撤回');
    expect(await saysAndWaits(`查询\u3000${code.toLowerCase()}`, /已整改，待评价/)).toContain('评价');
    expect(await saysAndWaits('我的', /您最近的反映/)).toContain(code);
    expect(await saysAndWaits('评价', /打几分/)).toContain(code);
    expect(await saysAndWaits('未解决 还是很脏', /退回承办单位重新办理/)).toContain(code);
    expect((await t.dataSource.getRepository(Submission).findOneByOrFail({ id: report!.id })).status).toBe('reopened');
    // Fixed again, then rated well.
    await staff(report!.id, 'accept');
    await staff(report!.id, 'resolve', '已彻底清理');
    expect(await saysAndWaits(`评价 ${code} 5 很及时`, /感谢您的评价/)).toContain('已办结');
  }, 40_000);

  it('withdraws a report nobody has taken yet, and says why when it cannot', async () => {
    const from = wx.heard.length;
    wx.resident.say('谢谢你们，辛苦了').to(wx.me);
    await wx.until(() => heardSince(from).some((line) => line.includes('查询编号')), 'the thanks was filed');
    const thanks = (await reportsOf(wx.resident.id)).at(-1)!;
    expect(thanks.status).toBe('submitted');
    expect(await saysAndWaits(`撤回 ${thanks.trackingCode}`, /已撤回/)).toContain(thanks.trackingCode);
    const [first] = await reportsOf(wx.resident.id);
    expect(await saysAndWaits(`撤回 ${first!.trackingCode}`, /不能再撤回|抱歉/)).toBeDefined();
  }, 30_000);

  it('waits for a photo still uploading when the resident sends 提交 at once', async () => {
    const count = (await reportsOf(wx.resident.id)).length;
    const from = wx.heard.length;
    wx.resident.say('文化路口的人行道砖松动了好几块，容易绊倒人').to(wx.me);
    wx.resident.say(wx.photoOf(await phonePhoto({ lat: 30.31, lng: 120.21, width: 1600, height: 1200 }))).to(wx.me);
    wx.resident.say('提交').to(wx.me);
    await wx.until(() => heardSince(from).some((line) => line.includes('已收到您的反映，查询编号')), 'the report');
    const reports = await reportsOf(wx.resident.id);
    expect(reports).toHaveLength(count + 1);
    expect(await t.dataSource.getRepository(Attachment).countBy({ submissionId: reports.at(-1)!.id })).toBe(1);
  }, 30_000);

  it('prompts for words after a photo alone, and hints when a text is too short', async () => {
    expect(await saysAndWaits('脏', /内容有点少/)).toContain('4');
    const from = wx.heard.length;
    wx.resident.say(wx.photoOf(await phonePhoto({ lat: 30.3, lng: 120.2 }), 'IMG_0002.jpg')).to(wx.me);
    await wx.until(() => heardSince(from).some((line) => line.includes('请再用文字')), 'the bot asked for words');
    const count = (await reportsOf(wx.resident.id)).length;
    expect(await saysAndWaits('小区楼道里堆满了杂物', /查询编号/)).toContain('楼道');
    const reports = await reportsOf(wx.resident.id);
    expect(reports).toHaveLength(count + 1);
    expect(await t.dataSource.getRepository(Attachment).countBy({ submissionId: reports.at(-1)!.id })).toBe(1);
  }, 30_000);

  it('ignores group chatter unless the bot is mentioned, and a message delivered twice', async () => {
    const room = wx.mocker.createRoom({ topic: '幸福小区业主群', memberIdList: [wx.me.id, wx.resident.id] });
    const count = (await reportsOf(wx.resident.id)).length;
    wx.resident.say('今天天气不错，楼下垃圾桶也满了').to(room);
    await new Promise((resolve) => setTimeout(resolve, 1800));
    expect(await reportsOf(wx.resident.id)).toHaveLength(count);

    const before = wx.heard.length;
    wx.resident.say('@创城信箱 小区门口有人占道经营卖水果', [wx.me]).to(room);
    await wx.until(async () => (await reportsOf(wx.resident.id)).length === count + 1, 'the mention was filed');
    // The code goes to the resident privately, not into the group.
    await wx.until(() => heardSince(before).some((line) => line.includes('查询编号')), 'the private answer');

    const from = wx.heard.length;
    wx.sendTwice('帮助');
    await wx.until(() => heardSince(from).length > 0, 'help arrived');
    // An hour-old message replayed at log-in is not answered either.
    wx.sendOld('帮助', 3600);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(heardSince(from).filter((line) => line.includes('常用指令'))).toHaveLength(1);
  }, 30_000);

  it('keeps a report while the portal is down, tells the resident, and files it once it is back', async () => {
    portalUrl = 'http://127.0.0.1:9';
    const count = (await reportsOf(wx.resident.id)).length;
    const from = wx.heard.length;
    wx.resident.say('人民路口的共享单车乱停，挡住了盲道').to(wx.me);
    await wx.until(() => heardSince(from).some((line) => line.includes('系统暂时繁忙')), 'the resident was told');
    expect(await reportsOf(wx.resident.id)).toHaveLength(count);
    portalUrl = base;
    await wx.until(
      () => heardSince(from).some((line) => line.includes('已收到您的反映，查询编号')),
      'the report was filed later',
    );
    const reports = await reportsOf(wx.resident.id);
    expect(reports).toHaveLength(count + 1);
    expect(reports.at(-1)!.content).toContain('共享单车');
  }, 40_000);

  it('asks a contact who floods it to slow down, once', async () => {
    // Another resident, so the others' allowance is untouched.
    const flooder = wx.mocker.createContact({ name: '刷屏的人' });
    const heard: string[] = [];
    flooder.on('message', (message) => {
      if (message.talker().id === wx.me.id) heard.push(message.text() ?? '');
    });
    for (let i = 0; i < 45; i += 1) flooder.say('帮助').to(wx.me);
    await wx.until(() => heard.some((line) => line.includes('稍等一分钟')), 'the bot asked to slow down');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(heard.filter((line) => line.includes('稍等一分钟'))).toHaveLength(1);
    expect(heard.filter((line) => line.includes('常用指令'))).toHaveLength(40);
  }, 30_000);

  it('marks a resident it can find neither by id nor by remark as unreachable, for staff to see', async () => {
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: { content: '小区门口垃圾桶满了', channel: 'wechat', submitter: { id: 'wxid_left_long_ago' } },
    });
    const id = (
      await t.dataSource.getRepository(Submission).findOneByOrFail({ trackingCode: filed.json().trackingCode })
    ).id;
    await staff(id, 'accept');
    await wx.until(
      async () => (await t.dataSource.getRepository(Submission).findOneByOrFail({ id })).channelUnreachableAt !== null,
      'the resident was marked unreachable',
    );
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${id}`, ...dispatcher });
    expect(detail.json().channelUnreachableAt).toEqual(expect.any(String));
  }, 30_000);
});
