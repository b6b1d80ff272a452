import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where the console's files are, both from src/ (ts-node, tests) and from dist/src (npm start). */
export function consoleRoot(): string {
  const here = __dirname;
  const fromDist = here.includes(`${path.sep}dist${path.sep}`);
  const projectRoot = fromDist ? path.resolve(here, '../../../..') : path.resolve(here, '../../..');
  return path.join(projectRoot, 'src', 'web', 'console');
}

/**
 * The staff console: static files (a small client app without a build step) that talk to the
 * same /api/v1 endpoints as anyone else. `/console` and `/console/` both open it.
 */
export async function consoleRoutes(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: consoleRoot(),
    prefix: '/console/',
    index: ['index.html'],
    // The files change with each release, not while it runs; a short cache keeps updates quick.
    maxAge: 60_000,
  });
  app.get('/console', { schema: { hide: true } }, (_request, reply) => reply.redirect('/console/', 301));
}
