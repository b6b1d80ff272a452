import type { Logger } from 'typeorm';

/**
 * TypeORM's own loggers print a failed query with its parameters, which would put residents'
 * phone numbers and texts into the logs. This one prints the error and the SQL only.
 */
export class ParameterFreeLogger implements Logger {
  constructor(
    private readonly enabled: boolean,
    private readonly reportMigrations = false,
  ) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    if (!this.enabled) return;
    const message = typeof error === 'string' ? error : error.message;
    console.error(`[db] query failed: ${message} — ${query.slice(0, 300)}`);
  }

  logQuerySlow(time: number, query: string): void {
    if (this.enabled) console.warn(`[db] slow query (${time} ms): ${query.slice(0, 300)}`);
  }

  /** Migration progress; the server reports applied migrations itself, the CLI wants each step. */
  logSchemaBuild(message: string): void {
    if (this.enabled && this.reportMigrations) console.log(message);
  }

  /** TypeORM reports failed migrations here. */
  logMigration(message: string): void {
    if (this.enabled) console.error(`[db] ${message}`);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (this.enabled && level === 'warn') console.warn(`[db] ${String(message)}`);
  }
}
