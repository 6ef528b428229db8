// Paired devices for the back office: role, site, when paired, last seen (its last event, as the
// sync-health report counts it), revoked.
import type { Queryable } from '../db/db.ts';
import type { DeviceSummary } from '../../shared/admin-api/audit-devices.ts';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export async function listDevices(q: Queryable): Promise<DeviceSummary[]> {
  const rows = await q.query<{ id: string; name: string; role: 'till' | 'scanner'; code: string; site_name: string; paired_at: Date; last_seen_at: Date | null; revoked_at: Date | null }>(
    `SELECT d.id, d.name, d.role, s.code, s.name AS site_name, d.paired_at, d.revoked_at,
            greatest(d.last_seen_at, (SELECT max(e.received_at) FROM events e WHERE e.device_id = d.id)) AS last_seen_at
     FROM devices d JOIN sites s ON s.id = d.site_id ORDER BY d.revoked_at IS NOT NULL, s.code, d.name, d.paired_at DESC`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    role: r.role,
    siteCode: r.code,
    siteName: r.site_name,
    pairedAt: new Date(r.paired_at).toISOString(),
    lastSeenAt: iso(r.last_seen_at),
    revokedAt: iso(r.revoked_at),
  }));
}
