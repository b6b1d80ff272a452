import type { FastifyInstance } from 'fastify';
import { departmentId, fileReport } from '../support/reports';
import { photoForm } from '../support/images';
import { StaffRequestParts, staffSession } from '../support/staff-session';
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
  /** Who gets past access control (see ACTORS); everyone else is refused. */
  readonly allowed: readonly Actor[];
}

/**
 * Everyone staff access depends on, for a report of the sanitation department: its own staff
 * and a leader covering it, staff of a department supporting it (协办), a leader and staff of
 * another department, the dispatch office and an admin.
 */
const ACTORS = ['admin', 'dispatcher', 'leader', 'own', 'supporter', 'otherLeader', 'outsider'] as const;
type Actor = (typeof ACTORS)[number];
/** The dispatch office, admins and the department that owns the report (主办). */
const WORKS_ON_IT: readonly Actor[] = ['admin', 'dispatcher', 'leader', 'own'];
/** They and the supporting department, which may read the report and add notes. */
const SEES_IT: readonly Actor[] = [...WORKS_ON_IT, 'supporter'];
const ITS_DEPARTMENT: readonly Actor[] = ['leader', 'own'];
const DISPATCH: readonly Actor[] = ['admin', 'dispatcher'];
const ADMIN: readonly Actor[] = ['admin'];

const sub =
  (suffix = '') =>
  (ids: Ids) =>
    `/api/v1/staff/submissions/${ids.report}${suffix}`;
const fixed = (url: string) => () => url;

/** One case per staff and admin endpoint; a new endpoint without a case fails the first test. */
const MATRIX: Record<string, Case> = {
  'GET /api/v1/staff/submissions/:id': { allowed: SEES_IT, url: sub(), outsider: 404 },
  'POST /api/v1/staff/submissions/:id/actions': {
    allowed: ITS_DEPARTMENT,
    url: sub('/actions'),
    payload: { action: 'accept' },
    outsider: 404,
  },
  'POST /api/v1/staff/submissions/:id/classification': {
    allowed: DISPATCH,
    url: sub('/classification'),
    payload: { category: 'dirty', subcategory: 'garbage_overflow' },
    outsider: 403,
  },
  'POST /api/v1/staff/submissions/:id/department': {
    allowed: DISPATCH,
    url: sub('/department'),
    payload: { departmentId: 1 },
    outsider: 403,
  },
  'POST /api/v1/staff/submissions/:id/merge': {
    allowed: DISPATCH,
    url: sub('/merge'),
    payload: { targetId: 1 },
    outsider: 403,
  },
  'POST /api/v1/staff/submissions/:id/supporting-departments': {
    allowed: DISPATCH,
    url: sub('/supporting-departments'),
    payload: { departmentIds: [] },
    outsider: 403,
  },
  'POST /api/v1/staff/submissions/:id/notes': {
    allowed: SEES_IT,
    url: sub('/notes'),
    payload: { body: '备注' },
    outsider: 404,
  },
  'POST /api/v1/staff/submissions/:id/replies': {
    allowed: WORKS_ON_IT,
    url: sub('/replies'),
    payload: { body: '答复' },
    outsider: 404,
  },
  'POST /api/v1/staff/submissions/:id/supervision': {
    allowed: ['admin', 'leader'],
    url: sub('/supervision'),
    payload: { body: '督办' },
    outsider: 404,
  },
  'POST /api/v1/staff/submissions/:id/extensions': {
    allowed: ITS_DEPARTMENT,
    url: sub('/extensions'),
    payload: { hours: 8, reason: '理由' },
    outsider: 404,
  },
  'POST /api/v1/staff/submissions/:id/photos': {
    // The dispatch office may add its own inspection photos too.
    allowed: WORKS_ON_IT,
    url: sub('/photos'),
    photo: true,
    outsider: 404,
  },
  'POST /api/v1/staff/extensions/:id/decision': {
    // DESIGN.md: the dispatcher or the leader approves a department's extension.
    allowed: ['admin', 'dispatcher', 'leader'],
    url: (ids) => `/api/v1/staff/extensions/${ids.extension}/decision`,
    payload: { approve: true },
    outsider: 404,
  },
  'GET /api/v1/staff/attachments/:id': {
    allowed: SEES_IT,
    url: (ids) => `/api/v1/staff/attachments/${ids.attachment}`,
    outsider: 404,
  },
  'GET /api/v1/staff/supervision': {
    allowed: ['admin', 'dispatcher', 'leader', 'otherLeader'],
    url: fixed('/api/v1/staff/supervision'),
    outsider: 403,
  },
  'GET /api/v1/staff/audit': { allowed: ADMIN, url: fixed('/api/v1/staff/audit'), outsider: 403 },
  'GET /api/v1/admin/staff': { allowed: ADMIN, url: fixed('/api/v1/admin/staff'), outsider: 403 },
  'POST /api/v1/admin/staff': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/staff'),
    payload: { username: 'intruder', displayName: 'x', role: 'admin', password: 'long-enough-pw' },
    outsider: 403,
  },
  'PATCH /api/v1/admin/staff/:id': {
    allowed: ADMIN,
    url: (ids) => `/api/v1/admin/staff/${ids.staff}`,
    payload: { role: 'admin' },
    outsider: 403,
  },
  'POST /api/v1/admin/departments': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/departments'),
    payload: { code: 'intruder', name: 'x' },
    outsider: 403,
  },
  'PATCH /api/v1/admin/departments/:id': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/departments/1'),
    payload: { name: 'x' },
    outsider: 403,
  },
  'GET /api/v1/admin/routing-rules': { allowed: ADMIN, url: fixed('/api/v1/admin/routing-rules'), outsider: 403 },
  'POST /api/v1/admin/routing-rules': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/routing-rules'),
    payload: { category: 'dirty', departmentId: 1 },
    outsider: 403,
  },
  'PATCH /api/v1/admin/routing-rules/:id': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/routing-rules/1'),
    payload: { enabled: false },
    outsider: 403,
  },
  'DELETE /api/v1/admin/routing-rules/:id': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/routing-rules/1'),
    outsider: 403,
  },
  'POST /api/v1/admin/reply-templates': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/reply-templates'),
    payload: { title: 'x', body: 'y' },
    outsider: 403,
  },
  'PATCH /api/v1/admin/reply-templates/:id': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/reply-templates/1'),
    payload: { active: false },
    outsider: 403,
  },
  'DELETE /api/v1/admin/reply-templates/:id': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/reply-templates/1'),
    outsider: 403,
  },
  'GET /api/v1/admin/open311-clients': { allowed: ADMIN, url: fixed('/api/v1/admin/open311-clients'), outsider: 403 },
  'POST /api/v1/admin/open311-clients': {
    allowed: ADMIN,
    url: fixed('/api/v1/admin/open311-clients'),
    payload: { name: 'intruder' },
    outsider: 403,
  },
  'POST /api/v1/admin/open311-clients/:id/revoke': {
    allowed: ADMIN,
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
  let sessions: Record<Actor, StaffRequestParts>;
  let outsider: StaffRequestParts;
  let cleaner: StaffRequestParts;
  let staffId: number;
  let housing: number;

  /** A report of the sanitation department with a photo and an extension request of its own. */
  async function fixtures(): Promise<Ids> {
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
    const supported = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${report.id}/supporting-departments`,
      payload: { departmentIds: [housing] },
      ...sessions.dispatcher,
    });
    expect(supported.statusCode).toBe(200);
    return { report: report.id, attachment: photo.json().id, extension: extension.json().id, staff: staffId };
  }

  beforeAll(async () => {
    t = await createTestApp();
    const sanitation = await departmentId(t, 'sanitation');
    const urban = await departmentId(t, 'urban_management');
    housing = await departmentId(t, 'housing');
    cleaner = await staffSession(t, 'matrix-cleaner', 'department_staff', sanitation);
    outsider = await staffSession(t, 'matrix-outsider', 'department_staff', urban);
    sessions = {
      admin: await staffSession(t, 'matrix-admin', 'admin', null),
      dispatcher: await staffSession(t, 'matrix-dispatcher', 'dispatcher', null),
      // A leader of another office who covers sanitation among others.
      leader: await staffSession(t, 'matrix-leader', 'leader', null, [sanitation]),
      own: cleaner,
      supporter: await staffSession(t, 'matrix-supporter', 'department_staff', housing),
      otherLeader: await staffSession(t, 'matrix-other-leader', 'leader', urban),
      outsider,
    };
    // Admins change this account, not one the other cases log in with.
    await staffSession(t, 'matrix-bystander', 'department_staff', urban);
    const [bystander] = await t.dataSource.query(`SELECT id FROM staff_user WHERE username = 'matrix-bystander'`);
    staffId = bystander.id;
    ids = await fixtures();
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

  const pairs = Object.keys(MATRIX).flatMap((route) => ACTORS.map((actor) => [route, actor] as const));
  it.each(pairs)('%s as %s: allowed only to those the rules name', async (route, actor) => {
    const method = route.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'DELETE';
    const { url, payload, photo, outsider: hidden, allowed } = MATRIX[route]!;
    // Each case acts on a report of its own: one actor's change must not decide the next one's answer.
    const fresh = route.includes('/staff/') && route.includes(':id') ? await fixtures() : ids;
    const form = photo ? photoForm() : undefined;
    const response = await t.app.inject({
      method,
      url: url(fresh),
      payload: form?.payload ?? payload,
      cookies: sessions[actor].cookies,
      headers: { ...sessions[actor].headers, ...form?.headers },
    });
    const refused = response.statusCode === 403 || (response.statusCode === hidden && hidden === 404);
    expect({ actor, status: response.statusCode, refused }).toEqual({
      actor,
      status: response.statusCode,
      refused: !allowed.includes(actor),
    });
    expect(response.statusCode).not.toBe(401);
    expect(response.statusCode).toBeLessThan(500);
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
