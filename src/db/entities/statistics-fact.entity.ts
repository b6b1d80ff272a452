import { Column, Entity, Index, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Submission } from './submission.entity';

/**
 * One narrow row per report that counts in the statistics (duplicates and withdrawn ones do
 * not): what the dashboard groups and ranks, without reading the wide `submission` rows or
 * walking their timelines. Rebuilt from the report whenever it, its timeline, its ratings or
 * its corrections change (see `statistics_dirty` and services/statistics/rollups.ts); never
 * written by anything else.
 */
@Entity('statistics_fact')
// What the range queries read without touching the table (percentiles, hot spots), and the
// day a refresh rebuilds.
@Index('statistics_fact_created_idx', { synchronize: false })
@Index('statistics_fact_day_idx', ['day'])
// Open reports: the only ones whose lateness changes with the clock alone.
@Index('statistics_fact_open_idx', ['resolveDeadline'], {
  where: `"status" IN ('submitted', 'assigned', 'accepted', 'in_progress', 'returned', 'reopened') AND NOT "late_for_good"`,
})
export class StatisticsFact {
  @PrimaryColumn({ type: 'int' })
  submissionId!: number;

  @OneToOne(() => Submission, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'submission_id' })
  submission!: Submission;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  /** The Beijing day the report arrived: the unit of the daily and weekly series. */
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

  /** The district area (a routing rule's area) named in the address, if any. */
  @Column({ type: 'varchar', length: 60, nullable: true })
  area!: string | null;

  /** The place for hot spots: the address written alike, else a ~100 m grid cell. */
  @Column({ type: 'text', nullable: true })
  placeKey!: string | null;

  @Column({ type: 'timestamptz' })
  resolveDeadline!: Date;

  /** Set while the report is resolved or closed (a reopened report is work again). */
  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** Escalated at some point, or resolved after its deadline: late whatever happens now. */
  @Column({ type: 'boolean' })
  lateForGood!: boolean;

  @Column({ type: 'double precision', nullable: true })
  hoursToAccept!: number | null;

  @Column({ type: 'double precision', nullable: true })
  hoursToResolve!: number | null;

  /** A dispatcher changed the classifier's category. */
  @Column({ type: 'boolean' })
  corrected!: boolean;

  /** Residents' ratings of this report, for the departments' average. */
  @Column({ type: 'int' })
  ratingCount!: number;

  @Column({ type: 'int' })
  ratingSum!: number;
}
