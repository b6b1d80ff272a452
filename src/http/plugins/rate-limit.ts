import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
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
 * them share one allowance: it limits each contact itself instead. Counters are kept in memory,
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
