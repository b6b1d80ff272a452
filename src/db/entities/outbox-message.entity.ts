import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Submission } from './submission.entity';
import { TimelineEvent } from './timeline-event.entity';

export type OutboxState = 'pending' | 'sent' | 'failed';

/**
 * An update waiting to reach a resident on their channel. Written in the same transaction as the
 * event it announces; a worker delivers it later, at least once, with retries and backoff.
 */
@Entity('outbox_message')
@Check('outbox_message_state_check', `"state" IN ('pending', 'sent', 'failed')`)
// Only undelivered rows are looked up by when they are due. Most rows are born delivered (the
// bot answers a report at once) or become so, and an entry for each in a shared index cost
// intake more than the row itself.
@Index('outbox_message_due_idx', ['channel', 'nextAttemptAt'], { where: `"state" = 'pending'` })
// Finds the messages that could not reach a contact, for when the contact turns up again.
@Index('outbox_message_failed_idx', ['channel', 'recipient'], { where: `"state" = 'failed'` })
@Index('outbox_message_submission_idx', ['submissionId'])
// Finds the earlier undelivered message to the same recipient, which keeps delivery in order.
@Index('outbox_message_recipient_pending_idx', ['channel', 'recipient', 'id'], { where: `"state" = 'pending'` })
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => Submission, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission;

  @Column({ type: 'int' })
  submissionId!: number;

  @ManyToOne(() => TimelineEvent, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id' })
  event!: TimelineEvent;

  @Column({ type: 'int' })
  eventId!: number;

  /** Where the update goes: the resident's own channel (wechat) or sms. */
  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  /** The resident's handle on that channel, when the channel has one. */
  @Column({ type: 'varchar', length: 128, nullable: true })
  recipient!: string | null;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  state!: OutboxState;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
