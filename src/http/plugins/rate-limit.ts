import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from '../../config';
import { TooManyRequests } from '../../errors';
import { isChannelClient } from '../channel-auth';

/**
 * Routes opt in with `config.rateLimit`; nothing is limited by default. A channel client (the
 * WeChat bot) speaks for all its residents from one address, so per-address limits would make
 * them share one allowance: it limits each contact itself instead.
 */
export async function registerRateLimit(app: FastifyInstance, config: AppConfig): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    allowList: (request) => isChannelClient(config, request),
    errorResponseBuilder: (_request, context) =>
      new TooManyRequests(
        `提交太频繁，请 ${Math.ceil(context.ttl / 1000)} 秒后再试`,
        `Too many requests; retry in ${Math.ceil(context.ttl / 1000)} s`,
      ),
  });
}
