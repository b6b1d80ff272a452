import { DataSource } from 'typeorm';
import { Submission, TimelineEvent } from '../db/entities';
import { normaliseTrackingCode } from '../domain/tracking-code';
import { NotFound, ValidationFailed } from '../errors';

export interface TrackedReport {
  readonly submission: Submission;
  readonly timeline: readonly TimelineEvent[];
}

/** Public tracking: anyone holding the code may follow the report, so only public facts leave here. */
export async function trackReport(dataSource: DataSource, rawCode: string): Promise<TrackedReport> {
  const trackingCode = normaliseTrackingCode(rawCode);
  if (!trackingCode) {
    throw new ValidationFailed([
      { field: 'trackingCode', rule: 'format', message: '查询编号格式不正确，应为 10 位字母数字，如 7KQ4M-XR9TE' },
    ]);
  }
  const submission = await dataSource.getRepository(Submission).findOne({
    where: { trackingCode },
    relations: { department: true },
  });
  if (!submission) {
    throw new NotFound(
      `没有找到编号为 ${trackingCode} 的反映，请核对后再试`,
      `No report with tracking code ${trackingCode}`,
    );
  }
  const timeline = await dataSource.getRepository(TimelineEvent).find({
    where: { submissionId: submission.id, visibleToResident: true },
    order: { createdAt: 'ASC', id: 'ASC' },
  });
  return { submission, timeline };
}
