import fs from 'node:fs';
import { Client } from 'pg';
import { adminUrl } from './database-urls';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { embeddedTestDatabase?: { stop(): Promise<void>; root: string } })
    .embeddedTestDatabase;
  if (embedded) {
    await embedded.stop();
    fs.rmSync(embedded.root, { recursive: true, force: true });
    return;
  }
  const serverUrl = process.env.TEST_SERVER_URL;
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!serverUrl || !template) return;
  const admin = new Client({ connectionString: adminUrl(serverUrl) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
