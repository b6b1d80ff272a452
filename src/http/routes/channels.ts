import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app';
import { isPullChannel, PULL_CHANNELS } from '../../domain/channels';
import { retryPolicy } from '../../delivery/delivery-settings';
import { AppError, NotFound, Unauthenticated, ValidationFailed } from '../../errors';
import { acknowledge, claimDue, OutboxDelivery, reportFailure } from '../../services/outbox';
import {
  ChannelMessagesQueryDto,
  DeliveryFailureDto,
  MoveHandleDto,
  RecipientReportsQueryDto,
} from '../dto/channel-messages.dto';
import { markUnreachable, moveHandleToId, reportsOf, withdrawReport } from '../../services/channel-recipients';
import { STATUS_LABELS } from '../../domain/lifecycle/status';
import { categoryInfo, subcategoryName } from '../../domain/taxonomy';
import { isChannelClient } from '../channel-auth';
import { parseId } from '../params';
import { errorSchema } from '../schemas';
import { dtoSchema } from '../validation';
import { CHANNEL_ID, WITHOUT_NUL } from '../dto/rules';

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
  const policy = retryPolicy(deps.config);

  app.addHook('onRequest', async (request) => {
    if (!deps.config.channelServiceToken) throw new ChannelApiDisabled();
    if (!isChannelClient(deps.config, request)) {
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
        // A client that went away while waiting must not have messages leased to it.
        if (request.raw.destroyed) return { messages: [] };
        const messages = await claimDue(deps.dataSource, {
          channels: [channel],
          limit: request.query.limit ?? 20,
          now: deps.now(),
          policy,
        });
        if (messages.length > 0 || Date.now() >= deadline) {
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
      const unreachable = request.body.unreachable ?? false;
      const outcome = await reportFailure(deps.dataSource, {
        channel,
        id,
        // Marked, so the update can go out again once the resident is found (see channel-recipients.ts).
        error: unreachable ? `unreachable: ${request.body.error}` : request.body.error,
        permanent: (request.body.permanent ?? false) || unreachable,
        attempt: request.body.attempt,
        now: deps.now(),
        policy,
      });
      if (unreachable && outcome.recipient) {
        await markUnreachable(deps.dataSource, { channel, recipient: outcome.recipient, at: deps.now() });
      }
      return { id, state: outcome.state, nextAttemptAt: outcome.nextAttemptAt?.toISOString() ?? null };
    },
  );

  app.put<{ Params: { channel: string; handle: string }; Body: MoveHandleDto }>(
    '/api/v1/channels/:channel/handles/:handle',
    {
      schema: {
        tags: ['channels'],
        summary: '联系人编号变了：按稳定标识（备注）把其反映和待发消息转到新编号',
        body: dtoSchema(MoveHandleDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const channel = channelOf(request);
      const handle = handleParam(request.params.handle);
      const moved = await moveHandleToId(deps.dataSource, { channel, handle, id: request.body.id });
      return { handle, id: request.body.id, ...moved };
    },
  );

  app.get<{ Params: { channel: string; recipient: string }; Querystring: RecipientReportsQueryDto }>(
    '/api/v1/channels/:channel/recipients/:recipient/submissions',
    {
      schema: {
        tags: ['channels'],
        summary: '这位群众最近的反映（“我的”）',
        querystring: dtoSchema(RecipientReportsQueryDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const channel = channelOf(request);
      const reports = await reportsOf(deps.dataSource, {
        channel,
        recipient: recipientParam(request.params.recipient),
        limit: request.query.limit ?? 5,
      });
      return {
        items: reports.map((s) => ({
          trackingCode: s.trackingCode,
          status: s.status,
          statusLabel: STATUS_LABELS[s.status],
          category: { code: s.category, name: categoryInfo(s.category).name },
          subcategory: { code: s.subcategory, name: subcategoryName(s.subcategory) },
          department: { code: s.department.code, name: s.department.name },
          deadline: s.resolveDeadline.toISOString(),
          submittedAt: s.createdAt.toISOString(),
        })),
      };
    },
  );

  app.post<{ Params: { channel: string; recipient: string; code: string } }>(
    '/api/v1/channels/:channel/recipients/:recipient/submissions/:code/withdrawal',
    {
      schema: {
        tags: ['channels'],
        summary: '群众撤回自己尚未分派的反映',
        response: { ...ERRORS, 409: errorSchema },
      },
    },
    async (request) => {
      const channel = channelOf(request);
      const withdrawn = await withdrawReport(deps, {
        channel,
        recipient: recipientParam(request.params.recipient),
        trackingCode: request.params.code,
      });
      return {
        trackingCode: withdrawn.trackingCode,
        status: withdrawn.status,
        statusLabel: STATUS_LABELS[withdrawn.status],
      };
    },
  );
}

/**
 * A resident's id from the path, held to the rule `submitter.id` was held to when it was stored;
 * anything else (a NUL, which PostgreSQL cannot even compare) names no one and is a 400.
 */
function recipientParam(raw: string): string {
  if (!CHANNEL_ID.test(raw)) {
    throw new ValidationFailed([
      { field: 'recipient', rule: 'format', message: '联系人编号应为 1 到 128 个可见 ASCII 字符' },
    ]);
  }
  return raw;
}

/** A handle from the path, held to the rules of `submitter.handle`, for the same reason. */
function handleParam(raw: string): string {
  const length = [...raw].length;
  if (length < 1 || length > 64 || !WITHOUT_NUL.test(raw)) {
    throw new ValidationFailed([
      { field: 'handle', rule: 'format', message: '联系人标识应为 1 到 64 个字，且不含 NUL 字符' },
    ]);
  }
  return raw;
}

function messageView(message: OutboxDelivery) {
  return {
    id: message.id,
    recipient: message.recipient,
    recipientHandle: message.payload.recipientHandle ?? null,
    trackingCode: message.trackingCode,
    text: message.text,
    status: message.payload.status ?? null,
    attempt: message.attempt,
    createdAt: message.createdAt.toISOString(),
  };
}
