import type { EntityManager } from 'typeorm';
import { Submission } from '../db/entities';
import { NotFound, StaleVersion } from '../errors';

/**
 * Locks a report's row for the rest of the transaction, so two changes to one report take turns;
 * `version` is what the member of staff saw, and a report changed since is refused (409).
 */
export async function lockSubmission(manager: EntityManager, id: number, version?: number): Promise<Submission> {
  const submission = await manager
    .getRepository(Submission)
    .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  if (!submission) throw new NotFound('没有找到这条反映', `No submission ${id}`);
  if (version !== undefined && version !== submission.version) throw new StaleVersion();
  return submission;
}
