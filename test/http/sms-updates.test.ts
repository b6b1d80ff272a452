import { outboxRows } from '../support/outbox';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

describe('SMS updates: a resident who leaves a mobile number may ask for them', () => {
  let withSms: TestApp;
  let withoutSms: TestApp;
  beforeAll(async () => {
    // Nothing listens there: the outbox keeps the messages until a gateway takes them.
    withSms = await createTestApp({ SMS_GATEWAY_URL: 'http://127.0.0.1:9/sms', SMS_REPORTS_PER_NUMBER_PER_DAY: '2' });
    withoutSms = await createTestApp();
  });
  afterAll(async () => {
    await withSms.close();
    await withoutSms.close();
  });

  const submit = (t: TestApp, fields: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/submissions', payload: aSubmission(fields) });

  it('queues every update for the phone when asked, and none when not', async () => {
    const asked = await submit(withSms, { contact: { phone: '138 0013 8000' }, notifyBySms: true });
    expect(asked.statusCode).toBe(201);
    const rows = await outboxRows(withSms, { recipient: '13800138000' });
    expect(rows.map((r) => [r.channel, r.state, r.payload.status])).toEqual([
      ['sms', 'pending', 'submitted'],
      ['sms', 'pending', 'assigned'],
    ]);
    expect(String(rows[0]!.payload.text)).toContain(asked.json().trackingCode);

    const notAsked = await submit(withSms, { contact: { phone: '13800138001' } });
    expect(notAsked.statusCode).toBe(201);
    expect(await outboxRows(withSms, { recipient: '13800138001' })).toEqual([]);
  });

  it('needs a phone number, and a portal with an SMS gateway', async () => {
    const noPhone = await submit(withSms, { notifyBySms: true });
    expect(noPhone.statusCode).toBe(400);
    expect(noPhone.json().error.fields).toEqual([expect.objectContaining({ field: 'contact.phone' })]);

    const off = await submit(withoutSms, { contact: { phone: '13800138002' }, notifyBySms: true });
    expect(off.statusCode).toBe(400);
    expect(off.json().error.fields).toEqual([expect.objectContaining({ field: 'notifyBySms' })]);
    expect(off.json().error.message).toContain('短信');

    const wrongType = await submit(withSms, { contact: { phone: '13800138003' }, notifyBySms: 'yes' });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().error.fields[0].field).toBe('notifyBySms');
  });

  it('texts one number for a few reports a day at most: numbers are not verified', async () => {
    const ask = () => submit(withSms, { contact: { phone: '13700137000' }, notifyBySms: true });
    expect((await ask()).statusCode).toBe(201);
    expect((await ask()).statusCode).toBe(201);
    const third = await ask();
    expect(third.statusCode).toBe(400);
    expect(third.json().error.fields).toEqual([expect.objectContaining({ field: 'notifyBySms', rule: 'dailyLimit' })]);
    // Without SMS the report is still welcome.
    expect((await submit(withSms, { contact: { phone: '13700137000' } })).statusCode).toBe(201);
  });
});
