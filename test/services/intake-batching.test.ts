import { QueryFailedError } from 'typeorm';
import { OutboxMessage, Submission, TimelineEvent } from '../../src/db/entities';
import type { Classification } from '../../src/domain/classification/types';
import { intakeBatcher } from '../../src/services/insert-report';
import { SubmitInput, submitReport } from '../../src/services/submit-report';
import { useTestDatabase } from '../support/test-database';

/** Reports that arrive together share a statement; each must still come out whole and its own. */
describe('reports stored together under load', () => {
  const db = useTestDatabase();
  const receivedAt = new Date('2026-11-27T02:00:00Z');
  const classification: Classification = {
    category: 'disorder',
    subcategory: 'street_vendor',
    confidence: 0.9,
    needsReview: false,
    ranking: [],
    signals: [],
  };
  const deps = () => ({ dataSource: db.dataSource, classify: () => classification, now: () => receivedAt });

  /** Submits all at once and counts the statements the batcher used for them. */
  async function together(inputs: readonly SubmitInput[]) {
    const batcher = intakeBatcher(db.dataSource);
    const before = batcher.batches;
    const results = await Promise.allSettled(inputs.map((input) => submitReport(deps(), input)));
    return { results, statements: batcher.batches - before };
  }

  const fulfilled = <T>(result: PromiseSettledResult<T>): T => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  };

  it('gives each report of a batch its own timeline and updates, in order, tied to its own events', async () => {
    const inputs: SubmitInput[] = Array.from({ length: 24 }, (_, i) =>
      i % 2 === 0
        ? { content: `人民路${i}号有游商占道经营`, channel: 'wechat', submitterChannelId: `wxid_batch_${i}` }
        : { content: `建设街${i}号门口有摊贩`, channel: 'web', location: { address: `建设街${i}号` } },
    );
    const { results, statements } = await together(inputs);
    expect(statements).toBeLessThan(inputs.length);

    const stored = results.map(fulfilled);
    for (const [i, { submission }] of stored.entries()) {
      const row = await db.dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
      expect([row.trackingCode, row.content, row.submitterChannelId]).toEqual([
        submission.trackingCode,
        inputs[i].content,
        inputs[i].submitterChannelId ?? null,
      ]);
      const events = await db.dataSource
        .getRepository(TimelineEvent)
        .find({ where: { submissionId: submission.id }, order: { id: 'ASC' } });
      expect(events.map((e) => [e.type, e.toStatus])).toEqual([
        ['status_change', 'submitted'],
        ['classification', null],
        ['status_change', 'assigned'],
      ]);
      const outbox = await db.dataSource
        .getRepository(OutboxMessage)
        .find({ where: { submissionId: submission.id }, order: { id: 'ASC' } });
      if (inputs[i].channel === 'web') {
        expect(outbox).toEqual([]);
        continue;
      }
      expect(outbox.map((m) => [m.recipient, m.payload.trackingCode, m.payload.status])).toEqual([
        [inputs[i].submitterChannelId, submission.trackingCode, 'submitted'],
        [inputs[i].submitterChannelId, submission.trackingCode, 'assigned'],
      ]);
      expect(outbox.map((m) => m.eventId)).toEqual([events[0].id, events[2].id]);
    }
  });

  it('answers a request sent twice at once with one report, and stores the rest of its batch', async () => {
    const twice: SubmitInput = {
      content: '幸福路菜市场门口摊贩占道',
      channel: 'wechat',
      submitterChannelId: 'wxid_twice',
      idempotencyKey: 'batch-twice-1',
    };
    const inputs: SubmitInput[] = [
      ...Array.from({ length: 6 }, (_, i) => ({ content: `解放大道${i}号有游商`, channel: 'web' as const })),
      twice,
      { ...twice },
      ...Array.from({ length: 6 }, (_, i) => ({ content: `新华巷${i}号有摊贩`, channel: 'web' as const })),
    ];
    const { results, statements } = await together(inputs);
    expect(statements).toBeLessThan(inputs.length);
    const stored = results.map(fulfilled);
    expect(stored[6].submission.id).toBe(stored[7].submission.id);
    expect([stored[6].replayed, stored[7].replayed].sort()).toEqual([false, true]);
    const ids = new Set(stored.map((s) => s.submission.id));
    expect(ids.size).toBe(inputs.length - 1);
    const count = await db.dataSource.getRepository(Submission).countBy({ idempotencyKey: 'batch-twice-1' });
    expect(count).toBe(1);
    for (const id of ids) {
      expect(await db.dataSource.getRepository(TimelineEvent).countBy({ submissionId: id })).toBe(3);
    }
  });

  it('fails only the report the database refuses; the others of its batch are stored', async () => {
    const inputs: SubmitInput[] = Array.from({ length: 12 }, (_, i) => ({
      content: `朝阳菜市场${i}号摊位外有摊贩`,
      channel: 'web' as const,
      // Longer than the column: only the HTTP layer's validation stops this, so the database must.
      ...(i === 7 ? { contact: { phone: '1381234567800000' } } : {}),
    }));
    const { results, statements } = await together(inputs);
    expect(statements).toBeLessThan(inputs.length);
    expect(results[7].status).toBe('rejected');
    expect((results[7] as PromiseRejectedResult).reason).toBeInstanceOf(QueryFailedError);
    const stored = results.filter((_, i) => i !== 7).map(fulfilled);
    expect(stored).toHaveLength(11);
    for (const { submission } of stored) {
      expect(await db.dataSource.getRepository(Submission).existsBy({ id: submission.id })).toBe(true);
    }
    const refused = await db.dataSource.getRepository(Submission).countBy({ content: inputs[7].content });
    expect(refused).toBe(0);
  });
});
