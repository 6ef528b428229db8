// Helpers for POS ledger integration tests: the demo catalog as the till simulator sees it,
// pushing events over real HTTP as a paired till, and reading a till's resulting state.
import type { Db } from '../../sync-server/db/db.ts';
import type { SimProduct, PosEvent } from '../support/pos-events.ts';
import type { TestServer } from '../support/test-server.ts';

export async function simCatalog(db: Db, limit = 12, tracking: 'none' | 'lot' = 'none'): Promise<SimProduct[]> {
  const rows = await db.query<{ id: string; price: string; price_includes_tax: boolean; taxes: { taxId: string; rate: number }[] | null }>(
    `SELECT p.id, p.price, p.price_includes_tax,
            (SELECT jsonb_agg(jsonb_build_object('taxId', t.id, 'rate', t.rate::float8) ORDER BY pt.position, t.id)
             FROM product_taxes pt JOIN taxes t ON t.id = pt.tax_id WHERE pt.product_id = p.id) AS taxes
     FROM products p WHERE p.tracking = $2 ORDER BY p.sku LIMIT $1`,
    [limit, tracking],
  );
  return rows.map((r) => ({ id: r.id, price: Number(r.price), priceIncludesTax: r.price_includes_tax, taxes: r.taxes ?? [] }));
}

export async function push(server: TestServer, token: string, collection: PosEvent['collection'], docs: readonly object[]): Promise<unknown[]> {
  const res = await server.api(`/api/sync/${collection}/push`, { token, body: docs.map((d) => ({ newDocumentState: d })) });
  if (res.status !== 200) throw new Error(`push ${collection} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as unknown[];
}

/** Pushes events one by one in the order the till made them. */
export async function pushInOrder(server: TestServer, token: string, events: readonly PosEvent[]): Promise<void> {
  for (const e of events) await push(server, token, e.collection, [e.doc]);
}

export interface TillState {
  balances: Record<string, number>;
  problems: Record<string, number>;
  moves: Record<string, number>;
  sessions: { float: number; cashIn: number; cashOut: number; sales: number; returns: number; salesTotal: number; returnsTotal: number; tenders: string[]; closed: boolean }[];
  events: number;
  entriesPerEvent: number[];
}

export async function tillState(db: Db, tillId: string): Promise<TillState> {
  const balances = await db.query<{ account_code: string; balance: string }>(
    'SELECT account_code, sum(debit) - sum(credit) AS balance FROM journal_lines WHERE till_id = $1 GROUP BY account_code HAVING sum(debit) <> sum(credit) ORDER BY account_code',
    [tillId],
  );
  const problems = await db.query<{ code: string; n: number }>(
    `SELECT p.code, count(*)::int AS n FROM event_problems p JOIN events e ON e.id = p.event_id
     WHERE e.device_id = $1 AND p.resolved_at IS NULL AND p.code NOT IN ('negative_stock') GROUP BY p.code ORDER BY p.code`,
    [tillId],
  );
  const moves = await db.query<{ key: string; qty: string }>(
    `SELECT m.product_id || ' ' || f.usage || '>' || t.usage AS key, sum(m.qty) AS qty
     FROM stock_moves m JOIN pos_sales s ON s.id = m.event_id JOIN locations f ON f.id = m.from_location_id JOIN locations t ON t.id = m.to_location_id
     WHERE s.till_id = $1 GROUP BY 1 ORDER BY 1`,
    [tillId],
  );
  const sessions = await db.query<{ float: string; cash_in: string; cash_out: string; sales_count: number; returns_count: number; sales_total: string; returns_total: string; closed: boolean; tenders: string[] | null }>(
    `SELECT s.float, s.cash_in, s.cash_out, s.sales_count, s.returns_count, s.sales_total, s.returns_total, s.closed_at IS NOT NULL AS closed,
            (SELECT array_agg(t.method || ':' || t.expected || ':' || coalesce(t.counted::text, '-') ORDER BY t.method) FROM session_tenders t WHERE t.session_id = s.id) AS tenders
     FROM till_sessions s WHERE s.till_id = $1 ORDER BY s.opened_at`,
    [tillId],
  );
  const [events] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE device_id = $1', [tillId]);
  const entries = await db.query<{ n: number }>(
    `SELECT count(j.id)::int AS n FROM events e LEFT JOIN journal_entries j ON j.event_id = e.id AND j.kind IN ('sale', 'return')
     WHERE e.device_id = $1 AND e.collection = 'sales' GROUP BY e.id`,
    [tillId],
  );
  return {
    balances: Object.fromEntries(balances.map((b) => [b.account_code, Number(b.balance)])),
    problems: Object.fromEntries(problems.map((p) => [p.code, p.n])),
    moves: Object.fromEntries(moves.map((m) => [m.key, Number(m.qty)])),
    sessions: sessions.map((s) => ({
      float: Number(s.float), cashIn: Number(s.cash_in), cashOut: Number(s.cash_out), sales: s.sales_count, returns: s.returns_count,
      salesTotal: Number(s.sales_total), returnsTotal: Number(s.returns_total), tenders: s.tenders ?? [], closed: s.closed,
    })),
    events: events?.n ?? 0,
    entriesPerEvent: entries.map((e) => e.n),
  };
}
