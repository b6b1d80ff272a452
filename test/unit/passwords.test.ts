import { hashPassword, randomPassword, verifyPassword } from '../../src/services/auth/passwords';

describe('staff passwords', () => {
  it('verify against their own hash only', async () => {
    const hash = await hashPassword('长城-Password-2026');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(hash).not.toContain('Password');
    expect(await verifyPassword('长城-Password-2026', hash)).toBe(true);
    expect(await verifyPassword('长城-Password-2027', hash)).toBe(false);
  });

  it('get a fresh salt every time', async () => {
    expect(await hashPassword('same password')).not.toBe(await hashPassword('same password'));
  });

  it('refuse malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$16384$8$1$$')).toBe(false);
  });

  it('generate long random first-admin passwords', () => {
    expect(randomPassword()).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(randomPassword()).not.toBe(randomPassword());
  });
});
