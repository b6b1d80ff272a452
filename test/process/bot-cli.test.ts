import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestApp, createTestApp, listenOnLoopback } from '../support/test-app';

const root = path.resolve(__dirname, '..', '..');
const TOKEN = 'bot-token-0123456789abcdef0123';
// Empty values count as unset, and a developer's .env cannot fill them back in.
const clean = { WECHATY_PUPPET: '', WECHATY_PUPPET_SERVICE_TOKEN: '', CHANNEL_SERVICE_TOKEN: '', PORTAL_URL: '' };

describe('npm run bot and npm run bot:sim', () => {
  it('explains what to set and exits non-zero without a puppet', () => {
    const noToken = spawnSync('npm', ['run', '-s', 'bot'], {
      cwd: root,
      env: { ...process.env, ...clean },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(noToken.status).toBe(1);
    expect(noToken.stderr).toContain('CHANNEL_SERVICE_TOKEN');

    const noPuppet = spawnSync('npm', ['run', '-s', 'bot'], {
      cwd: root,
      env: { ...process.env, ...clean, CHANNEL_SERVICE_TOKEN: TOKEN },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(noPuppet.status).toBe(1);
    expect(noPuppet.stderr).toContain('WECHATY_PUPPET');
    expect(noPuppet.stderr).toContain('wechaty-puppet-wechat4u');
    expect(noPuppet.stderr).toContain('bot:sim');
  }, 90_000);

  describe('the simulator against a running portal', () => {
    let t: TestApp;
    let base: string;
    beforeAll(async () => {
      t = await createTestApp({ CHANNEL_SERVICE_TOKEN: TOKEN });
      base = await listenOnLoopback(t);
    });
    afterAll(() => t.close());

    it('chats in the terminal: help, a report, its code', async () => {
      const child = spawn('npm', ['run', '-s', 'bot:sim'], {
        cwd: root,
        env: {
          ...process.env,
          ...clean,
          CHANNEL_SERVICE_TOKEN: TOKEN,
          PORTAL_URL: base,
          BOT_COLLECT_SECONDS: '1',
          BOT_STATE_DIR: mkdtempSync(path.join(os.tmpdir(), 'cc-sim-')),
        },
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const until = async (text: string) => {
        for (let i = 0; i < 600 && !out.includes(text); i += 1) await new Promise((r) => setTimeout(r, 100));
        if (!out.includes(text)) throw new Error(`no "${text}" in:\n${out}`);
      };
      await until('已连接门户');
      child.stdin.write('帮助\n');
      await until('常用指令');
      child.stdin.write('人民路口有游商摆摊卖水果，占了人行道\n');
      await until('已收到您的反映，查询编号');
      child.stdin.write('/quit\n');
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      expect(out).toMatch(/查询编号：[0-9A-Z]{5}-[0-9A-Z]{5}/);
      expect(out).toContain('城市管理综合执法局');
    }, 90_000);
  });
});
