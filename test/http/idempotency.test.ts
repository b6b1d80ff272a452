import { Submission } from '../../src/db/entities';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

describe('Idempotency-Key on POST /api/v1/submissions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
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

  it('creates separate submissions without a key', async () => {
    const [a, b] = await Promise.all([
      t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission() }),
      t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission() }),
    ]);
    expect(a.json().trackingCode).not.toBe(b.json().trackingCode);
  });
});
