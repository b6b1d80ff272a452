import type { DataSource } from 'typeorm';
import { escalateOverdue } from '../services/escalation';

export interface Logger {
  info(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * Runs the escalation job every `intervalSeconds` in this process. Safe beside other processes
 * doing the same (the job claims rows with SKIP LOCKED). A failed round is logged and the next
 * one tries again; stop() waits for a round in progress.
 */
export function startEscalationWorker(options: {
  dataSource: DataSource;
  intervalSeconds: number;
  now?: () => Date;
  log: Logger;
}): { stop(): Promise<void> } {
  const now = options.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  const round = async () => {
    try {
      const { escalated } = await escalateOverdue(options.dataSource, now());
      if (escalated > 0) options.log.info({ escalated }, 'overdue reports escalated (督办)');
    } catch (error) {
      options.log.error({ err: error }, 'escalation round failed; next round retries');
    }
  };
  const timer = setInterval(() => {
    running ??= round().finally(() => (running = undefined));
  }, options.intervalSeconds * 1000);
  timer.unref();
  running = round().finally(() => (running = undefined));
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
