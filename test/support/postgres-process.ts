/**
 * Runs one embedded PostgreSQL until SIGTERM, then shuts it down and exits: a database a fault
 * test can stop and start again (see server-process.ts). Prints `ready <url>` once it accepts
 * connections.
 */
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

async function main(): Promise<void> {
  const database = await startEmbeddedPostgres({
    dataDir: process.env.PG_DATA_DIR!,
    port: Number(process.env.PG_PORT),
    persistent: true,
    databaseName: 'faults',
    log: (message) => console.log(message),
    callerHandlesSignals: true,
  });
  console.log(`ready ${database.url}`);
  const stop = () => {
    void database.stop().then(() => {
      console.log('stopped');
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
