// Applying a pushed batch of device events: one transaction per batch, one savepoint per event so
// that a bad event never aborts the others. Each event is validated, checked against the pushing
// device, stored once by id (INSERT … ON CONFLICT DO NOTHING, with its effects) and acknowledged.
// Returns the conflicts RxDB expects: the stored master document for each id that was pushed
// with a different payload.
import { createHash } from 'node:crypto';
import type { Problem } from '../../shared/schemas/common.ts';
import type { DeviceCollection } from '../../shared/schemas/index.ts';
import { pgErrorCode, type Db, type Tx } from '../db/db.ts';
import { isStorableString, storableCopy, storableString, unstorableReason } from '../db/storable-json.ts';
import type { DeviceIdentity } from '../devices/identity.ts';
import { feedLockRolledBack, lockFeed } from '../feed/publish.ts';
import { writeAck } from './acks.ts';
import { applyBatch, BatchFallback } from './apply-batch.ts';
import { eventDocument } from './event-doc.ts';
import { RejectEventError } from './errors.ts';
import type { EventRegistry } from './registry.ts';
import { schemaProblem } from './validate.ts';

export interface PushRow {
  newDocumentState: unknown;
  assumedMasterState?: unknown;
}

export interface PushLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

type Outcome = { kind: 'applied' | 'exception' | 'duplicate' } | { kind: 'conflict'; stored: object };


function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A value the schema let through but a column cannot hold (PostgreSQL class 22, data exception:
 * a date like February 30th, a number out of range; or a CHECK constraint) is the document's
 * fault: a schema rejection.
 */
function asSchemaRejection(err: unknown): RejectEventError | null {
  const code = pgErrorCode(err);
  if (!code?.startsWith('22') && code !== '23514') return null;
  return new RejectEventError('schema', `a value does not fit its column: ${(err as Error).message}`);
}

/** Attempts per push when PostgreSQL picks its transaction as a deadlock victim. */
const DEADLOCK_ATTEMPTS = 3;
const DEADLOCK = '40P01';

/**
 * A batch inserts its new rows before it takes the feed lock (apply-batch.ts), while the
 * one-event-at-a-time path takes the lock first: when the same event ids arrive in both at once
 * (a retry racing its original), PostgreSQL may abort one of them as a deadlock victim. Nothing
 * of it was written, so the push is simply applied again.
 */
export async function applyPush(db: Db, registry: EventRegistry, collection: DeviceCollection, rows: readonly PushRow[], device: DeviceIdentity, log: PushLogger): Promise<object[]> {
  const conflicts: object[] = [];
  for (const [i, chunk] of pushChunks(rows).entries()) {
    // PGlite runs in this thread and answers from WASM without real I/O: a chain of its queries
    // resolves in microtasks only, and the event loop never reaches the network until the chain
    // ends. Yielding a macrotask between chunks lets the requests that arrived meanwhile in.
    if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (let attempt = 1; ; attempt++) {
      try {
        conflicts.push(...(await applyPushOnce(db, registry, collection, chunk, device, log)));
        break;
      } catch (err) {
        if (pgErrorCode(err) !== DEADLOCK || attempt >= DEADLOCK_ATTEMPTS) throw err;
        log.warn({ collection, attempt }, 'push was a deadlock victim; applying it again');
      }
    }
  }
  return conflicts;
}

/** Events per transaction, and their serialized size: a push larger than this is applied in several. */
export const PUSH_CHUNK_ROWS = 100;
export const PUSH_CHUNK_BYTES = 256 * 1024;

/**
 * Splits a push into transactions of bounded work. Every event is independent (one savepoint
 * each) and idempotent by id, so committing a push in parts changes nothing a retry could see —
 * but it bounds how long one push holds the database: PGlite is one connection, and one push of
 * 1,000 sales × 40 lines in one transaction kept every other request (pulls, logins, reports)
 * waiting for seconds; between chunks (applyPush yields to the event loop) they get their turn —
 * the driver's queue is FIFO. On PostgreSQL it bounds how long the change-feed lock is held.
 */
export function pushChunks(rows: readonly PushRow[]): PushRow[][] {
  const chunks: PushRow[][] = [];
  let current: PushRow[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = approximateBytes(row.newDocumentState);
    if (current.length > 0 && (current.length >= PUSH_CHUNK_ROWS || bytes + size > PUSH_CHUNK_BYTES)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Size of a parsed JSON value without re-serializing it (iterative: pushed values may nest deeply). */
function approximateBytes(value: unknown): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= PUSH_CHUNK_BYTES) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length + 2;
    else if (Array.isArray(v)) {
      total += 2;
      for (const item of v) stack.push(item);
    } else if (typeof v === 'object' && v !== null) {
      total += 2;
      for (const [k, item] of Object.entries(v)) {
        total += k.length + 3;
        stack.push(item);
      }
    } else total += 8;
  }
  return total;
}

async function applyPushOnce(db: Db, registry: EventRegistry, collection: DeviceCollection, rows: readonly PushRow[], device: DeviceIdentity, log: PushLogger): Promise<object[]> {
  const conflicts: object[] = [];
  await db.transaction(async (tx) => {
    // Every event writes its ack to the change feed, whose counter row is locked until COMMIT.
    // Taking that lock before any shared row makes all push transactions lock in the same order:
    // no deadlocks between concurrent batches touching the same quants, sessions and balances.
    // The batch path takes it itself after the work that can run concurrently (apply-batch.ts).
    if (rows.length > 1 && registry[collection].handleBatch) {
      await tx.query('SAVEPOINT push_batch');
      try {
        const result = await applyBatch(tx, registry, collection, rows, device);
        // The savepoint is left as it is (COMMIT ends it with the transaction): releasing it would be
        // one more round trip inside the feed lock, which every push waits for.
        log.info({ collection, ...result }, 'batch applied');
        return;
      } catch (err) {
        await tx.query('ROLLBACK TO SAVEPOINT push_batch');
        // The batch path took the feed lock after the savepoint: the rollback released it.
        feedLockRolledBack(tx);
        await tx.query('RELEASE SAVEPOINT push_batch');
        if (!(err instanceof BatchFallback)) log.warn({ collection, err }, 'batch path failed; applying one event at a time');
      }
    }
    await lockFeed(tx);
    for (const row of rows) {
      const raw = row.newDocumentState;
      const eventId = isRecord(raw) && typeof raw.id === 'string' && raw.id.length <= 64 && isStorableString(raw.id) ? raw.id : undefined;
      await tx.query('SAVEPOINT push_event');
      try {
        const outcome = await applyOne(tx, registry, collection, raw, device);
        await tx.query('RELEASE SAVEPOINT push_event');
        if (outcome.kind === 'conflict') conflicts.push({ ...outcome.stored, _deleted: false });
        log.info({ eventId, collection, outcome: outcome.kind }, 'event');
      } catch (err) {
        // A deadlock says nothing about the event: fail the whole push so that it is applied
        // again (applyPush), instead of dead-lettering a good sale.
        if (pgErrorCode(err) === DEADLOCK) throw err;
        await tx.query('ROLLBACK TO SAVEPOINT push_event');
        const rejection = err instanceof RejectEventError ? err : asSchemaRejection(err);
        const reason = rejection ? `${rejection.code}: ${rejection.message}` : `internal_error: ${(err as Error).message}`;
        if (rejection) log.warn({ eventId, collection, reason }, 'event rejected');
        else log.error({ eventId, collection, err }, 'event handler failed; dead-lettered');
        await deadLetter(tx, device, collection, raw, eventId, reason);
        if (eventId && rejection?.code !== 'id_in_use') {
          await writeAck(tx, {
            id: eventId,
            collection,
            status: 'rejected',
            problems: [{ code: rejection?.code ?? 'internal_error', message: reason, severity: 'critical' }],
            deviceId: device.deviceId,
          });
        }
        await tx.query('RELEASE SAVEPOINT push_event');
      }
    }
  });
  return conflicts;
}

async function applyOne(tx: Tx, registry: EventRegistry, collection: DeviceCollection, raw: unknown, device: DeviceIdentity): Promise<Outcome> {
  if (!isRecord(raw)) throw new RejectEventError('malformed', 'newDocumentState must be an object');
  const unstorable = unstorableReason(raw);
  if (unstorable) throw new RejectEventError('schema', unstorable);
  const { doc, hash } = eventDocument(raw);
  const id = doc.id;
  if (typeof id !== 'string' || id.length === 0 || id.length > 64) throw new RejectEventError('malformed', 'id must be a string of 1 to 64 characters');

  // Already stored? Then this is a retry (same payload) or an illegal edit (different payload).
  const prior = await storedEvent(tx, id);
  if (prior) return resolveExisting(tx, prior, hash, device, collection);
  if (raw._deleted === true) throw new RejectEventError('append_only', 'device-owned documents are append-only: deleting is not allowed');

  const invalid = schemaProblem(collection, doc);
  if (invalid) throw new RejectEventError('schema', invalid);
  const spec = registry[collection] as EventRegistry[DeviceCollection];
  const claimed = (spec.claimedBy as (e: object) => { deviceId: string; siteId: string })(doc);
  if (claimed.deviceId !== device.deviceId || claimed.siteId !== device.siteId) {
    throw new RejectEventError('unauthorized', `event claims device ${claimed.deviceId} at site ${claimed.siteId}, but was pushed by ${device.deviceId} of site ${device.siteId}`);
  }

  const inserted = await tx.query(
    `INSERT INTO events (id, collection, device_id, site_id, payload, payload_hash, status)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, 'applied') ON CONFLICT (id) DO NOTHING RETURNING id`,
    [id, collection, device.deviceId, device.siteId, JSON.stringify(doc), hash],
  );
  if (inserted.length === 0) {
    // A concurrent push of the same id committed first.
    const stored = await storedEvent(tx, id);
    if (!stored) throw new Error(`event ${id} vanished during push`);
    return resolveExisting(tx, stored, hash, device, collection);
  }

  const handle = spec.handle as (tx: Tx, e: object, ctx: { device: DeviceIdentity; now: Date }) => Promise<Problem[]>;
  const problems = await handle(tx, doc, { device, now: new Date() });
  if (problems.length > 0) await recordProblems(tx, id, problems);
  // The ack carries every open problem of the event, including those a handler raised with a
  // subject (pos/problems-store.ts) rather than returned.
  const open = await tx.query<Problem>('SELECT code, message, severity FROM event_problems WHERE event_id = $1 AND resolved_at IS NULL ORDER BY id', [id]);
  const status = open.length > 0 ? 'exception' : 'applied';
  if (status === 'exception') await tx.query(`UPDATE events SET status = 'exception' WHERE id = $1`, [id]);
  await writeAck(tx, { id, collection, status, problems: open, deviceId: device.deviceId });
  return { kind: status };
}

interface StoredEvent {
  id: string;
  device_id: string;
  collection: string;
  payload: object;
  payload_hash: string;
}

async function storedEvent(tx: Tx, id: string): Promise<StoredEvent | undefined> {
  const [row] = await tx.query<StoredEvent>('SELECT id, device_id, collection, payload, payload_hash FROM events WHERE id = $1', [id]);
  return row;
}

async function resolveExisting(tx: Tx, stored: StoredEvent, hash: string, device: DeviceIdentity, collection: DeviceCollection): Promise<Outcome> {
  if (stored.device_id !== device.deviceId || stored.collection !== collection) {
    throw new RejectEventError('id_in_use', `event id ${stored.id} already belongs to another device or collection`);
  }
  if (stored.payload_hash === hash) return { kind: 'duplicate' };
  // Same id, different payload: the first version stands; the attempt is recorded for a manager.
  const problem: Problem = { code: 'conflicting_duplicate', message: `event ${stored.id} was pushed again with a different payload; the first version stands`, severity: 'warning' };
  await tx.query(`UPDATE events SET status = 'exception' WHERE id = $1`, [stored.id]);
  await recordProblems(tx, stored.id, [problem]);
  const all = await tx.query<Problem>('SELECT code, message, severity FROM event_problems WHERE event_id = $1 ORDER BY id', [stored.id]);
  await writeAck(tx, { id: stored.id, collection, status: 'exception', problems: all, deviceId: device.deviceId });
  return { kind: 'conflict', stored: stored.payload };
}

async function recordProblems(tx: Tx, eventId: string, problems: readonly Problem[]): Promise<void> {
  await tx.query(
    `INSERT INTO event_problems (event_id, code, message, severity)
     SELECT $1, p.code, p.message, p.severity FROM jsonb_to_recordset($2::jsonb) AS p(code text, message text, severity text)`,
    [eventId, JSON.stringify(problems)],
  );
}

/** A dead letter keeps at most this much of its document; a larger one is kept as a summary. */
export const DEAD_LETTER_MAX_BYTES = 64 * 1024;
/** Bytes of rejected documents one device may have stored per day (UTC); beyond, only summaries are kept. */
export const DEAD_LETTER_DEVICE_QUOTA_BYTES = 8 * 1024 * 1024;

async function deadLetter(tx: Tx, device: DeviceIdentity, collection: string, payload: unknown, eventId: string | undefined, reason: string): Promise<void> {
  const text = JSON.stringify(storableCopy(payload ?? null));
  const bytes = Buffer.byteLength(text);
  // Junk must not fill the disk (20 junk pushes once stored 188 MB in 55 s): a document too big,
  // or from a device over its daily quota, is kept as a summary — its size, hash and id — which
  // is enough to find it on the device (devices keep what they push) and to count the abuse.
  // The device's running total for the day (UTC): one row, whatever the number of dead letters
  // (summing them made each rejection slower than the last).
  const [usage] = await tx.query<{ bytes: number }>(`SELECT bytes FROM dead_letter_usage WHERE device_id = $1 AND day = (now() AT TIME ZONE 'UTC')::date`, [device.deviceId]);
  const overQuota = (usage?.bytes ?? 0) + bytes > DEAD_LETTER_DEVICE_QUOTA_BYTES;
  const truncated = bytes > DEAD_LETTER_MAX_BYTES || overQuota;
  const stored = truncated
    ? JSON.stringify({ truncated: true, bytes, sha256: createHash('sha256').update(text).digest('hex'), id: eventId ?? null, why: overQuota ? 'device over its daily dead-letter quota' : 'document larger than a dead letter keeps' })
    : text;
  const storedBytes = Buffer.byteLength(stored);
  // A retried push of the same bad document is one dead letter, not one per retry. (Equality on the
  // event id, not IS NOT DISTINCT FROM, so that the index on it is used.)
  const sameEvent = eventId === undefined ? 'event_id IS NULL' : 'event_id = $1::text';
  const inserted = await tx.query(
    `INSERT INTO dead_letters (event_id, device_id, collection, payload, reason, payload_bytes, truncated)
     SELECT $1::text, $2::text, $3::text, $4::jsonb, $5::text, $6::int, $7::boolean
     WHERE NOT EXISTS (SELECT 1 FROM dead_letters WHERE device_id = $2 AND ${sameEvent}
                       AND collection = $3 AND payload = $4::jsonb AND replayed_at IS NULL)
     RETURNING id`,
    [eventId ?? null, device.deviceId, collection, stored, storableString(reason.slice(0, 2000)), storedBytes, truncated],
  );
  if (inserted.length === 0) return;
  await tx.query(
    `INSERT INTO dead_letter_usage AS u (device_id, day, bytes) VALUES ($1, (now() AT TIME ZONE 'UTC')::date, $2)
     ON CONFLICT (device_id, day) DO UPDATE SET bytes = u.bytes + EXCLUDED.bytes`,
    [device.deviceId, storedBytes],
  );
}
