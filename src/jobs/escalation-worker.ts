import type { DataSource } from 'typeorm';
import { escalateOverdue } from '../services/escalation';
import { Logger, RunningJob, startIntervalJob } from './interval-job';

export type { Logger } from './interval-job';

/**
 * Runs the escalation job every `intervalSeconds` in this process. Safe beside other processes
 * doing the same (the job claims rows with SKIP LOCKED).
 */
export function startEscalationWorker(options: {
  dataSource: DataSource;
  intervalSeconds: number;
  now?: () => Date;
  log: Logger;
}): RunningJob {
  const now = options.now ?? (() => new Date());
  return startIntervalJob({
    name: 'escalation',
    intervalSeconds: options.intervalSeconds,
    log: options.log,
    round: async () => {
      const { escalated } = await escalateOverdue(options.dataSource, now());
      if (escalated > 0) options.log.info({ escalated }, 'overdue reports escalated (督办)');
    },
  });
}
