import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from './staff-user.entity';
import { Submission } from './submission.entity';

export type ExtensionStatus = 'pending' | 'approved' | 'refused';

/** 延期: a department asks for more working hours; a dispatcher or the leader decides. */
@Entity('extension_request')
@Check('extension_request_status_check', `"status" IN ('pending', 'approved', 'refused')`)
@Check('extension_request_hours_check', `"hours" > 0`)
@Index('extension_request_submission_idx', ['submissionId'])
@Index('extension_request_status_idx', ['status', 'createdAt'])
export class ExtensionRequest {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission;

  @Column({ type: 'int' })
  submissionId!: number;

  /** Extra working hours asked for, added to the resolve deadline when approved. */
  @Column({ type: 'int' })
  hours!: number;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: ExtensionStatus;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'requested_by_id' })
  requestedBy!: StaffUser | null;

  @Column({ type: 'int', nullable: true })
  requestedById!: number | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy!: StaffUser | null;

  @Column({ type: 'int', nullable: true })
  decidedById!: number | null;

  @Column({ type: 'text', nullable: true })
  decisionNote!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;
}
