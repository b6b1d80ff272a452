import { AuditEntry, Department } from '../../src/db/entities';
import type { StaffRole } from '../../src/db/entities/staff-user.entity';
import { staffSession } from '../support/staff-session';
import { TestApp, aSubmission, createTestApp } from '../support/test-app';

describe('the audit log', () => {
  let t: TestApp;
  let sanitation: number;
  beforeAll(async () => {
    t = await createTestApp();
    sanitation = (await t.dataSource.getRepository(Department).findOneByOrFail({ code: 'sanitation' })).id;
  });
  afterAll(() => t.close());

  const session = (username: string, role: StaffRole, departmentId: number | null) =>
    staffSession(t, username, role, departmentId);
  const entries = (action: string) => t.dataSource.getRepository(AuditEntry).findBy({ action });

  it('records log-ins, failed log-ins, phone reveals and lifecycle actions', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'ghost', password: 'whatever-1' },
    });
    expect(await entries('login_failed')).toEqual([expect.objectContaining({ username: 'ghost', staffUserId: null })]);

    const staff = await session('auditor-cleaner', 'department_staff', sanitation);
    expect((await entries('login')).map((e) => e.username)).toContain('auditor-cleaner');

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/submissions',
      payload: aSubmission({ contact: { phone: '13600002222' } }),
    });
    const [{ id }] = await t.dataSource.query('SELECT id FROM submission WHERE tracking_code = $1', [
      created.json().trackingCode,
    ]);

    const queue = await t.app.inject({ method: 'GET', url: '/api/v1/staff/submissions', ...staff });
    expect(JSON.stringify(queue.json())).not.toContain('13600002222'); // the queue never reveals
    expect(await entries('phone.reveal')).toHaveLength(0);
    const detail = await t.app.inject({ method: 'GET', url: `/api/v1/staff/submissions/${id}`, ...staff });
    expect(detail.json().contact.phone).toBe('13600002222');
    expect(await entries('phone.reveal')).toEqual([
      expect.objectContaining({ targetId: id, username: 'auditor-cleaner' }),
    ]);

    await t.app.inject({
      method: 'POST',
      url: `/api/v1/staff/submissions/${id}/actions`,
      payload: { action: 'accept' },
      ...staff,
    });
    expect(await entries('lifecycle.accept')).toEqual([
      expect.objectContaining({ targetId: id, details: expect.objectContaining({ from: 'assigned', to: 'accepted' }) }),
    ]);
  });

  it('cannot be edited or deleted, even directly in the database', async () => {
    await expect(t.dataSource.query("UPDATE audit_entry SET action = 'nothing'")).rejects.toThrow(/append-only/);
    await expect(t.dataSource.query('DELETE FROM audit_entry')).rejects.toThrow(/append-only/);
  });

  it('is readable by admins only', async () => {
    const admin = await session('audit-admin', 'admin', null);
    const dispatcher = await session('audit-dispatcher', 'dispatcher', null);
    const asAdmin = await t.app.inject({ method: 'GET', url: '/api/v1/staff/audit?limit=5', ...admin });
    expect(asAdmin.statusCode).toBe(200);
    expect(asAdmin.json().items.length).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/staff/audit', ...dispatcher })).statusCode).toBe(403);
  });
});
