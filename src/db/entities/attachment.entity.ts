import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Submission } from './submission.entity';

export const ATTACHMENT_KINDS = ['photo', 'before_photo', 'after_photo'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

/**
 * A photo: the resident's evidence, or a department's record of rectification (before/after). A
 * resident's photo is uploaded before the report exists: it waits with an upload token and no
 * report until the report claims it (or it expires).
 */
@Entity('attachment')
@Check('attachment_kind_check', `"kind" IN ('photo', 'before_photo', 'after_photo')`)
@Index('attachment_submission_idx', ['submissionId'])
@Index('attachment_unclaimed_idx', ['createdAt'], { where: '"submission_id" IS NULL' })
export class Attachment {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Submission, { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission | null;

  /** Null only while a resident's upload waits for its report. */
  @Column({ type: 'int', nullable: true })
  submissionId!: number | null;

  /** What the resident's page sends with the report to attach this upload; cleared once claimed. */
  @Index('attachment_upload_token_key', { unique: true })
  @Column({ type: 'varchar', length: 40, nullable: true })
  uploadToken!: string | null;

  /** The photo's own GPS position (read from its EXIF before the EXIF was removed). */
  @Column({ type: 'double precision', nullable: true })
  lat!: number | null;

  @Column({ type: 'double precision', nullable: true })
  lng!: number | null;

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
