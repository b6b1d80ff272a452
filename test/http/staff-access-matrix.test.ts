import type { FastifyInstance } from 'fastify';
import { departmentId, fileReport } from '../support/reports';
import { photoForm } from '../support/images';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

/** Every route of the app as "METHOD /path", read from Fastify's own route tree. */
function listRoutes(app: FastifyInstance): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?) \(([^)]*)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack[depth] = match[2]!;
    const path = stack.join('');
    for (const method of match[3]!.split(', '))
      if (method !== 'HEAD' && method !== 'OPTIONS') routes.push(`${method} ${path}`);
  }
  return routes;
}

type Ids = { report: number; attachment: number; extension: number; staff: number };
interface Case {
  /** The path with ids filled in from the fixtures. */
  readonly url: (ids: Ids) => string;
  readonly payload?: object;
  /** Sent as a multipart photo upload instead of JSON. */
  readonly photo?: boolean;
  /** What a member of staff of another department (not an admin) gets. */
  readonly outsider: 403 | 404;
}

const sub =
  (suffix = '') =>
  (ids: Ids) =>
    `/api/v1/staff/submissions/${ids.report}${suffix}`;
const fixed = (url: string) => () => url;

/** One case per staff and admin endpoint; a new endpoint without a case fails the first test. */
const MATRIX: Record<string, Case> = {
  'GET /api/v1/staff/submissions/:id': { url: sub(), outsider: 404 },
  'POST /api/v1/staff/submissions/:id/actions': { url: sub('/actions'), payload: { action: 'accept' }, outsider: 404 },
  'POST /api/v1/staff/submissions/:id/classification': {
    url: sub('/classification'),
    payload: { category: 'dirty', subcategory: 'garbage_overflow' },
    outsider: 403,
  },
  'POST /api/v1/staff/submissions/:id/department': {
    url: sub('/department'),
    payload: { departmentId: 1 },
    outsider: 403,
  },
  'POST /api/v1/staff/submissions/:id/merge': { url: sub('/merge'), payload: { targetId: 1 }, outsider: 403 },
  'POST /api/v1/staff/submissions/:id/supporting-departments': {
    url: sub('/supporting-departments'),
    payload: { departmentIds: [] },
    outsider: 403,
  },
  'POST /api/v1/staff/submissions/:id/notes': { url: sub('/notes'), payload: { body: '备注' }, outsider: 404 },
  'POST /api/v1/staff/submissions/:id/replies': { url: sub('/replies'), payload: { body: '答复' }, outsider: 404 },
  'POST /api/v1/staff/submissions/:id/supervision': {
    url: sub('/supervision'),
    payload: { body: '督办' },
    outsider: 404,
  },
  'POST /api/v1/staff/submissions/:id/extensions': {
    url: sub('/extensions'),
    payload: { hours: 8, reason: '理由' },
    outsider: 404,
  },
  'POST /api/v1/staff/submissions/:id/photos': { url: sub('/photos'), photo: true, outsider: 404 },
  'POST /api/v1/staff/extensions/:id/decision': {
    url: (ids) => `/api/v1/staff/extensions/${ids.extension}/decision`,
    payload: { approve: true },
    outsider: 404,
  },
  'GET /api/v1/staff/attachments/:id': { url: (ids) => `/api/v1/staff/attachments/${ids.attachment}`, outsider: 404 },
  'GET /api/v1/staff/supervision': { url: fixed('/api/v1/staff/supervision'), outsider: 403 },
  'GET /api/v1/staff/audit': { url: fixed('/api/v1/staff/audit'), outsider: 403 },
  'GET /api/v1/admin/staff': { url: fixed('/api/v1/admin/staff'), outsider: 403 },
  'POST /api/v1/admin/staff': {
    url: fixed('/api/v1/admin/staff'),
    payload: { username: 'intruder', displayName: 'x', role: 'admin', password: 'long-enough-pw' },
    outsider: 403,
  },
  'PATCH /api/v1/admin/staff/:id': {
    url: (ids) => `/api/v1/admin/staff/${ids.staff}`,
    payload: { role: 'admin' },
    outsider: 403,
  },
  'POST /api/v1/admin/departments': {
    url: fixed('/api/v1/admin/departments'),
    payload: { code: 'intruder', name: 'x' },
    outsider: 403,
  },
  'PATCH /api/v1/admin/departments/:id': {
    url: fixed('/api/v1/admin/departments/1'),
    payload: { name: 'x' },
    outsider: 403,
  },
  'GET /api/v1/admin/routing-rules': { url: fixed('/api/v1/admin/routing-rules'), outsider: 403 },
  'POST /api/v1/admin/routing-rules': {
    url: fixed('/api/v1/admin/routing-rules'),
    payload: { category: 'dirty', departmentId: 1 },
    outsider: 403,
  },
  'PATCH /api/v1/admin/routing-rules/:id': {
    url: fixed('/api/v1/admin/routing-rules/1'),
    payload: { enabled: false },
    outsider: 403,
  },
  'DELETE /api/v1/admin/routing-rules/:id': { url: fixed('/api/v1/admin/routing-rules/1'), outsider: 403 },
  'POST /api/v1/admin/reply-templates': {
    url: fixed('/api/v1/admin/reply-templates'),
    payload: { title: 'x', body: 'y' },
    outsider: 403,
  },
  'PATCH /api/v1/admin/reply-templates/:id': {
    url: fixed('/api/v1/admin/reply-templates/1'),
    payload: { active: false },
    outsider: 403,
  },
  'DELETE /api/v1/admin/reply-templates/:id': { url: fixed('/api/v1/admin/reply-templates/1'), outsider: 403 },
  'GET /api/v1/admin/open311-clients': { url: fixed('/api/v1/admin/open311-clients'), outsider: 403 },
  'POST /api/v1/admin/open311-clients': {
    url: fixed('/api/v1/admin/open311-clients'),
    payload: { name: 'intruder' },
    outsider: 403,
  },
  'POST /api/v1/admin/open311-clients/:id/revoke': {
    url: fixed('/api/v1/admin/open311-clients/1/revoke'),
    outsider: 403,
  },
};

/** Endpoints every member of staff may call: only the log-in requirement is tested for them. */
const OPEN_TO_ALL_STAFF = [
  'GET /api/v1/staff/submissions',
  'GET /api/v1/staff/submissions/counts',
  'GET /api/v1/staff/extensions',
  'GET /api/v1/staff/reply-templates',
  // Open to all, but scoped: test/http/staff-statistics.test.ts checks a department sees only its own.
  'GET /api/v1/staff/statistics',
  'GET /api/v1/staff/statistics/export',
  'GET /api/v1/staff/submissions/export',
  // Everyone has an inbox; test/http/staff-notifications.test.ts checks nobody reads another's.
  'GET /api/v1/staff/notifications',
  'POST /api/v1/staff/notifications/:id/read',
  'GET /api/v1/auth/me',
  'POST /api/v1/auth/logout',
];

describe('access to every staff endpoint', () => {
  let t: TestApp;
  let ids: Ids;
  let outsider: Awaited<ReturnType<typeof staffSession>>;
  let cleaner: Awaited<ReturnType<typeof staffSession>>;
  beforeAll(async () => {
    t = await createTestApp();
    const sanitation = await departmentId(t, 'sanitation');
    const urban = await departmentId(t, 'urban_management');
    cleaner = await staffSession(t, 'matrix-cleaner', 'department_staff', sanitation);
    outsider = await staffSession(t, 'matrix-outsider', 'department_staff', urban);
    const report = await fileReport(t, '小区门口垃圾桶满了三天没人清运');
    const form = photoForm('before_photo');
    const photo = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${report.id}/photos`,
      cookies: cleaner.cookies,
      headers: { ...cleaner.headers, ...form.headers },
      payload: form.payload,
    });
    const extension = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${report.id}/extensions`,
      payload: { hours: 8, reason: '协调' },
      ...cleaner,
    });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', ...cleaner });
    ids = { report: report.id, attachment: photo.json().id, extension: extension.json().id, staff: me.json().user.id };
  });
  afterAll(() => t.close());

  it('has a case for every staff and admin endpoint', () => {
    const guarded = listRoutes(t.app).filter((route) => /^\w+ \/api\/v1\/(staff|admin)\//.test(route));
    const known = [...Object.keys(MATRIX), ...OPEN_TO_ALL_STAFF];
    expect(guarded.filter((route) => !known.includes(route))).toEqual([]);
    expect(Object.keys(MATRIX).filter((route) => !guarded.includes(route))).toEqual([]);
  });

  const all = [...Object.keys(MATRIX), ...OPEN_TO_ALL_STAFF];
  it.each(all)('%s answers 401 without a log-in', async (route) => {
    const [method, path] = route.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE', string];
    const url = MATRIX[route]?.url(ids) ?? path;
    const response = await t.app.inject({ method, url, payload: MATRIX[route]?.payload });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('unauthenticated');
  });

  it.each(Object.keys(MATRIX))('%s refuses staff of another department', async (route) => {
    const method = route.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'DELETE';
    const { url, payload, photo, outsider: expected } = MATRIX[route]!;
    const form = photo ? photoForm() : undefined;
    const response = await t.app.inject({
      method,
      url: url(ids),
      payload: form?.payload ?? payload,
      cookies: outsider.cookies,
      headers: { ...outsider.headers, ...form?.headers },
    });
    expect(response.statusCode).toBe(expected);
    expect(response.json().error).toHaveProperty('message');
  });

  it.each(all.filter((route) => !route.startsWith('GET')))('%s needs the CSRF token', async (route) => {
    const [method, path] = route.split(' ') as ['POST' | 'PATCH' | 'DELETE', string];
    const response = await t.app.inject({
      method,
      url: MATRIX[route]?.url(ids) ?? path,
      payload: MATRIX[route]?.payload,
      cookies: cleaner.cookies,
    });
    expect(response.statusCode).toBe(403);
  });
});
