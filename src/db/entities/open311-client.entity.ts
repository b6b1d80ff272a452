import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from './staff-user.entity';

/**
 * A system allowed to file reports over Open311 (a work unit's app, another district's platform).
 * Only a digest of its API key is kept: the key itself is shown once, when an admin issues it.
 */
@Entity('open311_client')
@Index('open311_client_name_key', ['name'], { unique: true })
@Index('open311_client_key_hash_key', ['keyHash'], { unique: true })
export class Open311Client {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  /** Who to call about the client: a person or office, a phone or an email. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  contact!: string | null;

  /** The key's first characters, so admins can tell keys apart without seeing them. */
  @Column({ type: 'varchar', length: 12 })
  keyPrefix!: string;

  /** SHA-256 of the key, hex. Keys are long and random, so a fast digest is enough. */
  @Column({ type: 'char', length: 64 })
  keyHash!: string;

  @ManyToOne(() => StaffUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy!: StaffUser | null;

  @Column({ type: 'int', nullable: true })
  createdById!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;

  /** Reports filed with this key. */
  @Column({ type: 'int', default: 0 })
  requestCount!: number;
}
