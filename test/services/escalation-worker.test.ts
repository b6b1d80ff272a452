import { startEscalationWorker } from '../../src/jobs/escalation-worker';
import { submitReport } from '../../src/services/submit-report';
import { createTestDatabase, openTestDataSource, useTestDatabase } from '../support/test-database';

describe('escalation worker', () => {
  const db = useTestDatabase();

  function recorder() {
    const lines: { level: string; object: object; message: string }[] = [];
    return {
      lines,
      info: (object: object, message: string) => lines.push({ level: 'info', object, message }),
      error: (object: object, message: string) => lines.push({ level: 'error', object, message }),
    };
  }

  it('runs a round at start, logs what it escalated, and stop() waits for the round', async () => {
    const monday = new Date('2026-11-23T02:00:00Z');
    await submitReport(
      {
        dataSource: db.dataSource,
        now: () => monday,
        classify: () => ({
          category: 'dirty',
          subcategory: 'litter',
          confidence: 0.9,
          needsReview: false,
          ranking: [],
          signals: [],
        }),
      },
      { content: '路边垃圾很多', channel: 'web' },
    );
    const log = recorder();
    const worker = startEscalationWorker({
      dataSource: db.dataSource,
      intervalSeconds: 3600,
      now: () => new Date('2026-12-31T02:00:00Z'),
      log,
    });
    await worker.stop();
    expect(log.lines).toEqual([{ level: 'info', object: { escalated: 1 }, message: expect.stringContaining('督办') }]);
  });

  it('logs a failed round instead of crashing the process', async () => {
    // A real connection pool that has been closed: every query fails, as when the database is gone.
    const database = await createTestDatabase();
    const broken = await openTestDataSource(database);
    await broken.destroy();
    await database.drop();
    const log = recorder();
    const worker = startEscalationWorker({ dataSource: broken, intervalSeconds: 3600, log });
    await worker.stop();
    expect(log.lines).toEqual([
      expect.objectContaining({ level: 'error', message: expect.stringContaining('retries') }),
    ]);
  });
});
