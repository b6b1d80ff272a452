import { performAction } from '../../src/services/perform-action';
import { addStaffPhoto } from '../../src/services/photos';
import { StaffUser } from '../../src/db/entities';
import { LocalDiskPhotoStore } from '../../src/storage/photo-store';
import { phonePhoto } from '../support/images';
import { departmentId, fileReport } from '../support/reports';
import { staffSession } from '../support/staff-session';
import { TestApp, createTestApp } from '../support/test-app';

describe('public transparency: /api/v1/public/statistics and /stats', () => {
  let t: TestApp;
  let clock: Date;
  let closedCode: string;
  let photoIds: number[];
  beforeAll(async () => {
    clock = new Date();
    t = await createTestApp({}, { now: () => clock });
    const sanitation = await departmentId(t, 'sanitation');
    await staffSession(t, 'public-cleaner', 'department_staff', sanitation);
    const cleaner = await t.dataSource
      .getRepository(StaffUser)
      .findOneOrFail({ where: { username: 'public-cleaner' }, relations: { coveredDepartments: true } });
    const actor = { role: 'department' as const, type: 'staff' as const, label: '王师傅', staffId: cleaner.id };
    const now = () => clock;
    const closed = await fileReport(t, '幸福路菜市场门口垃圾桶满了，我是张三，电话13912345678', {
      contact: { name: '张三', phone: '13912345678' },
      location: { address: '幸福路8号张三家门口' },
    });
    closedCode = closed.trackingCode;
    await performAction({ dataSource: t.dataSource, now }, { submissionId: closed.id, action: 'accept', actor });
    const store = new LocalDiskPhotoStore(t.uploadDir);
    photoIds = [];
    for (const kind of ['before_photo', 'after_photo'] as const) {
      const photo = await addStaffPhoto({ dataSource: t.dataSource, now, photoStore: store }, cleaner, {
        submissionId: closed.id,
        kind,
        bytes: await phonePhoto({ lat: 30.27, lng: 120.15 }),
      });
      photoIds.push(photo.id);
    }
    await performAction(
      { dataSource: t.dataSource, now },
      { submissionId: closed.id, action: 'resolve', actor, note: '已清运' },
    );
    await performAction(
      { dataSource: t.dataSource, now },
      { submissionId: closed.id, action: 'close', actor: { role: 'system', type: 'system', label: '系统' } },
    );
    await fileReport(t, '人民路有游商摊贩占道经营');
  });
  afterAll(() => t.close());

  it('gives totals, per category, on-time rate and recent closed cases, and nothing personal', async () => {
    const answer = await t.app.inject({ method: 'GET', url: '/api/v1/public/statistics' });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('public, max-age=60');
    const stats = answer.json();
    expect(stats).toMatchObject({ received: 2, resolved: 1, onTimeRate: 1, ratings: 0, averageRating: null });
    expect(stats.byCategory.find((c: { code: string }) => c.code === 'dirty').count).toBe(1);
    expect(stats.recentCases).toEqual([
      {
        subcategory: expect.any(String),
        department: '环卫中心',
        resolvedAt: expect.any(String),
        photos: [
          { id: photoIds[0], kind: 'before_photo' },
          { id: photoIds[1], kind: 'after_photo' },
        ].sort((a, b) => (a.kind < b.kind ? 1 : -1)),
      },
    ]);
    for (const secret of ['13912345678', '张三', '幸福路8号', closedCode, '王师傅', 'public-cleaner', '菜市场门口']) {
      expect(answer.body).not.toContain(secret);
    }
  });

  it('serves the photos of closed cases only, and the page without personal data', async () => {
    const photo = await t.app.inject({ method: 'GET', url: `/api/v1/public/photos/${photoIds[1]}?size=thumb` });
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/public/photos/999999' })).statusCode).toBe(404);

    const page = await t.app.inject({ method: 'GET', url: '/stats' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('按时办结率');
    expect(page.body).toContain('100.0%');
    expect(page.body).toContain(`/api/v1/public/photos/${photoIds[1]}?size=thumb`);
    for (const secret of ['13912345678', '张三', '幸福路8号', closedCode, '王师傅'])
      expect(page.body).not.toContain(secret);
  });

  it('computes the figures once a minute, however many visitors come', async () => {
    const first = (await t.app.inject({ method: 'GET', url: '/api/v1/public/statistics' })).json();
    await fileReport(t, '小区楼道里堆满杂物');
    const cached = (await t.app.inject({ method: 'GET', url: '/api/v1/public/statistics' })).json();
    expect(cached).toEqual(first);
    clock = new Date(clock.getTime() + 61_000);
    const fresh = (await t.app.inject({ method: 'GET', url: '/api/v1/public/statistics' })).json();
    expect(fresh.received).toBe(first.received + 1);
  });
});
