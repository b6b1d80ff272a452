import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../config';
import { TooManyRequests } from '../../errors';
import { isChannelClient } from '../channel-auth';
import { postgresRateLimitStore } from './postgres-rate-limit-store';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the limited request does, for its 429 message ("查询太频繁…"); 操作 when not given. */
    limitedAction?: string;
  }
}

/**
 * Routes opt in with `config.rateLimit`; nothing is limited by default. A channel client (the
 * WeChat bot) speaks for all its residents from one address, so per-address limits would make
 * them share one allowance: each contact it sends reports for is limited instead (`limitPerContact`),
 * and the bot also guards against floods itself. Counters are kept in memory,
 * or in PostgreSQL (RATE_LIMIT_STORE=postgres) when several instances must share them.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  config: AppConfig,
  dataSource: DataSource,
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    ...(config.rateLimitStore === 'postgres' ? { store: postgresRateLimitStore(dataSource) } : {}),
    allowList: (request) => isChannelClient(config, request),
    errorResponseBuilder: (request, context) =>
      new TooManyRequests(
        `${request.routeOptions.config.limitedAction ?? '操作'}太频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`,
        `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`,
      ),
  });
}

/** Who a channel client says sent the report ("wechat:wxid_…"), if it names anyone. */
function contactOf(request: FastifyRequest): string | undefined {
  const body = request.body as { channel?: unknown; submitter?: { id?: unknown } } | undefined;
  const id = body?.submitter?.id;
  return typeof id === 'string' && id !== '' ? `${String(body?.channel)}:${id}` : undefined;
}

/**
 * The limit of one address on the web, applied to each contact a channel client (the WeChat
 * bot) sends for, once the body that names the contact has been read: the bot's own flood guard
 * forgets when it restarts, and a leaked channel token must not let one account file reports
 * without end. Counted in the same store as the other limits (PostgreSQL when shared).
 */
export function limitPerContact(
  app: FastifyInstance,
  config: AppConfig,
  limit: { max: number; timeWindow: number },
): preHandlerAsyncHookHandler {
  const check = app.createRateLimit({
    ...limit,
    // The plugin's allow list lets channel clients through; here they are the ones counted.
    allowList: [],
    keyGenerator: (request) => `contact:${contactOf(request) ?? ''}`,
  });
  return async (request, reply) => {
    if (contactOf(request) === undefined || !isChannelClient(config, request)) return;
    const result = await check(request);
    if (!result.isAllowed && result.isExceeded) {
      reply.header('retry-after', String(result.ttlInSeconds));
      throw new TooManyRequests(
        `提交太频繁，请 ${result.ttlInSeconds} 秒后再试`,
        `Too many reports from this contact; retry in ${result.ttlInSeconds} s`,
      );
    }
  };
}
