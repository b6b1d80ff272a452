import type { DataSource } from 'typeorm';
import { Submission } from '../db/entities';
import { AWAITING_ACCEPTANCE, OPEN_STATUSES } from '../domain/lifecycle/status';
import { TimelineWriter } from './timeline-writer';

export interface EscalationResult {
  readonly escalated: number;
}

type Stage = 'accept' | 'resolve';

/**
 * 督办: finds open reports past a deadline that have not been escalated for that stage yet, marks
 * them overdue and escalates them to the department's leader with a timeline line. Rows are
 * claimed with FOR UPDATE SKIP LOCKED, so several processes running this at once each take
 * different reports and every report is escalated once per stage. The version is left alone on
 * purpose: the job must not turn a member of staff's next save into a conflict.
 */
export async function escalateOverdue(dataSource: DataSource, now: Date, batchSize = 100): Promise<EscalationResult> {
  let escalated = 0;
  for (;;) {
    const claimed = await dataSource.transaction(async (manager) => {
      const rows: { id: number; stage: Stage }[] = await manager.query(
        `SELECT s.id,
                CASE WHEN s.resolve_deadline < $1 AND s.status = ANY($3) THEN 'resolve' ELSE 'accept' END AS stage
           FROM submission s
          WHERE (s.status = ANY($2) AND s.accept_deadline < $1 AND s.overdue_stage IS NULL)
             OR (s.status = ANY($3) AND s.resolve_deadline < $1 AND s.overdue_stage IS DISTINCT FROM 'resolve')
          ORDER BY s.id
          LIMIT $4
          FOR UPDATE SKIP LOCKED`,
        [now, AWAITING_ACCEPTANCE, OPEN_STATUSES, batchSize],
      );
      for (const row of rows) {
        await manager.query('UPDATE submission SET overdue_stage = $1, escalated_at = $2 WHERE id = $3', [
          row.stage,
          now,
          row.id,
        ]);
        const submission = await manager
          .getRepository(Submission)
          .findOneOrFail({ where: { id: row.id }, relations: { department: true } });
        const deadline = row.stage === 'accept' ? submission.acceptDeadline : submission.resolveDeadline;
        const leader = submission.department.leaderName ?? '分管领导';
        const missed = row.stage === 'accept' ? '受理' : '办结';
        await new TimelineWriter(manager, submission, now).internal(
          'escalation',
          `督办：已超过${missed}期限（${deadline.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}），已提请${leader}督办`,
        );
      }
      return rows.length;
    });
    escalated += claimed;
    if (claimed < batchSize) return { escalated };
  }
}
