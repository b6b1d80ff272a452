import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import helmet, { HelmetOptions } from 'helmet';
import type { AppConfig } from '../../config';

/** Security headers on every response, and CORS only for the origins the config names. */
export async function registerSecurity(app: FastifyInstance, config: AppConfig): Promise<void> {
  const headers = securityHeaders({
    // The API docs page loads its own script and styles from this server only.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // blob: lets the report form preview a photo before it is uploaded.
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        // Upgrading to https would break pages served over plain http on a LAN or localhost.
        upgradeInsecureRequests: config.nodeEnv === 'production' ? [] : null,
      },
    },
    hsts: config.nodeEnv === 'production',
  });
  const api = apiHeaders(headers);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(isApiPath(request.url) ? api : headers);
    done();
  });
  // Without CORS_ORIGINS no other site may call the API, and the plugin would only copy its
  // options on every request to find that out.
  if (config.corsOrigins.length === 0) return;
  await app.register(cors, {
    origin: config.corsOrigins.includes('*') ? true : [...config.corsOrigins],
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Content-Type', 'Idempotency-Key', 'Authorization', 'X-CSRF-Token'],
    exposedHeaders: ['Idempotent-Replayed', 'Retry-After'],
    maxAge: 600,
    // An OPTIONS request without the preflight headers is answered like a preflight (204)
    // rather than with the plugin's plain-text 400, which no client of this API would expect.
    strictPreflight: false,
  });
}

/**
 * Helmet's headers for these options, worked out once. They are the same for every request, and
 * the Fastify plugin built Helmet (parsing the policy again) on each one: a tenth of the time of
 * a tracking page.
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}

/** Where the JSON (and file) answers are; everything else is a page or the docs. */
function isApiPath(url: string): boolean {
  return url.startsWith('/api/') || url.startsWith('/open311/');
}

/**
 * An API answer is never shown as a page: it may load nothing, run nothing and be framed by
 * nobody, and the rest of Helmet's set (referrer, opener, DNS prefetch, download and
 * cross-domain policies) only means something for documents. Sending all of them with every
 * answer cost about a twentieth of a tracking look-up (`npm run bench`, 2 cores).
 */
function apiHeaders(pageHeaders: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const kept = [
    'strict-transport-security',
    'x-content-type-options',
    'cross-origin-resource-policy',
    'x-frame-options',
  ];
  return {
    ...Object.fromEntries(kept.flatMap((name) => (name in pageHeaders ? [[name, pageHeaders[name]]] : []))),
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  };
}
