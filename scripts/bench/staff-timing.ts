import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { DataSource } from 'typeorm';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { StaffUser } from '../../src/db/entities';
import type { StaffRole } from '../../src/db/entities/staff-user.entity';
import { hashPassword } from '../../src/services/auth/passwords';
import { unclassified } from '../../src/domain/classification/classifier';

/** How the staff benchmarks time requests: through the real app, in process, as a logged-in user. */
export interface StaffSession {
  readonly cookies: { cc_session: string };
}

/**
 * The real app on DATABASE_URL (else the embedded PostgreSQL of `npm start`), quiet. Staff reads
 * never classify, so a fixed answer stands in for the classifier and keeps start-up quick.
 */
export async function benchApp(): Promise<{ app: FastifyInstance; dataSource: DataSource; close(): Promise<void> }> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', NODE_ENV: 'development' });
  const database = await openDatabase(config, () => undefined);
  const app = await buildApp({
    config,
    dataSource: database.dataSource,
    classifier: { classify: unclassified },
  });
  return {
    app,
    dataSource: database.dataSource,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A member of staff for the run: created (or reused) with a random password, logged in through the API. */
export async function benchSession(
  dataSource: DataSource,
  app: FastifyInstance,
  role: StaffRole,
  departmentId: number | null,
): Promise<StaffSession> {
  const username = `bench-${role.replace('_', '-')}${departmentId === null ? '' : `-${departmentId}`}`;
  const password = randomBytes(12).toString('base64url');
  const users = dataSource.getRepository(StaffUser);
  const existing = await users.findOneBy({ username });
  await users.save(
    users.create({
      ...(existing ?? {}),
      username,
      displayName: `基准测试 ${role}`,
      passwordHash: await hashPassword(password),
      role,
      departmentId,
      failedLogins: 0,
      lockedUntil: null,
      active: true,
    }),
  );
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (login.statusCode !== 200) throw new Error(`log-in failed: ${login.body}`);
  return { cookies: { cc_session: login.cookies.find((c) => c.name === 'cc_session')!.value } };
}

/** p50 and p95 in ms of `runs` requests, after three warm-up requests that are not counted. */
export async function timeRequest(
  app: FastifyInstance,
  request: { url: string; as: StaffSession },
  runs: number,
): Promise<{ p50: number; p95: number; body: string }> {
  const times: number[] = [];
  let body = '';
  for (let i = 0; i < runs + 3; i += 1) {
    const started = process.hrtime.bigint();
    const response = await app.inject({ method: 'GET', url: request.url, cookies: request.as.cookies });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.statusCode !== 200) throw new Error(`${request.url}: ${response.statusCode} ${response.body}`);
    body = response.body;
    if (i >= 3) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { p50: p(0.5), p95: p(0.95), body };
}
