import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import * as entities from './entities';
import { SnakeNamingStrategy } from './naming-strategy';
import { ParameterFreeLogger } from './query-logger';

export interface ConnectionSettings {
  /** Connections in the pool. */
  readonly poolSize?: number;
  /** Milliseconds to wait for a connection, from the pool or a new one; none when not given. */
  readonly connectTimeoutMs?: number;
  /** Log failed and slow queries (never their parameters). */
  readonly logQueries?: boolean;
  /** Print each migration step, as the CLI does. */
  readonly reportMigrations?: boolean;
}

/**
 * The one TypeORM configuration. `ormconfig.ts` builds the CLI's DataSource from it, and the
 * server and the tests build theirs from it with the URL they resolved (external or embedded).
 * Migrations are found beside this file whether it runs from `src/` (ts-node, jest) or `dist/`.
 */
export function dataSourceOptions(url: string | undefined, settings: ConnectionSettings = {}): DataSourceOptions {
  const { poolSize = 10, connectTimeoutMs = 0, logQueries = true, reportMigrations = false } = settings;
  return {
    type: 'postgres',
    url,
    // Every class this folder exports is an entity, so adding one cannot be forgotten here.
    entities: Object.values(entities),
    migrations: [path.join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logger: new ParameterFreeLogger(logQueries, reportMigrations),
    maxQueryExecutionTime: 1000,
    extra: {
      max: poolSize,
      // A server that stops answering (a network fault, not a refusal) would otherwise hold every
      // request that needs a new connection until the client gave up.
      connectionTimeoutMillis: connectTimeoutMs,
      application_name: 'chuangcheng-mailbox',
      // The statistics sort a year of durations for their percentiles: PostgreSQL's default 4 MB
      // would spill that to disk. Per sort, per connection; a server setting still applies if larger
      // is wanted.
      options: '-c work_mem=32MB',
    },
  };
}
