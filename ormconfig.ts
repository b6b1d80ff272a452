import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ConnectionSettings, dataSourceOptions } from './src/db/data-source-options';

/**
 * The one TypeORM configuration, used by the server, the tests and the TypeORM CLI. The server
 * and the tests call `createDataSource` with the URL they resolved (external or embedded); the
 * CLI takes the default export, whose URL the `npm run migration:*` scripts provide.
 */
export function createDataSource(url: string | undefined, settings?: ConnectionSettings): DataSource {
  return new DataSource(dataSourceOptions(url, settings));
}

// Exactly one DataSource instance is exported: the CLI refuses a file that exports two.
export default createDataSource(process.env.DATABASE_URL, { poolSize: 2, reportMigrations: true });
