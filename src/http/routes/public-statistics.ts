import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import { NotFound } from '../../errors';
import { cachedPublicStatistics, publicCasePhoto } from '../../services/statistics/public-statistics';
import { pickLang } from '../../web/resident/i18n';
import { statsPage } from '../../web/resident/stats-page';
import { PhotoSizeQueryDto } from '../dto/photos.dto';
import { parseId } from '../params';
import { errorSchema } from '../schemas';
import { dtoSchema } from '../validation';

/** Public transparency: the figures as JSON and as the /stats page, cached for a minute. */
export async function publicStatisticsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const figures = cachedPublicStatistics(deps.dataSource, deps.now);

  app.get(
    '/api/v1/public/statistics',
    { schema: { tags: ['public'], summary: '公开统计：总量、分类、按时办结率、满意度、近期整改案例（不含个人信息）' } },
    async (_request, reply) => reply.header('Cache-Control', 'public, max-age=60').send(await figures()),
  );

  app.get<{ Params: { id: string }; Querystring: PhotoSizeQueryDto }>(
    '/api/v1/public/photos/:id',
    {
      schema: {
        tags: ['public'],
        summary: '办结案例的整改前/整改后照片',
        querystring: dtoSchema(PhotoSizeQueryDto),
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const photo = await publicCasePhoto(deps.dataSource, parseId(request.params.id));
      if (!photo) throw new NotFound('没有找到这张照片', 'No public case photo with this id');
      const key = request.query.size === 'thumb' ? (photo.thumbnailKey ?? photo.storageKey) : photo.storageKey;
      return reply
        .type(photo.mimeType)
        .header('Cache-Control', 'public, max-age=86400')
        .header('X-Content-Type-Options', 'nosniff')
        .send(await deps.photoStore.read(key));
    },
  );

  // The page asks the public API, as any visitor's browser could.
  app.get('/stats', { schema: { hide: true } }, async (request, reply) => {
    const answer = await app.inject({ method: 'GET', url: '/api/v1/public/statistics', remoteAddress: request.ip });
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'public, max-age=60')
      .send(statsPage(pickLang(request.query), answer.json()));
  });
}
