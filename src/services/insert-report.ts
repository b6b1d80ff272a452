import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Submission } from '../db/entities';
import { preparedStatement, runPrepared } from '../db/prepared';
import { WriteBatcher } from '../db/write-batcher';
import { EventActor, PlannedMessage, TimelineEntry, eventRows, outboxRows } from './timeline-writer';

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
 * Reports, their first timeline events and the outbox rows that tell their residents, in one
 * statement: one round trip, and atomic without a transaction around it. Intake under load is
 * bound by round trips to the database (and their system calls), not by the work in them; this
 * was four per report (begin, report, events, commit) and TypeORM's bookkeeping for each. Under
 * load, reports that arrive together share the statement (see `WriteBatcher`): the cost of a
 * statement and its commit is then paid once for several reports (for a bare insert of a report
 * row, about half of PostgreSQL's CPU per report).
 * Events and outbox rows keep their order (a resident's updates are delivered in the order of
 * their ids): they are inserted sorted, and take their ids from the sequence in that order. Events
 * find their report by its tracking code; an outbox row finds its event by the event's rank
 * within its report.
 */
const REPORTS_AND_EVENTS = `WITH s AS (
     INSERT INTO submission (tracking_code, content, channel, category, subcategory, confidence, needs_review,
       classification, department_id, status, accept_deadline, resolve_deadline, address, lat, lng,
       contact_name, contact_phone, anonymous, notify_sms, submitter_channel_id, submitter_handle,
       idempotency_key, request_hash, created_at, updated_at)
     SELECT r.tracking_code, r.content, r.channel, r.category, r.subcategory, r.confidence, r.needs_review,
            r.classification, r.department_id, r.status, r.accept_deadline, r.resolve_deadline, r.address, r.lat,
            r.lng, r.contact_name, r.contact_phone, r.anonymous, r.notify_sms, r.submitter_channel_id,
            r.submitter_handle, r.idempotency_key, r.request_hash, r.created_at, r.created_at
       FROM jsonb_to_recordset($1::jsonb) AS r(i int, tracking_code varchar, content text, channel varchar,
              category varchar, subcategory varchar, confidence float8, needs_review boolean, classification jsonb,
              department_id int, status varchar, accept_deadline timestamptz, resolve_deadline timestamptz,
              address text, lat float8, lng float8, contact_name varchar, contact_phone varchar, anonymous boolean,
              notify_sms boolean, submitter_channel_id varchar, submitter_handle varchar, idempotency_key varchar,
              request_hash char(64), created_at timestamptz)
      ORDER BY r.i
     RETURNING id, tracking_code, version, supporter_count, overdue_stage, resolved_at, escalated_at, merged_into_id,
       channel_unreachable_at),
   e AS (
     INSERT INTO timeline_event (submission_id, type, from_status, to_status, note, visible_to_resident,
       actor_type, actor_staff_id, actor_label, created_at)
     SELECT s.id, x.type, x.from_status, x.to_status, x.note, x.visible_to_resident, x.actor_type,
            x.actor_staff_id, x.actor_label, x.created_at
       FROM jsonb_to_recordset($2::jsonb) AS x(report int, i int, tracking_code varchar, type varchar,
              from_status varchar, to_status varchar, note text, visible_to_resident boolean, actor_type varchar,
              actor_staff_id int, actor_label varchar, created_at timestamptz)
       JOIN s ON s.tracking_code = x.tracking_code
      ORDER BY x.report, x.i
     RETURNING id, submission_id)`;

const GENERATED_COLUMNS = `SELECT tracking_code, id, version, supporter_count, overdue_stage, resolved_at, escalated_at,
          merged_into_id, channel_unreachable_at
     FROM s`;

const INSERT_REPORTS = preparedStatement(
  'insert_reports',
  `${REPORTS_AND_EVENTS},
   o AS (
     INSERT INTO outbox_message (submission_id, event_id, channel, recipient, payload, state, sent_at, created_at,
       next_attempt_at)
     SELECT ev.submission_id, ev.id, m.channel, m.recipient, m.payload, m.state, m.sent_at, m.created_at,
            m.next_attempt_at
       FROM (SELECT id, submission_id, row_number() OVER (PARTITION BY submission_id ORDER BY id) - 1 AS i FROM e) ev
       JOIN s ON s.id = ev.submission_id
       JOIN jsonb_to_recordset($3::jsonb) AS m(report int, i int, tracking_code varchar, event_index int,
              channel varchar, recipient varchar, payload jsonb, state varchar, sent_at timestamptz,
              created_at timestamptz, next_attempt_at timestamptz)
         ON m.tracking_code = s.tracking_code AND m.event_index = ev.i
      ORDER BY m.report, m.i)
   ${GENERATED_COLUMNS}`,
);

/**
 * The same for reports nobody is told of by message: web reports without SMS, the most common
 * kind. Setting up the outbox part (joins, a window and a sort over nothing) for every execution
 * was about a twentieth of PostgreSQL's work per report.
 */
const INSERT_SILENT_REPORTS = preparedStatement(
  'insert_silent_reports',
  `${REPORTS_AND_EVENTS}\n   ${GENERATED_COLUMNS}`,
);

/** A report ready to store: its row, its events and its messages as the statement takes them. */
interface PlannedReport {
  readonly row: NewReportRow;
  readonly events: readonly ReturnType<typeof eventRows>[number][];
  readonly messages: readonly PlannedMessage[];
}

/**
 * Reports in flight at once per process while others wait to join them. Two keep PostgreSQL busy
 * (one runs while the other's commit is written) and leave the pool's other connections to
 * everything else; a report waits at most for the batch ahead of it.
 */
const INTAKE_LANES = 2;
/**
 * Most of the saving comes by four or eight reports a statement. Batches of up to 50 made every
 * report at 100 connections wait for larger batches ahead of it (p99 300–400 ms in `npm run
 * bench`, against about 200 ms without batching); at 16 it was 120–160 ms.
 */
const INTAKE_MAX_BATCH = 16;

const batchers = new WeakMap<DataSource, WriteBatcher<PlannedReport, Generated>>();

/** The batcher new reports on `dataSource` go through (exported for tests to look at). */
export function intakeBatcher(dataSource: DataSource): WriteBatcher<PlannedReport, Generated> {
  let batcher = batchers.get(dataSource);
  if (!batcher) {
    batcher = new WriteBatcher((reports) => storeTogether(dataSource, reports), {
      lanes: INTAKE_LANES,
      maxBatch: INTAKE_MAX_BATCH,
    });
    batchers.set(dataSource, batcher);
  }
  return batcher;
}

/**
 * Stores a new report with its first timeline entries, and tells its resident of the ones they
 * see (on their channel, or by SMS), as `TimelineWriter` would. Runs on its own (together with
 * other reports arriving at the same time), or inside the transaction of `on` when other rows
 * (photos, an Open311 request) must be stored with it.
 */
export async function insertReport(
  on: DataSource | EntityManager,
  row: NewReportRow,
  entries: readonly TimelineEntry[],
  options: { readonly actor: EventActor; readonly answeredOn?: string },
): Promise<Submission> {
  const at = row.createdAt;
  const planned: PlannedReport = {
    row,
    events: eventRows(entries, options.actor, at),
    messages: outboxRows(entries, [row], row.status, at, options.answeredOn),
  };
  const generated =
    on instanceof EntityManager ? (await runStatement(on, [planned]))[0] : await intakeBatcher(on).add(planned);
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

/**
 * One statement for the batch. When the database refuses a value of one report (a duplicate
 * idempotency key: the same request sent twice at once; a value out of range), the statement
 * stores none of them, so each is then stored on its own and only that one fails. Other errors
 * (the database unreachable) would fail each of them alike, and fail the batch at once.
 */
async function storeTogether(
  dataSource: DataSource,
  reports: readonly PlannedReport[],
): Promise<PromiseSettledResult<Generated>[]> {
  try {
    const rows = await runStatement(dataSource, reports);
    return rows.map((value) => ({ status: 'fulfilled', value }));
  } catch (error) {
    if (reports.length === 1 || !refusedValue(error)) throw error;
  }
  // One after the other, in this lane: at once they would take as many connections as reports.
  const results: PromiseSettledResult<Generated>[] = [];
  for (const report of reports) {
    try {
      results.push({ status: 'fulfilled', value: (await runStatement(dataSource, [report]))[0] });
    } catch (reason) {
      results.push({ status: 'rejected', reason });
    }
  }
  return results;
}

/**
 * Integrity constraint violations (class 23), data exceptions (class 22), and a deadlock: two
 * batches that hold the same two idempotency keys (a client resending both at once) in opposite
 * orders wait for each other; stored one by one, the second of each pair is a plain replay.
 */
function refusedValue(error: unknown): boolean {
  const code = error instanceof QueryFailedError ? (error.driverError as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('23') || code.startsWith('22') || code === '40P01');
}

/** Stores the reports with one statement; their generated columns in the order of `reports`. */
async function runStatement(on: DataSource | EntityManager, reports: readonly PlannedReport[]): Promise<Generated[]> {
  const told = reports.some((report) => report.messages.length > 0);
  const rows = await runPrepared<Generated & { tracking_code: string }>(
    on,
    told ? INSERT_REPORTS : INSERT_SILENT_REPORTS,
    [
      jsonParameter(reports.map(({ row }, i) => reportJson(row, i))),
      jsonParameter(reports.flatMap((report, r) => report.events.map((event, i) => eventJson(report, r, event, i)))),
      ...(told
        ? [jsonParameter(reports.flatMap((report, r) => report.messages.map((m, i) => messageJson(report, r, m, i))))]
        : []),
    ],
  );
  const byCode = new Map(rows.map((row) => [row.tracking_code, row]));
  return reports.map(({ row }) => {
    const generated = byCode.get(row.trackingCode);
    if (!generated) throw new Error(`report ${row.trackingCode} was not stored`);
    return generated;
  });
}

const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * JSON for PostgreSQL. Half an emoji (a lone surrogate, as a client that cut a text may send) is
 * written by JSON.stringify as an escape that PostgreSQL's JSON refuses, which would fail the
 * report; as a plain text parameter it used to be stored as U+FFFD, and here it is the same.
 */
function jsonParameter(value: unknown): string {
  const json = JSON.stringify(value);
  // JSON.stringify escapes only lone surrogates (as \udxxx); a replacer slows every report, so
  // it is used only when one may be there (or a resident typed a backslash and "ud").
  if (!json.includes('\\ud')) return json;
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'string' && SURROGATE.test(item) ? item.replace(LONE_SURROGATE, '\uFFFD') : item,
  );
}

function reportJson(row: NewReportRow, i: number) {
  return {
    i,
    tracking_code: row.trackingCode,
    content: row.content,
    channel: row.channel,
    category: row.category,
    subcategory: row.subcategory,
    confidence: row.confidence,
    needs_review: row.needsReview,
    classification: row.classification,
    department_id: row.departmentId,
    status: row.status,
    accept_deadline: row.acceptDeadline,
    resolve_deadline: row.resolveDeadline,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    contact_name: row.contactName,
    contact_phone: row.contactPhone,
    anonymous: row.anonymous,
    notify_sms: row.notifySms,
    submitter_channel_id: row.submitterChannelId,
    submitter_handle: row.submitterHandle,
    idempotency_key: row.idempotencyKey,
    request_hash: row.requestHash,
    created_at: row.createdAt,
  };
}

function eventJson(report: PlannedReport, r: number, event: PlannedReport['events'][number], i: number) {
  return {
    report: r,
    i,
    tracking_code: report.row.trackingCode,
    type: event.type,
    from_status: event.fromStatus,
    to_status: event.toStatus,
    note: event.note,
    visible_to_resident: event.visibleToResident,
    actor_type: event.actorType,
    actor_staff_id: event.actorStaffId,
    actor_label: event.actorLabel,
    created_at: event.createdAt,
  };
}

function messageJson(report: PlannedReport, r: number, message: PlannedMessage, i: number) {
  return {
    report: r,
    i,
    tracking_code: report.row.trackingCode,
    event_index: message.eventIndex,
    channel: message.channel,
    recipient: message.recipient,
    payload: message.payload,
    state: message.state ?? 'pending',
    sent_at: message.sentAt ?? null,
    created_at: message.createdAt,
    next_attempt_at: message.nextAttemptAt,
  };
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
