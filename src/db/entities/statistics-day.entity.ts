import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Reports of one Beijing day, counted per department, category, subcategory, channel, status and
 * area: a year of a busy mailbox is tens of thousands of these rather than hundreds of thousands
 * of reports. Rebuilt from `statistics_fact` for every day a refresh touched.
 */
@Entity('statistics_day')
@Index('statistics_day_day_idx', ['day'])
export class StatisticsDay {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'date' })
  day!: string;

  @Column({ type: 'int' })
  departmentId!: number;

  @Column({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ type: 'varchar', length: 40 })
  subcategory!: string;

  @Column({ type: 'varchar', length: 16 })
  channel!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  @Column({ type: 'varchar', length: 60, nullable: true })
  area!: string | null;

  @Column({ type: 'int' })
  received!: number;

  /** Resolved or closed now. */
  @Column({ type: 'int' })
  resolved!: number;

  @Column({ type: 'int' })
  onTime!: number;

  /** Escalated, or resolved after the deadline. */
  @Column({ type: 'int' })
  lateForGood!: number;

  @Column({ type: 'int' })
  corrected!: number;

  @Column({ type: 'int' })
  ratingCount!: number;

  @Column({ type: 'int' })
  ratingSum!: number;
}
