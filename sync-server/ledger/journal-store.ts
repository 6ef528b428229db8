// Writing journal entries: the entry, its lines and the running account balances, in the
// caller's transaction. The database re-checks each INSERT's entries balance (migration 050).
import type { Queryable, Tx } from '../db/db.ts';
import { defaultAccountMap, type AccountMap, type AccountRole } from './accounts.ts';
import { balanced, type JournalLine } from './journal.ts';

export type EntryKind =
  | 'sale' | 'return' | 'session_open' | 'cash_in' | 'cash_out' | 'session_close'
  | 'late_adjustment' | 'delivery' | 'invoice' | 'adjustment' | 'opening';

export interface EntryHeader {
  kind: EntryKind;
  eventId?: string;
  siteId?: string;
  tillId?: string;
  sessionId?: string;
  entryDate: string;
  memo?: string;
}

/** The role → account map as an admin configured it (seeded defaults for missing roles). */
export async function loadAccountMap(q: Queryable): Promise<AccountMap> {
  const rows = await q.query<{ role: string; account_code: string }>('SELECT role, account_code FROM account_roles');
  const map: Record<string, string> = { ...defaultAccountMap };
  for (const r of rows) map[r.role as AccountRole] = r.account_code;
  return map as AccountMap;
}

/** Writes one balanced entry; returns its id, or null when every line was zero. */
export async function writeEntry(tx: Tx, header: EntryHeader, lines: readonly JournalLine[]): Promise<number | null> {
  const [id] = await writeEntries(tx, [{ header, lines }]);
  return id ?? null;
}

/** What written entries add to the shared running totals: account_balances and account_daily. */
export interface BalanceDelta {
  account: string;
  /** The entry's date (an instant): account_daily buckets it on its site's store day. */
  at: string;
  /** '' for company-wide entries. */
  siteId: string;
  debit: number;
  credit: number;
}

export interface WrittenEntries {
  /** Entry ids in input order; null where every line was zero. */
  ids: (number | null)[];
  deltas: BalanceDelta[];
}

/**
 * Inserts many balanced entries in two statements (entries, lines) whatever their number, and
 * returns what they add to the running totals. New rows only: no lock is needed, so a push batch
 * does this before the feed lock; `addToBalances` must follow in the same transaction.
 */
export async function insertEntries(tx: Tx, entries: readonly { header: EntryHeader; lines: readonly JournalLine[] }[]): Promise<WrittenEntries> {
  const kept = entries.map((e) => ({ header: e.header, lines: balanced(e.lines) }));
  const written = kept.map((e, n) => ({ ...e, n })).filter((e) => e.lines.length > 0);
  const ids: (number | null)[] = kept.map(() => null);
  if (written.length === 0) return { ids, deltas: [] };
  const headers = JSON.stringify(written.map(({ header: h, n }) => ({
    n, kind: h.kind, event_id: h.eventId ?? null, site_id: h.siteId ?? null, till_id: h.tillId ?? null, session_id: h.sessionId ?? null, entry_date: h.entryDate, memo: h.memo ?? null,
  })));
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO journal_entries (kind, event_id, site_id, till_id, session_id, entry_date, memo)
     SELECT kind, event_id, site_id, till_id, session_id, entry_date, memo
     FROM jsonb_to_recordset($1::jsonb) AS r(n int, kind text, event_id text, site_id text, till_id text, session_id text, entry_date timestamptz, memo text)
     ORDER BY n RETURNING id`,
    [headers],
  );
  // Identity values are handed out in insertion order, so the k-th smallest id is the k-th entry.
  const sorted = inserted.map((r) => Number(r.id)).sort((a, b) => a - b);
  written.forEach((e, k) => (ids[e.n] = sorted[k] ?? null));
  const rows = JSON.stringify(written.flatMap((e) => e.lines.map((l) => ({
    e: ids[e.n], a: l.account, d: l.debit, c: l.credit, t: l.taxId ?? null, till: l.tillId ?? null, m: l.memo ?? null,
  }))));
  await tx.query(
    `INSERT INTO journal_lines (entry_id, account_code, debit, credit, tax_id, till_id, memo)
     SELECT e, a, d, c, t, till, m FROM jsonb_to_recordset($1::jsonb) AS r(e bigint, a text, d bigint, c bigint, t text, till text, m text)`,
    [rows],
  );
  const deltas = written.flatMap(({ header, lines }) => {
    const at = new Date(header.entryDate).toISOString();
    return lines.map((l) => ({ account: l.account, at, siteId: header.siteId ?? '', debit: l.debit, credit: l.credit }));
  });
  return { ids, deltas };
}

/**
 * Adds entries' deltas to account_balances and account_daily: shared rows, so the caller holds
 * the feed lock, and rows are locked once each in key order so that concurrent writers agree.
 */
export async function addToBalances(tx: Tx, deltas: readonly BalanceDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await tx.query(
    `WITH r AS (
       SELECT r.account, r."siteId", r.debit, r.credit, (r.at AT TIME ZONE coalesce(st.time_zone, 'UTC'))::date AS day
       FROM jsonb_to_recordset($1::jsonb) AS r(account text, at timestamptz, "siteId" text, debit bigint, credit bigint)
       LEFT JOIN sites st ON st.id = r."siteId"),
     balances AS (
       INSERT INTO account_balances AS b (account_code, debit, credit)
       SELECT account, sum(debit), sum(credit) FROM r GROUP BY account ORDER BY account
       ON CONFLICT (account_code) DO UPDATE SET debit = b.debit + EXCLUDED.debit, credit = b.credit + EXCLUDED.credit)
     INSERT INTO account_daily AS a (day, site_id, account_code, debit, credit)
     SELECT day, "siteId", account, sum(debit), sum(credit) FROM r GROUP BY day, "siteId", account ORDER BY day, "siteId", account
     ON CONFLICT (day, site_id, account_code) DO UPDATE SET debit = a.debit + EXCLUDED.debit, credit = a.credit + EXCLUDED.credit`,
    [JSON.stringify(deltas)],
  );
}

/** Writes many balanced entries and their running totals (callers that hold the feed lock). Returns the ids, null for all-zero entries. */
export async function writeEntries(tx: Tx, entries: readonly { header: EntryHeader; lines: readonly JournalLine[] }[]): Promise<(number | null)[]> {
  const written = await insertEntries(tx, entries);
  await addToBalances(tx, written.deltas);
  return written.ids;
}
