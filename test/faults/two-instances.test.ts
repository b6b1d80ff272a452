import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { phonePhoto } from '../support/images';
import { Bucket, startBucket } from '../support/s3-bucket';
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
  let bucket: Bucket;
  let disks: string;
  const portals: PortalProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    sql = new Client({ connectionString: database.url });
    await sql.connect();
    gateway = await startSmsGateway([200]);
    // Photos in one S3-compatible bucket both instances use.
    bucket = await startBucket();
    const env = {
      ADMIN_PASSWORD: 'two-instances-admin-pw',
      PHOTO_STORE: 's3',
      S3_ENDPOINT: bucket.settings.endpoint,
      S3_BUCKET: bucket.settings.bucket,
      S3_ACCESS_KEY_ID: bucket.settings.accessKeyId,
      S3_SECRET_ACCESS_KEY: bucket.settings.secretAccessKey,
      DATABASE_URL: database.url,
      RATE_LIMIT_STORE: 'postgres',
      SUBMISSION_RATE_LIMIT_MAX: '8',
      SMS_GATEWAY_URL: gateway.url,
      SMS_GATEWAY_TOKEN: 'gateway-token',
      OUTBOX_INTERVAL_SECONDS: '1',
      ESCALATION_INTERVAL_SECONDS: '1',
    };
    // Each on a disk of its own, as on two machines: only the bucket is shared.
    disks = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-disks-'));
    const disk = (name: string) => path.join(disks, name);
    portals.push(
      ...(await Promise.all([
        startPortal({ ...env, UPLOAD_DIR: disk('a') }),
        startPortal({ ...env, UPLOAD_DIR: disk('b') }),
      ])),
    );
  }, 180_000);
  afterAll(async () => {
    await Promise.all(portals.map((portal) => portal.stop()));
    await gateway?.close();
    await bucket?.close();
    if (disks) fs.rmSync(disks, { recursive: true, force: true });
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
  it('serves from either instance a photo the other one stored', async () => {
    const [a, b] = portals;
    const login = await fetch(`${b!.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'two-instances-admin-pw' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const staff = { cookie, 'x-csrf-token': ((await login.json()) as { csrfToken: string }).csrfToken };

    // A report the first case filed (this address has used its allowance by now).
    const { rows } = await sql.query<{ id: number; tracking_code: string }>(
      'SELECT id, tracking_code FROM submission ORDER BY id LIMIT 1',
    );
    const report = rows[0]!;
    // Stored by one instance ...
    const form = new FormData();
    form.append('kind', 'before_photo');
    form.append('file', new Blob([new Uint8Array(await phonePhoto({ lat: 30.27, lng: 120.15 }))]), 'before.jpg');
    const uploaded = await fetch(`${b!.base}/api/v1/staff/submissions/${report.id}/photos`, {
      method: 'POST',
      headers: staff,
      body: form,
    });
    expect(uploaded.status).toBe(201);
    // ... and served to the public by the other, from the bucket.
    const tracked = (await (await fetch(`${a!.base}/api/v1/submissions/${report.tracking_code}`)).json()) as {
      photos: { url: string }[];
    };
    expect(tracked.photos).toHaveLength(1);
    for (const portal of [a!, b!]) {
      const photo = await fetch(`${portal.base}${tracked.photos[0]!.url}`);
      expect([photo.status, photo.headers.get('content-type')]).toEqual([200, 'image/jpeg']);
    }
  });
});
