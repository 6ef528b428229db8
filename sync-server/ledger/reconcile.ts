// Reconciliation (`aisle reconcile`): rebuilds the derived state from the append-only logs and
// compares it with what is stored. Quants must equal the sum of stock moves; account balances
// must equal the sum of journal lines; each session's expected tender amounts must equal what
// its events (sales, returns, float, cash in/out) add up to; each quant's reserved quantity must
// equal the sum of its reservations (warehouse). Every stock move and journal line must point at
// a product, location, account and entry that exist (the ledgers carry no foreign keys for
// speed, migration 050). A session belongs to the till that opened it: an applied session event,
// a journal entry or an unflagged sale of another till in it is drift too. Stored value (gift cards,
// store credit, points): each account's balance and booked value must equal the sum of its
// movements, and what each kind has booked must equal its liability account. Any difference is drift.
import type { Queryable } from '../db/db.ts';
import { liabilityReport } from '../stored-value/value-report.ts';

export interface QuantDrift {
  productId: string;
  locationId: string;
  lot: string;
  stored: number;
  fromLedger: number;
}

export interface AccountDrift {
  account: string;
  storedDebit: number;
  storedCredit: number;
  journalDebit: number;
  journalCredit: number;
}

export interface SessionDrift {
  sessionId: string;
  method: string;
  stored: number;
  fromEvents: number;
}

export interface ReservationDrift {
  productId: string;
  locationId: string;
  lot: string;
  reserved: number;
  fromReservations: number;
}

/** Something of one till recorded in another till's session. */
export interface OwnershipDrift {
  kind: 'session_event' | 'journal_entry' | 'sale';
  id: string;
  sessionId: string;
  tillId: string | null;
  ownerTillId: string;
}

/** A stored-value account whose balance (or booked value) is not the sum of its movements, or a kind whose booked value is not its ledger account's. */
export interface StoredValueDrift {
  subject: string;
  stored: number;
  fromLog: number;
}

export interface ReconcileReport {
  ok: boolean;
  checked: { quants: number; accounts: number; sessionTenders: number; journalEntries: number };
  drift: { quants: QuantDrift[]; accounts: AccountDrift[]; sessions: SessionDrift[]; reservations: ReservationDrift[]; sessionOwnership: OwnershipDrift[]; storedValue: StoredValueDrift[]; unbalancedEntries: number[]; orphanMoves: number[]; orphanLines: number[] };
}

export async function reconcile(db: Queryable): Promise<ReconcileReport> {
  const quants = await db.query<{ product_id: string; location_id: string; lot: string; stored: string | null; ledger: string | null }>(
    `WITH ledger AS (
       SELECT product_id, location_id, lot, sum(delta) AS qty FROM (
         SELECT product_id, to_location_id AS location_id, lot, qty AS delta FROM stock_moves
         UNION ALL
         SELECT product_id, from_location_id, lot, -qty FROM stock_moves) m
       JOIN locations l ON l.id = m.location_id AND l.usage = 'internal'
       GROUP BY product_id, location_id, lot)
     SELECT coalesce(q.product_id, g.product_id) AS product_id, coalesce(q.location_id, g.location_id) AS location_id,
            coalesce(q.lot, g.lot) AS lot, q.on_hand AS stored, g.qty AS ledger
     FROM quants q FULL OUTER JOIN ledger g ON g.product_id = q.product_id AND g.location_id = q.location_id AND g.lot = q.lot
     WHERE coalesce(q.on_hand, 0) <> coalesce(g.qty, 0)`,
  );
  const accounts = await db.query<{ account: string; sd: string | null; sc: string | null; jd: string | null; jc: string | null }>(
    `WITH j AS (SELECT account_code, sum(debit) AS d, sum(credit) AS c FROM journal_lines GROUP BY account_code)
     SELECT coalesce(b.account_code, j.account_code) AS account, b.debit AS sd, b.credit AS sc, j.d AS jd, j.c AS jc
     FROM account_balances b FULL OUTER JOIN j ON j.account_code = b.account_code
     WHERE coalesce(b.debit, 0) <> coalesce(j.d, 0) OR coalesce(b.credit, 0) <> coalesce(j.c, 0)`,
  );
  const unbalanced = await db.query<{ entry_id: number }>(
    'SELECT entry_id FROM journal_lines GROUP BY entry_id HAVING sum(debit) <> sum(credit)',
  );
  // Ids of moves / lines whose references do not exist (at most 100 of each).
  const orphanMoves = await db.query<{ id: number }>(
    `SELECT m.id FROM stock_moves m
     WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = m.product_id)
        OR NOT EXISTS (SELECT 1 FROM locations l WHERE l.id = m.from_location_id)
        OR NOT EXISTS (SELECT 1 FROM locations l WHERE l.id = m.to_location_id)
     ORDER BY m.id LIMIT 100`,
  );
  const orphanLines = await db.query<{ id: number }>(
    `SELECT jl.id FROM journal_lines jl
     WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.code = jl.account_code)
        OR NOT EXISTS (SELECT 1 FROM journal_entries e WHERE e.id = jl.entry_id)
     ORDER BY jl.id LIMIT 100`,
  );
  const sessions = await db.query<{ session_id: string; method: string; stored: string | null; events: string | null }>(
    `WITH pay AS (
       SELECT e.payload->>'sessionId' AS session_id, p->>'method' AS method, sum((p->>'amount')::bigint) AS amount
       FROM events e CROSS JOIN LATERAL jsonb_array_elements(e.payload->'payments') p
       WHERE e.collection = 'sales' AND NOT EXISTS (SELECT 1 FROM till_sessions o WHERE o.id = e.payload->>'sessionId' AND o.till_id <> e.device_id)
         AND p->>'method' NOT IN ('gift_card', 'store_credit', 'order_refund') -- spent, never counted (shared/stored-value/sale-value.ts); a refund to a channel order's payment (shared/channel-api/order-returns.ts)
       GROUP BY 1, 2
       UNION ALL
       SELECT e.payload->>'sessionId', 'cash',
              sum(CASE e.payload->>'kind' WHEN 'cash_out' THEN -(e.payload->>'amount')::bigint ELSE (e.payload->>'amount')::bigint END)
       FROM events e WHERE e.collection = 'sessions' AND e.payload->>'kind' IN ('open', 'cash_in', 'cash_out') GROUP BY 1),
     expected AS (SELECT session_id, method, sum(amount) AS amount FROM pay GROUP BY 1, 2)
     SELECT coalesce(t.session_id, x.session_id) AS session_id, coalesce(t.method, x.method) AS method, t.expected AS stored, x.amount AS events
     FROM session_tenders t FULL OUTER JOIN expected x ON x.session_id = t.session_id AND x.method = t.method
     WHERE coalesce(t.expected, 0) <> coalesce(x.amount, 0)`,
  );
  const ownership = await db.query<{ kind: OwnershipDrift['kind']; id: string; session_id: string; till_id: string | null; owner: string }>(
    `SELECT * FROM (
       SELECT 'session_event' AS kind, e.id, s.id AS session_id, e.device_id AS till_id, s.till_id AS owner
       FROM events e JOIN till_sessions s ON s.id = e.payload->>'sessionId'
       WHERE e.collection = 'sessions' AND e.device_id <> s.till_id
       UNION ALL
       SELECT 'journal_entry', j.id::text, s.id, j.till_id, s.till_id
       FROM journal_entries j JOIN till_sessions s ON s.id = j.session_id WHERE j.till_id IS DISTINCT FROM s.till_id
       UNION ALL
       SELECT 'sale', ps.id, s.id, ps.till_id, s.till_id
       FROM pos_sales ps JOIN till_sessions s ON s.id = ps.session_id
       WHERE ps.till_id <> s.till_id AND NOT EXISTS (SELECT 1 FROM event_problems p WHERE p.event_id = ps.id AND p.code = 'foreign_session')
     ) o ORDER BY kind, id LIMIT 100`,
  );
  const reservations = await db.query<{ product_id: string; location_id: string; lot: string; reserved: string; held: string | null }>(
    `SELECT q.product_id, q.location_id, q.lot, q.reserved, r.qty AS held
     FROM quants q LEFT JOIN (SELECT product_id, location_id, lot, sum(qty) AS qty FROM reservations GROUP BY 1, 2, 3) r
       ON r.product_id = q.product_id AND r.location_id = q.location_id AND r.lot = q.lot
     WHERE q.reserved <> coalesce(r.qty, 0)`,
  );
  const valueAccounts = await db.query<{ id: string; balance: string; booked: string; amount: string | null; value: string | null }>(
    `SELECT a.id, a.balance, a.booked, m.amount, m.value FROM value_accounts a
     LEFT JOIN (SELECT account_id, sum(amount) AS amount, sum(value) AS value FROM value_moves GROUP BY account_id) m ON m.account_id = a.id
     WHERE a.balance <> coalesce(m.amount, 0) OR a.booked <> coalesce(m.value, 0)
     ORDER BY a.id LIMIT 100`,
  );
  const liability = await liabilityReport(db);
  const storedValue: StoredValueDrift[] = [
    ...valueAccounts.flatMap((a) => [
      ...(Number(a.balance) !== Number(a.amount ?? 0) ? [{ subject: `${a.id} balance`, stored: Number(a.balance), fromLog: Number(a.amount ?? 0) }] : []),
      ...(Number(a.booked) !== Number(a.value ?? 0) ? [{ subject: `${a.id} booked`, stored: Number(a.booked), fromLog: Number(a.value ?? 0) }] : []),
    ]),
    ...liability.lines.filter((l) => l.booked !== l.ledger).map((l) => ({ subject: `${l.kind} ledger account ${l.account}`, stored: l.ledger, fromLog: l.booked })),
  ];
  const [counts] = await db.query<{ quants: number; accounts: number; tenders: number; entries: number }>(
    `SELECT (SELECT count(*)::int FROM quants) AS quants, (SELECT count(*)::int FROM account_balances) AS accounts,
            (SELECT count(*)::int FROM session_tenders) AS tenders, (SELECT count(*)::int FROM journal_entries) AS entries`,
  );
  const drift = {
    quants: quants.map((q) => ({ productId: q.product_id, locationId: q.location_id, lot: q.lot, stored: Number(q.stored ?? 0), fromLedger: Number(q.ledger ?? 0) })),
    accounts: accounts.map((a) => ({ account: a.account, storedDebit: Number(a.sd ?? 0), storedCredit: Number(a.sc ?? 0), journalDebit: Number(a.jd ?? 0), journalCredit: Number(a.jc ?? 0) })),
    sessions: sessions.map((s) => ({ sessionId: s.session_id, method: s.method, stored: Number(s.stored ?? 0), fromEvents: Number(s.events ?? 0) })),
    reservations: reservations.map((r) => ({ productId: r.product_id, locationId: r.location_id, lot: r.lot, reserved: Number(r.reserved), fromReservations: Number(r.held ?? 0) })),
    sessionOwnership: ownership.map((o) => ({ kind: o.kind, id: o.id, sessionId: o.session_id, tillId: o.till_id, ownerTillId: o.owner })),
    storedValue,
    unbalancedEntries: unbalanced.map((u) => Number(u.entry_id)),
    orphanMoves: orphanMoves.map((m) => Number(m.id)),
    orphanLines: orphanLines.map((l) => Number(l.id)),
  };
  return {
    ok: drift.quants.length + drift.accounts.length + drift.sessions.length + drift.reservations.length + drift.sessionOwnership.length + drift.storedValue.length + drift.unbalancedEntries.length + drift.orphanMoves.length + drift.orphanLines.length === 0,
    checked: { quants: counts?.quants ?? 0, accounts: counts?.accounts ?? 0, sessionTenders: counts?.tenders ?? 0, journalEntries: counts?.entries ?? 0 },
    drift,
  };
}
