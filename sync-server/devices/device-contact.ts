// When each device was last heard from, for the back office's device list and the sync-health
// report: its last successful pull or push (`last_sync_at`, written here by the sync routes), its
// last contact of any kind (`last_seen_at`: a sync, a status report, a stream heartbeat), and what
// it last reported as still waiting for the server (`unsent_count`, POST /api/sync/status).
import type { DeviceStatusReport } from '../../shared/schemas/device-status.ts';
import type { Queryable } from '../db/db.ts';

/** A busy till pulls and pushes many times a second: one write per device per this interval is enough for a list read by people. */
export const SYNC_CONTACT_EVERY_MS = 2_000;

/**
 * Notes successful syncs. Writes at most once per device per interval per process (the time is
 * for people, to the second); a process restart or another process may write once more.
 */
export class SyncContacts {
  private readonly written = new Map<string, number>();

  constructor(
    private readonly db: Queryable,
    private readonly everyMs = SYNC_CONTACT_EVERY_MS,
  ) {}

  async synced(deviceId: string, now = Date.now()): Promise<void> {
    const last = this.written.get(deviceId);
    if (last !== undefined && now - last < this.everyMs) return;
    this.written.set(deviceId, now);
    await this.db.query('UPDATE devices SET last_sync_at = now(), last_seen_at = now() WHERE id = $1', [deviceId]);
  }
}

/** The device's own report of what still waits to reach the server. */
export async function recordDeviceStatus(db: Queryable, deviceId: string, report: DeviceStatusReport): Promise<void> {
  await db.query('UPDATE devices SET unsent_count = $2, unsent_reported_at = now(), last_seen_at = now() WHERE id = $1', [deviceId, report.unsent]);
}

/** A stream heartbeat: still active? (revocation closes the stream) — and seen now. */
export async function heartbeatSeen(db: Queryable, deviceId: string): Promise<boolean> {
  const rows = await db.query('UPDATE devices SET last_seen_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING 1', [deviceId]);
  return rows.length > 0;
}
