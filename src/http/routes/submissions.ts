import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import { ValidationFailed } from '../../errors';
import { submitReport } from '../../services/submit-report';
import { trackReport } from '../../services/track-report';
import { ContactDto, CreateSubmissionDto, LocationDto } from '../dto/create-submission.dto';
import { createdView, trackingView } from '../presenters';
import { createdSchema, errorSchema, trackingWithMergeSchema } from '../schemas';
import { dtoSchema, registerNestedDto } from '../validation';

registerNestedDto(LocationDto, ContactDto);

/** Long enough that two clients' keys do not meet by chance: a UUID is the usual choice. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{16,200}$/;

export async function submissionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: CreateSubmissionDto }>(
    '/api/v1/submissions',
    {
      config: {
        rateLimit: {
          max: deps.config.submissionRateLimitMax,
          timeWindow: deps.config.submissionRateLimitWindowSeconds * 1000,
        },
      },
      schema: {
        tags: ['submissions'],
        summary: '提交反映',
        description: '提交一条群众反映。带 `Idempotency-Key` 头重复提交同样的内容只会生成一条反映。',
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 200 } } },
        body: dtoSchema(CreateSubmissionDto),
        response: { 201: createdSchema, 400: errorSchema, 422: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
        throw new ValidationFailed([
          { field: 'Idempotency-Key', rule: 'format', message: '必须是 16 到 200 个可见 ASCII 字符，建议使用 UUID' },
        ]);
      }
      const result = await submitReport(
        {
          dataSource: deps.dataSource,
          classify: (text) => deps.classifier.classify(text),
          now: deps.now,
          acceptWithinHours: deps.config.acceptWithinHours,
          smsAvailable: deps.config.smsGatewayUrl !== undefined,
        },
        { ...request.body, idempotencyKey: key },
      );
      if (result.replayed) reply.header('Idempotent-Replayed', 'true');
      return reply.status(201).send(createdView(result.submission, result.department));
    },
  );

  app.get<{ Params: { trackingCode: string } }>(
    '/api/v1/submissions/:trackingCode',
    {
      // Codes are random, and this keeps anyone from trying many of them.
      config: {
        rateLimit: {
          max: deps.config.trackingRateLimitMax,
          timeWindow: deps.config.trackingRateLimitWindowSeconds * 1000,
        },
      },
      schema: {
        tags: ['submissions'],
        summary: '按编号查询进度',
        description: '公开查询：状态、分类、承办单位、期限和群众可见的办理记录，不含任何个人信息。',
        params: { type: 'object', properties: { trackingCode: { type: 'string', example: '7KQ4M-XR9TE' } } },
        response: { 200: trackingWithMergeSchema, 400: errorSchema, 404: errorSchema },
      },
    },
    async (request) => {
      const { submission, timeline, photos, mergedInto } = await trackReport(
        deps.dataSource,
        request.params.trackingCode,
      );
      return {
        ...trackingView(submission, timeline, photos),
        mergedInto: mergedInto ? trackingView(mergedInto.submission, mergedInto.timeline, mergedInto.photos) : null,
      };
    },
  );
}
