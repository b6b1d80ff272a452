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

  async function until(condition: () => boolean): Promise<void> {
    for (let waited = 0; !condition(); waited += 10) {
      if (waited > 10_000) throw new Error('condition not reached in 10 s');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it('fails only the report the database refuses; the others of its batch are stored', async () => {
    const batcher = intakeBatcher(db.dataSource);
    const before = batcher.batches;
    // Both lanes are kept busy by two reports waiting on idempotency keys another transaction
    // holds, so the twelve reports sent meanwhile queue up and go out in one batch.
    const holder = db.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    const keys = ['held-key-for-batch-1', 'held-key-for-batch-2'];
    await holder.query(
      `INSERT INTO submission (tracking_code, content, channel, category, subcategory, confidence, needs_review,
         classification, department_id, status, accept_deadline, resolve_deadline, idempotency_key)
       SELECT code, 'held', 'wechat', 'disorder', 'street_vendor', 1, false, '{}', d.id, 'submitted', now(), now(), key
         FROM unnest($1::text[], $2::text[]) AS k(code, key), (SELECT id FROM department ORDER BY id LIMIT 1) d`,
      [['HELD1-BATCH', 'HELD2-BATCH'], keys],
    );
    const held = keys.map((key, i) =>
      submitReport(deps(), {
        content: '光明社区北门有游商',
        channel: 'wechat',
        submitterChannelId: `wxid_held_${i}`,
        idempotencyKey: key,
      }),
    );
    await until(() => batcher.batches - before === 2);
    const inputs: SubmitInput[] = Array.from({ length: 12 }, (_, i) => ({
      content: `朝阳菜市场${i}号摊位外有摊贩`,
      channel: 'web' as const,
      // Longer than the column: only the HTTP layer's validation stops this, so the database must.
      ...(i === 7 ? { contact: { phone: '1381234567800000' } } : {}),
    }));
    const submitted = Promise.allSettled(inputs.map((input) => submitReport(deps(), input)));
    await until(() => batcher.queued === inputs.length);
    await holder.rollbackTransaction();
    await holder.release();

    const results = await submitted;
    for (const report of await Promise.all(held)) expect(report.replayed).toBe(false);
    // The two held reports went alone, the twelve together (and after the refusal, one by one).
    expect(batcher.batches - before).toBe(3);
    expect(results[7].status).toBe('rejected');
    expect((results[7] as PromiseRejectedResult).reason).toBeInstanceOf(QueryFailedError);
    const stored = results.filter((_, i) => i !== 7).map(fulfilled);
    expect(stored).toHaveLength(11);
    for (const { submission } of stored) {
      expect(await db.dataSource.getRepository(Submission).existsBy({ id: submission.id })).toBe(true);
      expect(await db.dataSource.getRepository(TimelineEvent).countBy({ submissionId: submission.id })).toBe(3);
    }
    const refused = await db.dataSource.getRepository(Submission).countBy({ content: inputs[7].content });
    expect(refused).toBe(0);
  });

  it('stores half an emoji as the replacement character, as a text parameter would, not failing the report', async () => {
    const { submission } = await submitReport(deps(), {
      content: '人民路有游商\uD83D占道经营',
      channel: 'web',
      location: { address: '人民路\uDE00口' },
    });
    const row = await db.dataSource.getRepository(Submission).findOneByOrFail({ id: submission.id });
    expect([row.content, row.address]).toEqual(['人民路有游商\uFFFD占道经营', '人民路\uFFFD口']);
  });
});
