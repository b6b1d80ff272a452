import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Submission } from './submission.entity';

/**
 * What happened to reports, by the Beijing day it happened: resolved or escalated (at most one
 * row per report, kind and day), and each rating. Carries the report's current department and
 * category so the series can be narrowed like the counts. Rebuilt with the report's fact row.
 */
@Entity('statistics_event')
@Check('statistics_event_kind_check', `"kind" IN ('resolved', 'escalated', 'rated')`)
@Index('statistics_event_day_idx', ['day'])
@Index('statistics_event_submission_idx', ['submissionId'])
export class StatisticsEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @ManyToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission;

  @Column({ type: 'int' })
  submissionId!: number;

  @Column({ type: 'varchar', length: 10 })
  kind!: 'resolved' | 'escalated' | 'rated';

  @Column({ type: 'timestamptz' })
  happenedAt!: Date;

  @Column({ type: 'date' })
  day!: string;

  @Column({ type: 'int' })
  departmentId!: number;

  @Column({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ type: 'varchar', length: 60, nullable: true })
  area!: string | null;

  @Column({ type: 'smallint', nullable: true })
  rating!: number | null;

  /** For ratings: the rating reopened the report. */
  @Column({ type: 'boolean', default: false })
  reopened!: boolean;
}
