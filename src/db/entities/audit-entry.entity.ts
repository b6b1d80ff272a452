import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One staff action, kept for supervision. Rows are only ever inserted: a database trigger
 * (see the AuditLog migration) refuses UPDATE and DELETE, so nobody can edit the record.
 */
@Entity('audit_entry')
@Index('audit_entry_at_idx', ['at'])
@Index('audit_entry_target_idx', ['targetType', 'targetId'])
export class AuditEntry {
  @PrimaryGeneratedColumn()
  id!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  /** No foreign key on purpose: the record outlives the account. */
  @Column({ type: 'int', nullable: true })
  staffUserId!: number | null;

  @Column({ type: 'varchar', length: 60, nullable: true })
  username!: string | null;

  /** e.g. `login`, `login_failed`, `logout`, `lifecycle.accept`, `phone.reveal`. */
  @Column({ type: 'varchar', length: 60 })
  action!: string;

  @Column({ type: 'varchar', length: 30, nullable: true })
  targetType!: string | null;

  @Column({ type: 'int', nullable: true })
  targetId!: number | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  details!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;
}
