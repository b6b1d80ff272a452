import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../app';
import type { StaffSession, StaffUser } from '../db/entities';
import { Forbidden, Unauthenticated } from '../errors';
import { findSession } from '../services/auth/sessions';

export const SESSION_COOKIE = 'cc_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by requireStaff on staff routes. */
    staff?: { user: StaffUser; session: StaffSession };
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A preHandler for staff routes: a current session cookie is required, and a request that
 * changes anything must also carry the session's CSRF token in X-CSRF-Token, which another
 * site's page cannot read.
 */
export function requireStaff(deps: AppDeps) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = request.cookies[SESSION_COOKIE];
    const found = token ? await findSession(deps.dataSource, token, deps.now()) : undefined;
    if (!found) throw new Unauthenticated('请先登录', 'Log in first');
    if (!SAFE_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== found.session.csrfToken) {
      throw new Forbidden('页面已过期，请刷新后再操作 (CSRF)', 'Missing or wrong X-CSRF-Token header');
    }
    request.staff = found;
  };
}
