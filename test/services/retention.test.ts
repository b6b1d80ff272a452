import { forgetResidents } from '../../src/services/retention';
import { fileReport } from '../support/reports';
import { TestApp, createTestApp } from '../support/test-app';

const DAY = 24 * 3600 * 1000;

describe('forgetting residents once nothing more is owed to them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A WeChat resident's report with a name and phone, in the given state, last changed `ageDays` ago. */
  async function report(status: string, ageDays: number, contact = 'wxid_resident') {
    const filed = await fileReport(t, '小区门口垃圾桶满了三天没人清运', {
      contact: { name: '王小明', phone: '13912345678' },
    });
    await t.dataSource.query(
      `UPDATE submission SET channel = 'wechat', submitter_channel_id = $2::text, submitter_handle = 'h-' || $2::text,
              status = $3::text, updated_at = now() - make_interval(days => $4::int) WHERE id = $1`,
      [filed.id, contact, status, ageDays],
    );
    return filed.id;
  }

  async function update(id: number, state: 'pending' | 'sent', channel = 'wechat', recipient = 'wxid_resident') {
    const [event] = await t.dataSource.query('SELECT id FROM timeline_event WHERE submission_id = $1 LIMIT 1', [id]);
    await t.dataSource.query(
      `INSERT INTO outbox_message (submission_id, event_id, channel, recipient, payload, state)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
      [
        id,
        event.id,
        channel,
        recipient,
        // A channel update carries the handle its client finds the contact again by; SMS does not.
        JSON.stringify(channel === 'sms' ? { text: '已办结' } : { text: '已办结', recipientHandle: 'h-wxid_resident' }),
        state,
      ],
    );
  }

  const messages = async (id: number) =>
    (await t.dataSource.query(
      `SELECT channel, recipient, payload->>'recipientHandle' AS handle, payload->>'text' AS text
         FROM outbox_message WHERE submission_id = $1 ORDER BY id`,
      [id],
    )) as { channel: string; recipient: string | null; handle: string | null; text: string }[];

  const row = async (id: number) =>
    (
      await t.dataSource.query(
        `SELECT contact_name, contact_phone, submitter_channel_id, submitter_handle, content, status
           FROM submission WHERE id = $1`,
        [id],
      )
    )[0];

  it('drops a WeChat identity as soon as a finished report has sent its last update, and keeps the rest', async () => {
    const delivered = await report('closed', 1);
    await update(delivered, 'sent');
    const waiting = await report('closed', 1);
    await update(waiting, 'pending');
    const open = await report('in_progress', 400);

    const result = await forgetResidents(t.dataSource, new Date(), 180);
    expect(result.channelIdentities).toBeGreaterThanOrEqual(1);
    expect(await row(delivered)).toMatchObject({
      submitter_channel_id: null,
      submitter_handle: null,
      contact_name: '王小明',
      contact_phone: '13912345678',
    });
    expect((await row(waiting)).submitter_channel_id).toBe('wxid_resident');
    expect(await row(open)).toMatchObject({ submitter_channel_id: 'wxid_resident', contact_phone: '13912345678' });

    await t.dataSource.query(`UPDATE outbox_message SET state = 'sent' WHERE submission_id = $1`, [waiting]);
    await forgetResidents(t.dataSource, new Date(), 180);
    expect((await row(waiting)).submitter_channel_id).toBeNull();
  });

  it('forgets the WeChat identity in the updates already sent too, and keeps their text and SMS numbers', async () => {
    const delivered = await report('closed', 1);
    await update(delivered, 'sent');
    await update(delivered, 'sent', 'sms', '13912345678');
    const owed = await report('closed', 1);
    await update(owed, 'sent');
    await update(owed, 'pending');

    await forgetResidents(t.dataSource, new Date(), 180);
    expect(await messages(delivered)).toEqual([
      { channel: 'wechat', recipient: null, handle: null, text: '已办结' },
      // A phone number is a contact detail: it goes with the rest after the retention period.
      { channel: 'sms', recipient: '13912345678', handle: null, text: '已办结' },
    ]);
    expect((await messages(owed)).map((m) => m.recipient)).toEqual(['wxid_resident', 'wxid_resident']);
    expect(JSON.stringify(await messages(delivered))).not.toContain('wxid_resident');
  });

  it('erases contact details of reports finished longer than the retention period; report and timeline stay', async () => {
    const old = await report('rejected', 181);
    await update(old, 'sent');
    const recent = await report('closed', 179);
    const events = async (id: number) =>
      (await t.dataSource.query('SELECT count(*)::int AS n FROM timeline_event WHERE submission_id = $1', [id]))[0].n;
    const eventsBefore = await events(old);

    const result = await forgetResidents(t.dataSource, new Date(), 180);
    expect(result.contacts).toBeGreaterThanOrEqual(1);
    expect(await row(old)).toMatchObject({
      contact_name: null,
      contact_phone: null,
      submitter_channel_id: null,
      content: '小区门口垃圾桶满了三天没人清运',
      status: 'rejected',
    });
    expect(await events(old)).toBe(eventsBefore);
    const [outbox] = await t.dataSource.query(
      'SELECT recipient, payload FROM outbox_message WHERE submission_id = $1',
      [old],
    );
    expect(outbox).toEqual({ recipient: null, payload: { text: '已办结' } });
    expect(await row(recent)).toMatchObject({ contact_name: '王小明', contact_phone: '13912345678' });

    // A shorter period reaches the recent one too; a second run finds nothing left to do.
    await forgetResidents(t.dataSource, new Date(), 30);
    expect(await row(recent)).toMatchObject({ contact_name: null, contact_phone: null });
    expect(await forgetResidents(t.dataSource, new Date(Date.now() + DAY), 30)).toEqual({
      channelIdentities: 0,
      contacts: 0,
    });
  });

  it('keeps a "me too" resident reachable while the report they follow is still open', async () => {
    const followed = await report('in_progress', 1, 'wxid_first');
    const follower = await report('duplicate', 400, 'wxid_second');
    await t.dataSource.query('UPDATE submission SET merged_into_id = $2 WHERE id = $1', [follower, followed]);
    await forgetResidents(t.dataSource, new Date(), 180);
    expect(await row(follower)).toMatchObject({ submitter_channel_id: 'wxid_second', contact_phone: '13912345678' });

    await t.dataSource.query(`UPDATE submission SET status = 'closed' WHERE id = $1`, [followed]);
    await forgetResidents(t.dataSource, new Date(), 180);
    expect(await row(follower)).toMatchObject({ submitter_channel_id: null, contact_phone: null });
  });

  it("erases an Open311 resident's email with the rest", async () => {
    const id = await report('withdrawn', 200);
    const [client] = await t.dataSource.query(
      `INSERT INTO open311_client (name, key_prefix, key_hash) VALUES ('retention', 'o311_x', repeat('a', 64)) RETURNING id`,
    );
    await t.dataSource.query(
      `INSERT INTO open311_request (submission_id, client_id, token, service_code, email, account_id)
       VALUES ($1, $2, gen_random_uuid()::text, 'litter', 'wang@example.com', 'acct-1')`,
      [id, client.id],
    );
    await forgetResidents(t.dataSource, new Date(), 180);
    const [open311] = await t.dataSource.query(
      'SELECT email, account_id FROM open311_request WHERE submission_id = $1',
      [id],
    );
    expect(open311).toEqual({ email: null, account_id: null });
  });
});
