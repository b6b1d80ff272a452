import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { DataSource } from 'typeorm';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit that keeps its counters in PostgreSQL, so that several API
 * instances share each client's allowance. One statement per request: it starts a new window
 * when the old one has expired, otherwise counts one more, and says how long the window lasts.
 */
export function postgresRateLimitStore(dataSource: DataSource): FastifyRateLimitStoreCtor {
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(
      _options?: unknown,
      private readonly prefix = '',
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      dataSource
        .query(
          `INSERT INTO rate_limit_counter AS c (key, count, expires_at)
           VALUES ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
           ON CONFLICT (key) DO UPDATE SET
             count = CASE WHEN c.expires_at <= clock_timestamp() THEN 1 ELSE c.count + 1 END,
             expires_at = CASE WHEN c.expires_at <= clock_timestamp() THEN EXCLUDED.expires_at ELSE c.expires_at END
           RETURNING count, GREATEST(0, ceil(extract(epoch FROM c.expires_at - clock_timestamp()) * 1000))::int AS ttl`,
          [`${this.prefix}${key}`.slice(0, 300), timeWindow],
        )
        .then((rows: { count: number; ttl: number }[]) => callback(null, { current: rows[0].count, ttl: rows[0].ttl }))
        .catch((error: Error) => callback(error));
    }

    /** Each route with its own limit counts on its own. */
    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): PostgresRateLimitStore {
      // The plugin passes its merged route settings, which carry routeInfo (its own stores read it there).
      const { method, url } = (routeOptions as unknown as { routeInfo: { method?: string; url?: string } }).routeInfo;
      // A limiter made apart from any route (per WeChat contact) has no route to name.
      return new PostgresRateLimitStore(undefined, method && url ? `${this.prefix}${method}${url}-` : this.prefix);
    }
  };
}
