// The admin operations the CLI shares with the admin API: each runs on a database with an actor
// and records itself in the audit log. The HTTP routes (http/routes/admin-routes.ts) call these;
// the CLI calls them directly when no server holds the data directory, or the routes when one
// does — the same code and the same answer either way.
import type { AddedUser, AddUser, CreatePairingCode, MigrateResult, PairingCode, PasswordSet, RevokedDevice, SeedDemo, SeedResult, SetPassword } from '../../shared/admin-api/operations.ts';
import type { Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { createPairingCode, PairingError, pairingExpiryText, revokeDeviceTx } from '../devices/pairing.ts';
import { HttpError, notFound } from '../http/errors.ts';
import { reconcile, type ReconcileReport } from '../ledger/reconcile.ts';
import { SeedError, seedDemo } from '../seed/demo-seed.ts';
import { hashPassword } from '../security/secrets.ts';
import { addUser, checkPassword, setPasswordHash, UserError } from '../users/users.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';

const USER_ERROR_STATUS: Record<string, number> = { username_taken: 409, unknown_user: 404, unknown_site: 404, own_account: 409, last_admin: 409 };

/** Domain errors become HTTP errors with the same code and message, so the CLI prints the same either way. */
export function asAdminError(err: unknown): never {
  if (err instanceof PairingError) throw new HttpError(err.code === 'unknown_site' ? 404 : 400, err.code, err.message);
  if (err instanceof UserError) throw new HttpError(USER_ERROR_STATUS[err.code] ?? 400, err.code, err.message);
  if (err instanceof SeedError) throw new HttpError(err.code === 'not_empty' ? 409 : 400, err.code, err.message);
  throw err;
}

async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    return asAdminError(err);
  }
}

export async function createPairingCodeOp(db: Db, actor: Actor, body: CreatePairingCode): Promise<PairingCode> {
  const result = await guarded(() => createPairingCode(db, body.role, body.site));
  await recordAudit(db, actor, {
    action: 'pairing-code.create',
    entity: 'site',
    entityId: body.site,
    summary: `created a ${body.role} pairing code for ${body.site} (expires ${pairingExpiryText(result.expiresAt, result.timeZone)})`,
    after: { role: body.role, site: body.site, expiresAt: result.expiresAt },
  });
  return result;
}

export async function addUserOp(db: Db, actor: Actor, body: AddUser): Promise<AddedUser> {
  const user = await guarded(() => addUser(db, body));
  await recordAudit(db, actor, {
    action: 'user.create',
    entity: 'user',
    entityId: user.id,
    summary: `added ${user.role} ${user.username}${body.pin ? ' with a PIN' : ''}`,
    after: { username: user.username, role: user.role, displayName: body.displayName ?? user.username, pin: body.pin ? 'set' : 'none', ...(body.sites ? { sites: body.sites } : {}) },
  });
  return user;
}

export async function setPasswordOp(db: Db, actor: Actor, username: string, body: SetPassword): Promise<PasswordSet> {
  return guarded(async () => {
    checkPassword(body.password);
    const passwordHash = await hashPassword(body.password);
    return db.transaction(async (tx) => {
      const user = await setPasswordHash(tx, username, passwordHash);
      await recordAudit(tx, actor, {
        action: 'user.password',
        entity: 'user',
        entityId: user.id,
        summary: `changed the password of ${user.role} ${user.username} (their sessions were ended)`,
      });
      return { username: user.username, role: user.role };
    });
  });
}

export async function revokeDeviceOp(db: Db, actor: Actor, deviceId: string): Promise<RevokedDevice> {
  const revoked = await db.transaction(async (tx) => {
    const row = await revokeDeviceTx(tx, deviceId);
    if (!row) return null;
    await recordAudit(tx, actor, {
      action: 'device.revoke',
      entity: 'device',
      entityId: row.id,
      summary: `revoked ${row.role} "${row.name}" (${row.siteCode})`,
      before: { name: row.name, revoked: false },
      after: { name: row.name, revoked: true },
    });
    return row;
  });
  if (!revoked) throw notFound(`no active device ${deviceId}`);
  return { revoked: deviceId };
}

export async function seedOp(db: Db, actor: Actor, body: SeedDemo): Promise<SeedResult> {
  await migrate(db);
  const result = await guarded(() => seedDemo(db, body.products === undefined ? {} : { products: body.products }));
  await recordAudit(db, actor, { action: 'seed', entity: 'database', summary: `seeded demo data: ${result.products} products`, after: result });
  return result;
}

export async function migrateOp(db: Db): Promise<MigrateResult> {
  return { applied: await migrate(db) };
}

export async function reconcileOp(db: Db): Promise<ReconcileReport> {
  await migrate(db);
  return reconcile(db);
}
