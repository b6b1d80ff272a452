import { Column, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn } from 'typeorm';
import { Open311Client } from './open311-client.entity';
import { Submission } from './submission.entity';

/**
 * What an Open311 client sent beyond the report itself: which client, the service it chose, the
 * service definition's attributes, its media link, and the token it may look the report up by.
 */
@Entity('open311_request')
@Index('open311_request_token_key', ['token'], { unique: true })
@Index('open311_request_client_idx', ['clientId'])
export class Open311Request {
  @PrimaryColumn({ type: 'int' })
  submissionId!: number;

  @OneToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission;

  @ManyToOne(() => Open311Client, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'client_id' })
  client!: Open311Client;

  @Column({ type: 'int' })
  clientId!: number;

  @Column({ type: 'varchar', length: 36 })
  token!: string;

  /** The client's service_code: the subcategory its user chose (the classifier may disagree). */
  @Column({ type: 'varchar', length: 40 })
  serviceCode!: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  attributes!: Record<string, string | string[]>;

  /** A photo the client hosts. Never fetched by the server (that would let anyone make it call out). */
  @Column({ type: 'text', nullable: true })
  mediaUrl!: string | null;

  /** The resident's email, if the client sent one; personal data, shown only to staff. */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** The client's own ids for the resident's account and device, echoed back as the spec asks. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  accountId!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  deviceId!: string | null;
}
