import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { SubmissionStatus } from '../../domain/lifecycle/status';
import { StaffUser } from './staff-user.entity';
import { Submission } from './submission.entity';

export const EVENT_TYPES = [
  'status_change',
  'classification',
  'note',
  'reply',
  'supervision',
  'escalation',
  'extension',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const ACTOR_TYPES = ['resident', 'system', 'staff'] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

/** One line of a submission's timeline: history is data, never overwritten. */
@Entity('timeline_event')
@Check(
  'timeline_event_type_check',
  `"type" IN ('status_change', 'classification', 'note', 'reply', 'supervision', 'escalation', 'extension')`,
)
@Check('timeline_event_actor_type_check', `"actor_type" IN ('resident', 'system', 'staff')`)
@Index('timeline_event_submission_created_idx', ['submissionId', 'createdAt'])
export class TimelineEvent {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission;

  @Column({ type: 'int' })
  submissionId!: number;

  @Column({ type: 'varchar', length: 20 })
  type!: EventType;

  @Column({ type: 'varchar', length: 10 })
  actorType!: ActorType;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_staff_id' })
  actorStaff!: StaffUser | null;

  @Column({ type: 'int', nullable: true })
  actorStaffId!: number | null;

  /** A display name for who acted, e.g. 系统 or 环卫中心; never a resident's personal data. */
  @Column({ type: 'varchar', length: 100 })
  actorLabel!: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  fromStatus!: SubmissionStatus | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  toStatus!: SubmissionStatus | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ type: 'boolean' })
  visibleToResident!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
