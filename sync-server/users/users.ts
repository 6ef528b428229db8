// Users: creation (CLI, seed) and password login for managers/admins with server-side sessions.
import { v7 as uuidv7 } from 'uuid';
import type { Db, Queryable } from '../db/db.ts';
import { pgErrorCode } from '../db/db.ts';
import { defaultSiteKind, pinProblem, servedSiteKinds, type SiteKind, USERNAME_PATTERN } from '../../shared/users/user-rules.ts';
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


export async function addUser(db: Db, u: NewUser): Promise<{ id: string; username: string; role: UserRole }> {
  if (!USERNAME_PATTERN.test(u.username)) throw new UserError('bad_username', 'username: 1-64 characters of a-z 0-9 . _ -');
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
      await setUserSites(tx, id, await userSiteIds(tx, u.role, u.sites));
      await publishUsers(tx, [id]);
    });
  } catch (err) {
    if (pgErrorCode(err) === '23505') throw new UserError('username_taken', `user ${u.username} already exists`);
    throw err;
  }
  return { id, username: u.username, role: u.role };
}

const KINDS_TEXT = { store: 'stores', warehouse: 'warehouses' } as const;

/**
 * The ids of the sites a user of `role` works at: the named ones (each must exist and be of a kind
 * the role serves), or by default every site of the role's usual kind (stores for till roles,
 * warehouses for pickers). Managers and admins are not tied to a site: none, and naming some is refused.
 */
export async function userSiteIds(q: Queryable, role: UserRole, codes: readonly string[] | undefined): Promise<string[]> {
  const kind = defaultSiteKind(role);
  if (kind === null) {
    if (codes?.length) throw new UserError('sites_not_applicable', `A ${role} is not tied to a site (managers and admins see every site): leave the sites empty.`);
    return [];
  }
  if (codes === undefined) return (await q.query<{ id: string }>('SELECT id FROM sites WHERE kind = $1 ORDER BY code', [kind])).map((r) => r.id);
  const rows = await q.query<{ id: string; code: string; name: string; kind: SiteKind }>('SELECT id, code, name, kind FROM sites WHERE code = ANY($1::text[])', [[...codes]]);
  const missing = codes.filter((c) => !rows.some((r) => r.code === c));
  if (missing.length) throw new UserError('unknown_site', `There is no site with code ${missing.join(', ')}.`);
  const served = servedSiteKinds(role);
  const wrong = rows.find((r) => !served.includes(r.kind));
  if (wrong) throw new UserError('wrong_site_kind', `A ${role} works at ${served.map((k) => KINDS_TEXT[k]).join(' or ')}: ${wrong.name} (${wrong.code}) is a ${wrong.kind}.`);
  return rows.map((r) => r.id);
}

/** Replaces where a user works (the caller republishes the user: feed/config-docs.ts publishUsers). */
export async function setUserSites(tx: Queryable, userId: string, siteIds: readonly string[]): Promise<void> {
  await tx.query('DELETE FROM user_sites WHERE user_id = $1 AND NOT (site_id = ANY($2::text[]))', [userId, [...siteIds]]);
  await tx.query('INSERT INTO user_sites (user_id, site_id) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [userId, [...siteIds]]);
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
  if (!u?.password_hash || !ok || (u.role !== 'manager' && u.role !== 'admin')) throw new UserError('bad_credentials', 'wrong username or password, or not a manager/admin');
  // Said only to whoever knows the password: the account exists and an admin turned it off.
  if (!u.active) throw new UserError('account_disabled', 'This account is disabled: ask an admin to enable it.');
  // A hash made at an older cost is replaced while the password is at hand (unless it changed meanwhile).
  if (!passwordHashIsCurrent(u.password_hash)) {
    await db.query('UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3', [await hashPassword(password), u.id, u.password_hash]);
  }
  const token = newToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.transaction(async (tx) => {
    await tx.query('INSERT INTO auth_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [sha256Hex(token), u.id, expiresAt]);
    await tx.query('UPDATE users SET last_login_at = now() WHERE id = $1', [u.id]);
  });
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
