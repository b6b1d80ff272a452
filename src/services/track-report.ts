import type { DataSource } from 'typeorm';
import type { AttachmentKind } from '../db/entities/attachment.entity';
import type { StaffRole } from '../db/entities/staff-user.entity';
import type { ActorType, EventType } from '../db/entities/timeline-event.entity';
import { preparedStatement, runPrepared } from '../db/prepared';
import type { SubmissionStatus } from '../domain/lifecycle/status';
import type { CategoryCode } from '../domain/taxonomy';
import { PUBLIC_PHOTO_KINDS } from './resident-photos';
import { normaliseTrackingCode } from '../domain/tracking-code';
import { NotFound, ValidationFailed } from '../errors';

/**
 * What the public may see of a report, as PostgreSQL hands it over: plain objects rather than
 * entities, timestamps as PostgreSQL prints them. Tracking pages are the busiest read, and
 * turning each row into an entity (and each timestamp into a Date) only for the page to turn it
 * back into JSON was about a twentieth of the API's time per page under load.
 */
export interface PublicReport {
  readonly id: number;
  readonly trackingCode: string;
  readonly status: SubmissionStatus;
  readonly category: CategoryCode;
  readonly subcategory: string;
  readonly department: { readonly code: string; readonly name: string };
  readonly acceptDeadline: string;
  readonly resolveDeadline: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly resolvedAt: string | null;
  readonly supporterCount: number;
  readonly mergedIntoId: number | null;
  /** Only the events residents may see, oldest first. */
  readonly timeline: readonly PublicEvent[];
  /** The department's before/after photos. */
  readonly photos: readonly PublicPhoto[];
  /** The resident's latest rating of it, if any. */
  readonly latestFeedback: PublicFeedback | null;
}

export interface PublicEvent {
  readonly type: EventType;
  readonly fromStatus: SubmissionStatus | null;
  readonly toStatus: SubmissionStatus | null;
  readonly note: string | null;
  readonly actorType: ActorType;
  /** The resident's or the system's label; never read for staff, whose label is their name. */
  readonly actorLabel: string | null;
  readonly actorStaffId: number | null;
  /** The role and department of the member of staff who acted, for `publicActor`. */
  readonly actorRole: StaffRole | null;
  readonly actorDepartment: string | null;
  readonly createdAt: string;
}

export interface PublicPhoto {
  readonly id: number;
  readonly kind: AttachmentKind;
  readonly width: number | null;
  readonly height: number | null;
  readonly createdAt: string;
}

export interface PublicFeedback {
  readonly rating: number;
  readonly fixed: boolean;
  readonly outcome: 'closed' | 'reopened';
  readonly createdAt: string;
}

export interface TrackedReport extends PublicReport {
  /** For a duplicate: the report it was merged into, which its resident now follows. */
  readonly mergedInto?: PublicReport;
}

/**
 * How the public sees whoever acted: residents and the system by their own labels, staff by
 * their department (the dispatch office for dispatchers and admins), never by name.
 */
export function publicActor(event: PublicEvent): string {
  if (event.actorType !== 'staff') return event.actorLabel ?? '';
  if (event.actorStaffId === null) return '工作人员';
  return event.actorDepartment && (event.actorRole === 'department_staff' || event.actorRole === 'leader')
    ? event.actorDepartment
    : '创城办';
}

/**
 * The report with its department, public timeline, public photos and latest rating, in one
 * statement: under load each round trip to the database costs more than the work done in it.
 * Only the columns the public page shows are read: nothing personal can leak from what was never
 * fetched, and the rest (the text, the classifier's reasoning) would only be parsed to be thrown
 * away. The keys are the ones `PublicReport` names, so the row is the report as it comes.
 * `json`, not `jsonb`: the objects are only sent on, never queried, and building jsonb's binary
 * form only to print it as text again cost PostgreSQL 15–40 µs more a page (pgbench, of ~0.2 ms).
 */
const TRACKED = `
  SELECT json_build_object('id', s.id, 'trackingCode', s.tracking_code, 'status', s.status,
           'category', s.category, 'subcategory', s.subcategory,
           'department', json_build_object('code', d.code, 'name', d.name),
           'acceptDeadline', s.accept_deadline, 'resolveDeadline', s.resolve_deadline,
           'createdAt', s.created_at, 'updatedAt', s.updated_at, 'resolvedAt', s.resolved_at,
           'supporterCount', s.supporter_count, 'mergedIntoId', s.merged_into_id,
           'timeline', COALESCE((
              SELECT json_agg(json_build_object('type', e.type, 'fromStatus', e.from_status,
                       'toStatus', e.to_status, 'note', e.note, 'actorType', e.actor_type,
                       'actorLabel', CASE WHEN e.actor_type <> 'staff' THEN e.actor_label END, 'actorStaffId', e.actor_staff_id, 'actorRole', u.role,
                       'actorDepartment', ud.name, 'createdAt', e.created_at)
                       ORDER BY e.created_at, e.id)
                FROM timeline_event e
                LEFT JOIN staff_user u ON u.id = e.actor_staff_id
                LEFT JOIN department ud ON ud.id = u.department_id
               WHERE e.submission_id = s.id AND e.visible_to_resident), '[]'),
           'photos', COALESCE((
              SELECT json_agg(json_build_object('id', a.id, 'kind', a.kind, 'width', a.width,
                       'height', a.height, 'createdAt', a.created_at) ORDER BY a.id)
                FROM attachment a
               WHERE a.submission_id = s.id AND a.kind = ANY($2)), '[]'),
           'latestFeedback', (
              SELECT json_build_object('rating', f.rating, 'fixed', f.fixed, 'outcome', f.outcome,
                       'createdAt', f.created_at)
                FROM resident_feedback f
               WHERE f.submission_id = s.id ORDER BY f.id DESC LIMIT 1)) AS report
    FROM submission s JOIN department d ON d.id = s.department_id`;

const BY_CODE = preparedStatement('track_by_code', `${TRACKED} WHERE s.tracking_code = $1`);
const BY_ID = preparedStatement('track_by_id', `${TRACKED} WHERE s.id = $1`);

async function load(dataSource: DataSource, where: { trackingCode: string } | { id: number }) {
  const [row] = await runPrepared<{ report: PublicReport }>(dataSource, 'trackingCode' in where ? BY_CODE : BY_ID, [
    'trackingCode' in where ? where.trackingCode : where.id,
    PUBLIC_PHOTO_KINDS,
  ]);
  return row?.report;
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
  const mergedInto = found.mergedIntoId !== null ? await load(dataSource, { id: found.mergedIntoId }) : undefined;
  return mergedInto ? { ...found, mergedInto } : found;
}
