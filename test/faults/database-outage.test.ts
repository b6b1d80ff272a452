import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../../src/db/embedded-postgres';
import { PortalProcess, PostgresProcess, startPortal, startPostgres } from '../support/server-process';

/**
 * PostgreSQL stops in the middle of a stream of reports and comes back. What the portal promised
 * (a 201 with a tracking code) must be kept; what it could not do must be said at once (503 with
 * a message a resident can act on), never left hanging; and it must serve again by itself.
 */
interface Outcome {
  readonly status: number | 'timeout' | 'network';
  readonly phase: 'before' | 'outage' | 'after';
  readonly trackingCode?: string;
  readonly body?: { error?: { code?: string; message?: string } };
  readonly ms: number;
}

/** Longer than any answer may take: a request still open after this counts as hanging. */
const HANG_MS = 15_000;

async function until(condition: () => Promise<boolean> | boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('PostgreSQL stops mid-load and comes back', () => {
  let workdir: string;
  let postgres: PostgresProcess | undefined;
  let portal: PortalProcess | undefined;

  beforeAll(() => {
    workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-outage-'));
    // Running as root, PostgreSQL runs as the postgres user, which must reach its data folder.
    fs.chmodSync(workdir, 0o755);
  });
  afterAll(async () => {
    await portal?.stop();
    await postgres?.stop();
    fs.rmSync(workdir, { recursive: true, force: true });
  });

  it('keeps every report it answered 201, answers 503 quickly during the outage and recovers without a restart', async () => {
    const dataDir = path.join(workdir, 'pg');
    const port = await findFreePort();
    postgres = await startPostgres(dataDir, port);
    const url = postgres.url;
    portal = await startPortal({ DATABASE_URL: url, SUBMISSION_RATE_LIMIT_MAX: '1000000' });
    const base = portal.base;
    const pid = portal.child.pid;

    let phase: Outcome['phase'] = 'before';
    const outcomes: Outcome[] = [];
    let running = true;
    let sent = 0;
    const submit = async (): Promise<void> => {
      const started = Date.now();
      const at = phase;
      sent += 1;
      try {
        const response = await fetch(`${base}/api/v1/submissions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ content: `幸福路${sent}号门口的垃圾桶满了好几天，没人清运`, channel: 'web' }),
          signal: AbortSignal.timeout(HANG_MS),
        });
        const body = (await response.json()) as Outcome['body'] & { trackingCode?: string };
        outcomes.push({
          status: response.status,
          phase: at,
          trackingCode: body.trackingCode,
          body,
          ms: Date.now() - started,
        });
      } catch (error) {
        const status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'network';
        outcomes.push({ status, phase: at, ms: Date.now() - started });
      }
    };
    // Four residents at once, each sending again as soon as they have an answer.
    const residents = Array.from({ length: 4 }, async () => {
      while (running) {
        await submit();
        // During the outage answers come fast; a short pause keeps the log readable.
        if (phase === 'outage') await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    const created = (which: Outcome['phase']) => outcomes.filter((o) => o.phase === which && o.status === 201);

    await until(() => created('before').length >= 30, '30 reports are in');
    phase = 'outage';
    expect(await postgres.stop()).toBe(0);
    const outageStarted = Date.now();
    await until(() => outcomes.filter((o) => o.phase === 'outage' && o.status === 503).length >= 20, '20 answers 503');
    const ready = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(HANG_MS) });
    expect(ready.status).toBe(503);

    postgres = await startPostgres(dataDir, port);
    expect(postgres.url).toBe(url);
    phase = 'after';
    const outageMs = Date.now() - outageStarted;
    await until(() => created('after').length >= 30, '30 more reports are in after the restart');
    running = false;
    await Promise.all(residents);

    // The same process served before, during and after.
    expect(portal.child.pid).toBe(pid);
    expect(portal.child.exitCode).toBeNull();
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    // Nothing hung, and nothing but "created" or "unavailable, try again" came back.
    expect(outcomes.filter((o) => o.status === 'timeout')).toEqual([]);
    const unexpected = outcomes.filter((o) => o.status !== 201 && o.status !== 503);
    expect(unexpected).toEqual([]);
    const refused = outcomes.filter((o) => o.status === 503);
    for (const answer of refused) {
      expect(answer.body?.error).toMatchObject({
        code: 'service_unavailable',
        message: '系统暂时繁忙，请稍后重新提交',
      });
      expect(answer.ms).toBeLessThan(HANG_MS);
    }
    expect(refused.length).toBeGreaterThanOrEqual(20);

    // Every report answered 201 — before, during (in flight as it stopped) and after — is stored.
    const promised = outcomes.filter((o) => o.status === 201).map((o) => o.trackingCode!);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ tracking_code: string }>(
        'SELECT tracking_code FROM submission WHERE tracking_code = ANY($1)',
        [promised],
      );
      expect(new Set(rows.map((r) => r.tracking_code))).toEqual(new Set(promised));
      // Each stored report has its timeline: nothing was half written.
      const { rows: bare } = await client.query(
        `SELECT s.tracking_code FROM submission s
          WHERE NOT EXISTS (SELECT 1 FROM timeline_event e WHERE e.submission_id = s.id)`,
      );
      expect(bare).toEqual([]);
    } finally {
      await client.end();
    }
    expect(outageMs).toBeGreaterThan(0);
  }, 240_000);
});
