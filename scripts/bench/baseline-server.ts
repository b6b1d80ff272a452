/**
 * The yardstick for `npm run bench`: the least a Fastify + pg server can do for the same work.
 * One INSERT of a submission row as intake would write it (its channel, the WeChat contact and the
 * idempotency key included), and one primary-key read. No
 * validation, classification, routing, timeline, outbox, rate limit or logging: what is left
 * between this and the real API is the cost of those.
 *   DATABASE_URL=… PORT=… DEPARTMENT_ID=… node -r ts-node/register/transpile-only baseline-server.ts
 */
import Fastify from 'fastify';
import { Pool } from 'pg';
import { generateTrackingCode } from '../../src/domain/tracking-code';

async function main(): Promise<void> {
  // The API's own pool size, so both sides have the same number of connections.
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
  const departmentId = Number(process.env.DEPARTMENT_ID);
  const app = Fastify({ logger: false });

  app.post<{
    Body: { content: string; channel: string; location?: { address?: string }; submitter?: { id: string } };
  }>('/insert', async (request, reply) => {
    const now = Date.now();
    const key = request.headers['idempotency-key'];
    const { rows } = await pool.query<{ id: number; tracking_code: string }>(
      `INSERT INTO submission (tracking_code, content, channel, category, subcategory, confidence, needs_review,
         classification, department_id, status, accept_deadline, resolve_deadline, address,
         submitter_channel_id, idempotency_key)
       VALUES ($1, $2, $3, 'dirty', 'garbage_overflow', 0.9, false, '{}', $4, 'assigned', $5, $6, $7, $8, $9)
       RETURNING id, tracking_code`,
      [
        generateTrackingCode(),
        request.body.content,
        request.body.channel,
        departmentId,
        new Date(now + 86_400_000),
        new Date(now + 5 * 86_400_000),
        request.body.location?.address ?? null,
        request.body.submitter?.id ?? null,
        typeof key === 'string' ? key : null,
      ],
    );
    return reply.code(201).send({ id: rows[0].id, trackingCode: rows[0].tracking_code });
  });

  app.get<{ Params: { id: string } }>('/read/:id', async (request, reply) => {
    const { rows } = await pool.query('SELECT * FROM submission WHERE id = $1', [Number(request.params.id)]);
    if (rows.length === 0) return reply.code(404).send({});
    return rows[0];
  });

  await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
  console.log('baseline listening');
  const stop = () => void app.close().then(() => pool.end().then(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

void main();
