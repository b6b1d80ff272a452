import type { DataSource } from 'typeorm';
import { OutboxMessage } from '../../src/db/entities';
import { SmsGatewayTransport } from '../../src/delivery/sms-gateway';
import type { Classification } from '../../src/domain/classification/types';
import { deliverDue, startOutboxWorker } from '../../src/jobs/outbox-worker';
import { submitReport } from '../../src/services/submit-report';
import { queueReply } from '../support/outbox';
import { startSmsGateway } from '../support/sms-gateway';
import { useTwoProcesses } from '../support/test-database';

const policy = { leaseSeconds: 60, baseSeconds: 30, maxSeconds: 120 };
const silent = { info: () => undefined, error: () => undefined };

describe('outbox delivery worker (SMS gateway)', () => {
  // Two pools on one database stand for two API processes.
  const processes = useTwoProcesses();

  const start = new Date('2026-12-01T02:00:00Z');
  const at = (seconds: number) => () => new Date(start.getTime() + seconds * 1000);
  const garbage: Classification = {
    category: 'dirty',
    subcategory: 'garbage_overflow',
    confidence: 0.95,
    needsReview: false,
    ranking: [],
    signals: [],
  };
  /** A resident who asked for SMS updates: filing queues the first two (received, assigned). */
  const fileWithSms = async (phone: string) =>
    (
      await submitReport(
        { dataSource: processes.one, classify: () => garbage, now: at(0), smsAvailable: true },
        { content: '小区垃圾桶满了没人清运', channel: 'web', contact: { phone }, notifyBySms: true },
      )
    ).submission;
  const rowsFor = (phone: string) =>
    processes.one
      .getRepository(OutboxMessage)
      .find({ where: { channel: 'sms', recipient: phone }, order: { id: 'ASC' } });

  it('retries a failing gateway with a doubling delay, then delivers once with the same message id', async () => {
    const gateway = await startSmsGateway([503, 502, 200]);
    const sms = new SmsGatewayTransport(gateway.url, 'gateway-secret');
    const report = await fileWithSms('13800000001');
    const [received, assigned] = await rowsFor('13800000001');
    expect(received!.payload.text).toContain(report.trackingCode);

    const round = (seconds: number) =>
      deliverDue({ dataSource: processes.one, transports: [sms], policy, now: at(seconds), log: silent });
    expect(await round(0)).toEqual({ delivered: 0, failed: 1 });
    let [row] = await rowsFor('13800000001');
    expect(row).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('503') });
    expect(row!.nextAttemptAt).toEqual(at(30)());

    expect(await round(29)).toEqual({ delivered: 0, failed: 0 });
    expect(await round(30)).toEqual({ delivered: 0, failed: 1 });
    [row] = await rowsFor('13800000001');
    expect(row!.nextAttemptAt).toEqual(at(90)());
    expect(await round(90)).toEqual({ delivered: 1, failed: 0 });
    // Only now, in order, the second update.
    expect(await round(91)).toEqual({ delivered: 1, failed: 0 });

    const rows = await rowsFor('13800000001');
    expect(rows.map((r) => [r.id, r.state, r.attempts])).toEqual([
      [received!.id, 'sent', 3],
      [assigned!.id, 'sent', 1],
    ]);
    expect(gateway.requests.map((r) => [r.idempotencyKey, r.answeredWith])).toEqual([
      [`outbox-${received!.id}`, 503],
      [`outbox-${received!.id}`, 502],
      [`outbox-${received!.id}`, 200],
      [`outbox-${assigned!.id}`, 200],
    ]);
    expect(gateway.requests[0]).toMatchObject({
      authorization: 'Bearer gateway-secret',
      body: { messageId: `outbox-${received!.id}`, phone: '13800000001' },
    });
    await gateway.close();
  });

  it('caps the delay, keeps the error of an unreachable gateway, and parks a permanent refusal', async () => {
    const down = new SmsGatewayTransport('http://127.0.0.1:9/sms', undefined, 2000);
    await fileWithSms('13800000002');
    const round = (seconds: number) =>
      deliverDue({ dataSource: processes.one, transports: [down], policy, now: at(seconds), log: silent });
    let clock = 0;
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      await round(clock);
      const [row] = await rowsFor('13800000002');
      const delay = (row!.nextAttemptAt.getTime() - at(clock)().getTime()) / 1000;
      expect(delay).toBe(Math.min(30 * 2 ** (attempt - 1), 120));
      expect(row!.lastError).toContain('unreachable');
      clock += delay;
    }

    const gateway = await startSmsGateway([400]);
    await fileWithSms('13800000003');
    const refused = new SmsGatewayTransport(gateway.url, undefined);
    await deliverDue({ dataSource: processes.one, transports: [refused], policy, now: at(0), log: silent });
    const [parked] = await rowsFor('13800000003');
    expect(parked).toMatchObject({ state: 'failed', lastError: expect.stringContaining('400') });
    await gateway.close();
  });

  it('two processes delivering at once send every message exactly once', async () => {
    const gateway = await startSmsGateway([200]);
    const phones = Array.from({ length: 12 }, (_, i) => `1390000${String(i).padStart(4, '0')}`);
    for (const phone of phones) await fileWithSms(phone);
    const sms = new SmsGatewayTransport(gateway.url, undefined);
    const drain = async (dataSource: DataSource) => {
      for (let i = 0; i < 10; i += 1) {
        await deliverDue({ dataSource, transports: [sms], policy, now: at(1000 + i), log: silent, batchSize: 5 });
      }
    };
    await Promise.all([drain(processes.one), drain(processes.two)]);
    const ids = gateway.requests.filter((r) => phones.includes(r.body.phone)).map((r) => r.idempotencyKey);
    expect(ids).toHaveLength(phones.length * 2);
    expect(new Set(ids).size).toBe(ids.length);
    await gateway.close();
  });

  it('runs on a timer until stopped and delivers each update of a report in order', async () => {
    const gateway = await startSmsGateway([200]);
    await fileWithSms('13800000004');
    const report = (await rowsFor('13800000004'))[0]!;
    await queueReply({ dataSource: processes.one }, report.submissionId, '已清运完毕', at(5)());
    const lines: string[] = [];
    const worker = startOutboxWorker({
      dataSource: processes.one,
      transports: [new SmsGatewayTransport(gateway.url, undefined)],
      intervalSeconds: 0.05,
      policy,
      now: at(2000),
      log: { info: (_o, message) => lines.push(message), error: (_o, message) => lines.push(message) },
    });
    for (let i = 0; i < 100 && (await rowsFor('13800000004')).some((r) => r.state !== 'sent'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await worker.stop();
    expect((await rowsFor('13800000004')).map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
    expect(gateway.requests.filter((r) => r.body.phone === '13800000004').map((r) => r.body.text)).toEqual([
      expect.stringContaining('已收到'),
      expect.stringContaining('已分派'),
      expect.stringContaining('已清运完毕'),
    ]);
    expect(lines).toContain('updates delivered to residents');
    await gateway.close();
  });
});
