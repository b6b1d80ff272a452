import type { DataSource } from 'typeorm';
import { retryDelaySeconds, RetryPolicy } from '../domain/outbox/backoff';
import { NotFound } from '../errors';

/** One update on its way to a resident, as a deliverer (the worker or a channel client) sees it. */
export interface OutboxDelivery {
  /** Stable across retries: a receiver drops a message whose id it has already seen. */
  readonly id: number;
  readonly channel: string;
  readonly recipient: string | null;
  readonly trackingCode: string;
  readonly text: string;
  readonly payload: Record<string, unknown>;
  /** 1 on the first delivery, more on a retry. */
  readonly attempt: number;
  readonly createdAt: Date;
}

interface Row {
  id: number;
  channel: string;
  recipient: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  created_at: Date;
}

/**
 * Claims due messages of the given channels for one deliverer: each claimed message is leased
 * (hidden from other deliverers) until it is acknowledged, reported failed, or the lease runs
 * out — then it is offered again, so a deliverer that dies mid-send loses nothing. Messages to
 * one recipient leave strictly in order: a message waits while an earlier one to the same
 * recipient is undelivered. SKIP LOCKED lets several processes claim at once without overlap.
 */
export async function claimDue(
  dataSource: DataSource,
  request: { channels: readonly string[]; limit: number; now: Date; policy: RetryPolicy },
): Promise<OutboxDelivery[]> {
  const leaseUntil = new Date(request.now.getTime() + request.policy.leaseSeconds * 1000);
  const rows = await queryRows<Row>(
    dataSource,
    `WITH due AS (
       SELECT o.id FROM outbox_message o
        WHERE o.state = 'pending' AND o.channel = ANY($1) AND o.next_attempt_at <= $2
          AND NOT EXISTS (
                SELECT 1 FROM outbox_message earlier
                 WHERE earlier.channel = o.channel
                   AND earlier.recipient IS NOT DISTINCT FROM o.recipient
                   AND earlier.state = 'pending'
                   AND earlier.id < o.id)
        ORDER BY o.id
        LIMIT $3
        FOR UPDATE SKIP LOCKED)
     UPDATE outbox_message m
        SET attempts = m.attempts + 1, next_attempt_at = $4
       FROM due
      WHERE m.id = due.id
     RETURNING m.id, m.channel, m.recipient, m.payload, m.attempts, m.created_at`,
    [request.channels, request.now, request.limit, leaseUntil],
  );
  return rows
    .sort((a, b) => a.id - b.id)
    .map((row) => ({
      id: row.id,
      channel: row.channel,
      recipient: row.recipient,
      trackingCode: String(row.payload.trackingCode ?? ''),
      text: String(row.payload.text ?? ''),
      payload: row.payload,
      attempt: row.attempts,
      createdAt: row.created_at,
    }));
}

/** Marks a message delivered. Acknowledging twice is harmless: at-least-once means repeats happen. */
export async function acknowledge(
  dataSource: DataSource,
  request: { channel: string; id: number; now: Date },
): Promise<{ alreadyAcknowledged: boolean }> {
  const updated = await queryRows(
    dataSource,
    `UPDATE outbox_message SET state = 'sent', sent_at = $3
      WHERE id = $1 AND channel = $2 AND state <> 'sent'
     RETURNING id`,
    [request.id, request.channel, request.now],
  );
  if (updated.length > 0) return { alreadyAcknowledged: false };
  await assertExists(dataSource, request.channel, request.id);
  return { alreadyAcknowledged: true };
}

/**
 * Records why a delivery failed and when to try again (exponential backoff up to a cap). A
 * permanent failure (the receiver said the message can never be delivered) parks the row as
 * `failed`: kept, visible, never retried on its own.
 */
export async function reportFailure(
  dataSource: DataSource,
  request: {
    channel: string;
    id: number;
    error: string;
    permanent?: boolean;
    /**
     * The attempt being reported (as handed out with the message). A report about an older
     * attempt, from a deliverer whose lease ran out while another took the message over, is
     * ignored so it cannot reschedule or park the newer delivery.
     */
    attempt?: number;
    now: Date;
    policy: RetryPolicy;
  },
): Promise<{ nextAttemptAt: Date | null; state: 'pending' | 'failed' | 'sent'; recipient: string | null }> {
  return dataSource.transaction(async (manager) => {
    const rows: { attempts: number; state: 'pending' | 'failed' | 'sent'; recipient: string | null; next: Date }[] =
      await manager.query(
        `SELECT attempts, state, recipient, next_attempt_at AS next FROM outbox_message
          WHERE id = $1 AND channel = $2 FOR UPDATE`,
        [request.id, request.channel],
      );
    const row = rows[0];
    if (!row) throw notFound(request.id);
    const { recipient } = row;
    const stale = request.attempt !== undefined && request.attempt !== row.attempts;
    if (row.state !== 'pending' || stale) {
      return { nextAttemptAt: row.state === 'pending' ? row.next : null, state: row.state, recipient };
    }
    const error = request.error.slice(0, 2000);
    if (request.permanent) {
      await manager.query(`UPDATE outbox_message SET state = 'failed', last_error = $2 WHERE id = $1`, [
        request.id,
        error,
      ]);
      return { nextAttemptAt: null, state: 'failed', recipient };
    }
    const delay = retryDelaySeconds(Math.max(1, row.attempts), request.policy.baseSeconds, request.policy.maxSeconds);
    const nextAttemptAt = new Date(request.now.getTime() + delay * 1000);
    await manager.query(`UPDATE outbox_message SET last_error = $2, next_attempt_at = $3 WHERE id = $1`, [
      request.id,
      error,
      nextAttemptAt,
    ]);
    return { nextAttemptAt, state: 'pending', recipient };
  });
}

async function assertExists(dataSource: DataSource, channel: string, id: number): Promise<void> {
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM outbox_message WHERE id = $1 AND channel = $2', [
    id,
    channel,
  ]);
  if (rows.length === 0) throw notFound(id);
}

function notFound(id: number): NotFound {
  return new NotFound(`没有找到编号为 ${id} 的待发消息`, `No outbox message ${id} on this channel`);
}

/**
 * The rows a statement returns. DataSource.query answers an UPDATE … RETURNING with
 * [rows, count] on PostgreSQL, so statements that change rows go through a structured result.
 */
async function queryRows<T = unknown>(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<T[]> {
  const runner = dataSource.createQueryRunner();
  try {
    return (await runner.query(sql, parameters, true)).records as T[];
  } finally {
    await runner.release();
  }
}
