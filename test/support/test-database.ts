import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { adminUrl, testServerUrl, withDatabase } from './database-urls';

export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl(testServerUrl()) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of this test file's own: a copy of the migrated, seeded template, or empty. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `cc_test_${randomBytes(6).toString('hex')}`;
  const template = options.empty ? 'template0' : process.env.TEST_TEMPLATE_DATABASE;
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: withDatabase(testServerUrl(), name),
    name,
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function openTestDataSource(database: TestDatabase): Promise<DataSource> {
  const dataSource = createDataSource(database.url, { poolSize: 5, logQueries: false });
  await dataSource.initialize();
  return dataSource;
}

/**
 * A database of the enclosing `describe` block's own, opened before its tests and dropped after;
 * read `db.dataSource` inside tests.
 */
export function useTestDatabase(): { readonly dataSource: DataSource } {
  const handle: { dataSource: DataSource; database?: TestDatabase } = {} as { dataSource: DataSource };
  beforeAll(async () => {
    handle.database = await createTestDatabase();
    handle.dataSource = await openTestDataSource(handle.database);
  });
  afterAll(async () => {
    await handle.dataSource?.destroy();
    await handle.database?.drop();
  });
  return handle;
}

/**
 * Two pools on one database of the `describe` block's own: they stand for two API processes
 * (jobs that must run once per item, races between requests).
 */
export function useTwoProcesses(): { readonly one: DataSource; readonly two: DataSource } {
  const handle = {} as { one: DataSource; two: DataSource; database?: TestDatabase };
  beforeAll(async () => {
    handle.database = await createTestDatabase();
    handle.one = await openTestDataSource(handle.database);
    handle.two = await openTestDataSource(handle.database);
  });
  afterAll(async () => {
    await handle.one?.destroy();
    await handle.two?.destroy();
    await handle.database?.drop();
  });
  return handle;
}
