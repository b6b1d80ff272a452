import { Client } from 'pg';
import { PortalProcess, startPortal } from '../support/server-process';
import { startSmsGateway } from '../support/sms-gateway';
import { TestDatabase, createTestDatabase } from '../support/test-database';

/**
 * Two API processes behind a load balancer, on one database: a resident's allowance is shared,
 * a retried request with the same idempotency key files one report whichever instance answers,
 * and each background job (outbox delivery, escalation) handles each item once.
 */
async function until(condition: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('two API instances on one database', () => {
  let database: TestDatabase;
  let sql: Client;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
  const portals: PortalProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    gateway = await startSmsGateway([200]);
    const env = {
      DATABASE_URL: database.url,
      RATE_LIMIT_STORE: 'postgres',
      SUBMISSION_RATE_LIMIT_MAX: '8',
      SMS_GATEWAY_URL: gateway.url,
      SMS_GATEWAY_TOKEN: 'gateway-token',
      OUTBOX_INTERVAL_SECONDS: '1',
      ESCALATION_INTERVAL_SECONDS: '1',
    };
    portals.push(...(await Promise.all([startPortal(env), startPortal(env)])));
  }, 180_000);
  afterAll(async () => {
    await Promise.all(portals.map((portal) => portal.stop()));
    await gateway?.close();
    await sql?.end();
    await database?.drop();
  });

  const submit = (portal: PortalProcess, body: object, headers: Record<string, string> = {}) =>
    fetch(`${portal.base}/api/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    }).then(async (response) => ({
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    }));

  it('shares limits and idempotency, and runs each job once per item', async () => {
    const [a, b] = portals;
    const report = (i: number) => ({
      content: `幸福路${i}号门口的垃圾桶满了好几天，没人清运`,
      channel: 'web',
      contact: { phone: `1380000000${i}` },
      notifyBySms: true,
    });

    // The same request, key and all, reaches both instances at once: one report.
    const key = 'two-instances-0123456789abcdef';
    const [first, second] = await Promise.all([
      submit(a, report(0), { 'idempotency-key': key }),
      submit(b, report(0), { 'idempotency-key': key }),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.trackingCode).toBe(second.body.trackingCode);
    const { rows: keyed } = await sql.query('SELECT id FROM submission WHERE idempotency_key = $1', [key]);
    expect(keyed).toHaveLength(1);

    // Eight a minute from one address, counted across both: six more are accepted, alternating.
    const accepted = [];
    for (let i = 1; i <= 6; i += 1) accepted.push(await submit(i % 2 ? a : b, report(i)));
    expect(accepted.map((r) => r.status)).toEqual(Array(6).fill(201));
    const refused = await Promise.all([submit(a, report(7)), submit(b, report(8))]);
    expect(refused.map((r) => r.status)).toEqual([429, 429]);
    expect(refused[0].body.error).toMatchObject({ code: 'too_many_requests' });

    // Outbox: every SMS owed is sent once, though both instances deliver.
    const { rows: owed } = await sql.query<{ id: number }>(`SELECT id FROM outbox_message WHERE channel = 'sms'`);
    expect(owed.length).toBeGreaterThanOrEqual(7);
    await until(async () => {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_message WHERE channel = 'sms' AND state <> 'sent'`,
      );
      return rows[0].n === 0;
    }, 'every SMS is sent');
    const sentIds = gateway.requests.map((request) => request.body.messageId);
    expect(sentIds).toHaveLength(owed.length);
    expect(new Set(sentIds).size).toBe(owed.length);

    // Escalation: seven reports past their deadline, each escalated once though both instances look.
    await sql.query(`UPDATE submission SET accept_deadline = now() - interval '1 hour' WHERE status = 'assigned'`);
    const { rows: late } = await sql.query<{ id: number }>(`SELECT id FROM submission WHERE status = 'assigned'`);
    expect(late.length).toBe(7);
    await until(async () => {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM submission WHERE status = 'assigned' AND overdue_stage IS NULL`,
      );
      return rows[0].n === 0;
    }, 'every late report is escalated');
    // Two more rounds of both workers find nothing new.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const { rows: escalations } = await sql.query<{ submission_id: number; n: number }>(
      `SELECT submission_id, count(*)::int AS n FROM timeline_event WHERE type = 'escalation' GROUP BY 1`,
    );
    expect(escalations).toHaveLength(7);
    expect(escalations.every((row) => row.n === 1)).toBe(true);

    // Both instances did serve: neither was idle while the other did the work.
    for (const portal of portals) expect((await fetch(`${portal.base}/readyz`)).status).toBe(200);
  }, 120_000);
});
