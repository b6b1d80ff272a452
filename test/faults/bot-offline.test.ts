import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WechatyBuilder, log } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { BotConfig } from '../../bots/wechat/config';
import { jsonLog } from '../../bots/wechat/log';
import { createMailboxBot, type MailboxBot } from '../../bots/wechat/mailbox-bot';
import { OutboxMessage, Submission, TimelineEvent } from '../../src/db/entities';
import { retryDelaySeconds } from '../../src/domain/outbox/backoff';
import { staffSession, StaffRequestParts } from '../support/staff-session';
import { TestApp, createTestApp, listenOnLoopback } from '../support/test-app';

/**
 * Fault: the bot's channel is unreachable for hours. Its residents' updates must wait in the
 * outbox and arrive, once each and in order per resident, when the channel is back — whether the
 * bot process was gone altogether or was up while WeChat refused to send.
 */

const TOKEN = 'bot-token-0123456789abcdef0123';
const HOUR = 3600;
// A lease unlike any backoff step (30·2ⁿ s), so a row's schedule tells "claimed" from "failed".
const LEASE_SECONDS = 600;
const RETRY_BASE_SECONDS = 30;
const RETRY_MAX_SECONDS = 3600;

// Wechaty's own warnings (the mock cannot keep remarks) would only clutter the test output.
log.level('silent');

/** A resident's WeChat account: the same across bot restarts, as a real account would be. */
interface Resident {
  readonly id: string;
  readonly name: string;
  /** What the bot's account said to them, over every bot instance, in the order it arrived. */
  readonly heard: string[];
}

/** One bot process: its own Wechaty, mock puppet and mock WeChat, all new, under one config. */
interface RunningBot {
  readonly bot: MailboxBot;
  /** The bot's own WeChat account, for residents to write to. */
  readonly account: mock.ContactMock;
  contactOf(resident: Resident): mock.ContactMock;
  stop(): Promise<void>;
}

/** How the resident hears of each action: its status label, then staff's note. */
const ANNOUNCED: Record<NonNullable<Step['action']>, string> = {
  accept: '承办单位已受理',
  start: '整改中',
  resolve: '已整改，待评价',
};

interface Step {
  readonly resident: Resident;
  /** Hours on the portal's clock since the step before. */
  readonly after: number;
  readonly action?: 'accept' | 'start' | 'resolve';
  readonly note?: string;
  readonly reply?: string;
}

describe("the bot's channel unreachable for hours", () => {
  let t: TestApp;
  let base: string;
  let clock: Date;
  let stateDir: string;
  const botLog: string[] = [];
  const running = new Set<RunningBot>();
  /** Off: WeChat's servers refuse whatever the bot's account tries to send. */
  const wechat = { accepting: true };
  const me = { id: 'wxid_mailbox_bot', name: '创城信箱' };

  beforeAll(async () => {
    clock = new Date('2026-12-01T01:00:00Z');
    t = await createTestApp(
      {
        CHANNEL_SERVICE_TOKEN: TOKEN,
        OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
        OUTBOX_RETRY_BASE_SECONDS: String(RETRY_BASE_SECONDS),
        OUTBOX_RETRY_MAX_SECONDS: String(RETRY_MAX_SECONDS),
      },
      { now: () => clock },
    );
    base = await listenOnLoopback(t);
    stateDir = mkdtempSync(path.join(os.tmpdir(), 'cc-bot-offline-'));
  }, 30_000);
  afterEach(async () => {
    wechat.accepting = true;
    for (const bot of [...running]) await bot.stop();
  });
  afterAll(async () => {
    await t?.close();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  const later = (hours: number) => (clock = new Date(clock.getTime() + hours * HOUR * 1000));
  const config: () => BotConfig = () => ({
    portalUrl: base,
    channelToken: TOKEN,
    puppet: 'wechaty-puppet-mock',
    puppetToken: undefined,
    collectSeconds: 1,
    minTextLength: 4,
    ratePerMinute: 40,
    maxMessageAgeSeconds: 300,
    stateDir,
    retrySeconds: 1,
    // The mock puppet never says its contact list is loaded.
    readyFallbackSeconds: 0,
    name: 'bot-offline',
  });

  const until = async (condition: () => boolean | Promise<boolean>, what: string, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting until ${what}; the bot logged:\n${botLog.slice(-15).join('\n')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  async function startBot(residents: readonly Resident[]): Promise<RunningBot> {
    // A mocker serves one puppet only: a new process meets WeChat anew, with the same account ids.
    const mocker = new mock.Mocker();
    const puppet = new PuppetMock({ mocker });
    const send = puppet.messageSendText.bind(puppet);
    puppet.messageSendText = async (...args: Parameters<PuppetMock['messageSendText']>) => {
      if (!wechat.accepting) throw new Error('WeChat unreachable: connection timed out');
      return send(...args);
    };
    const wechaty = WechatyBuilder.build({ puppet, name: `bot-offline-${Date.now()}-${Math.random()}` });
    const bot = createMailboxBot({
      wechaty,
      config: config(),
      log: jsonLog('debug', (line) => botLog.push(line)),
      portalUrl: () => base,
    });
    await bot.start();
    const account = mocker.createContact({ id: me.id, name: me.name });
    const contacts = new Map<string, mock.ContactMock>();
    for (const resident of residents) {
      const contact = mocker.createContact({ id: resident.id, name: resident.name });
      contact.on('message', (message) => {
        if (message.talker().id === me.id) resident.heard.push(message.text() ?? '');
      });
      contacts.set(resident.id, contact);
    }
    let loggedIn = false;
    wechaty.once('login', () => {
      loggedIn = true;
    });
    mocker.login(account);
    await until(() => loggedIn, 'the bot logged in');
    let stopped = false;
    const handle: RunningBot = {
      bot,
      account,
      contactOf: (resident) => contacts.get(resident.id)!,
      async stop() {
        if (stopped) return;
        stopped = true;
        running.delete(handle);
        await bot.stop();
      },
    };
    running.add(handle);
    return handle;
  }

  /** The resident writes to the bot and gets their tracking code back: the report as stored. */
  async function report(bot: RunningBot, resident: Resident, text: string): Promise<Submission> {
    const from = resident.heard.length;
    bot.contactOf(resident).say(text).to(bot.account);
    await until(
      () => resident.heard.slice(from).some((line) => line.includes('查询编号')),
      `${resident.name} got a tracking code`,
    );
    const filed = await t.dataSource.getRepository(Submission).findOneByOrFail({ submitterChannelId: resident.id });
    // Routed straight to a department, so its staff can act at once.
    expect(filed.status).toBe('assigned');
    return filed;
  }

  const staffUsers = new Set<string>();
  /** A department's member of staff, logged in afresh: a session lasts 12 hours of the portal's clock. */
  const staffOf = async (submission: Submission): Promise<StaffRequestParts> => {
    const username = `offline-staff-${submission.departmentId}`;
    if (!staffUsers.has(username)) {
      staffUsers.add(username);
      return staffSession(t, username, 'department_staff', submission.departmentId);
    }
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username, password: 'correct-horse-1' },
    });
    return {
      cookies: { cc_session: login.cookies.find((cookie) => cookie.name === 'cc_session')!.value },
      headers: { 'x-csrf-token': login.json().csrfToken as string },
    };
  };

  /**
   * Staff work through the steps, the portal's clock moving on by hours before each, and return
   * the text each resident should receive, in the order the steps happened.
   */
  async function staffWork(
    reports: ReadonlyMap<Resident, Submission>,
    steps: readonly Step[],
    afterEachStep: () => Promise<void> = async () => undefined,
  ): Promise<Map<Resident, string[]>> {
    const expected = new Map<Resident, string[]>([...reports.keys()].map((resident) => [resident, []]));
    for (const step of steps) {
      const submission = reports.get(step.resident)!;
      later(step.after);
      const who = await staffOf(submission);
      const answer = step.reply
        ? await t.app.inject({
            method: 'POST',
            url: `/api/v1/staff/submissions/${submission.id}/replies`,
            payload: { body: step.reply },
            ...who,
          })
        : await t.app.inject({
            method: 'POST',
            url: `/api/v1/staff/submissions/${submission.id}/actions`,
            payload: { action: step.action, ...(step.note ? { note: step.note } : {}) },
            ...who,
          });
      expect([200, 201]).toContain(answer.statusCode);
      const news = step.reply ? `有新的答复：${step.reply}` : `${ANNOUNCED[step.action!]}。${step.note ?? ''}`;
      expected.get(step.resident)!.push(`【创城信箱】您的反映（编号 ${submission.trackingCode}）${news}`);
      await afterEachStep();
    }
    return expected;
  }

  /** A resident's WeChat updates written after `since`, in timeline order (moment, then event id). */
  const updatesInTimelineOrder = (resident: Resident, since: Date): Promise<OutboxMessage[]> =>
    t.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('o')
      .innerJoin(TimelineEvent, 'e', 'e.id = o.eventId')
      .where("o.channel = 'wechat' AND o.recipient = :recipient AND e.createdAt > :since", {
        recipient: resident.id,
        since,
      })
      .orderBy('e.createdAt', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();

  const allSent = async (residents: readonly Resident[], since: Date) => {
    for (const resident of residents) {
      if ((await updatesInTimelineOrder(resident, since)).some((row) => row.state !== 'sent')) return false;
    }
    return true;
  };

  it('keeps every update in the outbox while the bot is gone, and a new bot delivers them once each, in order per resident', async () => {
    const wang: Resident = { id: 'wxid_offline_wang', name: '王女士', heard: [] };
    const li: Resident = { id: 'wxid_offline_li', name: '李师傅', heard: [] };
    const first = await startBot([wang, li]);
    const reports = new Map([
      [wang, await report(first, wang, '幸福路菜市场北门的垃圾桶满了三天没人清运')],
      [li, await report(first, li, '人民路口的共享单车乱停，挡住了盲道，老人过不去')],
    ]);

    await first.stop();
    const downSince = clock;
    const heardWhileUp = new Map([wang, li].map((resident) => [resident, resident.heard.length]));
    // Interleaved across residents, hours apart: about ten hours without the bot.
    const expected = await staffWork(reports, [
      { resident: wang, after: 1, action: 'accept' },
      { resident: li, after: 0.5, action: 'accept' },
      { resident: wang, after: 1.5, action: 'start' },
      { resident: li, after: 1, reply: '已通知共享单车运营企业今天上午清理' },
      { resident: wang, after: 2, reply: '清运车辆已安排，预计下午到达' },
      { resident: li, after: 1, action: 'start' },
      { resident: wang, after: 2, action: 'resolve', note: '已清运并冲洗地面' },
      { resident: li, after: 1, action: 'resolve', note: '单车已全部清走，盲道已畅通' },
    ]);

    for (const resident of [wang, li]) {
      const rows = await updatesInTimelineOrder(resident, downSince);
      // The timeline's own order is the order staff acted in.
      expect(rows.map((row) => row.payload.text)).toEqual(expected.get(resident));
      // Waiting, untouched: not lost, not given up on, and nobody fetched them while the bot was gone.
      for (const row of rows) {
        expect(row).toMatchObject({ state: 'pending', attempts: 0, lastError: null, sentAt: null });
      }
      expect(resident.heard).toHaveLength(heardWhileUp.get(resident)!);
    }

    await startBot([wang, li]);
    await until(() => allSent([wang, li], downSince), 'every waiting update was acknowledged');
    for (const resident of [wang, li]) {
      // Exactly these, in this order: a lost, repeated or reordered update fails here.
      expect(resident.heard.slice(heardWhileUp.get(resident)!)).toEqual(expected.get(resident));
      const rows = await updatesInTimelineOrder(resident, downSince);
      for (const row of rows) expect(row).toMatchObject({ state: 'sent', attempts: 1, sentAt: clock });
    }
  }, 45_000);

  it('keeps updates pending with a growing backoff while WeChat refuses them, and delivers them in order once it accepts again', async () => {
    const zhao: Resident = { id: 'wxid_offline_zhao', name: '赵先生', heard: [] };
    const sun: Resident = { id: 'wxid_offline_sun', name: '孙阿姨', heard: [] };
    const bot = await startBot([zhao, sun]);
    const reports = new Map([
      [zhao, await report(bot, zhao, '文化路口的垃圾桶满了好几天没人清运，味道很大')],
      [sun, await report(bot, sun, '建设路小区门口有人占道经营卖水果，堵住了人行道')],
    ]);
    const downSince = clock;
    const heardWhileUp = new Map([zhao, sun].map((resident) => [resident, resident.heard.length]));
    wechat.accepting = false;

    const firstWaiting = async (resident: Resident) => {
      const [head, ...behind] = (await updatesInTimelineOrder(resident, downSince)).filter(
        (row) => row.state === 'pending',
      );
      return { head, behind, wait: head ? (head.nextAttemptAt.getTime() - clock.getTime()) / 1000 : NaN };
    };
    /** Each first waiting update's wait after every failed try: the portal's backoff, as it grew. */
    const waits = new Map<number, number[]>();
    // After each step: every resident's first waiting update was tried at this moment and failed;
    // the ones behind it wait their turn untried.
    const triedAndFailed = async () => {
      await until(async () => {
        for (const resident of [zhao, sun]) {
          const { head, behind, wait } = await firstWaiting(resident);
          if (!head) continue;
          if (!head.lastError || wait !== retryDelaySeconds(head.attempts, RETRY_BASE_SECONDS, RETRY_MAX_SECONDS)) {
            return false;
          }
          expect(behind.every((row) => row.attempts === 0)).toBe(true);
        }
        return true;
      }, 'the bot tried each resident’s first update and reported the failure');
      for (const resident of [zhao, sun]) {
        const { head, wait } = await firstWaiting(resident);
        if (head) waits.set(head.id, [...(waits.get(head.id) ?? []), wait]);
      }
    };
    // Every step is more than the longest backoff later, so each waiting first update is due again.
    const expected = await staffWork(
      reports,
      [
        { resident: zhao, after: 1.25, action: 'accept' },
        { resident: sun, after: 1.25, action: 'accept' },
        { resident: zhao, after: 1.5, reply: '已安排环卫工人今天清运' },
        { resident: sun, after: 1.25, action: 'start' },
        { resident: zhao, after: 2, action: 'start' },
        { resident: sun, after: 1.5, reply: '城管队员已到现场劝离' },
        { resident: zhao, after: 1.25, action: 'resolve', note: '垃圾已清运，桶已消毒' },
        { resident: sun, after: 2, action: 'resolve', note: '摊位已撤离，已设置提示牌' },
      ],
      triedAndFailed,
    );

    // Nothing reached WeChat, nothing was given up on, and each failure doubled the wait, up to the cap.
    for (const resident of [zhao, sun]) {
      expect(resident.heard).toHaveLength(heardWhileUp.get(resident)!);
      const rows = await updatesInTimelineOrder(resident, downSince);
      expect(rows.map((row) => row.payload.text)).toEqual(expected.get(resident));
      expect(rows.every((row) => row.state === 'pending')).toBe(true);
      const [head] = rows;
      expect(head!.lastError).toContain('WeChat unreachable');
      expect(head!.attempts).toBeGreaterThanOrEqual(7);
      expect(waits.get(head!.id)).toEqual(
        Array.from({ length: head!.attempts }, (_, i) =>
          retryDelaySeconds(i + 1, RETRY_BASE_SECONDS, RETRY_MAX_SECONDS),
        ),
      );
    }
    expect(botLog.some((line) => line.includes('update not delivered; the portal will offer it again'))).toBe(true);

    wechat.accepting = true;
    later(1.25);
    await until(() => allSent([zhao, sun], downSince), 'every waiting update was acknowledged');
    for (const resident of [zhao, sun]) {
      expect(resident.heard.slice(heardWhileUp.get(resident)!)).toEqual(expected.get(resident));
      const [head, ...behind] = await updatesInTimelineOrder(resident, downSince);
      expect(head).toMatchObject({ state: 'sent', sentAt: clock });
      for (const row of behind) expect(row).toMatchObject({ state: 'sent', attempts: 1, sentAt: clock });
    }
  }, 45_000);
});
