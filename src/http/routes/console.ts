import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { webRoot } from '../web-root';

/**
 * The staff console: static files (a small client app without a build step) that talk to the
 * same /api/v1 endpoints as anyone else. `/console` and `/console/` both open it.
 */
export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: webRoot('console'),
    prefix: '/console/',
    index: ['index.html'],
    // The files change with each release, not while it runs; a short cache keeps updates quick.
    maxAge: 60_000,
  });
  app.get('/console', { schema: { hide: true } }, (_request, reply) => reply.redirect('/console/', 301));
}
