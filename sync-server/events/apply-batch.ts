// The fast path for a push batch: when every row is a new, valid, authorised event (or an exact
// retry of one already stored), the whole batch is applied set-based — one events insert, one
// call of the collection's batch handler, one problems insert, one acks write. Anything unusual
// (a malformed or foreign document, an id reused with another payload, a concurrent insert of the
// same id) throws `BatchFallback`, and apply-push.ts redoes the batch one event at a time with a
// savepoint each, which handles every case. Both paths give the same result; this one is faster.
import type { Problem } from '../../shared/schemas/common.ts';
import type { DeviceCollection } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { unstorableReason } from '../db/storable-json.ts';
import type { DeviceIdentity } from '../devices/identity.ts';
import { lockFeed } from '../feed/publish.ts';
import { writeAcks } from './acks.ts';
import { eventDocument } from './event-doc.ts';
import type { EventRegistry } from './registry.ts';
import { schemaProblem } from './validate.ts';

export class BatchFallback extends Error {
  readonly code = 'batch_fallback';
  constructor(reason: string) {
    super(reason);
    this.name = 'BatchFallback';
  }
}


interface Prepared {
  id: string;
  hash: string;
  doc: Record<string, unknown>;
}

function prepare(collection: DeviceCollection, raw: unknown, registry: EventRegistry, device: DeviceIdentity): Prepared & { deleted: boolean } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new BatchFallback('a row is not an object');
  const record = raw as Record<string, unknown>;
  if (unstorableReason(record)) throw new BatchFallback('a row holds a value PostgreSQL cannot store');
  const { doc, hash } = eventDocument(record);
  const id = doc.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) throw new BatchFallback('a row has a bad id');
  if (schemaProblem(collection, doc)) throw new BatchFallback(`event ${id} does not match the schema`);
  const claimed = (registry[collection].claimedBy as (e: object) => { deviceId: string; siteId: string })(doc);
  if (claimed.deviceId !== device.deviceId || claimed.siteId !== device.siteId) throw new BatchFallback(`event ${id} claims another device or site`);
  return { id, hash, doc, deleted: record._deleted === true };
}

/** Applies the batch or throws BatchFallback before anything is written that the caller cannot roll back. */
export async function applyBatch(tx: Tx, registry: EventRegistry, collection: DeviceCollection, rows: readonly { newDocumentState: unknown }[], device: DeviceIdentity): Promise<{ applied: number; duplicates: number }> {
  const handleBatch = registry[collection].handleBatch as ((tx: Tx, events: object[], ctx: { device: DeviceIdentity; now: Date }) => Promise<Map<string, Problem[]>>) | undefined;
  if (!handleBatch) throw new BatchFallback(`${collection} has no batch handler`);
  const prepared = rows.map((r) => prepare(collection, r.newDocumentState, registry, device));
  const stored = await tx.query<{ id: string; device_id: string; collection: string; payload_hash: string }>(
    'SELECT id, device_id, collection, payload_hash FROM events WHERE id = ANY($1::text[])',
    [prepared.map((p) => p.id)],
  );
  const storedById = new Map(stored.map((s) => [s.id, s]));
  const fresh = new Map<string, Prepared>();
  let duplicates = 0;
  for (const p of prepared) {
    const prior = storedById.get(p.id) ?? fresh.get(p.id);
    if (prior) {
      const priorHash = 'payload_hash' in prior ? prior.payload_hash : prior.hash;
      const sameOwner = !('device_id' in prior) || (prior.device_id === device.deviceId && prior.collection === collection);
      if (!sameOwner || priorHash !== p.hash) throw new BatchFallback(`event ${p.id} was pushed before with another payload or by another device`);
      duplicates++;
      continue;
    }
    if (p.deleted) throw new BatchFallback(`event ${p.id} is a deletion`);
    fresh.set(p.id, p);
  }
  const events = [...fresh.values()];
  if (events.length === 0) return { applied: 0, duplicates };
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO events (id, collection, device_id, site_id, payload, payload_hash, status)
     SELECT r.id, $1, $2, $3, r.payload, r.hash, 'applied' FROM jsonb_to_recordset($4::jsonb) AS r(id text, payload jsonb, hash text)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
    [collection, device.deviceId, device.siteId, JSON.stringify(events.map((e) => ({ id: e.id, payload: e.doc, hash: e.hash })))],
  );
  if (inserted.length !== events.length) throw new BatchFallback('another push stored some of these events concurrently');

  // The handler takes lockFeed(tx) once its concurrent part is done; make sure it is held
  // before the shared rows below (problems of other events, acks) whatever the handler did.
  const problems = await handleBatch(tx, events.map((e) => e.doc), { device, now: new Date() });
  await lockFeed(tx);
  const returned = [...problems].flatMap(([eventId, list]) => list.map((p) => ({ event_id: eventId, ...p })));
  if (returned.length > 0) {
    await tx.query(
      `INSERT INTO event_problems (event_id, code, message, severity)
       SELECT event_id, code, message, severity FROM jsonb_to_recordset($1::jsonb) AS p(event_id text, code text, message text, severity text)`,
      [JSON.stringify(returned)],
    );
  }
  // Acks carry every open problem, including those a handler raised with a subject.
  const open = await tx.query<Problem & { event_id: string }>(
    'SELECT event_id, code, message, severity FROM event_problems WHERE event_id = ANY($1::text[]) AND resolved_at IS NULL ORDER BY id',
    [events.map((e) => e.id)],
  );
  const openBy = new Map<string, Problem[]>();
  for (const { event_id, ...p } of open) openBy.set(event_id, [...(openBy.get(event_id) ?? []), p]);
  if (openBy.size > 0) await tx.query(`UPDATE events SET status = 'exception' WHERE id = ANY($1::text[])`, [[...openBy.keys()]]);
  await writeAcks(tx, events.map((e) => {
    const list = openBy.get(e.id) ?? [];
    return { id: e.id, collection, status: list.length > 0 ? 'exception' : 'applied', problems: list, deviceId: device.deviceId };
  }));
  return { applied: events.length, duplicates };
}
