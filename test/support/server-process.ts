import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Real processes for the fault tests: the portal (`src/server.ts`) and a PostgreSQL server that a
 * test may stop and start again. Both run from source through ts-node, so suites running side by
 * side never race over a shared `dist/` build.
 */
const root = path.resolve(__dirname, '..', '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

export interface RunningProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Everything it printed so far, standard output and error together. */
  output(): string;
  /** Waits for a line of its output; on failure the error shows what it said. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once it has exited. */
  exited(): Promise<number | null>;
  /** Sends the signal (SIGTERM by default) and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

function run(script: string, env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, [...TS_NODE, script], {
    cwd: root,
    env: { ...process.env, TS_NODE_PROJECT: path.join(root, 'tsconfig.json'), ...env },
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    async waitFor(pattern, ms = 60_000) {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const match = text.match(pattern);
        if (match) return match;
        if (child.exitCode !== null) throw new Error(`${script} exited early:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`timed out waiting for ${pattern} from ${script}:\n${text}`);
    },
    exited: () => exit,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
}

export interface PortalProcess extends RunningProcess {
  readonly base: string;
}

/** The portal as `npm start` runs it, on the given database, on a free loopback port. */
export async function startPortal(env: Record<string, string>): Promise<PortalProcess> {
  const portal = run('src/server.ts', {
    // Empty values count as unset, and a developer's .env cannot fill them back in.
    TEST_DATABASE_URL: '',
    ADMIN_PASSWORD: '',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    ...env,
  });
  const [, port] = await portal.waitFor(/listening on 127\.0\.0\.1:(\d+)/, 90_000);
  return { ...portal, base: `http://127.0.0.1:${port}` };
}

export interface PostgresProcess extends RunningProcess {
  readonly url: string;
}

/**
 * A PostgreSQL server of the test's own (the embedded one `npm start` uses), in `dataDir` on
 * `port`. Stopping it is a real shutdown; starting it again on the same folder and port brings
 * the same data back at the same address.
 */
export async function startPostgres(dataDir: string, port: number): Promise<PostgresProcess> {
  const postgres = run('test/support/postgres-process.ts', { PG_DATA_DIR: dataDir, PG_PORT: String(port) });
  const [, url] = await postgres.waitFor(/^ready (\S+)$/m, 120_000);
  return { ...postgres, url };
}
