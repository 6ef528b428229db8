// Device pairing: an admin makes a one-time code for a site and role; the device redeems it for
// a revocable bearer token. Codes and tokens are stored as SHA-256 only (see security/secrets.ts).
import { randomInt } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { DEFAULT_DEVICE_NAMES } from '../../shared/text/display-names.ts';
import { formatStoreDateTimeText, zoneOrDefault } from '../../shared/time/index.ts';
import type { Db, Tx } from '../db/db.ts';
import { publishDevice } from '../feed/config-docs.ts';
import { newToken, sha256Hex } from '../security/secrets.ts';

export type DeviceRole = 'till' | 'scanner';

export class PairingError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'PairingError';
    this.code = code;
  }
}

// Crockford-style alphabet without look-alikes (no I, L, O, U, 0, 1): easy to type on a till.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 10;
export const PAIRING_CODE_TTL_MS = 24 * 60 * 60 * 1000;

export function normalizeCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

export interface NewPairingCode {
  code: string;
  /** ISO-8601 instant (UTC): what the JSON answers carry. */
  expiresAt: string;
  /** The site's IANA zone, so that a person reads the expiry in store time (pairingExpiryText). */
  timeZone: string;
}

export async function createPairingCode(db: Db, role: DeviceRole, siteCode: string, now = new Date()): Promise<NewPairingCode> {
  const [site] = await db.query<{ id: string; kind: string; time_zone: string }>('SELECT id, kind, time_zone FROM sites WHERE code = $1', [siteCode]);
  if (!site) throw new PairingError('unknown_site', `no site with code ${siteCode}`);
  // A scanner station works in a warehouse, or in a store that ships channel orders from its shelves.
  if (role === 'till' && site.kind !== 'store') throw new PairingError('wrong_site_kind', `a till pairs with a store, and ${siteCode} is a ${site.kind}`);
  let raw = '';
  for (let i = 0; i < CODE_LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  const expiresAt = new Date(now.getTime() + PAIRING_CODE_TTL_MS);
  await db.query('INSERT INTO pairing_codes (code_hash, role, site_id, expires_at) VALUES ($1, $2, $3, $4)', [sha256Hex(raw), role, site.id, expiresAt]);
  return { code: `${raw.slice(0, 5)}-${raw.slice(5)}`, expiresAt: expiresAt.toISOString(), timeZone: zoneOrDefault(site.time_zone) };
}

/** The machine's own zone: the expiry of a code whose site zone is unknown is read in the operator's time. */
export const localTimeZone = (): string => zoneOrDefault(Intl.DateTimeFormat().resolvedOptions().timeZone);

/**
 * A pairing code's expiry as people read it: store time, named, `8 Dec 2026, 11:20 (Europe/Paris)`.
 * The person typing the code reads the store's clock, not UTC; JSON keeps the ISO instant.
 */
export function pairingExpiryText(expiresAt: string, timeZone: string | undefined = undefined): string {
  const zone = zoneOrDefault(timeZone ?? localTimeZone());
  return `${formatStoreDateTimeText(expiresAt, zone)} (${zone})`;
}

export interface PairedDevice {
  deviceId: string;
  token: string;
  role: DeviceRole;
  siteId: string;
  /** The name it got: the one asked for, numbered ("Till 2") when an active device of the site has it; a default name always ("Till 1"). */
  name: string;
}

const DEFAULT_NAMES = new Set(Object.values(DEFAULT_DEVICE_NAMES).map((n) => n.toLowerCase()));

/**
 * Every pairing screen proposes the same default ("Till", "Scanner"): left as it is, a store's
 * device list would read Till, Till, Till and a receipt "Till: Till". A default name is always
 * numbered, from 1 ("Till 1", "Till 2"); another name is kept by the first device that asks for it
 * and numbered from 2 for the next. Either takes the lowest free number (a site whose first till
 * is still a plain "Till", paired before defaults were numbered, goes on at "Till 2").
 */
async function freeDeviceName(tx: Tx, siteId: string, wanted: string): Promise<string> {
  const taken = new Set(
    (await tx.query<{ name: string }>('SELECT lower(name) AS name FROM devices WHERE site_id = $1 AND revoked_at IS NULL', [siteId])).map((r) => r.name),
  );
  const plainTaken = taken.has(wanted.toLowerCase());
  const numbered = DEFAULT_NAMES.has(wanted.toLowerCase());
  if (!numbered && !plainTaken) return wanted;
  for (let n = numbered && !plainTaken ? 1 : 2; ; n++) if (!taken.has(`${wanted} ${n}`.toLowerCase())) return `${wanted} ${n}`;
}

/** Redeems a code once: a second redemption (or an expired code) fails. */
export async function redeemPairingCode(db: Db, code: string, name: string): Promise<PairedDevice> {
  const token = newToken();
  const deviceId = uuidv7();
  return db.transaction(async (tx) => {
    const [pc] = await tx.query<{ role: DeviceRole; site_id: string }>(
      `SELECT role, site_id FROM pairing_codes WHERE code_hash = $1 AND used_at IS NULL AND expires_at > now() FOR UPDATE`,
      [sha256Hex(normalizeCode(code))],
    );
    if (!pc) throw new PairingError('invalid_code', 'pairing code is unknown, used or expired');
    // Two pairings at one site at once could both pick the same number: serialize them per site.
    await tx.query('SELECT 1 FROM sites WHERE id = $1 FOR NO KEY UPDATE', [pc.site_id]);
    const given = await freeDeviceName(tx, pc.site_id, name.trim() || name);
    await tx.query('INSERT INTO devices (id, name, role, site_id, token_hash) VALUES ($1, $2, $3, $4, $5)', [deviceId, given, pc.role, pc.site_id, sha256Hex(token)]);
    await tx.query('UPDATE pairing_codes SET used_at = now(), device_id = $2 WHERE code_hash = $1', [sha256Hex(normalizeCode(code)), deviceId]);
    await publishDevice(tx, deviceId);
    return { deviceId, token, role: pc.role, siteId: pc.site_id, name: given };
  });
}

export interface RevokedDeviceRow {
  id: string;
  name: string;
  role: DeviceRole;
  siteCode: string;
}

/** Revokes inside the caller's transaction (the admin API audits in the same one); null when no active device has that id. */
export async function revokeDeviceTx(tx: Tx, deviceId: string): Promise<RevokedDeviceRow | null> {
  const [row] = await tx.query<{ id: string; name: string; role: DeviceRole; site_code: string }>(
    `UPDATE devices d SET revoked_at = now() FROM sites s
     WHERE d.id = $1 AND d.revoked_at IS NULL AND s.id = d.site_id RETURNING d.id, d.name, d.role, s.code AS site_code`,
    [deviceId],
  );
  if (!row) return null;
  // The device's own feed entry is deleted: its SSE stream sees the hint and closes (routes/stream.ts).
  await publishDevice(tx, deviceId);
  return { id: row.id, name: row.name, role: row.role, siteCode: row.site_code };
}

export async function revokeDevice(db: Db, deviceId: string): Promise<boolean> {
  return db.transaction(async (tx) => (await revokeDeviceTx(tx, deviceId)) !== null);
}
