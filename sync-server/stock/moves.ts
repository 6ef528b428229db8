// The only way stock changes: append a move to the ledger and adjust the quants of its internal
// ends in the same transaction; the quants are the stock documents of the feed (migration 050).
import type { Tx } from '../db/db.ts';
import { hintAfterCommit, lockFeed } from '../feed/publish.ts';

export type MoveReason = 'seed' | 'receipt' | 'delivery' | 'sale' | 'return' | 'count' | 'transfer' | 'scrap';

export interface MoveInput {
  productId: string;
  qty: number;
  fromLocationId: string;
  toLocationId: string;
  reason: MoveReason;
  lot?: string;
  expiry?: string;
  eventId?: string;
}

export class StockMoveError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'StockMoveError';
    this.code = code;
  }
}

function moveRows(moves: readonly MoveInput[]): string {
  for (const m of moves) {
    if (!(m.qty > 0)) throw new StockMoveError('bad_qty', `move quantity must be > 0, got ${m.qty}`);
  }
  return JSON.stringify(
    moves.map((m, i) => ({
      n: i,
      product_id: m.productId,
      lot: m.lot ?? '',
      expiry: m.expiry ?? null,
      qty: m.qty,
      from_id: m.fromLocationId,
      to_id: m.toLocationId,
      reason: m.reason,
      event_id: m.eventId ?? null,
    })),
  );
}

/**
 * Appends moves to the ledger without touching quants. New rows only, so it needs no lock and
 * may run concurrently with other writers; the caller must `applyQuantDeltas` the same moves
 * in the same transaction.
 */
export async function recordMoves(tx: Tx, moves: readonly MoveInput[]): Promise<void> {
  if (moves.length === 0) return;
  await tx.query(
    `INSERT INTO stock_moves (product_id, lot, expiry, qty, from_location_id, to_location_id, reason, event_id)
     SELECT product_id, lot, expiry, qty, from_id, to_id, reason, event_id
     FROM jsonb_to_recordset($1::jsonb) AS r(n int, product_id text, lot text, expiry date, qty numeric, from_id text, to_id text, reason text, event_id text)
     ORDER BY n`,
    [moveRows(moves)],
  );
}

/** A quant the moves left below zero. */
export interface NegativeQuant {
  product_id: string;
  location_id: string;
  lot: string;
  on_hand: number;
}

/**
 * Adjusts the quants of the moves' internal ends (one upsert, in key order so that concurrent
 * writers lock quants in the same order) under the feed lock; each changed quant is pending and
 * takes its feed number at commit (migrations 050, 095), and the sites' devices are hinted after commit.
 * Returns the changed quants now below zero, read from the same statement: a sale push flags them
 * (pos/apply-sale.ts) without a second look-up inside the feed lock.
 */
export async function applyQuantDeltas(tx: Tx, moves: readonly MoveInput[]): Promise<NegativeQuant[]> {
  if (moves.length === 0) return [];
  await lockFeed(tx);
  const [row] = await tx.query<{ scopes: string[] | null; negative: NegativeQuant[] | null }>(
    `WITH r AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(n int, product_id text, lot text, expiry date, qty numeric, from_id text, to_id text)),
     deltas AS (
       SELECT product_id, to_id AS location_id, lot, expiry, qty AS delta FROM r
       UNION ALL
       SELECT product_id, from_id, lot, NULL::date, -qty FROM r),
     net AS (
       SELECT d.product_id, d.location_id, d.lot, max(d.expiry) AS expiry, sum(d.delta) AS delta
       FROM deltas d JOIN locations l ON l.id = d.location_id AND l.usage = 'internal'
       GROUP BY d.product_id, d.location_id, d.lot),
     up AS (
       INSERT INTO quants AS q (product_id, location_id, lot, expiry, on_hand, change_seq)
       SELECT product_id, location_id, lot, expiry, delta, NULL::bigint FROM net ORDER BY product_id, location_id, lot
       ON CONFLICT (product_id, location_id, lot) DO UPDATE
         SET on_hand = q.on_hand + EXCLUDED.on_hand, expiry = coalesce(q.expiry, EXCLUDED.expiry), updated_at = now(),
             change_seq = NULL
       RETURNING product_id, location_id, lot, on_hand)
     SELECT (SELECT json_agg(DISTINCT 'site:' || l.site_id) FROM up JOIN locations l ON l.id = up.location_id) AS scopes,
            (SELECT json_agg(json_build_object('product_id', product_id, 'location_id', location_id, 'lot', lot, 'on_hand', on_hand)) FROM up WHERE on_hand < 0) AS negative`,
    [moveRows(moves)],
  );
  hintAfterCommit(tx, 'stock', row?.scopes ?? []);
  return (row?.negative ?? []).map((q) => ({ ...q, on_hand: Number(q.on_hand) }));
}

/** Applies moves in order: the ledger rows, then the quants of their internal ends. */
export async function applyMoves(tx: Tx, moves: readonly MoveInput[]): Promise<void> {
  await recordMoves(tx, moves);
  await applyQuantDeltas(tx, moves);
}

/** On-hand of one quant, locked for the rest of the transaction (0 when it does not exist yet). */
export async function lockedOnHand(tx: Tx, productId: string, locationId: string, lot: string): Promise<number> {
  const rows = await tx.query<{ on_hand: number }>(
    'SELECT on_hand FROM quants WHERE product_id = $1 AND location_id = $2 AND lot = $3 FOR UPDATE',
    [productId, locationId, lot],
  );
  return rows[0]?.on_hand ?? 0;
}
