import { Client } from 'pg';
import { PortalProcess, startPortal } from '../support/server-process';
import { TestDatabase, createTestDatabase } from '../support/test-database';

/**
 * A deploy or a restart sends SIGTERM while residents are submitting. Reports already being
 * stored must be finished and answered; new requests must be turned away at once; the process
 * must leave no connection to PostgreSQL behind.
 */
async function until(condition: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('graceful shutdown on SIGTERM', () => {
  let database: TestDatabase;
  let portal: PortalProcess | undefined;
  let sql: Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = new Client({ connectionString: database.url });
    await sql.connect();
  });
  afterAll(async () => {
    await portal?.stop('SIGKILL');
    await sql.end();
    await database.drop();
  });

  const portalConnections = async (): Promise<number> => {
    const { rows } = await sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'chuangcheng-mailbox'`,
    );
    return rows[0].n;
  };

  it('finishes the reports in flight, refuses new requests, closes the pool and exits 0', async () => {
    portal = await startPortal({ DATABASE_URL: database.url, SUBMISSION_RATE_LIMIT_MAX: '1000', LOG_LEVEL: 'debug' });
    const base = portal.base;
    expect(await portalConnections()).toBeGreaterThan(0);

    // Holding the table keeps ten reports in the middle of being stored while SIGTERM arrives.
    await sql.query('BEGIN');
    await sql.query('LOCK TABLE submission IN EXCLUSIVE MODE');
    const inFlight = Array.from({ length: 10 }, (_, i) =>
      fetch(`${base}/api/v1/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: `建设街${i + 1}号楼下的垃圾堆了三天没人清理`, channel: 'web' }),
        signal: AbortSignal.timeout(30_000),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { trackingCode?: string },
      })),
    );
    // All ten have been received, and the first is waiting on the table.
    await until(async () => (portal!.output().match(/"incoming request"/g) ?? []).length >= 10, 'ten requests arrive');
    await until(async () => {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
          WHERE c.relname = 'submission' AND NOT l.granted`,
      );
      return rows[0].n > 0;
    }, 'a report waits on the table');

    portal.child.kill('SIGTERM');
    await portal.waitFor(/收到 SIGTERM/);
    // A new resident is turned away at once, not queued behind the shutdown.
    const refused = await fetch(`${base}/api/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', connection: 'close' },
      body: JSON.stringify({ content: '人民路路灯不亮了', channel: 'web' }),
      signal: AbortSignal.timeout(5_000),
    }).then(
      async (response) => ({ status: response.status, body: (await response.json()) as { error?: { code: string } } }),
      (error: Error) => ({ status: 0, error: (error.cause as { code?: string } | undefined)?.code ?? error.name }),
    );
    // Turned away: the connection refused or reset before any work, or told to come back later.
    const outcome = 'body' in refused ? `${refused.status} ${refused.body.error?.code}` : refused.error;
    expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', '503 shutting_down']).toContain(outcome);
    // Still waiting for the reports in flight: it has not closed the database under them.
    expect(portal.child.exitCode).toBeNull();

    await sql.query('COMMIT');
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(await portal.exited()).toBe(0);
    expect(portal.output()).toContain('已停止 (stopped)');

    const codes = answers.map((a) => a.body.trackingCode);
    const { rows } = await sql.query('SELECT tracking_code FROM submission WHERE tracking_code = ANY($1)', [codes]);
    expect(rows).toHaveLength(10);
    const { rows: turnedAway } = await sql.query(`SELECT id FROM submission WHERE content = '人民路路灯不亮了'`);
    expect(turnedAway).toEqual([]);
    // The pool was closed, not abandoned to time out on the server.
    expect(await portalConnections()).toBe(0);
  }, 120_000);
});
