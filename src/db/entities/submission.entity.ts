import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  JoinTable,
  ManyToMany,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import type { CategoryCode } from '../../domain/taxonomy';
import type { SubmissionStatus } from '../../domain/lifecycle/status';
import type { SubmissionChannel } from '../../domain/channels';
import type { ClassificationRecord } from '../../domain/classification/record';
import { Department } from './department.entity';

/** A resident's report (Problem in FixMyStreet's words): the unit of work of the whole portal. */
@Entity('submission')
@Check(
  'submission_status_check',
  `"status" IN ('submitted', 'assigned', 'accepted', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate', 'returned', 'reopened', 'withdrawn')`,
)
@Check('submission_channel_check', `"channel" IN ('web', 'wechat', 'api', 'open311')`)
@Check('submission_category_check', `"category" IN ('dirty', 'disorder', 'shabby', 'crude', 'other')`)
@Index('submission_status_created_idx', ['status', 'createdAt'])
@Index('submission_department_status_created_idx', ['departmentId', 'status', 'createdAt'])
@Index('submission_created_idx', ['createdAt'])
@Index('submission_merged_into_idx', ['mergedIntoId'])
@Index('submission_submitter_idx', ['channel', 'submitterChannelId'])
@Index('submission_resolved_at_idx', ['resolvedAt'], { where: `"status" = 'resolved'` })
// The public page's latest closed cases.
@Index('submission_closed_at_idx', ['resolvedAt'], { where: `"status" = 'closed'` })
@Index('submission_open_subcategory_idx', ['subcategory', 'createdAt'])
// Queue filters the other indexes do not serve on a million reports: needing review, and the tab
// counts of one category.
@Index('submission_needs_review_idx', ['createdAt'], { where: `"needs_review"` })
@Index('submission_category_status_idx', ['category', 'status'])
// The queue's search: two-character grams of text, address and code (GIN over an expression,
// written by hand in the SearchIndex migration, so schema sync leaves it alone).
@Index('submission_search_idx', { synchronize: false })
@Check('submission_overdue_stage_check', `"overdue_stage" IN ('accept', 'resolve')`)
export class Submission {
  @PrimaryGeneratedColumn()
  id!: number;

  @Index('submission_tracking_code_key', { unique: true })
  @Column({ type: 'varchar', length: 11 })
  trackingCode!: string;

  @Column({ type: 'text' })
  content!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: SubmissionChannel;

  @Column({ type: 'varchar', length: 16 })
  category!: CategoryCode;

  @Column({ type: 'varchar', length: 40 })
  subcategory!: string;

  @Column({ type: 'real' })
  confidence!: number;

  @Column({ type: 'boolean' })
  needsReview!: boolean;

  @Column({ type: 'jsonb' })
  classification!: ClassificationRecord;

  @ManyToOne(() => Department, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id' })
  department!: Department;

  @Column({ type: 'int' })
  departmentId!: number;

  @Column({ type: 'varchar', length: 16 })
  status!: SubmissionStatus;

  /** 分进度: accept within a working day, resolve within the category's working days. */
  @Column({ type: 'timestamptz' })
  acceptDeadline!: Date;

  @Column({ type: 'timestamptz' })
  resolveDeadline!: Date;

  /** 协办: departments that support the lead department; they see the report and add notes. */
  @ManyToMany(() => Department)
  @JoinTable({
    name: 'submission_supporting_department',
    joinColumn: { name: 'submission_id' },
    inverseJoinColumn: { name: 'department_id' },
  })
  supportingDepartments!: Department[];

  /** Set when a deadline passed while the report was still open: the stage that was missed. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  overdueStage!: 'accept' | 'resolve' | null;

  /** When the department last marked it resolved: the resident's rating period starts here. */
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** Residents who said "me too" (我也遇到) instead of filing the same problem again. */
  @Column({ type: 'int', default: 0 })
  supporterCount!: number;

  /** When the report was escalated (督办) to the department's leader. */
  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  /** A duplicate points at the report it was merged into; its resident follows that one. */
  @ManyToOne(() => Submission, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto!: Submission | null;

  @Column({ type: 'int', nullable: true })
  mergedIntoId!: number | null;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng!: number | null;

  /** Personal data: never in public responses or logs. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  contactName!: string | null;

  /** Personal data: 11 digits, shown masked to anyone outside the owning department. */
  @Column({ type: 'varchar', length: 11, nullable: true })
  contactPhone!: string | null;

  @Column({ type: 'boolean', default: false })
  anonymous!: boolean;

  /** The resident asked for each update by SMS to `contactPhone`. */
  @Column({ type: 'boolean', default: false })
  notifySms!: boolean;

  /** Who sent it on its channel (e.g. a WeChat contact id), so updates can find them again. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  submitterChannelId!: string | null;

  /**
   * A handle for the same person that survives a change of id (the remark the WeChat bot sets on
   * the contact): web-protocol puppets give contacts new ids at every log-in.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  submitterHandle!: string | null;

  /** Set when the channel client could find the resident neither by id nor by handle. */
  @Column({ type: 'timestamptz', nullable: true })
  channelUnreachableAt!: Date | null;

  @Index('submission_idempotency_key_key', { unique: true })
  @Column({ type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;

  /** SHA-256 of the request that used the idempotency key, to refuse the key with another body. */
  @Column({ type: 'char', length: 64, nullable: true })
  requestHash!: string | null;

  /** Bumped by every change; a stale write is refused instead of overwriting someone's work. */
  @VersionColumn({ default: 1 })
  version!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
