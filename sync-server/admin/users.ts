// Users for the back office: listed with their role, sites, state and last web login; their name,
// role, sites and active state changed; their PIN set or removed (passwords: operations.ts). Every
// change republishes the user's config entries in the same transaction (feed/config-docs.ts
// publishUsers), so paired devices learn it on their next pull — the SSE hint makes that pull
// happen at once — and a disabled user's PIN is refused there (renderer/login). Disabling also
// ends the user's web sessions. Audited with the values before and after; never a PIN or a hash.
import type { SetPin, UserPatch, UserSummary } from '../../shared/admin-api/users.ts';
import type { Db, Queryable, Tx } from '../db/db.ts';
import { publishUsers } from '../feed/config-docs.ts';
import { lockFeed } from '../feed/publish.ts';
import { hashPin } from '../security/secrets.ts';
import { defaultSiteKind, pinProblem } from '../../shared/users/user-rules.ts';
import { setUserSites, UserError, type UserRole, userSiteIds } from '../users/users.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { changedFields } from './changes.ts';
import { asAdminError } from './operations.ts';
import { auditFieldList } from '../../shared/admin-api/audit-fields.ts';

interface UserRow {
  id: string; username: string; display_name: string; role: UserRole; active: boolean; has_pin: boolean;
  sites: UserSummary['sites'] | null; last_login_at: Date | null; created_at: Date;
}

const USER_SELECT = `SELECT u.id, u.username, u.display_name, u.role, u.active, u.pin_hash IS NOT NULL AS has_pin, u.last_login_at, u.created_at,
       (SELECT jsonb_agg(jsonb_build_object('code', s.code, 'name', s.name, 'kind', s.kind) ORDER BY s.code)
          FROM user_sites us JOIN sites s ON s.id = us.site_id WHERE us.user_id = u.id) AS sites
  FROM users u`;

const toSummary = (r: UserRow): UserSummary => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  active: r.active,
  hasPin: r.has_pin,
  sites: r.sites ?? [],
  lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function listUsers(q: Queryable): Promise<UserSummary[]> {
  const rows = await q.query<UserRow>(`${USER_SELECT} ORDER BY u.active DESC, u.display_name, u.username`);
  return rows.map(toSummary);
}

async function userRow(q: Queryable, username: string, lock = false): Promise<UserRow> {
  const [row] = await q.query<UserRow>(`${USER_SELECT} WHERE u.username = $1${lock ? ' FOR UPDATE OF u' : ''}`, [username]);
  if (!row) throw new UserError('unknown_user', `There is no user named ${username}.`);
  return row;
}

/** The company always keeps an admin who can log in, and nobody locks themselves out. */
async function checkAdminsRemain(tx: Queryable, actor: Actor, before: UserRow, patch: UserPatch): Promise<void> {
  const losesAdmin = before.role === 'admin' && before.active && (patch.active === false || (patch.role !== undefined && patch.role !== 'admin'));
  if (!losesAdmin) return;
  if (actor.userId === before.id) {
    throw new UserError('own_account', patch.active === false ? 'You cannot disable your own account: another admin can.' : 'You cannot take the admin role from your own account: another admin can.');
  }
  const [row] = await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND active AND id <> $1", [before.id]);
  if ((row?.n ?? 0) === 0) throw new UserError('last_admin', `${before.display_name} (${before.username}) is the only active admin: make another user admin first.`);
}

function describe(before: UserSummary, after: UserSummary, fields: readonly string[]): { action: string; summary: string } {
  const who = `${after.role} ${after.username}`;
  if (before.active !== after.active) {
    const rest = fields.filter((f) => f !== 'active');
    return after.active
      ? { action: 'user.enable', summary: `enabled ${who}${rest.length ? ` and changed ${auditFieldList(rest)}` : ''}` }
      : { action: 'user.disable', summary: `disabled ${who} (web sessions ended; devices refuse the PIN)${rest.length ? ` and changed ${auditFieldList(rest)}` : ''}` };
  }
  return { action: 'user.update', summary: `changed ${auditFieldList(fields)} of ${who}` };
}

/** Audit form: sites by code. */
const audited = (u: UserSummary): Record<string, unknown> => ({ displayName: u.displayName, role: u.role, active: u.active, sites: u.sites.map((s) => s.code) });

export async function updateUserOp(db: Db, actor: Actor, username: string, patch: UserPatch): Promise<UserSummary> {
  try {
    return await db.transaction(async (tx: Tx) => {
      // The feed lock first, as every writer of rows devices read (feed/publish.ts).
      await lockFeed(tx);
      const beforeRow = await userRow(tx, username, true);
      await checkAdminsRemain(tx, actor, beforeRow, patch);
      const role = patch.role ?? beforeRow.role;
      // Sites follow the role: named ones are checked against it; a role whose usual kind of site
      // differs (or that has none) without sites named gets the default a new user would.
      const kindChanged = defaultSiteKind(role) !== defaultSiteKind(beforeRow.role);
      if (patch.sites !== undefined || kindChanged) await setUserSites(tx, beforeRow.id, await userSiteIds(tx, role, patch.sites));
      await tx.query(
        'UPDATE users SET display_name = coalesce($2, display_name), role = $3, active = coalesce($4, active), updated_at = now() WHERE id = $1',
        [beforeRow.id, patch.displayName?.trim() ?? null, role, patch.active ?? null],
      );
      if (patch.active === false) await tx.query('DELETE FROM auth_sessions WHERE user_id = $1', [beforeRow.id]);
      await publishUsers(tx, [beforeRow.id]);
      const before = toSummary(beforeRow);
      const after = toSummary(await userRow(tx, username));
      const change = changedFields(audited(before), audited(after));
      await recordAudit(tx, actor, { ...describe(before, after, Object.keys(change.after)), entity: 'user', entityId: after.id, ...change });
      return after;
    });
  } catch (err) {
    return asAdminError(err);
  }
}

export async function setPinOp(db: Db, actor: Actor, username: string, body: SetPin): Promise<UserSummary> {
  // The slow hash is made before the transaction, not while it holds the feed lock.
  const pinHash = body.pin === null ? null : hashPin(body.pin);
  try {
    return await db.transaction(async (tx: Tx) => {
      await lockFeed(tx);
      const beforeRow = await userRow(tx, username, true);
      const problem = body.pin === null ? null : pinProblem(beforeRow.role, body.pin);
      if (problem) throw new UserError('bad_pin', problem);
      await tx.query('UPDATE users SET pin_hash = $2, updated_at = now() WHERE id = $1', [beforeRow.id, pinHash]);
      await publishUsers(tx, [beforeRow.id]);
      const after = toSummary(await userRow(tx, username));
      await recordAudit(tx, actor, {
        action: 'user.pin', entity: 'user', entityId: after.id,
        summary: body.pin === null ? `removed the PIN of ${after.role} ${after.username}` : `${beforeRow.has_pin ? 'changed' : 'set'} the PIN of ${after.role} ${after.username}`,
        before: { pin: beforeRow.has_pin ? 'set' : 'none' }, after: { pin: after.hasPin ? 'set' : 'none' },
      });
      return after;
    });
  } catch (err) {
    return asAdminError(err);
  }
}
