import { OutboxMessage, Submission, TimelineEvent } from '../../src/db/entities';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

describe('POST /api/v1/submissions and GET /api/v1/submissions/:code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('stores a report, classifies and routes it, and tracks it by its code', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ location: { address: '幸福路12号', lat: 39.9, lng: 116.4 } }),
    });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      status: 'assigned',
      category: { code: 'dirty' },
      subcategory: { code: 'garbage_overflow' },
      department: { code: 'sanitation', name: '环卫中心' },
    });
    expect(body.trackingCode).toMatch(/^[34679ACDEFGHJKMNPQRTWXY]{5}-[34679ACDEFGHJKMNPQRTWXY]{5}$/);
    expect(Date.parse(body.deadline)).toBeGreaterThan(Date.now());

    const row = await t.dataSource.getRepository(Submission).findOneByOrFail({ trackingCode: body.trackingCode });
    expect(row).toMatchObject({ channel: 'web', address: '幸福路12号', lat: 39.9, lng: 116.4, needsReview: false });
    const events = await t.dataSource.getRepository(TimelineEvent).findBy({ submissionId: row.id });
    expect(events.map((e) => [e.type, e.fromStatus, e.toStatus, e.visibleToResident]).sort()).toEqual(
      [
        ['classification', null, null, false],
        ['status_change', null, 'submitted', true],
        ['status_change', 'submitted', 'assigned', true],
      ].sort(),
    );
    // A web report has no channel address to send updates to; it is followed on its page.
    expect(await t.dataSource.getRepository(OutboxMessage).countBy({ submissionId: row.id })).toBe(0);

    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${body.trackingCode}` });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json()).toMatchObject({
      trackingCode: body.trackingCode,
      status: 'assigned',
      department: { name: '环卫中心' },
      timeline: [{ toStatus: 'submitted' }, { toStatus: 'assigned' }],
    });
  });

  it('finds a report by its code typed in lower case, with spaces or without the dash', async () => {
    const { trackingCode } = (
      await t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission() })
    ).json();
    const sloppy = trackingCode.replace('-', ' ').toLowerCase();
    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${encodeURIComponent(sloppy)}` });
    expect(tracked.statusCode).toBe(200);
    expect(tracked.json().trackingCode).toBe(trackingCode);
  });

  it('keeps personal data out of the create, replay and tracking responses', async () => {
    const secrets = { name: '张秘密', phone: '13912345678' };
    const submit = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/submissions',
        headers: { 'idempotency-key': 'personal-data-key-0001' },
        payload: aSubmission({ contact: secrets, location: { address: '秘密小区3号楼2单元' } }),
      });
    const created = await submit();
    const replayed = await submit();
    const { trackingCode } = created.json();
    const tracked = await t.app.inject({ method: 'GET', url: `/api/v1/submissions/${trackingCode}` });
    expect([created.statusCode, replayed.statusCode, tracked.statusCode]).toEqual([201, 201, 200]);
    for (const text of [created.body, replayed.body, tracked.body]) {
      for (const secret of ['张秘密', '13912345678', '1391234', '秘密小区', '味道很大'])
        expect(text).not.toContain(secret);
    }
    const stored = await t.dataSource.getRepository(Submission).findOneByOrFail({ trackingCode });
    expect(stored.contactPhone).toBe('13912345678');
  });

  it('answers 404 with the error shape for a well-formed code nobody has', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/submissions/33333-33333' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'not_found', requestId: expect.any(String) });
    expect(response.json().error.message).toContain('没有找到');
  });

  it('answers a malformed URL with the error shape', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/submissions/%E0%A4%A' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'bad_request', requestId: expect.any(String) });
  });

  it('answers 400 naming the field for a code that cannot exist', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/submissions/abc' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields).toEqual([expect.objectContaining({ field: 'trackingCode', rule: 'format' })]);
  });

  it('sends an uncertain report to the dispatch office for review', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ content: '嗯嗯嗯嗯' }),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ status: 'submitted', needsReview: true, department: { code: 'dispatch' } });
  });

  it('sends an `other` report (a question) to the dispatch office even when the classifier is sure', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ content: '请问反映的问题一般多久能处理完？在哪里能查到进度？' }),
    });
    expect(response.json()).toMatchObject({
      status: 'submitted',
      category: { code: 'other' },
      department: { code: 'dispatch' },
    });
  });
});
