import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import { AuditEntry } from '../../db/entities';
import { Forbidden, ValidationFailed } from '../../errors';
import { decideExtension, listExtensions } from '../../services/extensions';
import { addStaffPhoto, readPhotoForStaff } from '../../services/photos';
import { listReplyTemplates } from '../../services/admin/reference-data';
import { supervisionBoard } from '../../services/staff-queue';
import { TemplateQueryDto } from '../dto/admin.dto';
import { AuditQueryDto, ExtensionDecisionDto, ExtensionListQueryDto } from '../dto/staff-work.dto';
import { errorSchema } from '../schemas';
import { requireStaff } from '../staff-auth';
import { attachmentView, extensionView, staffSubmissionView } from '../staff-views';
import { dtoSchema } from '../validation';
import { PhotoSizeQueryDto } from '../dto/photos.dto';
import { fileBytes, singleFile } from '../multipart';
import { parseId } from '../params';

const ERRORS = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

/** Staff work beyond one report's status: the supervision board, extensions, photos, templates, audit. */
export async function staffBoardRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onRequest', requireStaff(deps));
  await app.register(multipart, {
    limits: { fileSize: deps.config.uploadMaxBytes, files: 1, fields: 5, parts: 6 },
  });

  app.get(
    '/api/v1/staff/supervision',
    { schema: { tags: ['staff'], summary: '督办看板：逾期未受理、未办结的反映', response: ERRORS } },
    async (request) => {
      const user = request.staff!.user;
      if (user.role === 'department_staff') {
        throw new Forbidden('督办看板供分管领导和创城办使用', 'Leaders, dispatchers and admins only');
      }
      const now = deps.now();
      const board = await supervisionBoard(deps.dataSource, user, now);
      return { ...board, items: board.items.map((s) => staffSubmissionView(s, user, now)) };
    },
  );

  app.get<{ Querystring: ExtensionListQueryDto }>(
    '/api/v1/staff/extensions',
    {
      schema: {
        tags: ['staff'],
        summary: '延期申请（默认只列待审批的）',
        querystring: dtoSchema(ExtensionListQueryDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const found = await listExtensions(deps.dataSource, request.staff!.user, request.query.status ?? 'pending');
      return {
        items: found.map(({ extension, submission }) => ({
          ...extensionView(extension),
          submission: {
            id: submission.id,
            trackingCode: submission.trackingCode,
            department: { id: submission.departmentId, name: submission.department.name },
            resolveDeadline: submission.resolveDeadline.toISOString(),
          },
        })),
      };
    },
  );

  app.post<{ Params: { id: string }; Body: ExtensionDecisionDto }>(
    '/api/v1/staff/extensions/:id/decision',
    {
      schema: { tags: ['staff'], summary: '审批延期申请', body: dtoSchema(ExtensionDecisionDto), response: ERRORS },
    },
    async (request) => {
      const decided = await decideExtension(deps, request.staff!.user, {
        extensionId: parseId(request.params.id),
        ...request.body,
      });
      return extensionView(decided);
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/staff/submissions/:id/photos',
    {
      schema: {
        tags: ['staff'],
        summary: '上传整改前/整改后照片（multipart：kind, file）',
        consumes: ['multipart/form-data'],
        response: ERRORS,
      },
    },
    async (request, reply) => {
      const submissionId = parseId(request.params.id);
      const file = await singleFile(request);
      const bytes = await fileBytes(file);
      const kindField = file.fields.kind;
      const kind = kindField && 'value' in kindField ? kindField.value : undefined;
      if (kind !== 'before_photo' && kind !== 'after_photo') {
        throw new ValidationFailed([
          {
            field: 'kind',
            rule: 'isIn',
            message: 'kind 必须是 before_photo（整改前）或 after_photo（整改后），并放在文件之前',
          },
        ]);
      }
      const saved = await addStaffPhoto(
        { dataSource: deps.dataSource, now: deps.now, photoStore: deps.photoStore },
        request.staff!.user,
        { submissionId, kind, bytes },
      );
      return reply.status(201).send(attachmentView(saved));
    },
  );

  app.get<{ Params: { id: string }; Querystring: PhotoSizeQueryDto }>(
    '/api/v1/staff/attachments/:id',
    {
      schema: {
        tags: ['staff'],
        summary: '照片（仅能看到这条反映的工作人员；?size=thumb 取缩略图）',
        querystring: dtoSchema(PhotoSizeQueryDto),
        response: ERRORS,
      },
    },
    async (request, reply) => {
      const { attachment, bytes } = await readPhotoForStaff(
        { dataSource: deps.dataSource, photoStore: deps.photoStore },
        request.staff!.user,
        parseId(request.params.id),
        request.query.size ?? 'full',
      );
      return reply
        .type(attachment.mimeType)
        .header('Cache-Control', 'private, max-age=3600')
        .header('X-Content-Type-Options', 'nosniff')
        .send(bytes);
    },
  );

  app.get<{ Querystring: TemplateQueryDto }>(
    '/api/v1/staff/reply-templates',
    {
      schema: {
        tags: ['staff'],
        summary: '答复模板（按分类、状态筛选）',
        querystring: dtoSchema(TemplateQueryDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const items = await listReplyTemplates(deps.dataSource, {
        ...request.query,
        includeInactive: request.staff!.user.role === 'admin',
      });
      return { items };
    },
  );

  app.get<{ Querystring: AuditQueryDto }>(
    '/api/v1/staff/audit',
    {
      schema: {
        tags: ['staff'],
        summary: '审计日志（仅管理员）',
        querystring: dtoSchema(AuditQueryDto),
        response: ERRORS,
      },
    },
    async (request) => {
      if (request.staff!.user.role !== 'admin') throw new Forbidden('只有管理员可以查看审计日志', 'Admins only');
      const limit = request.query.limit ?? 50;
      const offset = request.query.offset ?? 0;
      const [items, total] = await deps.dataSource
        .getRepository(AuditEntry)
        .findAndCount({ order: { id: 'DESC' }, take: limit, skip: offset });
      return { items, total, limit, offset };
    },
  );
}
