import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../app';
import { ReplyTemplate, RoutingRule } from '../../db/entities';
import { Forbidden } from '../../errors';
import {
  deleteAudited,
  listRoutingRules,
  saveDepartment,
  saveReplyTemplate,
  saveRoutingRule,
} from '../../services/admin/reference-data';
import { createStaff, listStaff, updateStaff } from '../../services/admin/staff-accounts';
import { issueClientKey, listClients, revokeClient } from '../../services/open311/clients';
import {
  CreateDepartmentDto,
  CreateOpen311ClientDto,
  CreateReplyTemplateDto,
  CreateRoutingRuleDto,
  CreateStaffDto,
  UpdateDepartmentDto,
  UpdateReplyTemplateDto,
  UpdateRoutingRuleDto,
  UpdateStaffDto,
} from '../dto/admin.dto';
import { errorSchema } from '../schemas';
import { requireStaff } from '../staff-auth';
import { staffAccountView } from '../staff-views';
import { dtoSchema } from '../validation';
import { parseId } from '../params';

const ERRORS = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema };

/**
 * Administration: staff accounts, departments, routing rules, reply templates and Open311
 * client keys. Admins only.
 */
export async function adminRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onRequest', requireStaff(deps));
  app.addHook('onRequest', async (request) => {
    if (request.staff?.user.role !== 'admin') throw new Forbidden('只有系统管理员可以执行这个操作', 'Admins only');
  });
  const ds = deps.dataSource;
  const created = (reply: FastifyReply, body: unknown) => reply.status(201).send(body);

  app.get(
    '/api/v1/admin/staff',
    { schema: { tags: ['admin'], summary: '工作人员账号', response: ERRORS } },
    async () => ({
      items: (await listStaff(ds)).map(staffAccountView),
    }),
  );
  app.post<{ Body: CreateStaffDto }>(
    '/api/v1/admin/staff',
    { schema: { tags: ['admin'], summary: '新建账号', body: dtoSchema(CreateStaffDto), response: ERRORS } },
    async (request, reply) =>
      created(reply, staffAccountView(await createStaff(ds, request.staff!.user, request.body))),
  );
  app.patch<{ Params: { id: string }; Body: UpdateStaffDto }>(
    '/api/v1/admin/staff/:id',
    {
      schema: {
        tags: ['admin'],
        summary: '修改账号（角色、单位、停用、重置密码）',
        body: dtoSchema(UpdateStaffDto),
        response: ERRORS,
      },
    },
    async (request) =>
      staffAccountView(await updateStaff(ds, request.staff!.user, parseId(request.params.id), request.body)),
  );

  app.post<{ Body: CreateDepartmentDto }>(
    '/api/v1/admin/departments',
    { schema: { tags: ['admin'], summary: '新建承办单位', body: dtoSchema(CreateDepartmentDto), response: ERRORS } },
    async (request, reply) => created(reply, await saveDepartment(ds, request.staff!.user, undefined, request.body)),
  );
  app.patch<{ Params: { id: string }; Body: UpdateDepartmentDto }>(
    '/api/v1/admin/departments/:id',
    { schema: { tags: ['admin'], summary: '修改承办单位', body: dtoSchema(UpdateDepartmentDto), response: ERRORS } },
    async (request) => saveDepartment(ds, request.staff!.user, parseId(request.params.id), request.body),
  );

  app.get(
    '/api/v1/admin/routing-rules',
    { schema: { tags: ['admin'], summary: '路由规则', response: ERRORS } },
    async () => ({ items: await listRoutingRules(ds) }),
  );
  app.post<{ Body: CreateRoutingRuleDto }>(
    '/api/v1/admin/routing-rules',
    { schema: { tags: ['admin'], summary: '新建路由规则', body: dtoSchema(CreateRoutingRuleDto), response: ERRORS } },
    async (request, reply) => created(reply, await saveRoutingRule(ds, request.staff!.user, undefined, request.body)),
  );
  app.patch<{ Params: { id: string }; Body: UpdateRoutingRuleDto }>(
    '/api/v1/admin/routing-rules/:id',
    { schema: { tags: ['admin'], summary: '修改路由规则', body: dtoSchema(UpdateRoutingRuleDto), response: ERRORS } },
    async (request) => saveRoutingRule(ds, request.staff!.user, parseId(request.params.id), request.body),
  );
  app.delete<{ Params: { id: string } }>(
    '/api/v1/admin/routing-rules/:id',
    { schema: { tags: ['admin'], summary: '删除路由规则', response: ERRORS } },
    async (request, reply) => {
      await deleteAudited(ds, request.staff!.user, RoutingRule, parseId(request.params.id));
      return reply.status(204).send();
    },
  );

  app.post<{ Body: CreateReplyTemplateDto }>(
    '/api/v1/admin/reply-templates',
    { schema: { tags: ['admin'], summary: '新建答复模板', body: dtoSchema(CreateReplyTemplateDto), response: ERRORS } },
    async (request, reply) => created(reply, await saveReplyTemplate(ds, request.staff!.user, undefined, request.body)),
  );
  app.patch<{ Params: { id: string }; Body: UpdateReplyTemplateDto }>(
    '/api/v1/admin/reply-templates/:id',
    { schema: { tags: ['admin'], summary: '修改答复模板', body: dtoSchema(UpdateReplyTemplateDto), response: ERRORS } },
    async (request) => saveReplyTemplate(ds, request.staff!.user, parseId(request.params.id), request.body),
  );
  app.delete<{ Params: { id: string } }>(
    '/api/v1/admin/reply-templates/:id',
    { schema: { tags: ['admin'], summary: '删除答复模板', response: ERRORS } },
    async (request, reply) => {
      await deleteAudited(ds, request.staff!.user, ReplyTemplate, parseId(request.params.id));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/admin/open311-clients',
    { schema: { tags: ['admin'], summary: 'Open311 客户端（不含密钥）', response: ERRORS } },
    async () => ({ items: await listClients(ds) }),
  );
  app.post<{ Body: CreateOpen311ClientDto }>(
    '/api/v1/admin/open311-clients',
    {
      schema: {
        tags: ['admin'],
        summary: '签发 Open311 api_key（只在这一次返回，请转交客户端）',
        body: dtoSchema(CreateOpen311ClientDto),
        response: ERRORS,
      },
    },
    async (request, reply) => created(reply, await issueClientKey(ds, request.staff!.user, request.body)),
  );
  app.post<{ Params: { id: string } }>(
    '/api/v1/admin/open311-clients/:id/revoke',
    { schema: { tags: ['admin'], summary: '吊销 Open311 客户端的 api_key', response: ERRORS } },
    async (request) => revokeClient(ds, request.staff!.user, parseId(request.params.id)),
  );
}
