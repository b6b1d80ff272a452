import net from 'node:net';
import { findFreePort } from '../../src/db/embedded-postgres';
import { PortalProcess, startPortal } from '../support/server-process';
import { TestDatabase, createTestDatabase } from '../support/test-database';

/**
 * The network to PostgreSQL breaks without a word: connections are cut, and new ones are accepted
 * but never answered, as behind a dead router or a full firewall table. Unlike a server that
 * refuses, nothing tells the pool to give up; the portal must still answer 503 within
 * DATABASE_CONNECT_TIMEOUT_SECONDS, not hold residents until their browser gives up.
 */
class FreezableProxy {
  private frozen = false;
  private readonly sockets = new Set<net.Socket>();
  private readonly server: net.Server;

  constructor(private readonly target: { host: string; port: number }) {
    this.server = net.createServer((client) => {
      this.sockets.add(client);
      client.on('close', () => this.sockets.delete(client));
      client.on('error', () => undefined);
      // While frozen a connection is taken and then nothing ever comes back.
      if (this.frozen) return;
      const upstream = net.connect(this.target);
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      client.pipe(upstream).pipe(client);
    });
  }

  listen(port: number): Promise<void> {
    return new Promise((resolve) => this.server.listen(port, '127.0.0.1', resolve));
  }

  /** Cuts every open connection; new ones hang. */
  freeze(): void {
    this.frozen = true;
    for (const socket of this.sockets) socket.destroy();
  }

  thaw(): void {
    this.frozen = false;
    for (const socket of this.sockets) socket.destroy();
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const report = (n: number) =>
  JSON.stringify({ content: `人民路${n}号门口的垃圾桶满了好几天，没人清运`, channel: 'web' });

describe('the network to PostgreSQL goes silent and comes back', () => {
  let database: TestDatabase;
  let proxy: FreezableProxy;
  let portal: PortalProcess | undefined;
  afterAll(async () => {
    await portal?.stop();
    await proxy?.close();
    await database?.drop();
  });

  it('answers 503 within the connect timeout instead of hanging, and serves again once it is back', async () => {
    database = await createTestDatabase();
    const direct = new URL(database.url);
    proxy = new FreezableProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxyPort = await findFreePort();
    await proxy.listen(proxyPort);
    const viaProxy = new URL(database.url);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxyPort);
    portal = await startPortal({
      DATABASE_URL: viaProxy.toString(),
      DATABASE_CONNECT_TIMEOUT_SECONDS: '2',
      SUBMISSION_RATE_LIMIT_MAX: '1000',
    });
    const submit = async (n: number) => {
      const started = Date.now();
      const response = await fetch(`${portal!.base}/api/v1/submissions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: report(n),
        signal: AbortSignal.timeout(30_000),
      });
      return {
        status: response.status,
        body: (await response.json()) as { error?: { code: string } },
        ms: Date.now() - started,
      };
    };

    expect((await submit(1)).status).toBe(201);

    proxy.freeze();
    const during = await Promise.all([submit(2), submit(3), submit(4)]);
    for (const answer of during) {
      expect(answer).toMatchObject({ status: 503, body: { error: { code: 'service_unavailable' } } });
      // The connect timeout (2 s) and a margin, far short of the 30 s a browser might wait.
      expect(answer.ms).toBeLessThan(10_000);
    }

    proxy.thaw();
    let after = await submit(5);
    for (let tries = 0; after.status !== 201 && tries < 20; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      after = await submit(6 + tries);
    }
    expect(after.status).toBe(201);
    expect(portal.child.exitCode).toBeNull();
  });
});
