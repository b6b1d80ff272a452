import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import { loggable, sendError } from '../error-handler';

const READY_TIMEOUT_MS = 2000;

export async function healthRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.get('/healthz', { schema: { tags: ['health'], summary: '进程存活' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['health'], summary: '数据库可用' } }, async (request, reply) => {
    try {
      await Promise.race([
        deps.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS).unref()),
      ]);
      return { status: 'ok', database: 'ok' };
    } catch (error) {
      request.log.warn({ err: loggable(error) }, 'readiness check failed');
      return sendError(reply, 503, {
        code: 'service_unavailable',
        message: '数据库暂时不可用',
        messageEn: 'Database unreachable',
      });
    }
  });
}
