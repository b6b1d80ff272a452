import { StaffSession, StaffUser } from '../../src/db/entities';
import { hashPassword } from '../../src/services/auth/passwords';
import { TestApp, createTestApp } from '../support/test-app';

describe('staff login, sessions and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  async function aStaffMember(username: string, password = 'correct-horse-1') {
    await t.dataSource.getRepository(StaffUser).insert({
      username,
      displayName: '王调度',
      passwordHash: await hashPassword(password),
      role: 'dispatcher',
      departmentId: null,
    });
  }
  const login = (username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  const cookieOf = (response: { cookies: Array<{ name: string; value: string }> }) =>
    response.cookies.find((c) => c.name === 'cc_session')!.value;

  it('logs in with an HttpOnly, SameSite=Strict session cookie and a CSRF token', async () => {
    await aStaffMember('wang');
    const response = await login('wang', 'correct-horse-1');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      user: { username: 'wang', role: 'dispatcher' },
      csrfToken: expect.any(String),
    });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/cc_session=/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const token = cookieOf(response);
    const stored = await t.dataSource.getRepository(StaffSession).find();
    expect(stored.some((s) => s.tokenHash === token)).toBe(false); // only a hash is kept

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { cc_session: token } });
    expect(me.json()).toMatchObject({ user: { username: 'wang' } });
  });

  it('answers a wrong name and a wrong password alike', async () => {
    await aStaffMember('li');
    const wrongPassword = await login('li', 'not-the-password');
    const wrongName = await login('nobody-here', 'not-the-password');
    expect([wrongPassword.statusCode, wrongName.statusCode]).toEqual([401, 401]);
    expect(wrongPassword.json().error.message).toBe(wrongName.json().error.message);
  });

  it('locks an account after five wrong passwords, even against the right one', async () => {
    await aStaffMember('zhao');
    for (let i = 0; i < 4; i += 1) expect((await login('zhao', 'wrong-password')).statusCode).toBe(401);
    const fifth = await login('zhao', 'wrong-password');
    expect(fifth.statusCode).toBe(429);
    expect(fifth.json().error.code).toBe('account_locked');
    expect((await login('zhao', 'correct-horse-1')).statusCode).toBe(429);
  });

  it('refuses staff endpoints without a session, and changes without the CSRF token', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' })).statusCode).toBe(401);
    await aStaffMember('sun');
    const session = await login('sun', 'correct-horse-1');
    const token = cookieOf(session);
    const withoutCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { cc_session: token },
    });
    expect(withoutCsrf.statusCode).toBe(403);
    expect(withoutCsrf.json().error.code).toBe('forbidden');
    const wrongCsrf = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { cc_session: token },
      headers: { 'x-csrf-token': 'guess' },
    });
    expect(wrongCsrf.statusCode).toBe(403);
  });

  it('logs out: the cookie stops working', async () => {
    await aStaffMember('zhou');
    const session = await login('zhou', 'correct-horse-1');
    const token = cookieOf(session);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      cookies: { cc_session: token },
      headers: { 'x-csrf-token': session.json().csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { cc_session: token } })).statusCode,
    ).toBe(401);
  });

  it('validates the login body', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'x' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.fields[0].field).toBe('password');
  });
});
