import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Request counts per client and route for the current window, when RATE_LIMIT_STORE=postgres:
 * every API instance behind a load balancer then counts against the same allowance. The table
 * is UNLOGGED (see its migration): counters need no crash safety, and skipping the WAL keeps the
 * extra write per request cheap. Housekeeping removes expired rows.
 */
@Entity('rate_limit_counter')
export class RateLimitCounter {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key!: string;

  @Column({ type: 'int' })
  count!: number;

  @Index('rate_limit_counter_expires_idx')
  @Column({ type: 'timestamptz' })
  expiresAt!: Date;
}
