import { QUEUE_COUNT_CAP, SEARCH_COUNT_CAP } from '../../src/services/staff-queue';
import { departmentId, fileReport } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

/**
 * The queue's answers that change with volume: counts that stop at a cap, a search served by the
 * gram index (rare words) or by walking the queue in order (common ones), and the same results
 * either way.
 */
describe('the staff queue on many reports', () => {
  let t: TestApp;
  let dispatcher: Awaited<ReturnType<typeof staffSession>>;

  beforeAll(async () => {
    t = await createTestApp();
    dispatcher = await staffSession(t, 'scale-dispatcher', 'dispatcher', null);
  });
  afterAll(() => t.close());

  const get = async (url: string, as = dispatcher) => {
    const answer = await t.app.inject({ method: 'GET', url, ...as });
    expect(answer.statusCode).toBe(200);
    return answer.json();
  };
  /** Copies of one filed report, as many as asked, each with its own code and time. */
  const copies = async (id: number, n: number, content: string, prefix: string) =>
    t.dataSource.query(
      `INSERT INTO submission (tracking_code, content, channel, category, subcategory, confidence, needs_review,
              classification, department_id, status, accept_deadline, resolve_deadline, created_at, updated_at)
       SELECT $4 || lpad(g::text, 4, '0') || '-' || lpad((g % 100000)::text, 5, '0'), $3, channel, category, subcategory,
              confidence, needs_review, classification, department_id, status, accept_deadline, resolve_deadline,
              created_at - g * interval '1 second', updated_at
         FROM submission, generate_series(1, $2) AS g WHERE id = $1`,
      [id, n, content, prefix],
    );

  it('finds rare and common words alike, newest first, and stops counting a common one at the cap', async () => {
    const rare = await fileReport(t, '光华巷9号的消防栓被撞歪了，一直没人修');
    const common = await fileReport(t, '长安街的共享单车乱停乱放，挡住了盲道');
    await copies(common.id, SEARCH_COUNT_CAP + 50, '长安街的共享单车乱停乱放，挡住了盲道', 'Y');

    const found = await get(`/api/v1/staff/submissions?q=${encodeURIComponent('消防栓')}`);
    expect(found).toMatchObject({ total: 1, totalCapped: false });
    expect(found.items[0].trackingCode).toBe(rare.trackingCode);
    // Mixed case and a code typed in part, through the same index.
    const byCode = await get(`/api/v1/staff/submissions?q=${rare.trackingCode.slice(2, 8).toLowerCase()}`);
    expect(byCode.items.map((i: { trackingCode: string }) => i.trackingCode)).toContain(rare.trackingCode);
    // One character has no gram; it is still searched.
    const single = await get(`/api/v1/staff/submissions?q=${encodeURIComponent('栓')}`);
    expect(single.total).toBe(1);

    const many = await get(`/api/v1/staff/submissions?q=${encodeURIComponent('共享单车')}&limit=5`);
    expect(many).toMatchObject({ total: SEARCH_COUNT_CAP, totalCapped: true });
    expect(many.items).toHaveLength(5);
    // The original is the newest; the copies are older by a second each.
    expect(many.items[0].trackingCode).toBe(common.trackingCode);
    const times = many.items.map((i: { createdAt: string }) => Date.parse(i.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // Words that appear together in no single report match nothing, though each is indexed.
    const none = await get(`/api/v1/staff/submissions?q=${encodeURIComponent('消防栓共享')}`);
    expect(none).toMatchObject({ total: 0, items: [] });
  });

  it('counts tabs up to the cap, and past it says so', async () => {
    const filed = await fileReport(t, '幸福路菜市场门口的垃圾桶满了好几天，没人清运');
    await copies(filed.id, QUEUE_COUNT_CAP + 5, '幸福路菜市场门口的垃圾桶满了好几天，没人清运', 'Z');
    const counts = await get('/api/v1/staff/submissions/counts');
    expect(counts.countCap).toBe(QUEUE_COUNT_CAP);
    expect(counts.byStatus.assigned).toBe(QUEUE_COUNT_CAP + 1);
    expect(counts.total).toBeGreaterThan(QUEUE_COUNT_CAP);
    const list = await get('/api/v1/staff/submissions?status=assigned&limit=1');
    expect(list).toMatchObject({ total: QUEUE_COUNT_CAP, totalCapped: true });
    const few = await get('/api/v1/staff/submissions?category=crude');
    expect(few.totalCapped).toBe(false);
  }, 60_000);

  it("counts a department's own reports and those it supports, once each", async () => {
    const sanitation = await departmentId(t, 'sanitation');
    const staff = await staffSession(t, 'scale-sanitation', 'department_staff', sanitation);
    const before = await get('/api/v1/staff/submissions/counts?category=disorder', staff);
    const other = await fileReport(t, '人民路有游商摊贩占道经营，堵住了人行道');
    expect(other.department).not.toBe('sanitation');
    await t.dataSource.query(
      'INSERT INTO submission_supporting_department (submission_id, department_id) VALUES ($1, $2)',
      [other.id, sanitation],
    );
    const after = await get('/api/v1/staff/submissions/counts?category=disorder', staff);
    expect(after.total).toBe(Math.min(before.total, QUEUE_COUNT_CAP + 1) + 1);
    const listed = await get(`/api/v1/staff/submissions?q=${encodeURIComponent('游商摊贩')}`, staff);
    expect(listed.items.map((i: { trackingCode: string }) => i.trackingCode)).toEqual([other.trackingCode]);
  });
});
