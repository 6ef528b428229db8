// Paired devices for the back office: role, site, when paired, last seen (the later of its own
// last contact and its last event, as the sync-health report counts it), last sync, what it last
// reported as unsent (devices/device-contact.ts), revoked — and renaming one: the name is what
// lists, reports and the device's own screen show.
import type { DeviceRename, DeviceSummary } from '../../shared/admin-api/audit-devices.ts';
import type { Db, Queryable } from '../db/db.ts';
import { publishDevice } from '../feed/config-docs.ts';
import { lockFeed } from '../feed/publish.ts';
import { notFound } from '../http/errors.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

interface DeviceRow {
  id: string; name: string; role: 'till' | 'scanner'; code: string; site_name: string; paired_at: Date; last_seen_at: Date | null; last_sync_at: Date | null;
  unsent_count: number | null; unsent_reported_at: Date | null; revoked_at: Date | null;
}

const DEVICE_SELECT = `SELECT d.id, d.name, d.role, s.code, s.name AS site_name, d.paired_at, d.revoked_at, d.last_sync_at, d.unsent_count, d.unsent_reported_at,
            greatest(d.last_seen_at, (SELECT max(e.received_at) FROM events e WHERE e.device_id = d.id)) AS last_seen_at
     FROM devices d JOIN sites s ON s.id = d.site_id`;

const toSummary = (r: DeviceRow): DeviceSummary => ({
  id: r.id,
  name: r.name,
  role: r.role,
  siteCode: r.code,
  siteName: r.site_name,
  pairedAt: new Date(r.paired_at).toISOString(),
  lastSeenAt: iso(r.last_seen_at),
  lastSyncAt: iso(r.last_sync_at),
  unsentCount: r.unsent_count === null ? null : Number(r.unsent_count),
  unsentReportedAt: iso(r.unsent_reported_at),
  revokedAt: iso(r.revoked_at),
});

export async function listDevices(q: Queryable): Promise<DeviceSummary[]> {
  const rows = await q.query<DeviceRow>(`${DEVICE_SELECT} ORDER BY d.revoked_at IS NOT NULL, s.code, d.name, d.paired_at DESC`);
  return rows.map(toSummary);
}

export async function renameDeviceOp(db: Db, actor: Actor, deviceId: string, body: DeviceRename): Promise<DeviceSummary> {
  const name = body.name.trim();
  return db.transaction(async (tx) => {
    // The feed lock first, as every writer of rows devices read (feed/publish.ts).
    await lockFeed(tx);
    const [before] = await tx.query<{ name: string }>('SELECT name FROM devices WHERE id = $1 FOR UPDATE', [deviceId]);
    if (!before) throw notFound(`There is no device with id ${deviceId}.`);
    await tx.query('UPDATE devices SET name = $2 WHERE id = $1', [deviceId, name]);
    // The device shows its own name, and scanner stations know each other by name (who holds a picking).
    await publishDevice(tx, deviceId);
    const [row] = await tx.query<DeviceRow>(`${DEVICE_SELECT} WHERE d.id = $1`, [deviceId]);
    const device = toSummary(row as DeviceRow);
    await recordAudit(tx, actor, {
      action: 'device.rename', entity: 'device', entityId: deviceId,
      summary: `renamed ${device.role} "${before.name}" (${device.siteCode}) to "${name}"`,
      before: { name: before.name }, after: { name },
    });
    return device;
  });
}
