import { createHash, timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app';
import { isPullChannel, PULL_CHANNELS } from '../../domain/channels';
import { retryPolicy } from '../../delivery/delivery-settings';
import { AppError, NotFound, Unauthenticated } from '../../errors';
import { acknowledge, claimDue, OutboxDelivery, reportFailure } from '../../services/outbox';
import { ChannelMessagesQueryDto, DeliveryFailureDto } from '../dto/channel-messages.dto';
import { parseId } from '../params';
import { errorSchema } from '../schemas';
import { dtoSchema } from '../validation';

class ChannelApiDisabled extends AppError {
  readonly code = 'channel_api_disabled';
  readonly status = 503;
  constructor() {
    super('渠道接口未开启：请在服务器上设置 CHANNEL_SERVICE_TOKEN', 'Channel API is off: set CHANNEL_SERVICE_TOKEN');
  }
}

const ERRORS = { 400: errorSchema, 401: errorSchema, 404: errorSchema, 503: errorSchema };
const POLL_EVERY_MS = 500;

/**
 * The channel API: a channel client (the WeChat bot) fetches the updates owed to its residents,
 * delivers them, and acknowledges each by id. A message that is not acknowledged comes back
 * after the lease, so a client that crashes mid-delivery loses nothing.
 */
export async function channelRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const expected = deps.config.channelServiceToken ? digest(deps.config.channelServiceToken) : undefined;
  const policy = retryPolicy(deps.config);

  app.addHook('onRequest', async (request) => {
    if (!expected) throw new ChannelApiDisabled();
    const header = request.headers.authorization ?? '';
    const given = /^Bearer (.+)$/.exec(header)?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      throw new Unauthenticated('渠道令牌无效', 'Missing or wrong channel service token (Authorization: Bearer …)');
    }
  });

  const channelOf = (request: FastifyRequest<{ Params: { channel: string } }>) => {
    const { channel } = request.params;
    if (!isPullChannel(channel)) {
      throw new NotFound(
        `没有名为 ${channel} 的渠道（可用：${PULL_CHANNELS.join('、')}）`,
        `No pull channel "${channel}"; known: ${PULL_CHANNELS.join(', ')}`,
      );
    }
    return channel;
  };

  app.get<{ Params: { channel: string }; Querystring: ChannelMessagesQueryDto }>(
    '/api/v1/channels/:channel/messages',
    {
      schema: {
        tags: ['channels'],
        summary: '取待发给群众的消息（可长轮询）',
        description:
          '返回到期未送达的消息并为调用方保留 OUTBOX_LEASE_SECONDS 秒；送达后逐条确认（ack），' +
          '失败则报告（failure）；不确认的消息过期后会再次下发。同一群众的消息按顺序逐条下发。',
        querystring: dtoSchema(ChannelMessagesQueryDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const channel = channelOf(request);
      const deadline = Date.now() + (request.query.wait ?? 0) * 1000;
      for (;;) {
        const messages = await claimDue(deps.dataSource, {
          channels: [channel],
          limit: request.query.limit ?? 20,
          now: deps.now(),
          policy,
        });
        if (messages.length > 0 || Date.now() >= deadline || request.raw.destroyed) {
          return { messages: messages.map(messageView) };
        }
        await sleep(POLL_EVERY_MS);
      }
    },
  );

  app.post<{ Params: { channel: string; id: string } }>(
    '/api/v1/channels/:channel/messages/:id/ack',
    { schema: { tags: ['channels'], summary: '确认一条消息已送达', response: ERRORS } },
    async (request) => {
      const channel = channelOf(request);
      const id = parseId(request.params.id);
      const { alreadyAcknowledged } = await acknowledge(deps.dataSource, { channel, id, now: deps.now() });
      return { id, state: 'sent', alreadyAcknowledged };
    },
  );

  app.post<{ Params: { channel: string; id: string }; Body: DeliveryFailureDto }>(
    '/api/v1/channels/:channel/messages/:id/failure',
    {
      schema: {
        tags: ['channels'],
        summary: '报告一条消息未能送达（稍后按退避重试）',
        body: dtoSchema(DeliveryFailureDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const channel = channelOf(request);
      const id = parseId(request.params.id);
      const outcome = await reportFailure(deps.dataSource, {
        channel,
        id,
        error: request.body.error,
        permanent: request.body.permanent ?? false,
        now: deps.now(),
        policy,
      });
      return { id, state: outcome.state, nextAttemptAt: outcome.nextAttemptAt?.toISOString() ?? null };
    },
  );
}

function messageView(message: OutboxDelivery) {
  return {
    id: message.id,
    recipient: message.recipient,
    trackingCode: message.trackingCode,
    text: message.text,
    status: message.payload.status ?? null,
    followingTrackingCode: message.payload.followingTrackingCode ?? null,
    attempt: message.attempt,
    createdAt: message.createdAt.toISOString(),
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
