import { TestApp, aSubmission, createTestApp } from '../support/test-app';

const BOT_TOKEN = 'bot-token-0123456789abcdef0123';

describe('catalogue, health, docs and HTTP hygiene', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      SUBMISSION_RATE_LIMIT_MAX: '3',
      TRACKING_RATE_LIMIT_MAX: '5',
      CORS_ORIGINS: 'https://mailbox.example.gov.cn',
      CHANNEL_SERVICE_TOKEN: BOT_TOKEN,
    });
  });
  afterAll(() => t.close());

  it('lists the five categories with their subcategories', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/categories' });
    expect(response.statusCode).toBe(200);
    const categories = response.json();
    expect(categories.map((c: { code: string }) => c.code)).toEqual(['dirty', 'disorder', 'shabby', 'crude', 'other']);
    expect(categories[2]).toMatchObject({
      char: '差',
      subcategories: expect.arrayContaining([{ code: 'flying_wires', name: '飞线充电' }]),
    });
  });

  it('lists the seeded departments with the dispatch office', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/departments' });
    expect(response.statusCode).toBe(200);
    const departments = response.json();
    expect(departments).toHaveLength(9);
    expect(departments.find((d: { isDispatchOffice: boolean }) => d.isDispatchOffice)).toMatchObject({
      name: '创城办',
    });
  });

  it('reports liveness and database readiness', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('serves the OpenAPI description with the submission body schema', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const spec = response.json();
    const body = spec.paths['/api/v1/submissions'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['content', 'channel']));
    expect(body.properties.contact.properties.phone).toBeDefined();
    expect((await t.app.inject({ method: 'GET', url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('sets security headers and allows only the configured CORS origin', async () => {
    const allowed = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://mailbox.example.gov.cn' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://mailbox.example.gov.cn');
    expect(allowed.headers['x-content-type-options']).toBe('nosniff');
    expect(allowed.headers['content-security-policy']).toContain("default-src 'self'");
    const other = await t.app.inject({
      method: 'GET',
      url: '/healthz',
      headers: { origin: 'https://evil.example.com' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();

    const preflight = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/submissions',
      headers: { origin: 'https://mailbox.example.gov.cn', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-methods']).toContain('POST');
    // An OPTIONS request that is not a preflight gets no plain-text 400 outside the error shape.
    const bare = await t.app.inject({ method: 'OPTIONS', url: '/api/v1/nothing' });
    expect(bare.statusCode).toBe(204);
    expect(bare.body).toBe('');
  });

  it('gives API answers the headers of data, not of a page', async () => {
    for (const url of ['/api/v1/categories', '/api/v1/submissions/33333-33333', '/open311/v2/services.json']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBeLessThan(500);
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(response.headers['referrer-policy']).toBeUndefined();
    }
    // Pages keep the whole set.
    const page = await t.app.inject({ method: 'GET', url: '/' });
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });

  it('answers unknown routes with the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('route_not_found');
  });

  it('limits tracking look-ups per IP, so codes cannot be guessed quickly', async () => {
    const look = (ip: string) =>
      t.app.inject({ method: 'GET', url: '/api/v1/submissions/33333-33333', remoteAddress: ip });
    for (let i = 0; i < 5; i += 1) expect((await look('10.1.1.1')).statusCode).toBe(404);
    const limited = await look('10.1.1.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({
      code: 'too_many_requests',
      message: expect.stringMatching(/^查询太频繁/),
    });
    expect((await look('10.1.1.2')).statusCode).toBe(404);
  });

  it('limits submissions per IP with 429 and a Chinese message', async () => {
    const post = () =>
      t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission(), remoteAddress: '10.9.8.7' });
    for (let i = 0; i < 3; i += 1) expect((await post()).statusCode).toBe(201);
    const limited = await post();
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({
      code: 'too_many_requests',
      message: expect.stringMatching(/^提交太频繁，请 \d+ 秒后再试$/),
    });
    expect(limited.headers['retry-after']).toBeDefined();
    // Another resident is not affected.
    const elsewhere = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission(),
      remoteAddress: '10.9.8.8',
    });
    expect(elsewhere.statusCode).toBe(201);
  });

  it('limits each WeChat contact the bot sends for like one address, however many share the bot', async () => {
    const fromBot = (contact: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        headers: { authorization: `Bearer ${BOT_TOKEN}` },
        payload: aSubmission({ channel: 'wechat', submitter: { id: contact } }),
        remoteAddress: '10.7.7.7',
      });
    for (let i = 0; i < 3; i += 1) expect((await fromBot('wxid_flooder')).statusCode).toBe(201);
    const limited = await fromBot('wxid_flooder');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({
      code: 'too_many_requests',
      message: expect.stringMatching(/^提交太频繁，请 \d+ 秒后再试$/),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // The bot's other contacts, from the same address, are not held back.
    for (let i = 0; i < 4; i += 1) expect((await fromBot(`wxid_neighbour_${i}`)).statusCode).toBe(201);
  });
});
