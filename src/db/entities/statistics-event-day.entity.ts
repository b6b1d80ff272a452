import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Resolutions, escalations and ratings of one Beijing day per department, category and area
 * (a report counts once per kind and day). Rebuilt from `statistics_event` for every day a
 * refresh touched.
 */
@Entity('statistics_event_day')
@Check('statistics_event_day_kind_check', `"kind" IN ('resolved', 'escalated', 'rated')`)
@Index('statistics_event_day_day_idx', ['day'])
export class StatisticsEventDay {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'date' })
  day!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: 'resolved' | 'escalated' | 'rated';

  @Column({ type: 'int' })
  departmentId!: number;

  @Column({ type: 'varchar', length: 16 })
  category!: string;

  @Column({ type: 'varchar', length: 60, nullable: true })
  area!: string | null;

  @Column({ type: 'int' })
  count!: number;

  /** For ratings: their sum, and how many reopened the report. */
  @Column({ type: 'int' })
  ratingSum!: number;

  @Column({ type: 'int' })
  reopened!: number;
}
