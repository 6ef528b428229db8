// Users: creation (CLI, seed) and password login for managers/admins with server-side sessions.
import { v7 as uuidv7 } from 'uuid';
import type { Db, Queryable } from '../db/db.ts';
import { pgErrorCode } from '../db/db.ts';
import { publishUsers } from '../feed/config-docs.ts';
import { hashPassword, hashPin, newToken, passwordHashIsCurrent, sha256Hex, verifyPassword } from '../security/secrets.ts';

export const USER_ROLES = ['cashier', 'supervisor', 'picker', 'manager', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export class UserError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'UserError';
    this.code = code;
  }
}

export function isUserRole(role: string): role is UserRole {
  return (USER_ROLES as readonly string[]).includes(role);
}

export interface NewUser {
  username: string;
  password: string;
  role: UserRole;
  pin?: string;
  displayName?: string;
  /** Site codes where the user works (their PIN hash goes to those sites' devices); default: every site their role serves. */
  sites?: string[];
}

/** Supervisors approve overrides with their PIN: theirs is longer (docs/till.md, PIN threat model). */
export function pinProblem(role: UserRole, pin: string): string | null {
  const min = role === 'supervisor' ? 6 : 4;
  return new RegExp(`^[0-9]{${min},8}$`).test(pin) ? null : `a ${role}'s PIN must be ${min} to 8 digits`;
}

export async function addUser(db: Db, u: NewUser): Promise<{ id: string; username: string; role: UserRole }> {
  if (!/^[a-z0-9._-]{1,64}$/.test(u.username)) throw new UserError('bad_username', 'username: 1-64 characters of a-z 0-9 . _ -');
  checkPassword(u.password);
  const badPin = u.pin === undefined ? null : pinProblem(u.role, u.pin);
  if (badPin) throw new UserError('bad_pin', badPin);
  const id = uuidv7();
  const passwordHash = await hashPassword(u.password);
  const pinHash = u.pin === undefined ? null : hashPin(u.pin);
  try {
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO users (id, username, display_name, role, password_hash, pin_hash) VALUES ($1, $2, $3, $4, $5, $6)', [
        id, u.username, u.displayName ?? u.username, u.role, passwordHash, pinHash,
      ]);
      const servedKind = u.role === 'picker' ? 'warehouse' : u.role === 'cashier' || u.role === 'supervisor' ? 'store' : null;
      const sites = u.sites
        ? await tx.query<{ id: string }>('SELECT id FROM sites WHERE code = ANY($1::text[])', [u.sites])
        : await tx.query<{ id: string }>('SELECT id FROM sites WHERE kind = $1', [servedKind ?? '']);
      if (u.sites && sites.length !== new Set(u.sites).size) throw new UserError('unknown_site', `no site ${u.sites.join(', ')}`);
      for (const site of sites) await tx.query('INSERT INTO user_sites (user_id, site_id) VALUES ($1, $2)', [id, site.id]);
      await publishUsers(tx, [id]);
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw new UserError('username_taken', `user ${u.username} already exists`);
    throw err;
  }
  return { id, username: u.username, role: u.role };
}

export function checkPassword(password: string): void {
  if (password.length < 4) throw new UserError('weak_password', 'password must have at least 4 characters');
}

/** Stores a new password hash (made by the caller, outside the transaction) and ends the user's sessions. */
export async function setPasswordHash(tx: Queryable, username: string, passwordHash: string): Promise<{ id: string; username: string; role: UserRole }> {
  const [row] = await tx.query<{ id: string; role: UserRole }>('UPDATE users SET password_hash = $1 WHERE username = $2 RETURNING id, role', [passwordHash, username]);
  if (!row) throw new UserError('unknown_user', `no user ${username}`);
  await tx.query('DELETE FROM auth_sessions WHERE user_id = $1', [row.id]);
  return { id: row.id, username, role: row.role };
}

let dummy: Promise<string> | undefined;
const dummyHash = (): Promise<string> => (dummy ??= hashPassword('not a real password'));

export interface SessionUser {
  userId: string;
  username: string;
  role: UserRole;
}

/** Managers and admins only: other roles work on devices with their PIN. */
export async function login(db: Db, username: string, password: string): Promise<{ token: string; expiresAt: Date; user: SessionUser }> {
  const [u] = await db.query<{ id: string; role: UserRole; password_hash: string | null; active: boolean }>(
    'SELECT id, role, password_hash, active FROM users WHERE username = $1',
    [username],
  );
  // Unknown users cost one hash too, so response time does not tell which usernames exist.
  const ok = await verifyPassword(password, u?.password_hash ?? (await dummyHash()));
  if (!u?.password_hash || !ok || !u.active || (u.role !== 'manager' && u.role !== 'admin')) throw new UserError('bad_credentials', 'wrong username or password, or not a manager/admin');
  // A hash made at an older cost is replaced while the password is at hand (unless it changed meanwhile).
  if (!passwordHashIsCurrent(u.password_hash)) {
    await db.query('UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3', [await hashPassword(password), u.id, u.password_hash]);
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.query('INSERT INTO auth_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [sha256Hex(token), u.id, expiresAt]);
  return { token, expiresAt, user: { userId: u.id, username, role: u.role } };
}

export async function sessionUser(db: Db, token: string): Promise<SessionUser | null> {
  const [row] = await db.query<{ id: string; username: string; role: UserRole }>(
    `SELECT u.id, u.username, u.role FROM auth_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
    [sha256Hex(token)],
  );
  return row ? { userId: row.id, username: row.username, role: row.role } : null;
}
