import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffUser } from './staff-user.entity';

/**
 * A logged-in browser. The cookie holds a random token; only its SHA-256 is stored, so a copy of
 * the database cannot be used to log in.
 */
@Entity('staff_session')
@Index('staff_session_user_idx', ['staffUserId'])
export class StaffSession {
  @PrimaryColumn({ type: 'char', length: 64 })
  tokenHash!: string;

  @ManyToOne(() => StaffUser, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_user_id' })
  staffUser!: StaffUser;

  @Column({ type: 'int' })
  staffUserId!: number;

  /** Sent back in the X-CSRF-Token header with every state-changing request. */
  @Column({ type: 'varchar', length: 64 })
  csrfToken!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
