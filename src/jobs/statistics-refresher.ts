import type { DataSource } from 'typeorm';
import { refreshStatistics } from '../services/statistics/rollups';
import { Logger, RunningJob, startIntervalJob } from './interval-job';

/**
 * Keeps the statistics rollups close behind the reports, so a dashboard request rarely has
 * anything left to rebuild. Safe beside other processes doing the same (rows are claimed).
 */
export function startStatisticsRefresher(options: {
  dataSource: DataSource;
  intervalSeconds: number;
  log: Logger;
}): RunningJob {
  return startIntervalJob({
    name: 'statistics-refresher',
    intervalSeconds: options.intervalSeconds,
    log: options.log,
    round: async () => {
      const rebuilt = await refreshStatistics(options.dataSource);
      if (rebuilt > 1000) options.log.info({ rebuilt }, 'statistics rows rebuilt');
    },
  });
}
