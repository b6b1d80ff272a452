import { DataSource, In } from 'typeorm';
import { Attachment, StaffUser, Submission, TimelineEvent } from '../db/entities';
import { listPublicPhotos } from './resident-photos';
import { normaliseTrackingCode } from '../domain/tracking-code';
import { NotFound, ValidationFailed } from '../errors';

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
  /** For a duplicate: the report it was merged into, which its resident now follows. */
  readonly mergedInto?: Omit<TrackedReport, 'mergedInto'>;
}

async function load(dataSource: DataSource, where: { trackingCode: string } | { id: number }) {
  const submission = await dataSource.getRepository(Submission).findOne({ where, relations: { department: true } });
  if (!submission) return undefined;
  const timeline = await dataSource.getRepository(TimelineEvent).find({
    where: { submissionId: submission.id, visibleToResident: true },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  return {
    submission,
    timeline,
    photos: await listPublicPhotos(dataSource, submission.id),
    publicActors: await publicActorNames(dataSource, timeline),
  };
}

async function publicActorNames(
  dataSource: DataSource,
  timeline: readonly TimelineEvent[],
): Promise<ReadonlyMap<number, string>> {
  const ids = [...new Set(timeline.map((e) => e.actorStaffId).filter((id): id is number => id !== null))];
  if (ids.length === 0) return new Map();
  const staff = await dataSource
    .getRepository(StaffUser)
    .find({ where: { id: In(ids) }, relations: { department: true }, select: { id: true, role: true } });
  return new Map(
    staff.map((user) => [
      user.id,
      user.department && (user.role === 'department_staff' || user.role === 'leader') ? user.department.name : '创城办',
    ]),
  );
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
