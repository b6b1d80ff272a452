import type { DataSource } from 'typeorm';

/**
 * How long the mailbox keeps what identifies a resident. A report, its timeline and the
 * statistics stay for good; who sent it does not.
 *
 * - A WeChat identity is needed only while updates may still be owed: once the report is finished
 *   (closed, rejected, withdrawn, or merged into one that is) and its last update has gone out,
 *   it is forgotten.
 * - Names, phone numbers, emails and channel ids of finished reports are erased once the report
 *   has not changed for the retention period (PERSONAL_DATA_RETENTION_DAYS, 180 by default).
 */
const FINISHED = `('closed', 'rejected', 'withdrawn')`;
const FINISHED_REPORT = `(
  s.status IN ${FINISHED}
  OR (s.status = 'duplicate' AND NOT EXISTS (
        SELECT 1 FROM submission m WHERE m.id = s.merged_into_id AND m.status NOT IN ${FINISHED})))`;

/** Rows per statement, so a first run over years of reports does not hold long locks. */
const BATCH = 1000;

export interface Forgotten {
  /** Reports whose WeChat identity was dropped because nothing more is owed to it. */
  readonly channelIdentities: number;
  /** Reports past the retention period whose contact details were erased. */
  readonly contacts: number;
}

export async function forgetResidents(dataSource: DataSource, now: Date, retentionDays: number): Promise<Forgotten> {
  let channelIdentities = 0;
  for (;;) {
    // The identity is in the updates already sent to it too: the recipient and the handle the
    // bot finds a contact again by. SMS updates name a phone number, a contact detail kept for
    // the retention period like the rest.
    const [{ count }]: { count: number }[] = await dataSource.query(
      `WITH chosen AS (
         SELECT s.id FROM submission s
          WHERE (s.submitter_channel_id IS NOT NULL OR s.submitter_handle IS NOT NULL
                 OR EXISTS (SELECT 1 FROM outbox_message o WHERE o.submission_id = s.id AND o.channel <> 'sms'
                             AND (o.recipient IS NOT NULL OR o.payload ? 'recipientHandle')))
            AND ${FINISHED_REPORT}
            AND NOT EXISTS (SELECT 1 FROM outbox_message o WHERE o.submission_id = s.id AND o.state = 'pending')
          LIMIT ${BATCH}),
       forgotten AS (
         UPDATE submission s SET submitter_channel_id = NULL, submitter_handle = NULL
           FROM chosen c
          WHERE s.id = c.id AND (s.submitter_channel_id IS NOT NULL OR s.submitter_handle IS NOT NULL)),
       unaddressed AS (
         UPDATE outbox_message o SET recipient = NULL, payload = o.payload - 'recipientHandle'
           FROM chosen c
          WHERE o.submission_id = c.id AND o.channel <> 'sms'
            AND (o.recipient IS NOT NULL OR o.payload ? 'recipientHandle'))
       SELECT count(*)::int AS count FROM chosen`,
    );
    channelIdentities += count;
    if (count < BATCH) break;
  }

  const cutoff = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000);
  let contacts = 0;
  for (;;) {
    const ids: number[] = (
      await dataSource.query(
        `SELECT s.id FROM submission s
          WHERE s.updated_at < $1 AND ${FINISHED_REPORT}
            AND (s.contact_name IS NOT NULL OR s.contact_phone IS NOT NULL OR s.notify_sms
                 OR EXISTS (SELECT 1 FROM open311_request r WHERE r.submission_id = s.id
                             AND (r.email IS NOT NULL OR r.account_id IS NOT NULL OR r.device_id IS NOT NULL))
                 OR EXISTS (SELECT 1 FROM outbox_message o WHERE o.submission_id = s.id
                             AND o.recipient IS NOT NULL AND o.state <> 'pending'))
          ORDER BY s.id LIMIT ${BATCH}`,
        [cutoff],
      )
    ).map((row: { id: number }) => row.id);
    if (ids.length === 0) break;
    await dataSource.transaction(async (manager) => {
      await manager.query(
        `UPDATE submission SET contact_name = NULL, contact_phone = NULL, notify_sms = false,
                submitter_channel_id = NULL, submitter_handle = NULL
          WHERE id = ANY($1)`,
        [ids],
      );
      await manager.query(
        `UPDATE open311_request SET email = NULL, account_id = NULL, device_id = NULL WHERE submission_id = ANY($1)`,
        [ids],
      );
      // Delivered and parked updates keep their text (the report's history), not where they went.
      await manager.query(
        `UPDATE outbox_message SET recipient = NULL, payload = payload - 'recipientHandle'
          WHERE submission_id = ANY($1) AND state <> 'pending'`,
        [ids],
      );
    });
    contacts += ids.length;
    if (ids.length < BATCH) break;
  }
  return { channelIdentities, contacts };
}
