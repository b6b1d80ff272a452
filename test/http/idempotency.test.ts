import { Attachment, OutboxMessage, Submission, TimelineEvent } from '../../src/db/entities';
import { multipart, phonePhoto } from '../support/images';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

const TOKEN = 'bot-token-0123456789abcdef0123';

describe('Idempotency-Key on POST /api/v1/submissions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ CHANNEL_SERVICE_TOKEN: TOKEN });
  });
  afterAll(() => t.close());

  const post = (key: string, payload = aSubmission()) =>
    t.app.inject({ method: 'POST', url: '/api/v1/submissions', headers: { 'idempotency-key': key }, payload });

  it('returns the same submission for a repeated key and body', async () => {
    const first = await post('repeat-key-0000000001');
    const second = await post('repeat-key-0000000001');
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().trackingCode).toBe(first.json().trackingCode);
    expect(await t.dataSource.getRepository(Submission).countBy({ idempotencyKey: 'repeat-key-0000000001' })).toBe(1);
  });

  it('creates exactly one submission for two concurrent identical requests', async () => {
    const [a, b] = await Promise.all([post('race-key-00000000001'), post('race-key-00000000001')]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().trackingCode).toBe(b.json().trackingCode);
    expect(await t.dataSource.getRepository(Submission).countBy({ idempotencyKey: 'race-key-00000000001' })).toBe(1);
    expect([a, b].filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
  });

  it('refuses the same key with a different body', async () => {
    await post('reused-key-0000000001');
    const other = await post('reused-key-0000000001', aSubmission({ content: '人民路有游商摊贩占道经营' }));
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('idempotency_key_reused');
    expect(await t.dataSource.getRepository(Submission).countBy({ idempotencyKey: 'reused-key-0000000001' })).toBe(1);
  });

  it('answers a replay of a report with a photo with the report stored first, its photo attached once', async () => {
    const form = multipart([
      { name: 'file', value: await phonePhoto({ lat: 30.27, lng: 120.15 }), filename: 'a.jpg', type: 'image/jpeg' },
    ]);
    const photo = await t.app.inject({ method: 'POST', url: '/api/v1/photos', ...form });
    expect(photo.statusCode).toBe(201);
    const body = aSubmission({ photoIds: [photo.json().id] });
    const first = await post('photo-key-00000000001', body);
    const second = await post('photo-key-00000000001', body);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().trackingCode).toBe(first.json().trackingCode);
    const stored = await t.dataSource
      .getRepository(Submission)
      .findOneByOrFail({ idempotencyKey: 'photo-key-00000000001' });
    expect(await t.dataSource.getRepository(Attachment).countBy({ submissionId: stored.id })).toBe(1);
  });

  it('stores nothing more for a replayed WeChat report: no second timeline, no second message', async () => {
    const wechat = {
      authorization: `Bearer ${TOKEN}`,
      'idempotency-key': 'wechat-key-0000000001',
    };
    const body = { ...aSubmission(), channel: 'wechat', submitter: { id: 'wxid_replayed' } };
    const send = () => t.app.inject({ method: 'POST', url: '/api/v1/submissions', headers: wechat, payload: body });
    const first = await send();
    const second = await send();
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(second.json().trackingCode).toBe(first.json().trackingCode);
    const stored = await t.dataSource
      .getRepository(Submission)
      .findOneByOrFail({ idempotencyKey: 'wechat-key-0000000001' });
    const events = await t.dataSource.getRepository(TimelineEvent).countBy({ submissionId: stored.id });
    const messages = await t.dataSource.getRepository(OutboxMessage).countBy({ recipient: 'wxid_replayed' });
    await send();
    expect(await t.dataSource.getRepository(TimelineEvent).countBy({ submissionId: stored.id })).toBe(events);
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ recipient: 'wxid_replayed' })).toBe(messages);
    expect(messages).toBeGreaterThan(0);
  });

  it('creates separate submissions without a key', async () => {
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission() }),
      t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission() }),
    ]);
    expect(a.json().trackingCode).not.toBe(b.json().trackingCode);
  });
});
