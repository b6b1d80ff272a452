import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { SnakeNamingStrategy } from './naming-strategy';
import { ParameterFreeLogger } from './query-logger';

/**
 * The one TypeORM configuration. `ormconfig.ts` builds the CLI's DataSource from it, and the
 * server and the tests build theirs from it with the URL they resolved (external or embedded).
 * Migrations are found beside this file whether it runs from `src/` (ts-node, jest) or `dist/`.
 */
export function dataSourceOptions(url: string | undefined, poolSize = 10, reportMigrations = false): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: [path.join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    // Expected failures (a raced idempotency key) are noise in test output.
    logger: new ParameterFreeLogger(process.env.NODE_ENV !== 'test', reportMigrations),
    maxQueryExecutionTime: 1000,
    extra: { max: poolSize, application_name: 'chuangcheng-mailbox' },
  };
}
