import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import type { StaffNotification } from '../../db/entities';
import { listNotifications, markNotificationRead } from '../../services/digests';
import { PageQueryDto } from '../dto/paging.dto';
import { parseId } from '../params';
import { errorSchema } from '../schemas';
import { requireStaff } from '../staff-auth';
import { dtoSchema } from '../validation';

const ERRORS = { 400: errorSchema, 401: errorSchema, 404: errorSchema };

const view = (n: StaffNotification) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  periodStart: n.periodStart,
  data: n.data,
  readAt: n.readAt,
  createdAt: n.createdAt,
});

/** A member of staff's own messages in the console (the leaders' weekly digest). */
export async function staffNotificationRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  app.addHook('onRequest', requireStaff(deps));

  app.get<{ Querystring: PageQueryDto }>(
    '/api/v1/staff/notifications',
    {
      schema: {
        tags: ['staff'],
        summary: '我的通知（分管领导的每周通报），最新的在前，附未读数',
        querystring: dtoSchema(PageQueryDto),
        response: ERRORS,
      },
    },
    async (request) => {
      const page = { limit: request.query.limit ?? 20, offset: request.query.offset ?? 0 };
      const result = await listNotifications(deps.dataSource, request.staff!.user, page);
      return { ...result, items: result.items.map(view), ...page };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/api/v1/staff/notifications/:id/read',
    { schema: { tags: ['staff'], summary: '标记一条通知为已读', response: ERRORS } },
    async (request) =>
      view(await markNotificationRead(deps.dataSource, request.staff!.user, parseId(request.params.id), deps.now())),
  );
}
