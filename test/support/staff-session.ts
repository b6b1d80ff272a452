import { Department, StaffUser } from '../../src/db/entities';
import type { StaffRole } from '../../src/db/entities/staff-user.entity';
import { hashPassword } from '../../src/services/auth/passwords';
import type { TestApp } from './test-app';

export interface StaffRequestParts {
  readonly cookies: { cc_session: string };
  readonly headers: { 'x-csrf-token': string };
}

/**
 * Creates a member of staff (a leader may cover further departments) and logs in: spread the
 * result into `app.inject({...})`.
 */
export async function staffSession(
  t: TestApp,
  username: string,
  role: StaffRole,
  departmentId: number | null,
  coveredDepartmentIds: readonly number[] = [],
): Promise<StaffRequestParts> {
  const users = t.dataSource.getRepository(StaffUser);
  await users.save(
    users.create({
      username,
      displayName: username,
      passwordHash: await hashPassword('correct-horse-1'),
      role,
      departmentId,
      coveredDepartments: coveredDepartmentIds.map((id) => ({ id }) as Department),
    }),
  );
  const login = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password: 'correct-horse-1' },
  });
  return {
    cookies: { cc_session: login.cookies.find((c) => c.name === 'cc_session')!.value },
    headers: { 'x-csrf-token': login.json().csrfToken as string },
  };
}
