import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import { computeDeadlines } from '../../domain/lifecycle/deadlines';
import { routeReport } from '../../services/route-report';
import { ClassifyDto } from '../dto/classify.dto';
import { classificationView } from '../presenters';
import { classificationSchema, errorSchema } from '../schemas';
import { dtoSchema } from '../validation';

export async function classifyRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.post<{ Body: ClassifyDto }>(
    '/api/v1/classify',
    {
      config: {
        rateLimit: {
          max: deps.config.trackingRateLimitMax,
          timeWindow: deps.config.trackingRateLimitWindowSeconds * 1000,
        },
      },
      schema: {
        tags: ['classification'],
        summary: '试分类：分类、置信度、依据和承办单位，不保存',
        body: dtoSchema(ClassifyDto),
        response: { 200: classificationSchema, 400: errorSchema },
      },
    },
    async (request) => {
      const classification = deps.classifier.classify(request.body.text);
      const routed = await routeReport(deps.dataSource, classification, {
        text: request.body.text,
        address: request.body.address ?? null,
      });
      const deadline = computeDeadlines(deps.now(), routed.decision.resolveWithinHours).resolveBy;
      return classificationView(classification, routed, deadline);
    },
  );
}
