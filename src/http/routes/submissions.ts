import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import { Forbidden, ValidationFailed } from '../../errors';
import { submitReport } from '../../services/submit-report';
import { trackReport } from '../../services/track-report';
import { rateReport } from '../../services/resident-feedback';
import { findSimilarOpenReports } from '../../services/similar-reports';
import { STATUS_LABELS } from '../../domain/lifecycle/status';
import { categoryOfSubcategory, subcategoryName } from '../../domain/taxonomy';
import { FeedbackDto, SimilarQueryDto } from '../dto/resident-actions.dto';
import { ContactDto, CreateSubmissionDto, LocationDto, SubmitterDto } from '../dto/create-submission.dto';
import { isChannelClient } from '../channel-auth';
import { limitPerContact } from '../plugins/rate-limit';
import { createdView, feedbackView, similarReportView, trackingView } from '../presenters';
import {
  createdSchema,
  errorSchema,
  feedbackResultSchema,
  similarReportsSchema,
  trackingWithMergeSchema,
} from '../schemas';
import { dtoSchema, registerNestedDto } from '../validation';

registerNestedDto(LocationDto, ContactDto, SubmitterDto);

/** Long enough that two clients' keys do not meet by chance: a UUID is the usual choice. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{16,200}$/;

export async function submissionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: CreateSubmissionDto }>(
    '/api/v1/submissions',
    {
      config: {
        limitedAction: '提交',
        rateLimit: {
          max: deps.config.submissionRateLimitMax,
          timeWindow: deps.config.submissionRateLimitWindowSeconds * 1000,
        },
      },
      preHandler: limitPerContact(app, deps.config, {
        max: deps.config.submissionRateLimitMax,
        timeWindow: deps.config.submissionRateLimitWindowSeconds * 1000,
      }),
      schema: {
        tags: ['submissions'],
        summary: '提交反映',
        description: '提交一条群众反映。带 `Idempotency-Key` 头重复提交同样的内容只会生成一条反映。',
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 200 } } },
        body: dtoSchema(CreateSubmissionDto),
        response: { 201: createdSchema, 400: errorSchema, 403: errorSchema, 422: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !IDEMPOTENCY_KEY.test(key))) {
        throw new ValidationFailed([
          { field: 'Idempotency-Key', rule: 'format', message: '必须是 16 到 200 个可见 ASCII 字符，建议使用 UUID' },
        ]);
      }
      const { submitter, ...report } = request.body;
      // Only a channel client may say who sent a report, or anyone could send updates to any contact.
      if (submitter && !isChannelClient(deps.config, request)) {
        throw new Forbidden(
          '只有渠道客户端（带渠道令牌）可以填写 submitter',
          'submitter needs the channel service token',
        );
      }
      const result = await submitReport(
        {
          dataSource: deps.dataSource,
          classify: (text) => deps.classifier.classify(text),
          now: deps.now,
          acceptWithinHours: deps.config.acceptWithinHours,
          smsAvailable: deps.config.smsGatewayUrl !== undefined,
          smsReportsPerNumberPerDay: deps.config.smsReportsPerNumberPerDay,
        },
        { ...report, submitterChannelId: submitter?.id, submitterHandle: submitter?.handle, idempotencyKey: key },
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
        limitedAction: '查询',
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
      const report = await trackReport(deps.dataSource, request.params.trackingCode);
      return {
        ...trackingView(report),
        feedback: feedbackView(report, deps.config.feedbackDays),
        // The report followed is shown without its code: a code lets its holder rate that report.
        mergedInto: report.mergedInto
          ? { ...trackingView(report.mergedInto, report.trackingCode), trackingCode: undefined }
          : null,
      };
    },
  );

  const residentLimit = {
    limitedAction: '评价',
    rateLimit: {
      max: deps.config.submissionRateLimitMax,
      timeWindow: deps.config.submissionRateLimitWindowSeconds * 1000,
    },
  };

  app.post<{ Params: { trackingCode: string }; Body: FeedbackDto }>(
    '/api/v1/submissions/:trackingCode/feedback',
    {
      config: residentLimit,
      schema: {
        tags: ['submissions'],
        summary: '群众评价（已整改的反映）',
        description:
          '1–5 星。评分不高于 REOPEN_RATING_AT_OR_BELOW 或 fixed=false 时退回承办单位重新办理，否则办结。' +
          '留言只给工作人员看，不公开。',
        body: dtoSchema(FeedbackDto),
        response: { 200: feedbackResultSchema, 400: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const { outcome, submission } = await rateReport(
        {
          dataSource: deps.dataSource,
          now: deps.now,
          reopenRatingAtOrBelow: deps.config.reopenRatingAtOrBelow,
          acceptWithinHours: deps.config.acceptWithinHours,
        },
        request.params.trackingCode,
        request.body,
      );
      return {
        outcome,
        trackingCode: submission.trackingCode,
        status: submission.status,
        statusLabel: STATUS_LABELS[submission.status],
      };
    },
  );

  app.get<{ Querystring: SimilarQueryDto }>(
    '/api/v1/submissions/similar',
    {
      config: {
        limitedAction: '查询',
        rateLimit: {
          max: deps.config.trackingRateLimitMax,
          timeWindow: deps.config.trackingRateLimitWindowSeconds * 1000,
        },
      },
      schema: {
        tags: ['submissions'],
        summary: '已经有人反映过吗？附近同类未办结的反映',
        description:
          '按 text（自动判断小类）或 subcategory，找坐标 300 米内或地址相同、尚未办结的同类反映；' +
          '只返回公开信息，不含反映原文和个人信息。',
        querystring: dtoSchema(SimilarQueryDto),
        response: { 200: similarReportsSchema, 400: errorSchema },
      },
    },
    async (request) => {
      const { text, subcategory: given, lat, lng, address } = request.query;
      const subcategory = given ?? deps.classifier.classify(text!).subcategory;
      const category = categoryOfSubcategory(subcategory);
      if (!category) {
        throw new ValidationFailed([{ field: 'subcategory', rule: 'isIn', message: '没有这个小类' }]);
      }
      const found = await findSimilarOpenReports(deps.dataSource, { subcategory, lat, lng, address, now: deps.now() });
      return {
        subcategory: { code: subcategory, name: subcategoryName(subcategory) },
        items: found.map(similarReportView),
      };
    },
  );
}
