import type { DataSource } from 'typeorm';
import { Submission } from '../db/entities';
import { InvalidTransition, NotFound } from '../errors';
import { applyTransition } from './perform-action';
import { RESIDENT_ACTOR, lockByTrackingCode } from './resident-feedback';

/**
 * A resident as their messaging channel knows them. Web-protocol puppets give a WeChat contact a
 * new id at every log-in; the bot finds the person again by the remark it set on them (the
 * handle) and tells the portal the new id, which then applies to all their reports and to the
 * updates still waiting for them.
 */
export async function moveHandleToId(
  dataSource: DataSource,
  request: { channel: string; handle: string; id: string },
): Promise<{ reports: number; pendingUpdates: number }> {
  return dataSource.transaction(async (manager) => {
    const oldIds: { id: string }[] = await manager.query(
      `SELECT DISTINCT submitter_channel_id AS id FROM submission
        WHERE channel = $1 AND submitter_handle = $2 AND submitter_channel_id IS DISTINCT FROM $3`,
      [request.channel, request.handle, request.id],
    );
    const [, reports] = (await manager.query(
      `UPDATE submission SET submitter_channel_id = $3, channel_unreachable_at = NULL
        WHERE channel = $1 AND submitter_handle = $2`,
      [request.channel, request.handle, request.id],
    )) as [unknown, number];
    const ids = [...oldIds.map((row) => row.id), request.id];
    // Updates parked because the resident could not be found go out again, now that they can be.
    const [, revived] = (await manager.query(
      `UPDATE outbox_message SET state = 'pending', next_attempt_at = now()
        WHERE channel = $1 AND recipient = ANY($2) AND state = 'failed' AND last_error LIKE 'unreachable%'`,
      [request.channel, ids],
    )) as [unknown, number];
    let moved = 0;
    if (oldIds.length > 0) {
      [, moved] = (await manager.query(
        `UPDATE outbox_message SET recipient = $2
          WHERE channel = $1 AND recipient = ANY($3) AND state = 'pending'`,
        [request.channel, request.id, oldIds.map((row) => row.id)],
      )) as [unknown, number];
    }
    const pendingUpdates = oldIds.length > 0 ? moved : revived;
    return { reports, pendingUpdates };
  });
}

/** The channel client found the resident neither by id nor by handle: staff see it on their reports. */
export async function markUnreachable(
  dataSource: DataSource,
  request: { channel: string; recipient: string; at: Date },
): Promise<void> {
  await dataSource.query(
    `UPDATE submission SET channel_unreachable_at = $3
      WHERE channel = $1 AND submitter_channel_id = $2 AND channel_unreachable_at IS NULL`,
    [request.channel, request.recipient, request.at],
  );
}

/** A resident's own recent reports on a channel ("我的"). */
export function reportsOf(
  dataSource: DataSource,
  request: { channel: string; recipient: string; limit: number },
): Promise<Submission[]> {
  return dataSource.getRepository(Submission).find({
    where: { channel: request.channel as Submission['channel'], submitterChannelId: request.recipient },
    relations: { department: true },
    order: { createdAt: 'DESC', id: 'DESC' },
    take: request.limit,
  });
}

/** 撤回: the resident takes back their own report while no department has it yet. */
export async function withdrawReport(
  deps: { dataSource: DataSource; now: () => Date },
  request: { channel: string; recipient: string; trackingCode: string },
): Promise<Submission> {
  return deps.dataSource.transaction(async (manager) => {
    const submission = await lockByTrackingCode(manager, request.trackingCode);
    // Another person's report is answered like a missing one.
    if (submission.channel !== request.channel || submission.submitterChannelId !== request.recipient) {
      throw new NotFound(`您没有编号为 ${submission.trackingCode} 的反映`, 'Not this resident’s report');
    }
    if (submission.status !== 'submitted' && submission.status !== 'returned') {
      throw new InvalidTransition('这条反映已交承办单位办理，不能再撤回', 'already_assigned');
    }
    return applyTransition(
      manager,
      submission,
      { action: 'withdraw', actor: RESIDENT_ACTOR, note: '群众撤回了这条反映' },
      deps.now(),
    );
  });
}
