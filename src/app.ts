import 'reflect-metadata';
import cookie from '@fastify/cookie';
import Fastify, { FastifyInstance, LogController } from 'fastify';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config';
import type { Classification } from './domain/classification/types';
import type { CategoryCode } from './domain/taxonomy';
import { registerErrorHandling, sendError } from './http/error-handler';
import { logDestination } from './http/log-destination';
import { registerDocs } from './http/plugins/docs';
import { registerRateLimit } from './http/plugins/rate-limit';
import { registerSecurity } from './http/plugins/security';
import { adminRoutes } from './http/routes/admin';
import { authRoutes } from './http/routes/auth';
import { consoleRoutes } from './http/routes/console';
import { staffBoardRoutes } from './http/routes/staff-board';
import { catalogueRoutes } from './http/routes/catalogue';
import { channelRoutes } from './http/routes/channels';
import { classifyRoutes } from './http/routes/classify';
import { healthRoutes } from './http/routes/health';
import { open311Routes, sendOpen311Errors } from './http/routes/open311';
import { publicStatisticsRoutes } from './http/routes/public-statistics';
import { residentPageRoutes } from './http/routes/resident-pages';
import { residentPhotoRoutes } from './http/routes/resident-photos';
import { staffExportRoutes } from './http/routes/staff-exports';
import { staffNotificationRoutes } from './http/routes/staff-notifications';
import { staffStatisticsRoutes } from './http/routes/staff-statistics';
import { staffSubmissionRoutes } from './http/routes/staff-submissions';
import { submissionRoutes } from './http/routes/submissions';
import { classValidatorCompiler } from './http/validation';
import { ClassifierService } from './services/classifier-service';
import type { PhotoStore } from './storage/photo-store';
import { photoStoreFrom } from './storage/photo-store-from-config';

/** What the app needs from outside; tests pass their own database, clock or classifier. */
export interface AppDeps {
  readonly config: AppConfig;
  readonly dataSource: DataSource;
  /** The classifier in use (a ClassifierService in production; tests may pass a stand-in). */
  readonly classifier: {
    classify(text: string): Classification;
    /** Learns from a dispatcher's correction; stand-ins may leave it out. */
    recordCorrection?(correction: {
      text: string;
      category: CategoryCode;
      subcategory: string;
      submissionId?: number;
      correctedById?: number;
    }): Promise<void>;
  };
  readonly now: () => Date;
  /** Where photo bytes are kept (local disk by default). */
  readonly photoStore: PhotoStore;
}

export type BuildAppOptions = Pick<AppDeps, 'config' | 'dataSource'> &
  Partial<Omit<AppDeps, 'config' | 'dataSource'>> & {
    /** Where log lines go; standard output by default. Tests read them from here. */
    readonly logStream?: { write(line: string): unknown };
  };

/** The portal as a Fastify instance, not yet listening: server.ts starts it, tests inject into it. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const { logStream, ...given } = options;
  const deps: AppDeps = {
    now: () => new Date(),
    ...given,
    classifier: given.classifier ?? new ClassifierService(options.dataSource, config.reviewThreshold),
    photoStore: given.photoStore ?? photoStoreFrom(config),
  };
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Request bodies and headers (credentials) are never logged: no log line takes them.
      stream: logStream ?? logDestination(config.logBufferBytes),
    },
    // One line per request instead of Fastify's two (see logRequests).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimitBytes,
    // Node would otherwise wait forever for a body sent a byte at a time, and look for clients too
    // slow with their headers only every 30 s: both would let a few slow clients hold every socket.
    requestTimeout: config.requestTimeoutSeconds * 1000,
    http: { headersTimeout: config.headersTimeoutSeconds * 1000, connectionsCheckingInterval: 1000 },
    trustProxy: config.trustProxy,
    ajv: { customOptions: { strict: false } },
    // Answered by refuseWhileClosing instead, in the same shape as every other error.
    return503OnClosing: false,
    // Fastify's own early errors (a malformed URL) get the same body as every other error; Open311
    // clients get the spec's error list there, even for a URL that cannot be routed.
    frameworkErrors: (error, request, reply) =>
      request.url.startsWith('/open311/v2/')
        ? sendOpen311Errors(reply, 400, ['请求地址有误'])
        : sendError(reply, 400, { code: 'bad_request', message: '请求地址有误', messageEn: error.message }),
  });
  app.setValidatorCompiler(classValidatorCompiler);
  // Only JSON is accepted; anything else is answered 415 instead of reaching validation as text.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app);
  logRequests(app, config.logLevel);
  refuseWhileClosing(app);

  await registerSecurity(app, config);
  await app.register(cookie);
  await registerRateLimit(app, config, options.dataSource);
  await registerDocs(app);

  await app.register(async (scope) => healthRoutes(scope, deps));
  await app.register(async (scope) => catalogueRoutes(scope, deps));
  await app.register(async (scope) => submissionRoutes(scope, deps));
  await app.register(async (scope) => residentPhotoRoutes(scope, deps));
  await app.register(async (scope) => classifyRoutes(scope, deps));
  await app.register(async (scope) => authRoutes(scope, deps));
  await app.register(async (scope) => staffSubmissionRoutes(scope, deps));
  await app.register(async (scope) => staffBoardRoutes(scope, deps));
  await app.register(async (scope) => staffStatisticsRoutes(scope, deps));
  await app.register(async (scope) => staffNotificationRoutes(scope, deps));
  await app.register(async (scope) => staffExportRoutes(scope, deps));
  await app.register(async (scope) => adminRoutes(scope, deps));
  await app.register(async (scope) => channelRoutes(scope, deps));
  await app.register(async (scope) => consoleRoutes(scope));
  await app.register(async (scope) => residentPageRoutes(scope, deps));
  await app.register(async (scope) => publicStatisticsRoutes(scope, deps));
  await app.register(async (scope) => open311Routes(scope, deps), { prefix: '/open311/v2' });
  return app;
}

/**
 * Each request is logged once, when answered, with what Fastify would have put in its two lines
 * (arrival and answer): every line written costs a system call, a noticeable share of a tracking
 * page's time. Arrival is still logged at debug level.
 */
function logRequests(app: FastifyInstance, logLevel: AppConfig['logLevel']): void {
  // Only hooked in when it logs anything: every hook costs each request its turn, even a no-op.
  if (logLevel === 'debug' || logLevel === 'trace') {
    app.addHook('onRequest', (request, _reply, done) => {
      request.log.debug({ req: request }, 'incoming request');
      done();
    });
  }
  app.addHook('onResponse', (request, reply, done) => {
    // Flat fields rather than Fastify's req/res serializers: the same facts at a fraction of the cost.
    request.log.info(
      {
        method: request.method,
        url: request.url,
        statusCode: reply.statusCode,
        responseTime: Math.round(reply.elapsedTime * 100) / 100,
        remoteAddress: request.ip,
      },
      'request completed',
    );
    done();
  });
}

/**
 * While the server shuts down (SIGTERM), requests already being answered finish, and a request
 * arriving on a kept-alive connection is told to come back (503, connection closed) instead of
 * starting work the database may no longer be there to finish.
 */
function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // Callback hooks, not async ones: these run on every request, and a promise each is not free.
  // Answers finished while closing end their connection, so no kept-alive socket holds the exit up.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close').header('retry-after', '5');
    sendError(reply, 503, {
      code: 'shutting_down',
      message: '系统正在重启，请稍后重新提交',
      messageEn: 'The server is restarting; please try again shortly',
    });
  });
}
