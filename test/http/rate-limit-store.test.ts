import { removeExpiredRateLimitCounters } from '../../src/services/rate-limit-counters';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

const BOT_TOKEN = 'bot-token-0123456789abcdef0123';

describe('rate-limit counters in PostgreSQL (RATE_LIMIT_STORE=postgres)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      RATE_LIMIT_STORE: 'postgres',
      SUBMISSION_RATE_LIMIT_MAX: '2',
      SUBMISSION_RATE_LIMIT_WINDOW_SECONDS: '2',
      CHANNEL_SERVICE_TOKEN: BOT_TOKEN,
    });
  });
  afterAll(() => t.close());

  const submit = (ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission(), remoteAddress: ip });

  it('counts per address in the database, says when to retry, and starts a new window when it ends', async () => {
    // The first report trains the classifier; the window under test starts after it.
    await submit('10.0.0.9');
    expect((await submit('10.0.0.1')).statusCode).toBe(201);
    expect((await submit('10.0.0.1')).statusCode).toBe(201);
    const refused = await submit('10.0.0.1');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(0);
    expect(refused.json().error.code).toBe('too_many_requests');
    // Another address has its own allowance.
    expect((await submit('10.0.0.2')).statusCode).toBe(201);
    const [{ n }]: { n: number }[] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM rate_limit_counter WHERE key LIKE '%10.0.0.1%'`,
    );
    expect(n).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await submit('10.0.0.1')).statusCode).toBe(201);
  });

  it('counts each WeChat contact of the bot in the database too', async () => {
    const fromBot = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        headers: { authorization: `Bearer ${BOT_TOKEN}` },
        payload: aSubmission({ channel: 'wechat', submitter: { id: 'wxid_counted' } }),
      });
    expect([(await fromBot()).statusCode, (await fromBot()).statusCode]).toEqual([201, 201]);
    expect((await fromBot()).statusCode).toBe(429);
    const rows: { key: string }[] = await t.dataSource.query(
      `SELECT key FROM rate_limit_counter WHERE key LIKE '%wxid_counted%'`,
    );
    expect(rows.map((row) => row.key)).toEqual([expect.stringContaining('contact:wechat:wxid_counted')]);
  });

  it('lets housekeeping remove windows that have ended', async () => {
    await t.dataSource.query(
      `INSERT INTO rate_limit_counter (key, count, expires_at) VALUES ('old', 3, now() - interval '1 minute')`,
    );
    expect(await removeExpiredRateLimitCounters(t.dataSource, new Date())).toBeGreaterThanOrEqual(1);
    const rows: unknown[] = await t.dataSource.query(`SELECT key FROM rate_limit_counter WHERE key = 'old'`);
    expect(rows).toEqual([]);
  });
});
