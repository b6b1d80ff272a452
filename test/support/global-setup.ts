import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../ormconfig';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { seedDefaults } from '../../src/db/seed/seed-defaults';
import { loadEnvFile } from '../../src/env-file';
import { adminUrl, withDatabase } from './database-urls';

/**
 * Finds a PostgreSQL for the tests — TEST_DATABASE_URL, else DATABASE_URL, else an embedded one in
 * a throwaway folder — and prepares a migrated, seeded template database that each test file
 * copies into a database of its own.
 */
export default async function globalSetup(): Promise<void> {
  loadEnvFile();
  let serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!serverUrl) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'chuangcheng-test-'));
    fs.chmodSync(root, 0o755); // The postgres system user must reach the data folder.
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(root, 'postgres'),
      port: 0,
      persistent: false,
      databaseName: 'postgres',
      log: () => undefined,
    });
    (globalThis as { embeddedTestDatabase?: unknown }).embeddedTestDatabase = { stop: embedded.stop, root };
    serverUrl = embedded.url;
  }
  process.env.TEST_SERVER_URL = serverUrl;
  // Named per run so two runs against one external server do not collide.
  const template = `cc_test_template_${process.pid}`;
  process.env.TEST_TEMPLATE_DATABASE = template;

  const admin = new Client({ connectionString: adminUrl(serverUrl) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const dataSource = createDataSource(withDatabase(serverUrl, template), { logQueries: false });
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await seedDefaults(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
