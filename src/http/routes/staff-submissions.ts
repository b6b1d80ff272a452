import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app';
import { Attachment, ExtensionRequest, Open311Request, Submission, TimelineEvent } from '../../db/entities';
import { Forbidden } from '../../errors';
import { audit } from '../../services/audit';
import { Dispatcher, assignDepartment, correctCategory } from '../../services/dispatch';
import { requestExtension } from '../../services/extensions';
import { ownsReport } from '../../services/staff-access';
import { staffActor } from '../../services/staff-actor';
import { countQueue, getForStaff, listQueue } from '../../services/staff-queue';
import {
  NoteKind,
  addTimelineNote,
  mergeDuplicate,
  performStaffAction,
  setSupportingDepartments,
} from '../../services/staff-work';
import { AssignDepartmentDto, CorrectCategoryDto } from '../dto/dispatch.dto';
import { StaffActionDto, StaffQueueQueryDto } from '../dto/staff-queue.dto';
import { ExtensionRequestDto, MergeDto, NoteBodyDto, ReplyDto, SupportingDepartmentsDto } from '../dto/staff-work.dto';
import { parseId } from '../params';
import { errorSchema } from '../schemas';
import { requireStaff } from '../staff-auth';
import { attachmentView, extensionView, open311View, staffSubmissionView, timelineView } from '../staff-views';
import { dtoSchema } from '../validation';

const ERRORS = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };

/** The queue, a report's detail and everything staff do to one report. */
export async function staffSubmissionRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onRequest', requireStaff(deps));

  /**
   * The detail view, read again after a change so the answer shows what is now stored. Only the
   * GET reveals the full phone number (and records that it did); answers to changes mask it.
   */
  const detail = async (request: FastifyRequest, id: number, revealPhone = false) => {
    const user = request.staff!.user;
    const submission = await getForStaff(deps.dataSource, user, id);
    const [events, attachments, extensions] = await Promise.all([
      deps.dataSource
        .getRepository(TimelineEvent)
        .find({ where: { submissionId: id }, order: { createdAt: 'ASC', id: 'ASC' } }),
      deps.dataSource.getRepository(Attachment).find({ where: { submissionId: id }, order: { id: 'ASC' } }),
      deps.dataSource.getRepository(ExtensionRequest).find({
        where: { submissionId: id },
        relations: { requestedBy: true, decidedBy: true },
        order: { id: 'DESC' },
      }),
    ]);
    const followers = await deps.dataSource.getRepository(Submission).countBy({ mergedIntoId: id });
    const open311 =
      submission.channel === 'open311'
        ? await deps.dataSource
            .getRepository(Open311Request)
            .findOne({ where: { submissionId: id }, relations: { client: true } })
        : null;
    return {
      ...staffSubmissionView(submission, user, deps.now(), revealPhone),
      open311: open311 ? open311View(open311, revealPhone && ownsReport(user, submission)) : null,
      followers,
      timeline: events.map(timelineView),
      attachments: attachments.map(attachmentView),
      extensions: extensions.map(extensionView),
    };
  };

  app.get<{ Querystring: StaffQueueQueryDto }>(
    '/api/v1/staff/submissions',
    {
      schema: {
        tags: ['staff'],
        summary: '工作队列：按权限范围、筛选、排序、分页',
        querystring: dtoSchema(StaffQueueQueryDto),
        response: { 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      const query = request.query;
      const filter = { ...query, limit: query.limit ?? 20, offset: query.offset ?? 0 };
      const now = deps.now();
      const { items, total, totalCapped } = await listQueue(deps.dataSource, request.staff!.user, filter, now);
      return {
        items: items.map((s) => staffSubmissionView(s, request.staff!.user, now)),
        total,
        // True when more than `total` match: the queue stops counting there.
        totalCapped,
        limit: filter.limit,
        offset: filter.offset,
      };
    },
  );

  app.get<{ Querystring: StaffQueueQueryDto }>(
    '/api/v1/staff/submissions/counts',
    {
      schema: {
        tags: ['staff'],
        summary: '队列各标签的数量（按状态、逾期、待复核）',
        querystring: dtoSchema(StaffQueueQueryDto),
        response: { 400: errorSchema, 401: errorSchema },
      },
    },
    async (request) => {
      // The tabs are the statuses, so a status filter would empty all but one of them.
      const { category, subcategory, channel, departmentId, needsReview, overdue, q, from, to } = request.query;
      const filter = { category, subcategory, channel, departmentId, needsReview, overdue, q, from, to };
      return countQueue(deps.dataSource, request.staff!.user, filter, deps.now());
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/v1/staff/submissions/:id',
    { schema: { tags: ['staff'], summary: '反映详情（含办理记录、照片、延期申请）', response: ERRORS } },
    async (request) => {
      const user = request.staff!.user;
      const id = parseId(request.params.id);
      const view = await detail(request, id, true);
      const submission = await getForStaff(deps.dataSource, user, id);
      if ((submission.contactPhone || view.open311?.email) && ownsReport(user, submission)) {
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
      return view;
    },
  );

  app.post<{ Params: { id: string }; Body: StaffActionDto }>(
    '/api/v1/staff/submissions/:id/actions',
    {
      schema: {
        tags: ['staff'],
        summary: '办理操作：分派、受理、开始整改、退回、办结……（需 X-CSRF-Token）',
        body: dtoSchema(StaffActionDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const id = parseId(request.params.id);
      await performStaffAction(
        { dataSource: deps.dataSource, now: deps.now, acceptWithinHours: deps.config.acceptWithinHours },
        request.staff!.user,
        { submissionId: id, ...request.body },
      );
      return detail(request, id);
    },
  );

  const dispatcherOf = (request: FastifyRequest): Dispatcher => {
    const user = request.staff!.user;
    if (user.role !== 'dispatcher' && user.role !== 'admin') {
      throw new Forbidden('只有创城办调度员可以执行这个操作', 'Dispatchers only');
    }
    return { role: user.role, ...staffActor(user) };
  };

  app.post<{ Params: { id: string }; Body: CorrectCategoryDto }>(
    '/api/v1/staff/submissions/:id/classification',
    {
      schema: {
        tags: ['staff'],
        summary: '确认或更正分类（更正会成为分类模型的训练样本）',
        body: dtoSchema(CorrectCategoryDto),
        response: ERRORS,
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
      return detail(request, submission.id);
    },
  );

  app.post<{ Params: { id: string }; Body: AssignDepartmentDto }>(
    '/api/v1/staff/submissions/:id/department',
    {
      schema: {
        tags: ['staff'],
        summary: '分派或改派承办单位',
        body: dtoSchema(AssignDepartmentDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const actor = dispatcherOf(request);
      const saved = await assignDepartment(deps, { submissionId: parseId(request.params.id), ...request.body, actor });
      return detail(request, saved.id);
    },
  );

  app.post<{ Params: { id: string }; Body: MergeDto }>(
    '/api/v1/staff/submissions/:id/merge',
    {
      schema: {
        tags: ['staff'],
        summary: '作为重复反映合并到另一条（群众随之关注被保留的那条）',
        body: dtoSchema(MergeDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const id = parseId(request.params.id);
      await mergeDuplicate(deps, request.staff!.user, { submissionId: id, ...request.body });
      return detail(request, id);
    },
  );

  app.post<{ Params: { id: string }; Body: SupportingDepartmentsDto }>(
    '/api/v1/staff/submissions/:id/supporting-departments',
    {
      schema: {
        tags: ['staff'],
        summary: '设置协办单位（替换原有列表）',
        body: dtoSchema(SupportingDepartmentsDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const id = parseId(request.params.id);
      await setSupportingDepartments(deps, request.staff!.user, { submissionId: id, ...request.body });
      return detail(request, id);
    },
  );

  const noteRoute = (path: string, kind: NoteKind, summary: string, dto: typeof NoteBodyDto) =>
    app.post<{ Params: { id: string }; Body: NoteBodyDto }>(
      `/api/v1/staff/submissions/:id/${path}`,
      { schema: { tags: ['staff'], summary, body: dtoSchema(dto), response: ERRORS } },
      async (request, reply) => {
        const id = parseId(request.params.id);
        await addTimelineNote(deps, request.staff!.user, { submissionId: id, kind, body: request.body.body });
        return reply.status(201).send(await detail(request, id));
      },
    );
  noteRoute('notes', 'note', '添加内部备注（协办单位也可以）', NoteBodyDto);
  noteRoute('replies', 'reply', '公开答复群众（可从答复模板开始编辑）', ReplyDto);
  noteRoute('supervision', 'supervision', '督办意见（分管领导）', NoteBodyDto);

  app.post<{ Params: { id: string }; Body: ExtensionRequestDto }>(
    '/api/v1/staff/submissions/:id/extensions',
    {
      schema: {
        tags: ['staff'],
        summary: '申请延期（由创城办或分管领导审批）',
        body: dtoSchema(ExtensionRequestDto),
        response: ERRORS,
      },
    },
    async (request, reply) => {
      const id = parseId(request.params.id);
      const saved = await requestExtension(deps, request.staff!.user, { submissionId: id, ...request.body });
      return reply.status(201).send(extensionView(saved));
    },
  );
}
