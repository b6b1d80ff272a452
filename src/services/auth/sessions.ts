import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { StaffSession, StaffUser } from '../../db/entities';
import { AccountLocked, LoginFailed } from '../../errors';
import { audit } from '../audit';
import { hashPassword, verifyPassword } from './passwords';

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export interface SessionSettings {
  readonly sessionHours: number;
}

export interface StartedSession {
  /** The cookie value; only its hash is stored. */
  readonly token: string;
  readonly csrfToken: string;
  readonly user: StaffUser;
  readonly expiresAt: Date;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

// Verifying against this when the user does not exist keeps a wrong name as slow as a wrong password.
let decoyHash: Promise<string> | undefined;

/**
 * Logs a member of staff in. Five wrong passwords in a row lock the account for 15 minutes;
 * the answer never says whether the name or the password was wrong.
 */
export async function logIn(
  deps: { dataSource: DataSource; now: () => Date; settings: SessionSettings },
  credentials: { username: string; password: string },
  ip: string | null = null,
): Promise<StartedSession> {
  const now = deps.now();
  const users = deps.dataSource.getRepository(StaffUser);
  const record = (action: string, user?: StaffUser) =>
    audit(deps.dataSource.manager, {
      staffUserId: user?.id ?? null,
      username: credentials.username.slice(0, 60),
      action,
      ip,
    });
  const user = await users.findOne({
    where: { username: credentials.username },
    relations: { coveredDepartments: true },
  });
  if (!user || !user.active) {
    decoyHash ??= hashPassword(randomBytes(12).toString('hex'));
    await verifyPassword(credentials.password, await decoyHash);
    await record('login_failed');
    throw new LoginFailed();
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    throw new AccountLocked(Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000));
  }
  if (!(await verifyPassword(credentials.password, user.passwordHash))) {
    const failed = user.failedLogins + 1;
    const locked = failed >= MAX_FAILED_LOGINS;
    await users.update(user.id, {
      failedLogins: locked ? 0 : failed,
      lockedUntil: locked ? new Date(now.getTime() + LOCK_MINUTES * 60_000) : user.lockedUntil,
    });
    await record(locked ? 'account_locked' : 'login_failed', user);
    if (locked) throw new AccountLocked(LOCK_MINUTES);
    throw new LoginFailed();
  }
  await users.update(user.id, { failedLogins: 0, lockedUntil: null });
  await record('login', user);

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + deps.settings.sessionHours * 3_600_000);
  await deps.dataSource
    .getRepository(StaffSession)
    .insert({ tokenHash: hashToken(token), staffUserId: user.id, csrfToken, expiresAt });
  return { token, csrfToken, user, expiresAt };
}

/** The session and its user for a cookie token, if the session is current and the user active. */
export async function findSession(
  dataSource: DataSource,
  token: string,
  now: Date,
): Promise<{ session: StaffSession; user: StaffUser } | undefined> {
  const session = await dataSource.getRepository(StaffSession).findOne({
    where: { tokenHash: hashToken(token) },
    relations: { staffUser: { coveredDepartments: true } },
  });
  if (!session || session.expiresAt <= now || !session.staffUser.active) return undefined;
  return { session, user: session.staffUser };
}

export async function logOut(dataSource: DataSource, token: string): Promise<void> {
  await dataSource.getRepository(StaffSession).delete({ tokenHash: hashToken(token) });
}
