import { DataSource, EntityManager } from 'typeorm';
import { Submission } from '../db/entities';
import { preparedStatement, runPrepared } from '../db/prepared';
import { EventActor, TimelineEntry, eventRows, outboxRows } from './timeline-writer';

/** What a report keeps of what its resident sent and how to reach them, and when it arrived. */
export type ResidentColumns = Pick<
  Submission,
  | 'address'
  | 'lat'
  | 'lng'
  | 'contactName'
  | 'contactPhone'
  | 'anonymous'
  | 'notifySms'
  | 'submitterChannelId'
  | 'submitterHandle'
  | 'idempotencyKey'
  | 'requestHash'
  | 'createdAt'
>;

/** What a new report is stored with; the database fills in the rest (id, version, counters). */
export type NewReportRow = ResidentColumns &
  Pick<
    Submission,
    | 'trackingCode'
    | 'content'
    | 'channel'
    | 'category'
    | 'subcategory'
    | 'confidence'
    | 'needsReview'
    | 'classification'
    | 'departmentId'
    | 'status'
    | 'acceptDeadline'
    | 'resolveDeadline'
  >;

/**
 * The report, its first timeline events and the outbox rows that tell its resident, in one
 * statement: one round trip, and atomic without a transaction around it. Intake under load is
 * bound by round trips to the database (and their system calls), not by the work in them; this
 * was four (begin, report, events, commit) and TypeORM's bookkeeping for each.
 * Events and outbox rows keep their order (a resident's updates are delivered in the order of
 * their ids): they are inserted sorted, and take their ids from the sequence in that order; an
 * outbox row finds its event by the event's rank.
 */
const REPORT_AND_EVENTS = `WITH s AS (
     INSERT INTO submission (tracking_code, content, channel, category, subcategory, confidence, needs_review,
       classification, department_id, status, accept_deadline, resolve_deadline, address, lat, lng,
       contact_name, contact_phone, anonymous, notify_sms, submitter_channel_id, submitter_handle,
       idempotency_key, request_hash, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
       $22, $23, $24, $24)
     RETURNING *),
   e AS (
     INSERT INTO timeline_event (submission_id, type, from_status, to_status, note, visible_to_resident,
       actor_type, actor_staff_id, actor_label, created_at)
     SELECT s.id, x.type, x.from_status, x.to_status, x.note, x.visible_to_resident, x.actor_type,
            x.actor_staff_id, x.actor_label, x.created_at
       FROM s, jsonb_to_recordset($25::jsonb) AS x(i int, type varchar, from_status varchar, to_status varchar,
              note text, visible_to_resident boolean, actor_type varchar, actor_staff_id int, actor_label varchar,
              created_at timestamptz)
      ORDER BY x.i
     RETURNING id)`;

const GENERATED_COLUMNS = `SELECT id, version, supporter_count, overdue_stage, resolved_at, escalated_at, merged_into_id,
          channel_unreachable_at
     FROM s`;

const INSERT_REPORT = preparedStatement(
  'insert_report',
  `${REPORT_AND_EVENTS},
   o AS (
     INSERT INTO outbox_message (submission_id, event_id, channel, recipient, payload, state, sent_at, created_at,
       next_attempt_at)
     SELECT s.id, ev.id, m.channel, m.recipient, m.payload, m.state, m.sent_at, m.created_at, m.next_attempt_at
       FROM s, (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i FROM e) ev,
            jsonb_to_recordset($26::jsonb) AS m(i int, event_index int, channel varchar, recipient varchar,
              payload jsonb, state varchar, sent_at timestamptz, created_at timestamptz, next_attempt_at timestamptz)
      WHERE ev.i = m.event_index
      ORDER BY m.i)
   ${GENERATED_COLUMNS}`,
);

/**
 * The same for a report nobody is told of by message: a web report without SMS, the most common
 * kind. Setting up the outbox part (a join, a window and a sort over nothing) for every execution
 * was about a twentieth of PostgreSQL's work per report.
 */
const INSERT_SILENT_REPORT = preparedStatement('insert_silent_report', `${REPORT_AND_EVENTS}\n   ${GENERATED_COLUMNS}`);

/**
 * Stores a new report with its first timeline entries, and tells its resident of the ones they
 * see (on their channel, or by SMS), as `TimelineWriter` would. Runs on its own, or inside the
 * transaction of `on` when other rows (photos, an Open311 request) must be stored with it.
 */
export async function insertReport(
  on: DataSource | EntityManager,
  row: NewReportRow,
  entries: readonly TimelineEntry[],
  options: { readonly actor: EventActor; readonly answeredOn?: string },
): Promise<Submission> {
  const at = row.createdAt;
  const events = eventRows(entries, options.actor, at).map((event, i) => ({ i, ...event }));
  const messages = outboxRows(entries, [row], row.status, at, options.answeredOn).map(
    ({ eventIndex, channel, recipient, payload, state, sentAt, createdAt, nextAttemptAt }, i) => ({
      i,
      event_index: eventIndex,
      channel,
      recipient,
      payload,
      state: state ?? 'pending',
      sent_at: sentAt ?? null,
      created_at: createdAt,
      next_attempt_at: nextAttemptAt,
    }),
  );
  const [generated] = await runPrepared<Generated>(on, messages.length > 0 ? INSERT_REPORT : INSERT_SILENT_REPORT, [
    row.trackingCode,
    row.content,
    row.channel,
    row.category,
    row.subcategory,
    row.confidence,
    row.needsReview,
    JSON.stringify(row.classification),
    row.departmentId,
    row.status,
    row.acceptDeadline,
    row.resolveDeadline,
    row.address,
    row.lat,
    row.lng,
    row.contactName,
    row.contactPhone,
    row.anonymous,
    row.notifySms,
    row.submitterChannelId,
    row.submitterHandle,
    row.idempotencyKey,
    row.requestHash,
    at,
    JSON.stringify(
      events.map((event) => ({
        i: event.i,
        type: event.type,
        from_status: event.fromStatus,
        to_status: event.toStatus,
        note: event.note,
        visible_to_resident: event.visibleToResident,
        actor_type: event.actorType,
        actor_staff_id: event.actorStaffId,
        actor_label: event.actorLabel,
        created_at: event.createdAt,
      })),
    ),
    ...(messages.length > 0 ? [JSON.stringify(messages)] : []),
  ]);
  // The report as stored: what was sent, and what the database filled in (the rest would only be
  // read back to be parsed again).
  const dataSource = on instanceof EntityManager ? on.connection : on;
  return Object.assign(dataSource.getMetadata(Submission).create() as Submission, row, {
    id: generated.id,
    version: generated.version,
    supporterCount: generated.supporter_count,
    overdueStage: generated.overdue_stage,
    resolvedAt: generated.resolved_at,
    escalatedAt: generated.escalated_at,
    mergedIntoId: generated.merged_into_id,
    channelUnreachableAt: generated.channel_unreachable_at,
    updatedAt: at,
  });
}

/** The columns of a new report the database fills in. */
interface Generated {
  id: number;
  version: number;
  supporter_count: number;
  overdue_stage: Submission['overdueStage'];
  resolved_at: Date | null;
  escalated_at: Date | null;
  merged_into_id: number | null;
  channel_unreachable_at: Date | null;
}
