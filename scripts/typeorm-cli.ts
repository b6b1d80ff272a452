/**
 * Runs the TypeORM CLI against the project's database: DATABASE_URL when set, else the same
 * embedded PostgreSQL `npm start` uses (started for the command and stopped after it).
 *   npm run migration:generate -- migrations/AddSomething
 *   npm run migration:run | migration:revert | migration:check
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { findProjectRoot, loadConfig } from '../src/config';
import { EMBEDDED_DATABASE_NAME } from '../src/db/database';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres';
import { loadEnvFile } from '../src/env-file';

async function main(): Promise<number> {
  loadEnvFile();
  const config = loadConfig();
  const root = findProjectRoot();
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({
        dataDir: config.embeddedPgDir,
        port: config.embeddedPgPort,
        persistent: true,
        databaseName: EMBEDDED_DATABASE_NAME,
        log: (message) => console.log(message),
      });
  try {
    const [command, ...rest] = process.argv.slice(2);
    const cli = path.join(root, 'node_modules', 'typeorm', 'cli-ts-node-commonjs.js');
    const result = spawnSync(process.execPath, [cli, command, '-d', path.join(root, 'ormconfig.ts'), ...rest], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, DATABASE_URL: config.databaseUrl ?? embedded!.url, TS_NODE_TRANSPILE_ONLY: 'true' },
    });
    return result.status ?? 1;
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
