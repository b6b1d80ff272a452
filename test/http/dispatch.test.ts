import { AuditEntry, ClassificationExample, Department, TimelineEvent } from '../../src/db/entities';
import type { StaffRole } from '../../src/db/entities/staff-user.entity';
import { staffSession } from '../support/staff-session';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

describe('dispatcher actions: correct the category, assign or reassign the department', () => {
  let t: TestApp;
  let sanitation: number;
  let housing: number;
  beforeAll(async () => {
    t = await createTestApp();
    const departments = t.dataSource.getRepository(Department);
    sanitation = (await departments.findOneByOrFail({ code: 'sanitation' })).id;
    housing = (await departments.findOneByOrFail({ code: 'housing' })).id;
  });
  afterAll(() => t.close());

  const session = (username: string, role: StaffRole, departmentId: number | null) =>
    staffSession(t, username, role, departmentId);
  async function report(content: string) {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ content }),
    });
    const [{ id }] = await t.dataSource.query('SELECT id FROM submission WHERE tracking_code = $1', [
      created.json().trackingCode,
    ]);
    return { id: id as number, body: created.json() };
  }

  it('corrects a category, keeps the correction as a training example and writes it on the record', async () => {
    const dispatcher = await session('dispatch-a', 'dispatcher', null);
    const { id, body } = await report('嗯嗯嗯嗯');
    expect(body).toMatchObject({ needsReview: true, department: { code: 'dispatch' } });

    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${id}/classification`,
      payload: { category: 'dirty', subcategory: 'litter' },
      ...dispatcher,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ category: 'dirty', subcategory: 'litter', needsReview: false });
    expect(await t.dataSource.getRepository(ClassificationExample).findBy({ submissionId: id })).toEqual([
      expect.objectContaining({ text: '嗯嗯嗯嗯', category: 'dirty', subcategory: 'litter' }),
    ]);
    const notes = await t.dataSource.getRepository(TimelineEvent).findBy({ submissionId: id, type: 'classification' });
    expect(notes.map((n) => n.note)).toEqual(expect.arrayContaining([expect.stringContaining('更正为')]));
    expect(
      await t.dataSource.getRepository(AuditEntry).countBy({ action: 'classification.correct', targetId: id }),
    ).toBe(1);
  });

  it('assigns a parked report, then reassigns it; the new department sees it', async () => {
    const dispatcher = await session('dispatch-b', 'dispatcher', null);
    const { id } = await report('嗯嗯嗯嗯嗯');
    const assign = (departmentId: number) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/staff/submissions/${id}/department`,
        payload: { departmentId },
        ...dispatcher,
      });

    const first = await assign(sanitation);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'assigned', department: { id: sanitation } });
    const second = await assign(housing);
    expect(second.json()).toMatchObject({ status: 'assigned', department: { id: housing } });

    const builder = await session('housing-a', 'department_staff', housing);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${id}`, ...builder })).statusCode).toBe(
      200,
    );
    const cleaner = await session('sanitation-a', 'department_staff', sanitation);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${id}`, ...cleaner })).statusCode).toBe(
      404,
    );
  });

  it('refuses these actions to department staff, and an unknown department', async () => {
    const staff = await session('sanitation-b', 'department_staff', sanitation);
    const dispatcher = await session('dispatch-c', 'dispatcher', null);
    const { id } = await report('小区门口垃圾桶满了三天没人清运');
    const asStaff = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${id}/classification`,
      payload: { category: 'other', subcategory: 'question' },
      ...staff,
    });
    expect(asStaff.statusCode).toBe(403);
    const unknown = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${id}/department`,
      payload: { departmentId: 999999 },
      ...dispatcher,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.fields[0].field).toBe('departmentId');
    const mismatched = await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${id}/classification`,
      payload: { category: 'dirty', subcategory: 'street_vendor' },
      ...dispatcher,
    });
    expect(mismatched.statusCode).toBe(400);
  });
});
