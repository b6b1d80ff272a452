import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Submission } from './submission.entity';

/** A resident's verdict on a resolved report (1–5 stars, fixed or not) and what it led to. */
@Entity('resident_feedback')
@Check('resident_feedback_rating_check', '"rating" BETWEEN 1 AND 5')
@Check('resident_feedback_outcome_check', `"outcome" IN ('closed', 'reopened')`)
@Index('resident_feedback_submission_idx', ['submissionId'])
export class ResidentFeedback {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission;

  @Column({ type: 'int' })
  submissionId!: number;

  @Column({ type: 'smallint' })
  rating!: number;

  @Column({ type: 'text', nullable: true })
  comment!: string | null;

  /** The resident's answer to "is the problem fixed?". */
  @Column({ type: 'boolean' })
  fixed!: boolean;

  @Column({ type: 'varchar', length: 10 })
  outcome!: 'closed' | 'reopened';

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
