import { ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSmsGateway } from '../support/sms-gateway';

/**
 * The real process, built and run as `npm start` runs it, with no DATABASE_URL: it must start
 * its own PostgreSQL, serve requests, keep the data between runs and stop cleanly on SIGTERM.
 */
const root = path.resolve(__dirname, '..', '..');

function build(): void {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`build failed:\n${result.stdout}${result.stderr}`);
}

function startServer(env: Record<string, string>): ChildProcessWithoutNullStreams {
  // Empty values count as unset, and a developer's .env cannot fill them back in.
  const unset = { DATABASE_URL: '', TEST_DATABASE_URL: '', ADMIN_PASSWORD: '' };
  return spawn(process.execPath, ['dist/src/server.js'], {
    cwd: root,
    env: { ...process.env, ...unset, NODE_ENV: 'development', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env },
  });
}

function output(child: ChildProcessWithoutNullStreams): { text: () => string; writes: () => readonly string[] } {
  let text = '';
  // What each read of standard output brought: lines the server wrote together arrive together.
  const writes: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    writes.push(chunk.toString());
  });
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text, writes: () => writes };
}

/** Waits for a line of the server's output; on failure the error shows what the server said. */
async function waitFor(
  pattern: RegExp,
  child: ChildProcessWithoutNullStreams,
  out: { text: () => string },
  ms: number,
) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const match = out.text().match(pattern);
    if (match) return match;
    if (child.exitCode !== null) throw new Error(`server exited early:\n${out.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for the server:\n${out.text()}`);
}

function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', resolve));
}

describe('the server process', () => {
  let workdir: string;
  beforeAll(() => {
    build();
    workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'chuangcheng-process-'));
    fs.chmodSync(workdir, 0o755);
  }, 120_000);
  afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

  it('refuses to start with a bad setting and names it', async () => {
    const child = startServer({ PORT: 'eighty', CLASSIFIER_REVIEW_THRESHOLD: '2' });
    const out = output(child);
    expect(await exited(child)).toBe(1);
    expect(out.text()).toContain('PORT="eighty"');
    expect(out.text()).toContain('CLASSIFIER_REVIEW_THRESHOLD');
  });

  it('refuses to start in production without its secrets, and names each', async () => {
    const child = startServer({ NODE_ENV: 'production', CHANNEL_SERVICE_TOKEN: '', PUBLIC_BASE_URL: '' });
    const out = output(child);
    expect(await exited(child)).toBe(1);
    for (const name of ['DATABASE_URL', 'ADMIN_PASSWORD', 'CHANNEL_SERVICE_TOKEN', 'PUBLIC_BASE_URL']) {
      expect(out.text()).toContain(`${name} must be set when NODE_ENV=production`);
    }
  });

  it('runs on an embedded PostgreSQL, keeps data between runs and stops cleanly', async () => {
    const dataDir = path.join(workdir, 'pg');
    const run = async () => {
      // info: the request log, which is written in batches, must still be complete at exit.
      const child = startServer({ EMBEDDED_PG_DIR: dataDir, LOG_LEVEL: 'info' });
      const out = output(child);
      const [, port] = await waitFor(/listening on 127\.0\.0\.1:(\d+)/, child, out, 60_000);
      return { child, out, base: `http://127.0.0.1:${port}` };
    };

    const first = await run();
    expect(first.out.text()).toContain('/docs');
    // The first start creates an admin and shows its generated password once.
    expect(first.out.text()).toMatch(/初始密码.*：[A-Za-z0-9_-]{16}/);
    const created = await fetch(`${first.base}/api/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: '人民路有游商摊贩占道经营', channel: 'web' }),
    });
    expect(created.status).toBe(201);
    const { trackingCode } = (await created.json()) as { trackingCode: string };
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
    expect(first.out.text()).toMatch(/"method":"POST","url":"\/api\/v1\/submissions","statusCode":201/);

    const second = await run();
    const tracked = await fetch(`${second.base}/api/v1/submissions/${trackingCode}`);
    expect(tracked.status).toBe(200);
    expect(((await tracked.json()) as { department: { code: string } }).department.code).toBe('urban_management');
    // The request log goes out in batches (LOG_BUFFER_BYTES), not one write per request.
    for (let i = 0; i < 10; i += 1)
      expect((await fetch(`${second.base}/api/v1/submissions/${trackingCode}`)).status).toBe(200);
    // Defaults are loaded once, not again at the second start.
    expect(second.out.text()).not.toContain('已载入默认');
    expect(second.out.text()).not.toContain('初始密码');
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    const logged = second.out.writes().filter((write) => write.includes('"url":"/api/v1/submissions/'));
    expect(logged.join('').match(/"statusCode":200/g)).toHaveLength(11);
    // At most a flush a second and one at exit; one write per line would be eleven.
    expect(logged.length).toBeLessThanOrEqual(4);
  }, 120_000);

  it('keeps updates the SMS gateway did not take across a restart, and delivers them afterwards', async () => {
    const gateway = await startSmsGateway([503]);
    const dataDir = path.join(workdir, 'pg-outbox');
    const env = {
      EMBEDDED_PG_DIR: dataDir,
      SMS_GATEWAY_URL: gateway.url,
      OUTBOX_INTERVAL_SECONDS: '1',
      OUTBOX_RETRY_BASE_SECONDS: '1',
      OUTBOX_RETRY_MAX_SECONDS: '1',
    };
    const run = async () => {
      const child = startServer(env);
      const out = output(child);
      const [, port] = await waitFor(/listening on 127\.0\.0\.1:(\d+)/, child, out, 60_000);
      return { child, out, base: `http://127.0.0.1:${port}` };
    };
    const until = async (condition: () => boolean, what: string) => {
      for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 100));
      if (!condition()) throw new Error(`timed out waiting until ${what}`);
    };

    const first = await run();
    const created = await fetch(`${first.base}/api/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        content: '人民路有游商摊贩占道经营',
        channel: 'web',
        contact: { phone: '13800138000' },
        notifyBySms: true,
      }),
    });
    expect(created.status).toBe(201);
    const { trackingCode } = (await created.json()) as { trackingCode: string };
    await until(() => gateway.requests.length >= 2, 'the gateway was tried twice');
    first.child.kill('SIGTERM');
    expect(await exited(first.child)).toBe(0);
    const refusedIds = new Set(gateway.requests.map((r) => r.body.messageId));

    gateway.setScript([200]);
    const second = await run();
    const delivered = () => gateway.requests.filter((r) => r.answeredWith === 200);
    await until(() => delivered().length >= 2, 'both updates were delivered');
    second.child.kill('SIGTERM');
    expect(await exited(second.child)).toBe(0);
    await gateway.close();

    // The update the gateway refused before the restart is the one delivered after it, with the same id.
    expect(delivered().map((r) => r.body.text)).toEqual([
      expect.stringContaining(trackingCode),
      expect.stringContaining('已分派'),
    ]);
    expect(refusedIds.has(delivered()[0]!.body.messageId)).toBe(true);
    expect(new Set(delivered().map((r) => r.body.messageId)).size).toBe(2);
  }, 150_000);
});
