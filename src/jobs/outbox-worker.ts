import type { DataSource } from 'typeorm';
import type { RetryPolicy } from '../domain/outbox/backoff';
import { ChannelTransport, DeliveryFailed } from '../delivery/transport';
import { acknowledge, claimDue, reportFailure } from '../services/outbox';
import { Logger, RunningJob, startIntervalJob } from './interval-job';

export interface OutboxWorkerOptions {
  readonly dataSource: DataSource;
  readonly transports: readonly ChannelTransport[];
  readonly intervalSeconds: number;
  readonly policy: RetryPolicy;
  readonly batchSize?: number;
  readonly now?: () => Date;
  readonly log: Logger;
}

/**
 * One round: claim due messages of the push channels, send each, and record the outcome. Exported
 * so tests can drive rounds one by one with their own clock.
 */
export async function deliverDue(options: Omit<OutboxWorkerOptions, 'intervalSeconds'>): Promise<{
  delivered: number;
  failed: number;
}> {
  const now = options.now ?? (() => new Date());
  const byChannel = new Map(options.transports.map((t) => [t.channel, t]));
  if (byChannel.size === 0) return { delivered: 0, failed: 0 };
  const claimed = await claimDue(options.dataSource, {
    channels: [...byChannel.keys()],
    limit: options.batchSize ?? 50,
    now: now(),
    policy: options.policy,
  });
  let delivered = 0;
  let failed = 0;
  await Promise.all(
    claimed.map(async (message) => {
      const transport = byChannel.get(message.channel)!;
      try {
        await transport.send(message);
        await acknowledge(options.dataSource, { channel: message.channel, id: message.id, now: now() });
        delivered += 1;
      } catch (error) {
        failed += 1;
        const permanent = error instanceof DeliveryFailed && error.permanent;
        const reason = error instanceof Error ? error.message : String(error);
        const outcome = await reportFailure(options.dataSource, {
          channel: message.channel,
          id: message.id,
          error: reason,
          permanent,
          attempt: message.attempt,
          now: now(),
          policy: options.policy,
        });
        // Identities and message text stay out of the log; the id finds the row.
        options.log.error(
          {
            outboxId: message.id,
            channel: message.channel,
            attempt: message.attempt,
            state: outcome.state,
            nextAttemptAt: outcome.nextAttemptAt,
            reason,
          },
          'update delivery failed',
        );
      }
    }),
  );
  return { delivered, failed };
}

/**
 * Delivers outbox messages of the push channels every `intervalSeconds` in this process. Several
 * processes may run it at once: claiming leases each message to one of them.
 */
export function startOutboxWorker(options: OutboxWorkerOptions): RunningJob {
  const batchSize = options.batchSize ?? 50;
  return startIntervalJob({
    name: 'outbox delivery',
    intervalSeconds: options.intervalSeconds,
    log: options.log,
    round: async () => {
      // A full batch means more may be waiting: keep going until the queue is drained.
      for (;;) {
        const { delivered, failed } = await deliverDue({ ...options, batchSize });
        if (delivered > 0) options.log.info({ delivered }, 'updates delivered to residents');
        if (delivered + failed < batchSize) return;
      }
    },
  });
}
