import type { DataSource } from 'typeorm';
import { sendWeeklyDigests } from '../services/digests';
import { closeUnratedReports } from '../services/resident-feedback';
import { removeUnclaimedUploads } from '../services/resident-photos';
import { removeExpiredRateLimitCounters } from '../services/rate-limit-counters';
import { forgetResidents } from '../services/retention';
import type { PhotoStore } from '../storage/photo-store';
import { Logger, RunningJob, startIntervalJob } from './interval-job';

/**
 * The slow, periodic chores: close resolved reports whose rating period ended (办结), remove
 * photos that no report claimed, write the leaders' weekly digests once they are due, erase
 * residents' contact details that are no longer needed, and drop ended rate-limit windows. Safe beside other processes doing the same.
 */
export function startHousekeeping(options: {
  dataSource: DataSource;
  photoStore: PhotoStore;
  intervalSeconds: number;
  feedbackDays: number;
  unclaimedUploadHours: number;
  /** Beijing hour on Monday from which last week's digests are written. */
  digestHour: number;
  /** Days a finished report keeps its resident's contact details. */
  retentionDays: number;
  now?: () => Date;
  log: Logger;
}): RunningJob {
  const now = options.now ?? (() => new Date());
  return startIntervalJob({
    name: 'housekeeping',
    intervalSeconds: options.intervalSeconds,
    log: options.log,
    round: async () => {
      const closed = await closeUnratedReports(options.dataSource, now(), options.feedbackDays);
      if (closed > 0) options.log.info({ closed }, 'resolved reports closed after the rating period');
      const cutoff = new Date(now().getTime() - options.unclaimedUploadHours * 3600 * 1000);
      const removed = await removeUnclaimedUploads(options, cutoff);
      if (removed > 0) options.log.info({ removed }, 'unclaimed photo uploads removed');
      const digests = await sendWeeklyDigests(options.dataSource, now(), options.digestHour);
      if (digests > 0) options.log.info({ digests }, 'weekly digests written for leaders');
      const forgotten = await forgetResidents(options.dataSource, now(), options.retentionDays);
      if (forgotten.channelIdentities + forgotten.contacts > 0) {
        options.log.info(forgotten, "residents' contact details erased from finished reports");
      }
      await removeExpiredRateLimitCounters(options.dataSource, now());
    },
  });
}
