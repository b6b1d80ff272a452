import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { webRoot } from '../web-root';

/**
 * The chart library of the statistics pages, from the installed `echarts` package (never a CDN):
 * its prebuilt, minified browser file. Resolved once at start-up, so a missing package fails
 * loudly then rather than on the first chart.
 */
const ECHARTS_FILE = require.resolve('echarts/dist/echarts.min.js');

/** The file only changes with an `npm install`, i.e. with a release. */
const VENDOR_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

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
  // Loaded only by the pages that draw charts (console/echarts-loader.js), so the queue stays light.
  app.get('/console/vendor/echarts.min.js', { schema: { hide: true } }, (_request, reply) =>
    reply.sendFile(path.basename(ECHARTS_FILE), path.dirname(ECHARTS_FILE), { maxAge: VENDOR_MAX_AGE_MS }),
  );
}
