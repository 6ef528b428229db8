// Sync health page: every paired device — last seen, last event received, events the server
// knows are still on the device (open seq gaps: a till's later receipts arrived, earlier ones
// not yet) and how old the oldest is, open exceptions — and the dead letters (rejected
// events) with their reason. Admins replay a dead letter: its stored payload runs again
// through the normal push path (events/apply-push.ts) as the device that sent it. "Last seen" is
// the later of the device's own heartbeat and its last event received.
import type { SyncHealth } from '../../shared/reports/report-types.ts';
import type { DeviceCollection } from '../../shared/schemas/index.ts';
import type { Db, Queryable } from '../db/db.ts';
import { applyPush, type PushLogger } from '../events/apply-push.ts';
import type { EventRegistry } from '../events/registry.ts';

export class ReplayError extends Error {
  readonly code: 'not_found' | 'already_replayed' | 'device_revoked' | 'unknown_collection' | 'rejected_again' | 'summary_only';
  constructor(code: ReplayError['code'], message: string) {
    super(message);
    this.name = 'ReplayError';
    this.code = code;
  }
}

/**
 * Per device: pending receipts (open sequence gaps: `gaps`) and rejected events not replayed
 * (`letters`). Both read partial or small indexes, so the dashboard uses them without the
 * per-device event figures.
 */
export const UNSENT_CTES = `gaps AS (
       SELECT split_part(p.subject, ':', 2) AS device_id, count(*)::int AS n, min(p.created_at) AS oldest FROM event_problems p
       WHERE p.code = 'seq_gap' AND p.resolved_at IS NULL AND p.subject LIKE 'till:%' GROUP BY 1),
     letters AS (SELECT device_id, count(*)::int AS n FROM dead_letters WHERE replayed_at IS NULL GROUP BY device_id)`;

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());

export async function syncHealth(db: Queryable, siteId: string | null, now: Date = new Date()): Promise<SyncHealth> {
  const devices = await db.query<{
    id: string; name: string; role: string; site: string; paired_at: Date | string; last_seen_at: Date | string | null; revoked_at: Date | string | null;
    last_event_at: Date | string | null; events_today: number; pending: number; oldest_pending: Date | string | null; open_exceptions: number; dead_letters: number;
  }>(
    // Open problems and dead letters are few (partial indexes): group them once rather than
    // probing every device's events. Per-device event figures use the (device_id, received_at) index.
    `WITH problems AS (
       SELECT e.device_id, count(*)::int AS n FROM event_problems p JOIN events e ON e.id = p.event_id
       WHERE p.resolved_at IS NULL GROUP BY e.device_id),
     ${UNSENT_CTES}
     SELECT d.id, d.name, d.role, s.code AS site, d.paired_at, d.revoked_at,
            (SELECT max(e.received_at) FROM events e WHERE e.device_id = d.id) AS last_event_at,
            -- "Today" is the device's store day (its site's zone).
            (SELECT count(*)::int FROM events e WHERE e.device_id = d.id
               AND e.received_at >= (date_trunc('day', $2::timestamptz AT TIME ZONE s.time_zone) AT TIME ZONE s.time_zone)) AS events_today,
            greatest(d.last_seen_at, (SELECT max(e.received_at) FROM events e WHERE e.device_id = d.id)) AS last_seen_at,
            coalesce(g.n, 0) AS pending, g.oldest AS oldest_pending, coalesce(pr.n, 0) AS open_exceptions, coalesce(l.n, 0) AS dead_letters
     FROM devices d JOIN sites s ON s.id = d.site_id
     LEFT JOIN problems pr ON pr.device_id = d.id LEFT JOIN gaps g ON g.device_id = d.id LEFT JOIN letters l ON l.device_id = d.id
     WHERE ($1::text IS NULL OR d.site_id = $1)
     ORDER BY s.code, d.role, d.name`,
    [siteId, now.toISOString()],
  );
  const letters = await db.query<{
    id: string; event_id: string | null; device: string; device_id: string; collection: string; reason: string; created_at: Date | string; replayed_at: Date | string | null; replay_outcome: string | null;
  }>(
    `SELECT x.id, x.event_id, d.name AS device, x.device_id, x.collection, x.reason, x.created_at, x.replayed_at, x.replay_outcome
     FROM dead_letters x JOIN devices d ON d.id = x.device_id
     WHERE ($1::text IS NULL OR d.site_id = $1) AND (x.replayed_at IS NULL OR x.replayed_at > now() - interval '7 days')
     ORDER BY x.replayed_at IS NULL DESC, x.id DESC LIMIT 2000`,
    [siteId],
  );
  return {
    devices: devices.map((d) => ({
      deviceId: d.id, name: d.name, role: d.role, site: d.site, pairedAt: iso(d.paired_at) as string, lastSeenAt: iso(d.last_seen_at), revoked: d.revoked_at !== null,
      lastEventAt: iso(d.last_event_at), eventsToday: d.events_today, pending: d.pending, oldestPendingSince: iso(d.oldest_pending),
      openExceptions: d.open_exceptions, deadLetters: d.dead_letters,
    })),
    deadLetters: letters.map((l) => ({
      id: Number(l.id), eventId: l.event_id, device: l.device, deviceId: l.device_id, collection: l.collection, reason: l.reason,
      createdAt: iso(l.created_at) as string, replayedAt: iso(l.replayed_at), replayOutcome: l.replay_outcome,
    })),
  };
}

/** Collects the reason applyPush logs when it rejects the replayed event again. */
function capturingLogger(): { log: PushLogger; failures: string[] } {
  const failures: string[] = [];
  const reasonOf = (obj: object): string => ('reason' in obj && typeof obj.reason === 'string' ? obj.reason : 'err' in obj && obj.err instanceof Error ? `internal_error: ${obj.err.message}` : 'rejected');
  return {
    failures,
    log: { info: () => undefined, warn: (obj) => failures.push(reasonOf(obj)), error: (obj) => failures.push(reasonOf(obj)) },
  };
}

export async function replayDeadLetter(db: Db, registry: EventRegistry, id: number, userId: string | null): Promise<{ id: number; outcome: string }> {
  const [x] = await db.query<{ collection: string; payload: unknown; event_id: string | null; replayed_at: Date | string | null; truncated: boolean; device_id: string; role: 'till' | 'scanner'; site_id: string; name: string; revoked_at: Date | string | null }>(
    `SELECT x.collection, x.payload, x.event_id, x.replayed_at, x.truncated, d.id AS device_id, d.role, d.site_id, d.name, d.revoked_at
     FROM dead_letters x JOIN devices d ON d.id = x.device_id WHERE x.id = $1`,
    [id],
  );
  if (!x) throw new ReplayError('not_found', `no dead letter ${id}`);
  if (x.replayed_at !== null) throw new ReplayError('already_replayed', `dead letter ${id} was already replayed`);
  if (x.revoked_at !== null) throw new ReplayError('device_revoked', `device ${x.name} is revoked: its events are not replayed`);
  if (x.truncated) throw new ReplayError('summary_only', `only a summary of dead letter ${id} was kept (too large, or ${x.name} was over its daily quota of rejected documents); the document itself is on ${x.name}`);
  if (!Object.hasOwn(registry, x.collection)) throw new ReplayError('unknown_collection', `collection ${x.collection} takes no device events`);
  const { log, failures } = capturingLogger();
  await applyPush(db, registry, x.collection as DeviceCollection, [{ newDocumentState: x.payload }], { deviceId: x.device_id, role: x.role, siteId: x.site_id, name: x.name }, log);
  const stored = x.event_id
    ? await db.query<{ status: string }>('SELECT status FROM events WHERE id = $1 AND device_id = $2', [x.event_id, x.device_id])
    : [];
  const status = stored[0]?.status;
  if (!status) {
    const reason = failures[0] ?? 'rejected';
    await db.query('UPDATE dead_letters SET replay_outcome = $2 WHERE id = $1', [id, `rejected again: ${reason}`.slice(0, 2000)]);
    throw new ReplayError('rejected_again', `the event was rejected again: ${reason}`);
  }
  await db.query('UPDATE dead_letters SET replayed_at = now(), replayed_by = $2, replay_outcome = $3 WHERE id = $1', [id, userId, status]);
  return { id, outcome: status };
}
