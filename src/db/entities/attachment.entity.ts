import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Submission } from './submission.entity';

export const ATTACHMENT_KINDS = ['photo', 'before_photo', 'after_photo'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/** A photo: the resident's evidence, or a department's record of rectification (before/after). */
@Entity('attachment')
@Check('attachment_kind_check', `"kind" IN ('photo', 'before_photo', 'after_photo')`)
@Index('attachment_submission_idx', ['submissionId'])
export class Attachment {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission;

  @Column({ type: 'int' })
  submissionId!: number;

  @Column({ type: 'varchar', length: 16 })
  kind!: AttachmentKind;

  /** Where the storage backend keeps the bytes (a path on disk or an object key). */
  @Column({ type: 'varchar', length: 300 })
  storageKey!: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  thumbnailKey!: string | null;

  @Column({ type: 'varchar', length: 40 })
  mimeType!: string;

  @Column({ type: 'int' })
  byteSize!: number;

  /** The member of staff who uploaded it; null for the resident's own photos. */
  @Column({ type: 'int', nullable: true })
  uploadedById!: number | null;

  @Column({ type: 'int', nullable: true })
  width!: number | null;

  @Column({ type: 'int', nullable: true })
  height!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
