import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app';
import type { StaffUser } from '../../db/entities';
import { audit } from '../../services/audit';
import { logIn, logOut } from '../../services/auth/sessions';
import { departmentScope } from '../../services/staff-access';
import { LoginDto } from '../dto/login.dto';
import { errorSchema } from '../schemas';
import { SESSION_COOKIE, requireStaff } from '../staff-auth';
import { dtoSchema } from '../validation';

function staffView(user: StaffUser, csrfToken: string) {
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      departmentId: user.departmentId,
      departmentIds: departmentScope(user) ?? [],
    },
    csrfToken,
  };
}

export async function authRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: deps.config.sessionCookieSecure,
  };

  app.post<{ Body: LoginDto }>(
    '/api/v1/auth/login',
    {
      config: { limitedAction: '登录', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['staff'],
        summary: '工作人员登录（会话 Cookie；返回 CSRF 令牌）',
        body: dtoSchema(LoginDto),
        response: { 400: errorSchema, 401: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      const session = await logIn(
        { dataSource: deps.dataSource, now: deps.now, settings: { sessionHours: deps.config.sessionHours } },
        request.body,
        request.ip,
      );
      reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
      return staffView(session.user, session.csrfToken);
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      preHandler: requireStaff(deps),
      schema: { tags: ['staff'], summary: '当前登录的工作人员', response: { 401: errorSchema } },
    },
    async (request) => staffView(request.staff!.user, request.staff!.session.csrfToken),
  );

  app.post(
    '/api/v1/auth/logout',
    {
      preHandler: requireStaff(deps),
      schema: {
        tags: ['staff'],
        summary: '退出登录',
        response: { 204: { type: 'null', description: '已退出' }, 401: errorSchema, 403: errorSchema },
      },
    },
    async (request, reply) => {
      await logOut(deps.dataSource, request.cookies[SESSION_COOKIE]!);
      const user = request.staff!.user;
      await audit(deps.dataSource.manager, {
        staffUserId: user.id,
        username: user.username,
        action: 'logout',
        ip: request.ip,
      });
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send();
    },
  );
}
