import net from 'node:net';
import { TestApp, aSubmission, createTestApp, listenOnLoopback } from '../support/test-app';

/**
 * Slow-loris: clients that open connections and send their request a byte at a time, to hold
 * every socket the server has. Each is cut off after its time; residents are served meanwhile.
 */
interface SlowClient {
  /** Resolves when the server ends the connection, with what it answered (if anything). */
  readonly closed: Promise<{ answer: string; afterMs: number }>;
  stop(): void;
}

function slowClient(port: number, head: string, drip: string, everyMs: number): SlowClient {
  const socket = net.connect(port, '127.0.0.1');
  const started = Date.now();
  let answer = '';
  socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
  socket.on('error', () => undefined);
  socket.write(head);
  const timer = setInterval(() => socket.writable && socket.write(drip), everyMs);
  const closed = new Promise<{ answer: string; afterMs: number }>((resolve) =>
    socket.once('close', () => {
      clearInterval(timer);
      resolve({ answer, afterMs: Date.now() - started });
    }),
  );
  return {
    closed,
    stop: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

describe('slow and oversized requests', () => {
  let t: TestApp;
  let port: number;
  const clients: SlowClient[] = [];

  beforeAll(async () => {
    t = await createTestApp({ HEADERS_TIMEOUT_SECONDS: '2', REQUEST_TIMEOUT_SECONDS: '3', BODY_LIMIT_BYTES: '65536' });
    port = Number(new URL(await listenOnLoopback(t)).port);
  });
  afterAll(async () => {
    for (const client of clients) client.stop();
    await t.close();
  });

  it('cuts off clients that send headers or body too slowly, and serves residents meanwhile', async () => {
    // Twenty connections trickling headers, twenty trickling a body they never finish.
    for (let i = 0; i < 20; i += 1) {
      clients.push(slowClient(port, 'POST /api/v1/submissions HTTP/1.1\r\nHost: portal\r\n', 'X-Slow: 1\r\n', 300));
      clients.push(
        slowClient(
          port,
          'POST /api/v1/submissions HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"content":"',
          '垃',
          300,
        ),
      );
    }
    const served = await fetch(`http://127.0.0.1:${port}/api/v1/submissions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(aSubmission()),
      signal: AbortSignal.timeout(5_000),
    });
    expect(served.status).toBe(201);

    const ends = await Promise.all(clients.map((client) => client.closed));
    for (const end of ends) {
      // Its time plus at most one check interval (1 s), with room for a busy machine.
      expect(end.afterMs).toBeLessThan(3_000 + 1_000 + 3_000);
      expect(end.answer === '' || end.answer.startsWith('HTTP/1.1 408')).toBe(true);
    }
    expect(ends.some((end) => end.answer.startsWith('HTTP/1.1 408'))).toBe(true);
    // Only the resident's report: nothing the slow clients half sent was stored.
    const [{ n }]: { n: number }[] = await t.dataSource.query(`SELECT count(*)::int AS n FROM submission`);
    expect(n).toBe(1);
  }, 30_000);

  it('refuses a body larger than the limit from its Content-Length, without reading it', async () => {
    const client = slowClient(
      port,
      'POST /api/v1/submissions HTTP/1.1\r\nHost: portal\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n{"content":"',
      'x'.repeat(1024),
      50,
    );
    clients.push(client);
    const end = await client.closed;
    expect(end.answer).toMatch(/^HTTP\/1\.1 413/);
    expect(end.answer).toContain('"code":"payload_too_large"');
    expect(end.afterMs).toBeLessThan(2_000);
  });
});
