// Holders of stored value (migration 078): one row per gift card, per customer's store credit in a
// currency, per customer's points. Ids are derived from what the till knows, so a till's movement
// finds (or opens) its account without a lookup: a card the server never saw is opened by its first
// movement — and flagged when that movement spends from it.
import type { Queryable, Tx } from '../db/db.ts';
import type { ValueKind } from '../../shared/stored-value/sale-value.ts';

export interface AccountKey {
  kind: ValueKind;
  /** Gift card: its number. Store credit and points: the customer (null: none named). */
  key: string | null;
  /** Money kinds: the currency (a gift card keeps the currency it was opened in). */
  currency: string | null;
}

export function valueAccountId(a: AccountKey): string {
  if (a.kind === 'gift_card') return `gc:${a.key ?? ''}`;
  if (a.kind === 'store_credit') return `sc:${a.key ?? '-'}:${a.currency ?? ''}`;
  return `pt:${a.key ?? '-'}`;
}

export interface AccountRow {
  id: string;
  kind: ValueKind;
  number: string | null;
  customerId: string | null;
  currency: string | null;
  balance: number;
  booked: number;
}

/** Opens the accounts that do not exist yet; returns the ids it opened. */
export async function openAccounts(tx: Tx, keys: readonly AccountKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = [...new Map(keys.map((k) => [valueAccountId(k), k])).entries()].map(([id, k]) => ({
    id, kind: k.kind, number: k.kind === 'gift_card' ? k.key : null, customer_id: k.kind === 'gift_card' ? null : k.key, currency: k.kind === 'points' ? null : k.currency,
  }));
  const opened = await tx.query<{ id: string }>(
    `INSERT INTO value_accounts (id, kind, number, customer_id, currency)
     SELECT id, kind, number, customer_id, currency FROM jsonb_to_recordset($1::jsonb) AS r(id text, kind text, number text, customer_id text, currency text)
     ORDER BY id ON CONFLICT (id) DO NOTHING RETURNING id`,
    [JSON.stringify(rows)],
  );
  return new Set(opened.map((r) => r.id));
}

type RawAccount = { id: string; kind: ValueKind; number: string | null; customer_id: string | null; currency: string | null; balance: string; booked: string };
const toRow = (r: RawAccount): AccountRow => ({
  id: r.id, kind: r.kind, number: r.number, customerId: r.customer_id, currency: r.currency, balance: Number(r.balance), booked: Number(r.booked),
});

/** Locks the accounts (in id order, so two transactions never wait on each other crosswise). */
export async function lockAccounts(tx: Tx, ids: readonly string[]): Promise<Map<string, AccountRow>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query<RawAccount>(
    'SELECT id, kind, number, customer_id, currency, balance, booked FROM value_accounts WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE',
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, toRow(r)]));
}

export async function readAccount(q: Queryable, id: string): Promise<AccountRow | null> {
  const [row] = await q.query<RawAccount>('SELECT id, kind, number, customer_id, currency, balance, booked FROM value_accounts WHERE id = $1', [id]);
  return row ? toRow(row) : null;
}

/** What online authorisations still hold on each account (an expired one holds nothing). */
export async function heldOn(q: Queryable, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await q.query<{ account_id: string; held: string }>(
    'SELECT account_id, sum(amount) AS held FROM value_holds WHERE account_id = ANY($1::text[]) AND expires_at > now() GROUP BY account_id',
    [[...ids]],
  );
  return new Map(rows.map((r) => [r.account_id, Number(r.held)]));
}

export interface MoveRow {
  accountId: string;
  eventId: string;
  ref: string;
  kind: 'load' | 'issue' | 'redeem' | 'refund' | 'earn' | 'merge';
  amount: number;
  value: number;
  siteId?: string | null;
  tillId?: string | null;
  offline?: boolean;
  overrideBy?: string | null;
}

/**
 * Records movements and adds them to their accounts' balances. A movement already recorded
 * (same event, reference and account) is skipped: it can never count twice. Returns the keys
 * (`eventId|ref|accountId`) of the movements recorded now. Lock the accounts first.
 */
export async function recordMoves(tx: Tx, moves: readonly MoveRow[]): Promise<Set<string>> {
  if (moves.length === 0) return new Set();
  const inserted = await tx.query<{ event_id: string; ref: string; account_id: string; amount: string; value: string }>(
    `INSERT INTO value_moves (account_id, event_id, ref, kind, amount, value, site_id, till_id, offline, override_by)
     SELECT account_id, event_id, ref, kind, amount, value, site_id, till_id, offline, override_by
     FROM jsonb_to_recordset($1::jsonb) AS r(account_id text, event_id text, ref text, kind text, amount bigint, value bigint, site_id text, till_id text, offline boolean, override_by text)
     ON CONFLICT (event_id, ref, account_id) DO NOTHING
     RETURNING event_id, ref, account_id, amount, value`,
    [JSON.stringify(moves.map((m) => ({
      account_id: m.accountId, event_id: m.eventId, ref: m.ref, kind: m.kind, amount: m.amount, value: m.value,
      site_id: m.siteId ?? null, till_id: m.tillId ?? null, offline: m.offline ?? false, override_by: m.overrideBy ?? null,
    })))],
  );
  const deltas = new Map<string, { amount: number; value: number }>();
  for (const r of inserted) {
    const d = deltas.get(r.account_id) ?? { amount: 0, value: 0 };
    d.amount += Number(r.amount);
    d.value += Number(r.value);
    deltas.set(r.account_id, d);
  }
  if (deltas.size > 0) {
    await tx.query(
      `UPDATE value_accounts a SET balance = a.balance + r.amount, booked = a.booked + r.value, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, amount bigint, value bigint) WHERE a.id = r.id`,
      [JSON.stringify([...deltas].map(([id, d]) => ({ id, ...d })))],
    );
  }
  return new Set(inserted.map((r) => `${r.event_id}|${r.ref}|${r.account_id}`));
}
