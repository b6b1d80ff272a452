import { Writable } from 'node:stream';
import { Client } from 'pg';
import { adminUrl, testServerUrl } from '../support/database-urls';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

function captureLogs(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

describe('server-side failures', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('answers 500 without internals and logs no personal data from a failed query', async () => {
    const logs = captureLogs();
    t = await createTestApp({ LOG_LEVEL: 'info' }, { logStream: logs.stream });
    await t.dataSource.query('ALTER TABLE submission RENAME COLUMN content TO content_broken');
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ contact: { name: '赵隐私', phone: '13698765432' } }),
    });
    expect(response.statusCode).toBe(500);
    expect(response.json().error).toMatchObject({ code: 'internal_error', message: '系统出现错误，请稍后再试' });
    expect(response.body).not.toMatch(/content_broken|column|INSERT|stack/i);
    expect(logs.text()).toContain('unhandled error');
    for (const secret of ['13698765432', '赵隐私', '味道很大']) expect(logs.text()).not.toContain(secret);
  });

  it('logs each request once, when it is answered, with what it was and how it ended', async () => {
    const logs = captureLogs();
    t = await createTestApp({ LOG_LEVEL: 'info' }, { logStream: logs.stream });
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/submissions/AAAAA-AAAAA' });
    expect(response.statusCode).toBe(404);
    const lines = logs
      .text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request completed',
        method: 'GET',
        url: '/api/v1/submissions/AAAAA-AAAAA',
        statusCode: 404,
        responseTime: expect.any(Number),
        remoteAddress: '127.0.0.1',
      }),
    ]);
  });

  it('answers 503 and fails readiness while the database refuses connections', async () => {
    t = await createTestApp();
    const admin = new Client({ connectionString: adminUrl(testServerUrl()) });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [t.database.name]);
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      const submit = await t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission() });
      expect(submit.statusCode).toBe(503);
      expect(submit.json().error.code).toBe('service_unavailable');

      await admin.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS true`);
      expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
      const after = await t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission() });
      expect(after.statusCode).toBe(201);
    } finally {
      await admin.query(`ALTER DATABASE ${t.database.name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
  });
});
