import type { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import type { AppConfig } from '../config';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface Database {
  readonly dataSource: DataSource;
  /** Where it runs, for the start-up message; the password is left out. */
  readonly description: string;
  close(): Promise<void>;
}

export const EMBEDDED_DATABASE_NAME = 'chuangcheng';

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when there is none; then brings the
 * schema up to date. Closing also stops the embedded server.
 */
export async function openDatabase(config: AppConfig, log: (message: string) => void): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: config.embeddedPgDir,
        port: config.embeddedPgPort,
        persistent: true,
        databaseName: EMBEDDED_DATABASE_NAME,
        log,
        // server.ts stops the database itself, after the last request has been answered.
        callerHandlesSignals: true,
      });
  const url = config.databaseUrl ?? embedded!.url;
  const dataSource = createDataSource(url, {
    poolSize: config.databasePoolSize,
    connectTimeoutMs: config.databaseConnectTimeoutSeconds * 1000,
    logQueries: config.logLevel !== 'silent',
  });
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) log(`已执行数据库迁移 (migrations applied): ${applied.map((m) => m.name).join(', ')}`);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    description: embedded
      ? `内置 PostgreSQL (embedded), data in ${embedded.dataDir}`
      : `PostgreSQL at ${redactUrl(url)}`,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
