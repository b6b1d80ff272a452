import type { DataSource, EntityManager } from 'typeorm';
import { ResidentFeedback, Submission } from '../db/entities';
import { normaliseTrackingCode } from '../domain/tracking-code';
import { InvalidTransition, NotFound, ValidationFailed } from '../errors';
import { applyTransition } from './perform-action';
import { SYSTEM_ACTOR, TimelineWriter } from './timeline-writer';

/** The resident as the lifecycle and the timeline name them. */
export const RESIDENT_ACTOR = { role: 'resident', type: 'resident', label: '群众' } as const;

export interface FeedbackInput {
  readonly rating: number;
  readonly comment?: string;
  /** "Is the problem fixed?" — no means reopen whatever the stars say. */
  readonly fixed?: boolean;
}

export interface FeedbackDeps {
  readonly dataSource: DataSource;
  readonly now: () => Date;
  readonly reopenRatingAtOrBelow: number;
  readonly acceptWithinHours?: number;
}

/** Locks the report a tracking code names, for the rest of the transaction. */
export async function lockByTrackingCode(manager: EntityManager, rawCode: string): Promise<Submission> {
  const trackingCode = normaliseTrackingCode(rawCode);
  if (!trackingCode) {
    throw new ValidationFailed([{ field: 'trackingCode', rule: 'format', message: '查询编号格式不正确' }]);
  }
  const submission = await manager
    .getRepository(Submission)
    .findOne({ where: { trackingCode }, lock: { mode: 'pessimistic_write' } });
  if (!submission) throw new NotFound(`没有找到编号为 ${trackingCode} 的反映`, `No report ${trackingCode}`);
  return submission;
}

/**
 * The resident judges the rectification: a good rating closes the report (办结); a low one, or
 * "not fixed", sends it back to the department (重新办理) with fresh deadlines. The stars go on
 * the public timeline; the comment, which may hold anything, only on the staff timeline.
 */
export async function rateReport(
  deps: FeedbackDeps,
  rawCode: string,
  input: FeedbackInput,
): Promise<{ outcome: 'closed' | 'reopened'; submission: Submission }> {
  return deps.dataSource.transaction(async (manager) => {
    const submission = await lockByTrackingCode(manager, rawCode);
    if (submission.status !== 'resolved') {
      throw new InvalidTransition('只有“已整改，待评价”的反映可以评价', 'not_resolved');
    }
    const fixed = input.fixed ?? true;
    const reopen = !fixed || input.rating <= deps.reopenRatingAtOrBelow;
    const at = deps.now();
    const verdict = `群众评价：${'★'.repeat(input.rating)}${'☆'.repeat(5 - input.rating)}（${input.rating} 星）`;
    const saved = await applyTransition(
      manager,
      submission,
      {
        action: reopen ? 'reopen' : 'close',
        actor: RESIDENT_ACTOR,
        note: reopen ? `${verdict}，${fixed ? '不满意' : '问题未解决'}，退回承办单位重新办理` : `${verdict}，满意`,
      },
      at,
      deps.acceptWithinHours,
    );
    const comment = input.comment?.trim() || null;
    if (comment) {
      await new TimelineWriter(manager, saved, at, RESIDENT_ACTOR).internal('note', `群众评价留言：${comment}`);
    }
    await manager.getRepository(ResidentFeedback).insert({
      submissionId: saved.id,
      rating: input.rating,
      comment,
      fixed,
      outcome: reopen ? 'reopened' : 'closed',
      createdAt: at,
    });
    return { outcome: reopen ? 'reopened' : 'closed', submission: saved };
  });
}

/**
 * Closes resolved reports whose resident did not answer within `days`. Rows are claimed with SKIP
 * LOCKED, so several processes can run this at once and each report closes once.
 */
export async function closeUnratedReports(
  dataSource: DataSource,
  now: Date,
  days: number,
  batchSize = 100,
): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 24 * 3600 * 1000);
  let closed = 0;
  for (;;) {
    const count = await dataSource.transaction(async (manager) => {
      const due = await manager
        .getRepository(Submission)
        .createQueryBuilder('s')
        .where(`s.status = 'resolved'`)
        .andWhere('COALESCE(s.resolved_at, s.updated_at) < :cutoff', { cutoff })
        .orderBy('s.id')
        .limit(batchSize)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const submission of due) {
        await applyTransition(
          manager,
          submission,
          { action: 'close', actor: { ...SYSTEM_ACTOR, role: 'system' }, note: `${days} 天内未收到评价，自动办结` },
          now,
        );
      }
      return due.length;
    });
    closed += count;
    if (count < batchSize) return closed;
  }
}
