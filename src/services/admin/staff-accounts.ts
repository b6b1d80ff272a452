import { DataSource, In } from 'typeorm';
import { Department, StaffSession, StaffUser } from '../../db/entities';
import type { StaffRole } from '../../db/entities/staff-user.entity';
import { ValidationFailed } from '../../errors';
import { audit } from '../audit';
import { hashPassword } from '../auth/passwords';
import { isUniqueViolation } from './reference-data';

export interface StaffAccountInput {
  readonly username?: string;
  readonly displayName?: string;
  readonly role?: StaffRole;
  readonly password?: string;
  readonly departmentId?: number | null;
  /** A leader's further departments. */
  readonly departmentIds?: readonly number[];
  readonly active?: boolean;
}

/** Department staff and leaders belong to a department; admins and dispatchers need none. */
function checkShape(role: StaffRole, departmentId: number | null): void {
  if ((role === 'department_staff' || role === 'leader') && departmentId === null) {
    throw new ValidationFailed([
      { field: 'departmentId', rule: 'required', message: '承办单位工作人员和分管领导必须属于一个单位' },
    ]);
  }
}

async function departmentsById(dataSource: DataSource, ids: readonly number[]): Promise<Department[]> {
  const unique = [...new Set(ids)];
  const found = unique.length ? await dataSource.getRepository(Department).findBy({ id: In(unique) }) : [];
  const missing = unique.filter((id) => !found.some((d) => d.id === id));
  if (missing.length) {
    throw new ValidationFailed([
      { field: 'departmentIds', rule: 'exists', message: `没有这些承办单位：${missing.join('、')}` },
    ]);
  }
  return found;
}

export function listStaff(dataSource: DataSource): Promise<StaffUser[]> {
  return dataSource.getRepository(StaffUser).find({ relations: { coveredDepartments: true }, order: { id: 'ASC' } });
}

export async function createStaff(
  dataSource: DataSource,
  admin: StaffUser,
  input: Required<Pick<StaffAccountInput, 'username' | 'displayName' | 'role' | 'password'>> & StaffAccountInput,
): Promise<StaffUser> {
  const departmentId = input.departmentId ?? null;
  checkShape(input.role, departmentId);
  if (departmentId !== null) await departmentsById(dataSource, [departmentId]);
  const covered = input.role === 'leader' ? await departmentsById(dataSource, input.departmentIds ?? []) : [];
  const staff = dataSource.getRepository(StaffUser);
  const usernameTaken = () =>
    new ValidationFailed([{ field: 'username', rule: 'unique', message: '这个用户名已被使用' }]);
  if (await staff.existsBy({ username: input.username })) throw usernameTaken();
  const user = staff.create({
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    passwordHash: await hashPassword(input.password),
    departmentId,
    coveredDepartments: covered,
    active: input.active ?? true,
  });
  try {
    return await dataSource.transaction(async (manager) => {
      const saved = await manager.getRepository(StaffUser).save(user);
      await audit(manager, {
        staffUserId: admin.id,
        username: admin.username,
        action: 'admin.staff.create',
        targetType: 'staff_user',
        targetId: saved.id,
        details: { username: saved.username, role: saved.role, departmentId },
      });
      return saved;
    });
  } catch (error) {
    // Two admins creating the same name at once both pass the check above; the unique index decides.
    if (isUniqueViolation(error)) throw usernameTaken();
    throw error;
  }
}

/**
 * Changes an account. A new password, a deactivation or a change of role ends the account's
 * sessions, so the change takes effect at once rather than at the next log-in.
 */
export async function updateStaff(
  dataSource: DataSource,
  admin: StaffUser,
  id: number,
  input: StaffAccountInput,
): Promise<StaffUser> {
  const user = await dataSource
    .getRepository(StaffUser)
    .findOne({ where: { id }, relations: { coveredDepartments: true } });
  if (!user) throw new ValidationFailed([{ field: 'id', rule: 'exists', message: '没有这个账号' }]);
  const role = input.role ?? user.role;
  const departmentId = input.departmentId === undefined ? user.departmentId : input.departmentId;
  checkShape(role, departmentId);
  if (departmentId !== null && departmentId !== user.departmentId) await departmentsById(dataSource, [departmentId]);
  if (id === admin.id && (input.active === false || (input.role && input.role !== 'admin'))) {
    throw new ValidationFailed([{ field: 'role', rule: 'self', message: '不能停用自己或取消自己的管理员身份' }]);
  }
  const endSessions =
    input.password !== undefined || input.active === false || (input.role !== undefined && input.role !== user.role);
  if (input.displayName !== undefined) user.displayName = input.displayName;
  user.role = role;
  user.departmentId = departmentId;
  if (input.departmentIds !== undefined)
    user.coveredDepartments = await departmentsById(dataSource, input.departmentIds);
  if (role !== 'leader') user.coveredDepartments = [];
  if (input.active !== undefined) user.active = input.active;
  if (input.password !== undefined) {
    user.passwordHash = await hashPassword(input.password);
    user.failedLogins = 0;
    user.lockedUntil = null;
  }
  return dataSource.transaction(async (manager) => {
    const saved = await manager.getRepository(StaffUser).save(user);
    if (endSessions) await manager.getRepository(StaffSession).delete({ staffUserId: id });
    await audit(manager, {
      staffUserId: admin.id,
      username: admin.username,
      action: 'admin.staff.update',
      targetType: 'staff_user',
      targetId: id,
      // What changed, never the password itself.
      details: { ...input, password: input.password === undefined ? undefined : '(changed)' },
    });
    return saved;
  });
}
