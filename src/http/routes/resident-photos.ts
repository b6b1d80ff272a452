import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import { acceptResidentUpload, readPublicPhoto } from '../../services/resident-photos';
import { PhotoSizeQueryDto } from '../dto/photos.dto';
import { fileBytes, singleFile } from '../multipart';
import { parseId } from '../params';
import { errorSchema } from '../schemas';
import { dtoSchema } from '../validation';

const uploadSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', description: '照片编号：提交反映时放进 photoIds' },
    width: { type: 'integer' },
    height: { type: 'integer' },
    byteSize: { type: 'integer' },
    location: {
      type: ['object', 'null'],
      description: '照片自带的拍摄位置（已从存储的文件中删除）',
      properties: { lat: { type: 'number' }, lng: { type: 'number' } },
    },
  },
} as const;

/** Residents' photo uploads, and the public photos of a report (the department's before/after). */
export async function residentPhotoRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await app.register(multipart, {
    // One photo per request keeps each request small and lets the page show progress per photo.
    limits: { fileSize: deps.config.uploadMaxBytes, files: 1, fields: 2, fieldSize: 1024, parts: 3 },
  });

  app.post(
    '/api/v1/photos',
    {
      config: {
        limitedAction: '上传',
        rateLimit: {
          max: deps.config.photoRateLimitMax,
          timeWindow: deps.config.submissionRateLimitWindowSeconds * 1000,
        },
      },
      schema: {
        tags: ['submissions'],
        summary: '上传一张照片（multipart：file），得到照片编号',
        description:
          '只接受内容真正是 JPEG、PNG、WebP 或 HEIC 的照片（415），大小上限见 UPLOAD_MAX_BYTES（413）。' +
          '照片会重新编码并去掉全部 EXIF 等元数据；自带的 GPS 位置先读出来返回。',
        consumes: ['multipart/form-data'],
        response: { 201: uploadSchema, 400: errorSchema, 413: errorSchema, 415: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const file = await singleFile(request);
      const upload = await acceptResidentUpload(deps, await fileBytes(file));
      return reply.status(201).send({ id: upload.token, ...upload });
    },
  );

  app.get<{ Params: { trackingCode: string; id: string }; Querystring: PhotoSizeQueryDto }>(
    '/api/v1/submissions/:trackingCode/photos/:id',
    {
      config: {
        limitedAction: '查看',
        rateLimit: {
          max: deps.config.trackingRateLimitMax * 10,
          timeWindow: deps.config.trackingRateLimitWindowSeconds * 1000,
        },
      },
      schema: {
        tags: ['submissions'],
        summary: '整改前/整改后照片（公开）',
        querystring: dtoSchema(PhotoSizeQueryDto),
        response: { 400: errorSchema, 404: errorSchema },
      },
    },
    async (request, reply) => {
      const { attachment, bytes } = await readPublicPhoto(
        deps,
        request.params.trackingCode,
        parseId(request.params.id),
        request.query.size ?? 'full',
      );
      return reply
        .type(attachment.mimeType)
        .header('Cache-Control', 'public, max-age=86400, immutable')
        .header('X-Content-Type-Options', 'nosniff')
        .send(bytes);
    },
  );
}
