import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { AppDeps, buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { TestDatabase, createTestDatabase, openTestDataSource } from './test-database';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly dataSource: DataSource;
  readonly database: TestDatabase;
  /** Where this app keeps photos. */
  readonly uploadDir: string;
  close(): Promise<void>;
}

/** The real app on a real PostgreSQL database of its own; `env` overrides settings. */
export async function createTestApp(
  env: Record<string, string> = {},
  deps: Partial<Pick<AppDeps, 'classifier' | 'now'>> & { logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataSource = await openTestDataSource(database);
  // Photos go to a folder of this test's own, removed with its database.
  const uploadDir = await mkdtemp(path.join(os.tmpdir(), 'cc-uploads-'));
  const config = loadConfig({ NODE_ENV: 'test', SUBMISSION_RATE_LIMIT_MAX: '1000', UPLOAD_DIR: uploadDir, ...env });
  const app = await buildApp({ config, dataSource, ...deps });
  await app.ready();
  return {
    app,
    dataSource,
    database,
    uploadDir,
    async close() {
      await app.close();
      await dataSource.destroy();
      await database.drop();
      await rm(uploadDir, { recursive: true, force: true });
    },
  };
}

/** A valid submission body; pass fields to change. */
export function aSubmission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { content: '幸福路菜市场门口的垃圾桶满了好几天，没人清运，味道很大', channel: 'web', ...overrides };
}

/** Starts the app on a free loopback port, for a browser or another process, and returns its base URL. */
export async function listenOnLoopback(t: TestApp): Promise<string> {
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const address = t.app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}
