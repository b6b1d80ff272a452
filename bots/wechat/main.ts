/**
 * npm run bot — the mailbox's WeChat bot on a real account. The puppet (how Wechaty talks to
 * WeChat) comes from WECHATY_PUPPET; see README "WeChat" for the ones that work today.
 */
import QRCode from 'qrcode';
import { ScanStatus, WechatyBuilder } from 'wechaty';
import { loadEnvFile } from '../../src/env-file';
import { BotConfigError, loadBotConfig } from './config';
import { jsonLog } from './log';
import { createMailboxBot } from './mailbox-bot';

const HOW_TO = `
创城信箱微信机器人需要先配置 puppet（Wechaty 连接微信的方式）。在 .env 或环境变量里设置：

  CHANNEL_SERVICE_TOKEN=…            与门户相同的渠道令牌（门户的 .env 里设的那个）
  PORTAL_URL=http://127.0.0.1:3000   门户地址
  WECHATY_PUPPET=wechaty-puppet-wechat4u
      个人微信号，网页协议，免费；启动后在终端扫码登录（常会掉线，需要重新扫码）
  WECHATY_PUPPET=wechaty-puppet-service  WECHATY_PUPPET_SERVICE_TOKEN=…
      企业微信等付费协议服务，凭 token 连接
  WECHATY_PUPPET=wechaty-puppet-official-account
      微信公众号（先 npm install wechaty-puppet-official-account，并配置 appId/appSecret 和公网 HTTPS 回调）

没有微信号也能试：先 npm start 启动门户，再 npm run bot:sim，在终端里扮演群众和机器人聊天。
(The bot needs WECHATY_PUPPET and CHANNEL_SERVICE_TOKEN; see README "WeChat".)
`;

async function main(): Promise<number> {
  loadEnvFile();
  let config;
  try {
    config = loadBotConfig();
  } catch (error) {
    if (error instanceof BotConfigError) {
      console.error(`${error.message}\n${HOW_TO}`);
      return 1;
    }
    throw error;
  }
  if (!config.puppet) {
    console.error(`没有设置 WECHATY_PUPPET (no puppet configured).\n${HOW_TO}`);
    return 1;
  }
  const log = jsonLog(process.env.LOG_LEVEL ?? 'info');
  const wechaty = WechatyBuilder.build({
    name: config.name,
    // The puppet is named by the operator; Wechaty loads the package of that name.
    puppet: config.puppet as never,
    ...(config.puppetToken ? { puppetOptions: { token: config.puppetToken } } : {}),
  });
  wechaty.on('scan', (qrcode, status) => {
    if (status !== ScanStatus.Waiting && status !== ScanStatus.Timeout) return;
    QRCode.toString(qrcode, { type: 'terminal', small: true })
      .then((picture) => console.log(`\n请用机器人的微信扫码登录 (scan with the bot's WeChat):\n${picture}`))
      .catch(() => console.log(`请用微信扫码登录: ${qrcode}`));
  });
  const bot = createMailboxBot({ wechaty, config, log });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      log.warn({ signal }, 'stopping the bot');
      bot.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await bot.start();
  log.warn({ portal: config.portalUrl, puppet: config.puppet }, 'the mailbox bot is running');
  return await new Promise<number>(() => undefined);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
