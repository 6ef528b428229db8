// Change hints across server processes on one PostgreSQL (issue 18): each process sends the hints
// of the transactions it committed with `pg_notify` (after COMMIT, so a rolled-back change is never
// announced) and LISTENs on a connection of its own for everyone else's. A process that lost its
// listening connection may have missed hints: once it listens again it tells its SSE clients
// RESYNC, and they pull from their own checkpoints (the feed, not the hints, is the truth).
// The same approach as Odoo's bus and PowerSync's pg_notify fan-out; no home-made clustering.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ChangeBus, ChangeHint } from './db.ts';

export const FEED_CHANNEL = 'aisle_feed';
/** NOTIFY payloads must stay under 8000 bytes; hints are split into messages below this. */
const MAX_PAYLOAD = 7000;

interface Wire {
  /** The sending process, so it can skip its own messages. */
  o: string;
  /** [collection, scope, seq] per hint. */
  h: [string, string, number][];
}

export interface NotifyRelay {
  /** Whether the LISTEN connection is up (for health and tests). */
  readonly listening: boolean;
  close(): Promise<void>;
}

export interface RelayOptions {
  /** Sends one NOTIFY (the driver's pool). */
  notify(channel: string, payload: string): Promise<void>;
  /** First and longest wait before re-opening a lost LISTEN connection. */
  reconnectMs?: { min: number; max: number };
  log?: (message: string, err?: unknown) => void;
}

export function encodeHints(origin: string, hints: readonly ChangeHint[]): string[] {
  const out: string[] = [];
  let batch: Wire['h'] = [];
  let size = 0;
  for (const h of hints) {
    const item: [string, string, number] = [h.collection, h.scope, h.seq];
    const itemSize = JSON.stringify(item).length + 1;
    if (batch.length > 0 && size + itemSize > MAX_PAYLOAD) {
      out.push(JSON.stringify({ o: origin, h: batch } satisfies Wire));
      batch = [];
      size = 0;
    }
    batch.push(item);
    size += itemSize;
  }
  if (batch.length > 0) out.push(JSON.stringify({ o: origin, h: batch } satisfies Wire));
  return out;
}

/** The hints of a payload sent by another process; [] for our own or a malformed one. */
export function decodeHints(origin: string, payload: string): ChangeHint[] {
  let wire: unknown;
  try {
    wire = JSON.parse(payload);
  } catch {
    // Not ours to understand (someone else NOTIFYing on our channel): ignore it.
    return [];
  }
  if (typeof wire !== 'object' || wire === null || !('o' in wire) || !('h' in wire) || wire.o === origin || !Array.isArray(wire.h)) return [];
  const hints: ChangeHint[] = [];
  for (const item of wire.h as unknown[]) {
    if (!Array.isArray(item) || item.length !== 3) continue;
    const [collection, scope, seq] = item as unknown[];
    if (typeof collection === 'string' && typeof scope === 'string' && typeof seq === 'number') hints.push({ collection, scope, seq });
  }
  return hints;
}

export async function startNotifyRelay(connectionString: string, bus: ChangeBus, options: RelayOptions): Promise<NotifyRelay> {
  const origin = randomUUID();
  const log = options.log ?? ((message: string, err?: unknown) => console.error(`[db] ${message}`, err ?? ''));
  const backoff = options.reconnectMs ?? { min: 250, max: 5_000 };
  let closed = false;
  let client: pg.Client | null = null;
  let listening = false;
  let wait = backoff.min;
  let timer: NodeJS.Timeout | null = null;

  // Hints of one tick go out together (one commit hints once per scope; a busy process many).
  let pending: ChangeHint[] = [];
  const flush = (): void => {
    const hints = pending;
    pending = [];
    for (const payload of encodeHints(origin, hints)) {
      options.notify(FEED_CHANNEL, payload).catch((err: unknown) => log('could not send change hints to the other server processes', err));
    }
  };
  bus.relayTo((hint) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(hint);
  });

  const connect = async (firstTime: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString });
    c.on('notification', (msg) => {
      if (msg.channel !== FEED_CHANNEL || !msg.payload) return;
      for (const hint of decodeHints(origin, msg.payload)) bus.deliver(hint);
    });
    const lost = (err?: unknown): void => {
      if (client !== c) return;
      client = null;
      listening = false;
      c.removeAllListeners('error');
      c.on('error', () => undefined);
      c.end().catch(() => undefined);
      if (closed) return;
      log('lost the LISTEN connection; reconnecting', err);
      schedule();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    await c.connect();
    await c.query(`LISTEN ${FEED_CHANNEL}`);
    if (closed) {
      await c.end();
      return;
    }
    client = c;
    listening = true;
    wait = backoff.min;
    // Whatever was committed while we were not listening reached no client of ours.
    if (!firstTime) bus.deliver('RESYNC');
  };
  const schedule = (): void => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect(false).catch((err: unknown) => {
        wait = Math.min(wait * 2, backoff.max);
        log('could not re-open the LISTEN connection', err);
        schedule();
      });
    }, wait);
  };

  await connect(true);
  return {
    get listening() {
      return listening;
    },
    async close(): Promise<void> {
      closed = true;
      bus.relayTo(null);
      if (timer) clearTimeout(timer);
      if (pending.length > 0) flush();
      const c = client;
      client = null;
      listening = false;
      if (c) await c.end().catch(() => undefined);
    },
  };
}
