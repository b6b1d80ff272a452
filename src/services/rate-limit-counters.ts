import type { DataSource } from 'typeorm';

/** Rate-limit windows that have ended (RATE_LIMIT_STORE=postgres); run by housekeeping. */
export async function removeExpiredRateLimitCounters(dataSource: DataSource, now: Date): Promise<number> {
  const [, removed]: [unknown, number] = await dataSource.query(
    `DELETE FROM rate_limit_counter WHERE expires_at < $1`,
    [now],
  );
  return removed;
}
