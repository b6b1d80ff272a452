import type { DataSource } from 'typeorm';
import { Attachment, Department, ResidentFeedback, Submission, TimelineEvent } from '../db/entities';
import { hydrate } from '../db/hydrate';
import { preparedStatement, runPrepared } from '../db/prepared';
import { PUBLIC_PHOTO_KINDS } from './resident-photos';
import { normaliseTrackingCode } from '../domain/tracking-code';
import { NotFound, ValidationFailed } from '../errors';

/** What the public may see of a report; its entities hold only the columns the tracking page shows. */
export interface TrackedReport {
  readonly submission: Submission;
  readonly timeline: readonly TimelineEvent[];
  /**
   * How the public sees each member of staff on the timeline: by their department (the dispatch
   * office for dispatchers and admins), never by name.
   */
  readonly publicActors: ReadonlyMap<number, string>;
  /** The department's before/after photos. */
  readonly photos: readonly Attachment[];
  /** The resident's latest rating of it, if any. */
  readonly latestFeedback: ResidentFeedback | null;
  /** For a duplicate: the report it was merged into, which its resident now follows. */
  readonly mergedInto?: Omit<TrackedReport, 'mergedInto'>;
}

/**
 * The report with its department, public timeline (and how each member of staff on it is shown),
 * public photos and latest rating, in one statement: tracking pages are the busiest read, and
 * under load each round trip to the database costs more than the work done in it. Only the
 * columns the public page shows are read: nothing personal can leak from what was never fetched,
 * and the rest (the text, the classifier's reasoning) would only be parsed to be thrown away.
 * `json`, not `jsonb`: the objects are only sent on, never queried, and building jsonb's binary
 * form only to print it as text again cost PostgreSQL 15–40 µs more a page (pgbench, of ~0.2 ms).
 */
const TRACKED = `
  SELECT json_build_object('id', s.id, 'tracking_code', s.tracking_code, 'status', s.status,
           'category', s.category, 'subcategory', s.subcategory, 'department_id', s.department_id,
           'accept_deadline', s.accept_deadline, 'resolve_deadline', s.resolve_deadline,
           'created_at', s.created_at, 'updated_at', s.updated_at, 'resolved_at', s.resolved_at,
           'supporter_count', s.supporter_count, 'merged_into_id', s.merged_into_id) AS submission,
         json_build_object('id', d.id, 'code', d.code, 'name', d.name) AS department,
         COALESCE((SELECT json_agg(json_build_object('id', e.id, 'type', e.type, 'from_status', e.from_status,
                             'to_status', e.to_status, 'note', e.note, 'actor_type', e.actor_type,
                             'actor_staff_id', e.actor_staff_id, 'actor_label', e.actor_label,
                             'created_at', e.created_at, 'actor_role', u.role, 'actor_department', ud.name)
                             ORDER BY e.created_at, e.id)
                     FROM timeline_event e
                     LEFT JOIN staff_user u ON u.id = e.actor_staff_id
                     LEFT JOIN department ud ON ud.id = u.department_id
                    WHERE e.submission_id = s.id AND e.visible_to_resident), '[]') AS timeline,
         COALESCE((SELECT json_agg(json_build_object('id', a.id, 'kind', a.kind, 'width', a.width,
                             'height', a.height, 'created_at', a.created_at) ORDER BY a.id)
                     FROM attachment a
                    WHERE a.submission_id = s.id AND a.kind = ANY($2)), '[]') AS photos,
         (SELECT json_build_object('id', f.id, 'rating', f.rating, 'fixed', f.fixed, 'outcome', f.outcome,
                   'created_at', f.created_at)
            FROM resident_feedback f
           WHERE f.submission_id = s.id ORDER BY f.id DESC LIMIT 1) AS feedback
    FROM submission s JOIN department d ON d.id = s.department_id`;

const BY_CODE = preparedStatement('track_by_code', `${TRACKED} WHERE s.tracking_code = $1`);
const BY_ID = preparedStatement('track_by_id', `${TRACKED} WHERE s.id = $1`);

type Json = Record<string, unknown>;

async function load(
  dataSource: DataSource,
  where: { trackingCode: string } | { id: number },
): Promise<Omit<TrackedReport, 'mergedInto'> | undefined> {
  const [row]: {
    submission: Json;
    department: Json;
    timeline: (Json & { actor_staff_id: number | null; actor_role: string | null; actor_department: string | null })[];
    photos: Json[];
    feedback: Json | null;
  }[] = await runPrepared(dataSource, 'trackingCode' in where ? BY_CODE : BY_ID, [
    'trackingCode' in where ? where.trackingCode : where.id,
    PUBLIC_PHOTO_KINDS,
  ]);
  if (!row) return undefined;
  const submission = hydrate(dataSource, Submission, row.submission);
  submission.department = hydrate(dataSource, Department, row.department);
  return {
    submission,
    timeline: row.timeline.map((event) => hydrate(dataSource, TimelineEvent, event)),
    photos: row.photos.map((photo) => hydrate(dataSource, Attachment, photo)),
    publicActors: new Map(
      row.timeline.flatMap(({ actor_staff_id: id, actor_role: role, actor_department: department }) =>
        id === null
          ? []
          : [[id, department && (role === 'department_staff' || role === 'leader') ? department : '创城办']],
      ),
    ),
    latestFeedback: row.feedback ? hydrate(dataSource, ResidentFeedback, row.feedback) : null,
  };
}

/** Public tracking: anyone holding the code may follow the report, so only public facts leave here. */
export async function trackReport(dataSource: DataSource, rawCode: string): Promise<TrackedReport> {
  const trackingCode = normaliseTrackingCode(rawCode);
  if (!trackingCode) {
    throw new ValidationFailed([
      { field: 'trackingCode', rule: 'format', message: '查询编号格式不正确，应为 10 位字母数字，如 7KQ4M-XR9TE' },
    ]);
  }
  const found = await load(dataSource, { trackingCode });
  if (!found) {
    throw new NotFound(
      `没有找到编号为 ${trackingCode} 的反映，请核对后再试`,
      `No report with tracking code ${trackingCode}`,
    );
  }
  const mergedInto = found.submission.mergedIntoId
    ? await load(dataSource, { id: found.submission.mergedIntoId })
    : undefined;
  return { ...found, ...(mergedInto ? { mergedInto } : {}) };
}
