// Who is calling: a paired device (bearer device token) or a manager/admin (session token as
// bearer or cookie). Unknown, missing and revoked tokens are all the same 401.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import type { DeviceIdentity } from '../devices/identity.ts';
import type { DeviceRole } from '../devices/pairing.ts';
import { deviceScope, scopeAll, siteScope } from '../feed/publish.ts';
import { sha256Hex } from '../security/secrets.ts';
import { type SessionUser, sessionUser } from '../users/users.ts';
import { unauthorized } from './errors.ts';

export type { DeviceIdentity };

export const SESSION_COOKIE = 'aisle_session';


export function bearerToken(req: FastifyRequest): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  // Browser EventSource cannot set headers: the stream accepts ?token= too.
  const query = req.query as Record<string, unknown> | undefined;
  if (req.routeOptions.url === '/api/sync/stream' && typeof query?.token === 'string') return query.token;
  return undefined;
}

export async function authenticateDevice(db: Db, req: FastifyRequest): Promise<DeviceIdentity> {
  const token = bearerToken(req);
  if (!token) throw unauthorized();
  const [d] = await db.query<{ id: string; role: DeviceRole; site_id: string; name: string }>(
    'SELECT id, role, site_id, name FROM devices WHERE token_hash = $1 AND revoked_at IS NULL',
    [sha256Hex(token)],
  );
  if (!d) throw unauthorized();
  return { deviceId: d.id, role: d.role, siteId: d.site_id, name: d.name };
}

/** Checks a device token again (long-lived SSE streams re-check so that revocation cuts them). */
export async function deviceStillActive(db: Db, deviceId: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM devices WHERE id = $1 AND revoked_at IS NULL', [deviceId]);
  return rows.length > 0;
}

export async function authenticateUser(db: Db, req: FastifyRequest): Promise<SessionUser> {
  const token = bearerToken(req) ?? req.cookies[SESSION_COOKIE];
  if (!token) throw unauthorized('log in first');
  const user = await sessionUser(db, token);
  if (!user) throw unauthorized('session unknown or expired');
  return user;
}

/** The feed scopes a device may read: everything company-wide, its site, itself. */
export function deviceScopes(d: DeviceIdentity): string[] {
  return [scopeAll, siteScope(d.siteId), deviceScope(d.deviceId)];
}
