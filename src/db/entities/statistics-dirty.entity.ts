import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Reports whose statistics rows are out of date. Database triggers (see the StatisticsRollups
 * migration) add a row whenever a report, its timeline, its ratings or its corrections change,
 * so no code path can forget; the refresher claims rows with SKIP LOCKED and rebuilds them.
 */
@Entity('statistics_dirty')
export class StatisticsDirty {
  @PrimaryColumn({ type: 'int' })
  submissionId!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  markedAt!: Date;
}
