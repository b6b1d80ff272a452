import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app';
import { AuditEntry } from '../../db/entities';
import type { StaffUser, Submission } from '../../db/entities';
import { allowedActions } from '../../domain/lifecycle/state-machine';
import { STATUS_LABELS } from '../../domain/lifecycle/status';
import { maskPhone } from '../../domain/personal-data';
import { Forbidden, ValidationFailed } from '../../errors';
import { audit } from '../../services/audit';
import { Dispatcher, assignDepartment, correctCategory } from '../../services/dispatch';
import { performAction } from '../../services/perform-action';
import { lifecycleRole, ownsReport } from '../../services/staff-access';
import { getForStaff, listQueue } from '../../services/staff-queue';
import { AssignDepartmentDto, CorrectCategoryDto } from '../dto/dispatch.dto';
import { StaffActionDto, StaffQueueQueryDto } from '../dto/staff-queue.dto';
import { errorSchema } from '../schemas';
import { requireStaff } from '../staff-auth';
import { dtoSchema } from '../validation';

/** `revealPhone`: the owning department's detail view; the queue always shows it masked. */
function staffView(submission: Submission, user: StaffUser, revealPhone = false) {
  const phone = submission.contactPhone;
  return {
    id: submission.id,
    trackingCode: submission.trackingCode,
    version: submission.version,
    status: submission.status,
    statusLabel: STATUS_LABELS[submission.status],
    content: submission.content,
    channel: submission.channel,
    category: submission.category,
    subcategory: submission.subcategory,
    confidence: submission.confidence,
    needsReview: submission.needsReview,
    classification: submission.classification,
    department: { id: submission.departmentId, name: submission.department?.name },
    acceptDeadline: submission.acceptDeadline.toISOString(),
    resolveDeadline: submission.resolveDeadline.toISOString(),
    address: submission.address,
    contact: {
      name: submission.contactName,
      // Only the owning department sees the number in full.
      phone: phone && !(revealPhone && ownsReport(user, submission)) ? maskPhone(phone) : phone,
    },
    createdAt: submission.createdAt.toISOString(),
    allowedActions: allowedActions(submission.status, lifecycleRole(user)),
  };
}

function parseId(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0)
    throw new ValidationFailed([{ field: 'id', rule: 'isInt', message: '编号必须是正整数' }]);
  return id;
}

export async function staffSubmissionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('preHandler', requireStaff(deps));

  app.get<{ Querystring: StaffQueueQueryDto }>(
    '/api/v1/staff/submissions',
    {
      schema: {
        tags: ['staff'],
        summary: '工作队列：按权限范围、筛选、分页',
        querystring: dtoSchema(StaffQueueQueryDto),
        response: { 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const filter = { ...query, limit: query.limit ?? 20, offset: query.offset ?? 0 };
      const { items, total } = await listQueue(deps.dataSource, request.staff!.user, filter);
      return {
        items: items.map((s) => staffView(s, request.staff!.user)),
        total,
        limit: filter.limit,
        offset: filter.offset,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/staff/submissions/:id',
    { schema: { tags: ['staff'], summary: '反映详情', response: { 401: errorSchema, 404: errorSchema } } },
    async (request) => {
      const user = request.staff!.user;
      const submission = await getForStaff(deps.dataSource, user, parseId(request.params.id));
      if (submission.contactPhone && ownsReport(user, submission)) {
        // Every sight of a resident's full number is on record.
        await audit(deps.dataSource.manager, {
          staffUserId: user.id,
          username: user.username,
          action: 'phone.reveal',
          targetType: 'submission',
          targetId: submission.id,
          ip: request.ip,
        });
      }
      return staffView(submission, user, true);
    },
  );

  app.get<{ Querystring: { limit?: string; offset?: string } }>(
    '/api/v1/staff/audit',
    { schema: { tags: ['staff'], summary: '审计日志（仅管理员）', response: { 401: errorSchema, 403: errorSchema } } },
    async (request) => {
      if (request.staff!.user.role !== 'admin') throw new Forbidden('只有管理员可以查看审计日志', 'Admins only');
      const limit = Math.min(100, Math.max(1, Number(request.query.limit) || 50));
      const offset = Math.max(0, Number(request.query.offset) || 0);
      const [items, total] = await deps.dataSource
        .getRepository(AuditEntry)
        .findAndCount({ order: { id: 'DESC' }, take: limit, skip: offset });
      return { items, total, limit, offset };
    },
  );

  app.post<{ Params: { id: string }; Body: StaffActionDto }>(
    '/api/v1/staff/submissions/:id/actions',
    {
      schema: {
        tags: ['staff'],
        summary: '办理操作：分派、受理、退回、办结……（需 X-CSRF-Token）',
        body: dtoSchema(StaffActionDto),
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const user = request.staff!.user;
      const submission = await getForStaff(deps.dataSource, user, parseId(request.params.id));
      const saved = await performAction(
        { dataSource: deps.dataSource, now: deps.now },
        {
          submissionId: submission.id,
          action: request.body.action,
          actor: { role: lifecycleRole(user), type: 'staff', label: user.displayName, staffId: user.id },
          note: request.body.note,
          expectedVersion: request.body.version,
        },
      );
      return staffView({ ...saved, department: submission.department } as Submission, user);
    },
  );

  const dispatcherOf = (request: FastifyRequest): Dispatcher => {
    const user = request.staff!.user;
    if (user.role !== 'dispatcher' && user.role !== 'admin') {
      throw new Forbidden('只有创城办调度员可以执行这个操作', 'Dispatchers only');
    }
    return { role: user.role, type: 'staff', label: user.displayName, staffId: user.id };
  };

  app.post<{ Params: { id: string }; Body: CorrectCategoryDto }>(
    '/api/v1/staff/submissions/:id/classification',
    {
      schema: {
        tags: ['staff'],
        summary: '确认或更正分类（更正会成为分类模型的训练样本）',
        body: dtoSchema(CorrectCategoryDto),
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const actor = dispatcherOf(request);
      const { submission, changed } = await correctCategory(deps, {
        submissionId: parseId(request.params.id),
        ...request.body,
        actor,
      });
      if (changed && deps.classifier.recordCorrection) {
        await deps.classifier.recordCorrection({
          text: submission.content,
          category: submission.category,
          subcategory: submission.subcategory,
          submissionId: submission.id,
          correctedById: actor.staffId,
        });
      }
      return staffView(await getForStaff(deps.dataSource, request.staff!.user, submission.id), request.staff!.user);
    },
  );

  app.post<{ Params: { id: string }; Body: AssignDepartmentDto }>(
    '/api/v1/staff/submissions/:id/department',
    {
      schema: {
        tags: ['staff'],
        summary: '分派或改派承办单位',
        body: dtoSchema(AssignDepartmentDto),
        response: { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema },
      },
    },
    async (request) => {
      const actor = dispatcherOf(request);
      const saved = await assignDepartment(deps, { submissionId: parseId(request.params.id), ...request.body, actor });
      return staffView(await getForStaff(deps.dataSource, request.staff!.user, saved.id), request.staff!.user);
    },
  );
}
