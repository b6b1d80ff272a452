import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffUser } from './staff-user.entity';

/** What a digest lists: the week's figures and the reports late when it was made. */
export interface WeeklyDigestData {
  readonly period: { readonly from: string; readonly to: string };
  readonly figures: {
    readonly received: number;
    readonly resolved: number;
    readonly onTimeRate: number | null;
    readonly averageRating: number | null;
  };
  readonly overdueTotal: number;
  readonly overdue: readonly {
    readonly id: number;
    readonly trackingCode: string;
    readonly department: string;
    readonly subcategory: string;
    readonly status: string;
    /** The deadline that was missed first. */
    readonly due: string;
  }[];
}

/**
 * A message for a member of staff inside the console (the weekly digest to leaders). One per
 * person, kind and period: the unique key lets every process try to write it and only one win.
 */
@Entity('staff_notification')
@Check('staff_notification_kind_check', `"kind" IN ('weekly_digest')`)
@Index('staff_notification_once_key', ['staffUserId', 'kind', 'periodStart'], { unique: true })
@Index('staff_notification_inbox_idx', ['staffUserId', 'createdAt'])
export class StaffNotification {
  @PrimaryGeneratedColumn()
  id!: number;

  @ManyToOne(() => StaffUser, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_user_id' })
  staffUser!: StaffUser;

  @Column({ type: 'int' })
  staffUserId!: number;

  @Column({ type: 'varchar', length: 20 })
  kind!: 'weekly_digest';

  /** The first Beijing day of the period the message is about. */
  @Column({ type: 'date' })
  periodStart!: string;

  @Column({ type: 'varchar', length: 100 })
  title!: string;

  @Column({ type: 'jsonb' })
  data!: WeeklyDigestData;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
