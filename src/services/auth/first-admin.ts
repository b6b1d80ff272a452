import type { DataSource } from 'typeorm';
import { StaffUser } from '../../db/entities';
import { hashPassword, randomPassword } from './passwords';

export interface FirstAdminResult {
  /** Set only when an admin was created now with a generated password (show it once). */
  readonly generatedPassword?: string;
  readonly created: boolean;
  readonly username: string;
}

/**
 * Makes sure there is an administrator. The first start creates one from ADMIN_USERNAME and
 * ADMIN_PASSWORD, or with a random password that the caller prints once; later starts change
 * nothing, so a password changed in the console stays changed.
 */
export async function ensureFirstAdmin(
  dataSource: DataSource,
  settings: { username: string; password: string | undefined },
): Promise<FirstAdminResult> {
  return dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['first-admin']);
    const staff = manager.getRepository(StaffUser);
    if (await staff.existsBy({ role: 'admin' })) return { created: false, username: settings.username };
    const password = settings.password ?? randomPassword();
    await staff.insert({
      username: settings.username,
      displayName: '系统管理员',
      passwordHash: await hashPassword(password),
      role: 'admin',
      departmentId: null,
      active: true,
    });
    return {
      created: true,
      username: settings.username,
      ...(settings.password ? {} : { generatedPassword: password }),
    };
  });
}
