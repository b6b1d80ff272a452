/**
 * npm run bot:sim — the same bot on Wechaty's mock puppet, with you as the resident in this
 * terminal, against the running portal (npm start). No WeChat account needed.
 *   /photo <file>   send a photo        /location    send a location
 *   /quit           stop
 */
import { readFileSync } from 'node:fs';
import readline from 'node:readline';
import { FileBox } from 'file-box';
import { WechatyBuilder, log as wechatyLog, types } from 'wechaty';
import { PuppetMock, mock } from 'wechaty-puppet-mock';
import { loadEnvFile } from '../../src/env-file';
import { BotConfigError, loadBotConfig } from './config';
import { jsonLog } from './log';
import { createMailboxBot } from './mailbox-bot';

async function main(): Promise<void> {
  loadEnvFile();
  let config;
  try {
    config = loadBotConfig({ ...process.env, BOT_COLLECT_SECONDS: process.env.BOT_COLLECT_SECONDS ?? '10' });
  } catch (error) {
    if (!(error instanceof BotConfigError)) throw error;
    console.error(`${error.message}\n先在门户的 .env 里设置 CHANNEL_SERVICE_TOKEN，再用同一个值运行本命令。`);
    process.exit(1);
  }
  const health = await fetch(`${config.portalUrl}/healthz`).catch(() => undefined);
  if (!health?.ok) {
    console.error(`门户 ${config.portalUrl} 没有响应：请先在另一个终端运行 npm start（或设置 PORTAL_URL）。`);
    process.exit(1);
  }
  // The mock puppet cannot keep remarks and Wechaty says so at every report; not news here.
  wechatyLog.level('error');
  const mocker = new mock.Mocker();
  const wechaty = WechatyBuilder.build({ puppet: new PuppetMock({ mocker }), name: 'chuangcheng-sim' });
  const bot = createMailboxBot({ wechaty, config, log: jsonLog(process.env.LOG_LEVEL ?? 'warn') });
  await bot.start();
  const me = mocker.createContact({ name: '创城信箱' });
  const you = mocker.createContact({ name: '模拟群众' });
  mocker.login(me);
  you.on('message', (message) => {
    if (message.talker().id !== me.id) return;
    console.log(`\n\x1b[32m创城信箱：\x1b[0m${message.text()}\n`);
    prompt.prompt();
  });

  console.log(`已连接门户 ${config.portalUrl}。您现在是一位群众，直接输入文字和机器人聊天（发“帮助”看用法）。`);
  console.log(
    '/photo 文件路径 发照片，/location 发位置，/quit 退出。几条消息会在安静 10 秒后合并成一条反映，或发“提交”。\n',
  );
  const prompt = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '我：' });
  prompt.prompt();
  prompt.on('line', (line) => {
    const text = line.trim();
    if (text === '/quit') return prompt.close();
    if (text.startsWith('/photo ')) {
      const file = text.slice(7).trim();
      try {
        you.say(FileBox.fromBase64(readFileSync(file).toString('base64'), file.split('/').pop() ?? 'photo.jpg')).to(me);
      } catch (error) {
        console.log(`读不了这个文件：${(error as Error).message}`);
      }
    } else if (text === '/location') {
      const message = mocker.MessageMock.create({
        id: `sim-location-${Date.now()}`,
        talkerId: you.id,
        listenerId: me.id,
        timestamp: Date.now(),
        type: types.Message.Location,
        text: '',
      });
      mocker.puppet.emit('message', { messageId: message.id });
    } else if (text) {
      you.say(text).to(me);
    }
    prompt.prompt();
  });
  prompt.on('close', () => {
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
