import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SubmissionStatus } from '../../domain/lifecycle/status';
import type { CategoryCode } from '../../domain/taxonomy';

/** A public reply that staff start from (and edit before sending); admins keep them per category and status. */
@Entity('reply_template')
@Check('reply_template_category_check', `"category" IN ('dirty', 'disorder', 'shabby', 'crude', 'other')`)
export class ReplyTemplate {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 60 })
  title!: string;

  @Column({ type: 'text' })
  body!: string;

  /** Empty: fits every category. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  category!: CategoryCode | null;

  /** Empty: fits every status. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  status!: SubmissionStatus | null;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
