import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import type { StaffUser, Submission } from '../../db/entities';
import { allowedActions } from '../../domain/lifecycle/state-machine';
import { STATUS_LABELS } from '../../domain/lifecycle/status';
import { maskPhone } from '../../domain/personal-data';
import { ValidationFailed } from '../../errors';
import { performAction } from '../../services/perform-action';
import { lifecycleRole, ownsReport } from '../../services/staff-access';
import { getForStaff, listQueue } from '../../services/staff-queue';
import { StaffActionDto, StaffQueueQueryDto } from '../dto/staff-queue.dto';
import { errorSchema } from '../schemas';
import { requireStaff } from '../staff-auth';
import { dtoSchema } from '../validation';

function staffView(submission: Submission, user: StaffUser) {
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
      phone: phone && !ownsReport(user, submission) ? maskPhone(phone) : phone,
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
    async (request) =>
      staffView(
        await getForStaff(deps.dataSource, request.staff!.user, parseId(request.params.id)),
        request.staff!.user,
      ),
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
}
