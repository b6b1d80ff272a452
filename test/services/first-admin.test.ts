import { StaffUser } from '../../src/db/entities';
import { ensureFirstAdmin } from '../../src/services/auth/first-admin';
import { verifyPassword } from '../../src/services/auth/passwords';
import { useTestDatabase } from '../support/test-database';

describe('ensureFirstAdmin', () => {
  const db = useTestDatabase();

  it('creates one admin with a generated password, once', async () => {
    const first = await ensureFirstAdmin(db.dataSource, { username: 'admin', password: undefined });
    expect(first).toMatchObject({ created: true, username: 'admin', generatedPassword: expect.any(String) });
    const admin = await db.dataSource.getRepository(StaffUser).findOneByOrFail({ username: 'admin' });
    expect(admin.role).toBe('admin');
    expect(await verifyPassword(first.generatedPassword!, admin.passwordHash)).toBe(true);

    const again = await ensureFirstAdmin(db.dataSource, { username: 'admin', password: 'another-password-1' });
    expect(again).toEqual({ created: false, username: 'admin' });
    expect(await db.dataSource.getRepository(StaffUser).countBy({ role: 'admin' })).toBe(1);
  });
});

describe('ensureFirstAdmin with ADMIN_PASSWORD', () => {
  const db = useTestDatabase();

  it('uses the configured password and shows none', async () => {
    const result = await ensureFirstAdmin(db.dataSource, { username: 'chief', password: 'configured-pass-1' });
    expect(result).toEqual({ created: true, username: 'chief' });
    const admin = await db.dataSource.getRepository(StaffUser).findOneByOrFail({ username: 'chief' });
    expect(await verifyPassword('configured-pass-1', admin.passwordHash)).toBe(true);
  });
});
