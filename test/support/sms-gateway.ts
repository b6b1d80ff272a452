import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayRequest {
  readonly idempotencyKey: string | undefined;
  readonly authorization: string | undefined;
  readonly body: { messageId: string; phone: string; text: string };
  readonly answeredWith: number;
}

/**
 * A real HTTP server standing in for the district's SMS platform: it answers each request with
 * the next status of `script` (the last one repeats) and records what it was sent.
 */
export async function startSmsGateway(script: number[] = [200]): Promise<{
  url: string;
  requests: GatewayRequest[];
  setScript(next: number[]): void;
  close(): Promise<void>;
}> {
  const requests: GatewayRequest[] = [];
  let statuses = [...script];
  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    request.on('end', () => {
      const status = statuses.length > 1 ? statuses.shift()! : statuses[0]!;
      requests.push({
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
        authorization: request.headers.authorization,
        body: JSON.parse(raw),
        answeredWith: status,
      });
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(status < 300 ? { ok: true } : { error: 'busy' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    requests,
    setScript: (next) => (statuses = [...next]),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
