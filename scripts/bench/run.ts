/**
 * `npm run bench [-- --duration 10 --connections 10,100 --rounds 3]`: intake and tracking under load.
 *
 * The real API (built, `node dist/src/server.js`, production settings, its background jobs
 * running) and a bare Fastify + pg baseline (scripts/bench/baseline-server.ts) run as their own
 * processes on one throwaway database; autocannon drives both from this process over loopback,
 * one after the other, so both are measured on the same machine in the same run. A shared
 * machine's speed drifts by more than the differences measured here over a minute or two, so
 * each comparison is made `--rounds` times, baseline and API back to back, and the median round
 * counts. The API's memory (RSS) is sampled throughout, and each run's CPU time per request is
 * split between the server measured, the bench process and the rest of the machine (PostgreSQL
 * and the kernel, mostly), so a gap between API and baseline shows where it lies.
 *
 * Uses the PostgreSQL server of DATABASE_URL (a throwaway database is created on it and dropped
 * afterwards), else an embedded PostgreSQL in a temporary folder.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { findFreePort, startEmbeddedPostgres } from '../../src/db/embedded-postgres';

const ROOT = path.resolve(__dirname, '..', '..');

interface Options {
  readonly duration: number;
  readonly connections: readonly number[];
  readonly rounds: number;
}

function options(argv: readonly string[]): Options {
  const value = (name: string) => {
    const at = argv.indexOf(name);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const duration = Number(value('--duration') ?? 10);
  const connections = (value('--connections') ?? '10,100').split(',').map(Number);
  const rounds = Number(value('--rounds') ?? 3);
  if (
    !(duration > 0) ||
    connections.some((c) => !Number.isInteger(c) || c < 1) ||
    !(Number.isInteger(rounds) && rounds >= 1)
  ) {
    throw new Error('usage: npm run bench -- [--duration SECONDS] [--connections 10,100] [--rounds 3]');
  }
  return { duration, connections, rounds };
}

/** A database nobody else uses, and how to get rid of it. */
async function throwawayDatabase(): Promise<{ url: string; close(): Promise<void> }> {
  const name = `bench_${process.pid}_${Date.now()}`;
  const given = process.env.DATABASE_URL;
  if (given) {
    const admin = new Client({ connectionString: given });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(given);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      async close() {
        const client = new Client({ connectionString: given });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-bench-pg-'));
  const embedded = await startEmbeddedPostgres({
    dataDir,
    port: 0,
    persistent: false,
    databaseName: name,
    log: (message) => console.log(message),
  });
  return { url: embedded.url, close: () => embedded.stop() };
}

interface Running {
  readonly process: ChildProcess;
  readonly base: string;
  /** Where its output went. */
  readonly logFile: string;
  /** Stops it (again: nothing more). */
  stop(): Promise<void>;
}

/** Starts a server process; its output goes to a log file, as a production log collector would take it. */
async function startProcess(
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  port: number,
  readyPath: string,
): Promise<Running> {
  const logFile = path.join(os.tmpdir(), `cc-bench-${name}-${process.pid}.log`);
  const log = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', log, log] });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let waited = 0; ; waited += 250) {
    if (child.exitCode !== null) throw new Error(`${name} exited during start-up; see its log in ${os.tmpdir()}`);
    if (waited > 120_000) throw new Error(`${name} did not become ready`);
    const ok = await fetch(base + readyPath)
      .then((response) => response.status < 500)
      .catch(() => false);
    if (ok) break;
    await sleep(250);
  }
  let stopped: Promise<void> | undefined;
  return {
    process: child,
    base,
    logFile,
    stop() {
      stopped ??= (async () => {
        if (child.exitCode === null) child.kill('SIGTERM');
        await exited;
        fs.closeSync(log);
      })();
      return stopped;
    },
  };
}

/** Resident memory of a process, from /proc (Linux); undefined elsewhere. */
function rssBytes(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Residents' texts as they write them: the classifier's longer training examples. */
function realisticTexts(): string[] {
  const dir = path.join(ROOT, 'data', 'corpus');
  const texts: string[] = [];
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of fs.readFileSync(path.join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const { text } = JSON.parse(line) as { text: string };
      if (text.length >= 12) texts.push(text);
    }
  }
  return texts;
}

const CHANNEL_TOKEN = 'bench-channel-token-0123456789abcdef';
const STREETS = ['幸福路', '建设街', '人民路', '光明社区北门', '解放大道', '滨河公园', '新华巷', '朝阳菜市场'];
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];

interface Measured {
  readonly name: string;
  readonly connections: number;
  readonly round: number;
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly failed: number;
  /** CPU time per answered request, in ms, where /proc tells (Linux). */
  readonly cpu?: CpuShare;
}

/** Where a run's CPU went, per answered request: the server under test, this process, the rest. */
interface CpuShare {
  readonly server: number;
  readonly bench: number;
  /** PostgreSQL, the kernel's loopback work, the other server's background jobs: the machine's busy time less the two above. */
  readonly rest: number;
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU seconds used so far: by a process (user and system), and by the whole machine. */
function cpuSeconds(pid: number): { process: number; machine: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold spaces: utime and stime are 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [user, nice, system, , , irq, softirq, steal] = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return {
      process: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS,
      machine: (user + nice + system + irq + softirq + steal) / CLOCK_TICKS,
    };
  } catch {
    return undefined;
  }
}

async function load(
  name: string,
  connections: number,
  duration: number,
  request: autocannon.Request,
  server: Running,
  round = 0,
): Promise<Measured> {
  const before = cpuSeconds(server.process.pid ?? 0);
  const benchBefore = process.cpuUsage();
  const result = await autocannon({ url: server.base, connections, duration, requests: [request] });
  const after = cpuSeconds(server.process.pid ?? 0);
  const benchUsed = process.cpuUsage(benchBefore);
  const perRequest = (seconds: number) => (seconds * 1000) / Math.max(1, result['2xx']);
  const bench = (benchUsed.user + benchUsed.system) / 1e6;
  const cpu: CpuShare | undefined =
    before && after
      ? {
          server: perRequest(after.process - before.process),
          bench: perRequest(bench),
          rest: perRequest(after.machine - before.machine - (after.process - before.process) - bench),
        }
      : undefined;
  return {
    name,
    connections,
    round,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    ...(cpu ? { cpu } : {}),
  };
}

/**
 * Lets the database finish the work the previous run left behind before the next one starts, so
 * each run pays only for its own requests: the API's statistics refresher rebuilding the rows
 * of reports already filed (the baseline's rows too: the triggers mark every new report), the
 * autovacuum that hundreds of thousands of new rows set off, and a checkpoint writing out their
 * pages. With `vacuum`, the tables are vacuumed and analysed here and now instead: reads are
 * then measured on tables as autovacuum keeps them, not while it works through them (nor, on a
 * server where autovacuum is off, on tables never vacuumed).
 */
async function settle(sql: Client, options: { vacuum?: boolean } = {}): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 500) {
    const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM statistics_dirty');
    if (rows[0].n === 0) break;
    await sleep(500);
  }
  if (options.vacuum) await sql.query('VACUUM (ANALYZE)');
  for (let waited = 0; waited < 120_000; waited += 500) {
    const { rows } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE backend_type = 'autovacuum worker' AND datname = current_database()`,
    );
    if (rows[0].n === 0) break;
    await sleep(500);
  }
  // Needs superuser or pg_checkpoint; without them the runs are only a little less independent.
  await sql.query('CHECKPOINT').catch(() => undefined);
}

async function main(): Promise<void> {
  const { duration, connections, rounds } = options(process.argv.slice(2));
  console.log(`CPU: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}; Node ${process.version}`);
  console.log('building (npm run build) …');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: 'inherit' });

  const database = await throwawayDatabase();
  const stops: (() => Promise<void>)[] = [() => database.close()];
  try {
    const apiPort = await findFreePort();
    const api = await startProcess(
      'api',
      ['dist/src/server.js'],
      {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(apiPort),
        DATABASE_URL: database.url,
        PUBLIC_BASE_URL: `http://127.0.0.1:${apiPort}`,
        ADMIN_PASSWORD: 'bench-admin-password',
        CHANNEL_SERVICE_TOKEN: CHANNEL_TOKEN,
        // One address sends everything here; the limiter still runs on every request.
        SUBMISSION_RATE_LIMIT_MAX: '1000000',
        TRACKING_RATE_LIMIT_MAX: '1000000',
      },
      apiPort,
      '/readyz',
    );
    stops.unshift(() => api.stop());

    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    stops.unshift(() => sql.end());
    const [department] = (await sql.query<{ id: number }>(`SELECT id FROM department ORDER BY id LIMIT 1`)).rows;
    const basePort = await findFreePort();
    const baseline = await startProcess(
      'baseline',
      ['-r', 'ts-node/register/transpile-only', 'scripts/bench/baseline-server.ts'],
      { ...process.env, DATABASE_URL: database.url, PORT: String(basePort), DEPARTMENT_ID: String(department.id) },
      basePort,
      '/read/0',
    );
    stops.unshift(() => baseline.stop());

    let peakRss = 0;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssBytes(api.process.pid ?? 0) ?? 0);
    }, 100);
    stops.unshift(async () => clearInterval(sampler));

    const texts = realisticTexts();
    const address = () => `${pick(STREETS)}${Math.floor(Math.random() * 300) + 1}号附近`;
    let sent = 0;
    // Every other report comes as the WeChat bot sends one (its token, the contact, an
    // idempotency key), and so owes its resident an update: the outbox row. The rest come from
    // the web form without contact details; they pass the per-address rate limit instead.
    const intake: autocannon.Request = {
      method: 'POST',
      path: '/api/v1/submissions',
      headers: { 'content-type': 'application/json' },
      setupRequest: (request) => {
        sent += 1;
        if (sent % 2 === 0) {
          return {
            ...request,
            body: JSON.stringify({ content: pick(texts), channel: 'web', location: { address: address() } }),
          };
        }
        return {
          ...request,
          headers: {
            ...request.headers,
            authorization: `Bearer ${CHANNEL_TOKEN}`,
            'idempotency-key': `bench-${process.pid}-${sent}-${Math.random().toString(36).slice(2)}`,
          },
          body: JSON.stringify({
            content: pick(texts),
            channel: 'wechat',
            location: { address: address() },
            submitter: { id: `wxid_bench_${sent % 5000}` },
          }),
        };
      },
    };
    // The baseline stores the same row with one INSERT, whichever channel it came from.
    const insert: autocannon.Request = { ...intake, path: '/insert' };

    // Both sides start warm: code paths compiled, pools full, the classifier trained.
    await load('warm-up', 10, 3, insert, baseline);
    await load('warm-up', 10, 3, intake, api);

    const results: Measured[] = [];
    let intakeRss = 0;
    for (const c of connections) {
      for (let round = 1; round <= rounds; round += 1) {
        await settle(sql);
        results.push(await load('baseline INSERT', c, duration, insert, baseline, round));
        await settle(sql);
        peakRss = 0;
        results.push(await load('intake POST /api/v1/submissions', c, duration, intake, api, round));
        intakeRss = Math.max(intakeRss, peakRss);
      }
    }

    const { rows: sample } = await sql.query<{ id: number; tracking_code: string }>(
      `SELECT id, tracking_code FROM submission ORDER BY random() LIMIT 5000`,
    );
    const read: autocannon.Request = {
      method: 'GET',
      setupRequest: (request) => ({ ...request, path: `/read/${pick(sample).id}` }),
    };
    const track: autocannon.Request = {
      method: 'GET',
      setupRequest: (request) => ({ ...request, path: `/api/v1/submissions/${pick(sample).tracking_code}` }),
    };
    await settle(sql, { vacuum: true });
    await load('warm-up', 10, 2, track, api);
    for (const c of connections) {
      for (let round = 1; round <= rounds; round += 1) {
        results.push(await load('baseline SELECT by id', c, duration, read, baseline, round));
        results.push(await load('tracking GET /api/v1/submissions/{code}', c, duration, track, api, round));
      }
    }
    const [{ count }] = (await sql.query<{ count: string }>(`SELECT count(*) FROM submission`)).rows;
    const finalRss = rssBytes(api.process.pid ?? 0) ?? 0;
    // The API says on its way out how many statements its new reports took.
    await api.stop();
    const batching = /intake: (\d+) reports in (\d+) batches/.exec(fs.readFileSync(api.logFile, 'utf8'));

    report(results, { intakeRss, finalRss, rows: Number(count) });
    if (batching) {
      const [reports, statements] = [Number(batching[1]), Number(batching[2])];
      console.log(
        `intake batching: ${reports.toLocaleString('en')} reports stored in ${statements.toLocaleString('en')} ` +
          `statements, ${(reports / Math.max(1, statements)).toFixed(1)} a statement (warm-ups included)`,
      );
    }
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error(error));
  }
}

function report(results: readonly Measured[], memory: { intakeRss: number; finalRss: number; rows: number }): void {
  const ms = (value: number) => `${value.toFixed(1)}`;
  console.log('');
  // CPU per answered request: the server measured, this process (autocannon), everything else.
  const cpu = (r: Measured) =>
    r.cpu ? `${r.cpu.server.toFixed(2)} / ${r.cpu.bench.toFixed(2)} / ${r.cpu.rest.toFixed(2)}` : '–';
  console.log(
    '| 测试 test | 连接 conn | 轮 round | req/s | p50 ms | p99 ms | 2xx | 失败 failed | CPU ms/req: server / bench / rest |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${r.connections} | ${r.round} | ${Math.round(r.requestsPerSecond)} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.ok} | ${r.failed} | ${cpu(r)} |`,
    );
  }
  const runs = (prefix: string, c: number) => results.filter((r) => r.name.startsWith(prefix) && r.connections === c);
  /** Each round's subject against the baseline run just before it; the median round counts. */
  const shares = (subject: string, base: string, c: number) => {
    const bases = runs(base, c);
    return runs(subject, c).flatMap((r) => {
      const b = bases.find((x) => x.round === r.round);
      return b ? [r.requestsPerSecond / b.requestsPerSecond] : [];
    });
  };
  const percent = (share: number) => `${(share * 100).toFixed(0)}%`;
  // Rounded down, so a median just short of a target never prints as the target itself.
  const tenths = (share: number) => `${(Math.floor(share * 1000) / 10).toFixed(1)}%`;
  console.log('');
  const verdict = (ok: boolean) => (ok ? '达标 met' : '未达标 MISSED');
  // A target counts as met only if every request of those runs was answered 2xx.
  const failures = (prefix: string, c: number) => runs(prefix, c).reduce((sum, r) => sum + r.failed, 0);
  const clean = (prefix: string, c: number) =>
    failures(prefix, c) === 0 ? '' : ` (${failures(prefix, c)} requests failed)`;
  for (const c of new Set(results.map((r) => r.connections))) {
    const intake = shares('intake', 'baseline INSERT', c);
    if (intake.length > 0) {
      const share = median(intake);
      // The issue sets the intake targets (≥ 50% of the baseline, p99 < 50 ms) at 10 connections.
      const target =
        c === 10
          ? `target ≥ 50%): ${verdict(share >= 0.5 && failures('intake', c) === 0)}${clean('intake', c)}`
          : `for reference; the target is set at 10 conn)${clean('intake', c)}`;
      console.log(
        `${c} conn: intake = ${tenths(share)} of baseline (median of rounds ${intake.map(percent).join(', ')}; ${target}`,
      );
      console.log(
        `${c} conn: intake ${Math.round(median(runs('intake', c).map((r) => r.requestsPerSecond)))} req/s, baseline ${Math.round(median(runs('baseline INSERT', c).map((r) => r.requestsPerSecond)))} req/s (medians)`,
      );
    }
    const cpuMedians = (prefix: string) => {
      const measured = runs(prefix, c).flatMap((r) => (r.cpu ? [r.cpu] : []));
      if (measured.length === 0) return undefined;
      const of = (pick: (share: CpuShare) => number) => median(measured.map(pick)).toFixed(2);
      return `server ${of((x) => x.server)}, bench ${of((x) => x.bench)}, rest ${of((x) => x.rest)}`;
    };
    const intakeCpu = cpuMedians('intake');
    const insertCpu = cpuMedians('baseline INSERT');
    if (intakeCpu && insertCpu) {
      // Where the difference between the two lies: the API process, or PostgreSQL and the kernel (rest).
      console.log(`${c} conn: CPU ms per request (medians): intake ${intakeCpu}; baseline ${insertCpu}`);
    }
    if (c === 10 && runs('intake', c).length > 0) {
      const p99 = median(runs('intake', c).map((r) => r.p99));
      console.log(`10 conn: intake p99 ${ms(p99)} ms (median of rounds; target < 50 ms): ${verdict(p99 < 50)}`);
    }
    const tracking = shares('tracking', 'baseline SELECT', c);
    if (tracking.length > 0) {
      const share = median(tracking);
      console.log(
        `${c} conn: tracking = ${tenths(share)} of baseline (median of rounds ${tracking.map(percent).join(', ')}; target ≥ 80%): ${verdict(share >= 0.8 && failures('tracking', c) === 0)}${clean('tracking', c)}`,
      );
    }
  }
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
  console.log(
    `API memory: peak RSS during intake ${mb(memory.intakeRss)} (target < 300 MB): ${verdict(memory.intakeRss < 300 * 1024 * 1024)}; at the end ${mb(memory.finalRss)}`,
  );
  console.log(`rows in submission after the run: ${memory.rows.toLocaleString('en')}`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
