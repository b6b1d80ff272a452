import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileBox } from 'file-box';
import { WechatyBuilder, log, types } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import type { BotConfig } from '../../bots/wechat/config';
import { jsonLog } from '../../bots/wechat/log';
import { createMailboxBot, type MailboxBot } from '../../bots/wechat/mailbox-bot';

/**
 * The real bot on the real Wechaty, with Wechaty's mock puppet standing in for WeChat's servers:
 * `resident` talks to the bot's account, `heard` collects what the bot said back to them.
 */
export interface MockWechat {
  readonly bot: MailboxBot;
  readonly mocker: mock.Mocker;
  readonly me: mock.ContactMock;
  readonly resident: mock.ContactMock;
  readonly heard: string[];
  readonly logLines: string[];
  login(): Promise<void>;
  /** A location message from the resident (the mock cannot `say` one). */
  sendLocation(from?: mock.ContactMock): void;
  /** The same message delivered twice, as a replay would. */
  sendTwice(text: string): void;
  /** A message sent `ageSeconds` ago, as WeChat replays them at log-in. */
  sendOld(text: string, ageSeconds: number): void;
  photoOf(bytes: Buffer, name?: string): FileBox;
  until(condition: () => boolean | Promise<boolean>, what: string, ms?: number): Promise<void>;
}

// Wechaty's own warnings (the mock cannot keep remarks) would only clutter the test output.
log.level('silent');

export async function startMockWechat(options: {
  portalUrl: () => string;
  token: string;
  config?: Partial<BotConfig>;
}): Promise<MockWechat> {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const wechaty = WechatyBuilder.build({ puppet, name: `test-${Date.now()}-${Math.random()}` });
  const logLines: string[] = [];
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'cc-bot-'));
  const config: BotConfig = {
    portalUrl: options.portalUrl(),
    channelToken: options.token,
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
    name: 'test',
    ...options.config,
  };
  const bot = createMailboxBot({
    wechaty,
    config,
    log: jsonLog('debug', (line) => logLines.push(line)),
    portalUrl: options.portalUrl,
  });
  await bot.start();
  const me = mocker.createContact({ name: '创城信箱' });
  const resident = mocker.createContact({ name: '王女士' });
  const heard: string[] = [];
  resident.on('message', (message) => {
    if (message.talker().id === me.id) heard.push(message.text() ?? '');
  });
  const until = async (condition: () => boolean | Promise<boolean>, what: string, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting until ${what}; the bot said: ${JSON.stringify(heard)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const login = async () => {
    let loggedIn = false;
    wechaty.once('login', () => {
      loggedIn = true;
    });
    mocker.login(me);
    await until(() => loggedIn, 'the bot logged in');
  };
  await login();
  return {
    bot,
    mocker,
    me,
    resident,
    heard,
    logLines,
    login,
    until,
    sendLocation(from = resident) {
      const message = mocker.MessageMock.create({
        id: `loc-${Date.now()}-${Math.random()}`,
        talkerId: from.id,
        listenerId: me.id,
        timestamp: Date.now(),
        type: types.Message.Location,
        text: '',
      });
      mocker.puppet.emit('message', { messageId: message.id });
    },
    sendTwice(text) {
      const message = mocker.MessageMock.create({
        id: `dup-${Date.now()}-${Math.random()}`,
        talkerId: resident.id,
        listenerId: me.id,
        timestamp: Date.now(),
        type: types.Message.Text,
        text,
      });
      mocker.puppet.emit('message', { messageId: message.id });
      mocker.puppet.emit('message', { messageId: message.id });
    },
    sendOld(text, ageSeconds) {
      const message = mocker.MessageMock.create({
        id: `old-${Date.now()}-${Math.random()}`,
        talkerId: resident.id,
        listenerId: me.id,
        timestamp: Date.now() - ageSeconds * 1000,
        type: types.Message.Text,
        text,
      });
      mocker.puppet.emit('message', { messageId: message.id });
    },
    photoOf(bytes, name = 'IMG_0001.jpg') {
      // FileBox.fromBuffer and fromFile do not survive the mock; base64 does.
      return FileBox.fromBase64(bytes.toString('base64'), name);
    },
  };
}
