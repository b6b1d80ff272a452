import type { FindOptionsWhere } from 'typeorm';
import { OutboxMessage, Submission } from '../../src/db/entities';
import { TimelineWriter } from '../../src/services/timeline-writer';
import type { TestApp } from './test-app';

/** A public reply on a report, as staff would send one: it queues an update for each reachable resident. */
export async function queueReply(
  t: Pick<TestApp, 'dataSource'>,
  submissionId: number,
  text: string,
  at = new Date(),
): Promise<void> {
  await t.dataSource.transaction(async (manager) => {
    const submission = await manager.getRepository(Submission).findOneByOrFail({ id: submissionId });
    await new TimelineWriter(manager, submission, at).publicReply(text);
  });
}

export function outboxRows(
  t: Pick<TestApp, 'dataSource'>,
  where: FindOptionsWhere<OutboxMessage>,
): Promise<OutboxMessage[]> {
  return t.dataSource.getRepository(OutboxMessage).find({ where, order: { id: 'ASC' } });
}
