import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { CategoryCode } from '../../domain/taxonomy';
import { StaffUser } from './staff-user.entity';
import { Submission } from './submission.entity';

/**
 * A labeled example learned from staff: when a dispatcher corrects a report's category, its text
 * and the right label are kept here and the classifier is retrained from the corpus plus these.
 */
@Entity('classification_example')
@Check('classification_example_category_check', `"category" IN ('dirty', 'disorder', 'shabby', 'crude', 'other')`)
// The statistics ask of every report whether it was corrected.
@Index('classification_example_submission_idx', ['submissionId'])
export class ClassificationExample {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'varchar', length: 16 })
  category!: CategoryCode;

  @Column({ type: 'varchar', length: 40 })
  subcategory!: string;

  /** The report the correction was made on, when there is one. */
  @ManyToOne(() => Submission, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission | null;

  @Column({ type: 'int', nullable: true })
  submissionId!: number | null;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'corrected_by_id' })
  correctedBy!: StaffUser | null;

  @Column({ type: 'int', nullable: true })
  correctedById!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
