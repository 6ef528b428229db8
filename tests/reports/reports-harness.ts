// Helpers for report tests: a seeded mix of till activity (sales by cash, card and split,
// returns restocked and not, cash in/out, sessions closed with differences) pushed over HTTP,
// a manager session, and source-of-truth sums read straight from the journal.
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../../sync-server/db/db.ts';
import { sha256Hex } from '../../sync-server/security/secrets.ts';
import { createChannelKey } from '../../sync-server/warehouse/channel-keys.ts';
import { push, pushInOrder, simCatalog } from '../pos/pos-harness.ts';
import { idemPost, pickAll, pickingDocs, pickingEvent, pushEvents } from '../warehouse/wh-harness.ts';
import { simulateTill, type TillStep } from '../support/pos-events.ts';
import type { TestServer } from '../support/test-server.ts';

/** The simulator's clock starts on this day (UTC). */
export const SIM_DAY = '2026-11-22';

/**
 * A report period from the simulator's day to today, whatever the hour: reports count days in the
 * store's time zone, so "today" there may be UTC's yesterday or tomorrow (the hour around
 * midnight UTC). The period runs from the earliest to the latest of SIM_DAY and those three days.
 */
export function reportPeriod(now = Date.now()): { from: string; to: string; query: string } {
  const days = [-1, 0, 1].map((d) => new Date(now + d * 86_400_000).toISOString().slice(0, 10)).concat(SIM_DAY).sort();
  const from = days[0] ?? SIM_DAY;
  const to = days[days.length - 1] ?? SIM_DAY;
  return { from, to, query: `from=${from}&to=${to}` };
}

const mix = (n: number): TillStep[] => [
  { kind: 'sale', lines: [{ product: n, qty: 2, discount: 0 }, { product: n + 1, qty: 1, discount: 50 }], orderDiscount: 0, tender: 'cash' },
  { kind: 'sale', lines: [{ product: n + 2, qty: 3, discount: 0 }], orderDiscount: 100, tender: 'card' },
  { kind: 'cash_in', amount: 2000 },
  { kind: 'sale', lines: [{ product: n + 3, qty: 1, discount: 0 }, { product: n + 4, qty: 4, discount: 0 }], orderDiscount: 0, tender: 'split' },
  { kind: 'return', of: 0, fraction: 0.5, restock: true },
  { kind: 'sale', lines: [{ product: n + 5, qty: 2, discount: 10 }], orderDiscount: 0, tender: 'cash' },
  { kind: 'return', of: 1, fraction: 1, restock: false },
  { kind: 'cash_out', amount: 500 },
  { kind: 'sale', lines: [{ product: n + 6, qty: 1, discount: 0 }], orderDiscount: 0, tender: 'card' },
];

/** Two tills of STORE1, each one closed session with a cash difference (one pushed event by event, one in parallel, overlapping, retried batches); returns the till ids. */
export async function seedTillActivity(server: TestServer): Promise<string[]> {
  const catalog = await simCatalog(server.db);
  const siteId = await server.siteId('STORE1');
  const [alice] = await server.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'alice'`);
  const tills: string[] = [];
  for (const [i, difference] of [-350, 120].entries()) {
    const till = await server.pairDevice('till', 'STORE1', `Till ${i + 1}`);
    const events = simulateTill({ tillId: till.deviceId, siteId, cashierId: alice?.id ?? 'alice', float: 10_000, steps: mix(i * 3), cashDifference: difference }, catalog);
    if (i === 0) await pushInOrder(server, till.token, events);
    else {
      // The second till syncs like RxDB after a day offline: batches in parallel, each sent twice
      // (a lost response retried) — every sale must count once in the aggregates.
      const sales = events.filter((e) => e.collection === 'sales').map((e) => e.doc);
      const batches = [sales.slice(0, 3), sales.slice(3), sales.slice(1, 4)];
      await Promise.all([...batches, ...batches].map((b) => push(server, till.token, 'sales', b)));
      await push(server, till.token, 'sessions', events.filter((e) => e.collection === 'sessions').map((e) => e.doc));
    }
    tills.push(till.deviceId);
  }
  return tills;
}

/**
 * Channel deliveries: `orders` web-shop orders of seeded products shipped from WH1 by a scanner
 * station (every step of the route claimed and validated), so each is invoiced and posted.
 */
export async function seedChannelDeliveries(server: TestServer, orders = 2): Promise<string[]> {
  const key = (await createChannelKey(server.db, 'web', 'reports test shop')).key;
  const scanner = await server.pairDevice('scanner', 'WH1', 'Reports station');
  const products = await simCatalog(server.db);
  const [picker] = await server.db.query<{ id: string }>(`SELECT id FROM users WHERE username = 'pat'`);
  const ids: string[] = [];
  for (let i = 0; i < orders; i++) {
    const lines = [{ productId: products[i]?.id ?? '', qty: 2 + i }, { productId: products[i + 5]?.id ?? '', qty: 1 }];
    const res = await idemPost(server, key, `reports-${uuidv7()}`, { channel: 'web', externalRef: `R-${uuidv7()}`, lines });
    if (res.status !== 201) throw new Error(`order failed: ${res.status} ${JSON.stringify(res.body)}`);
    const orderId = (res.body as { orderId: string }).orderId;
    for (let step = 0; step < 3; step++) {
      const open = (await pickingDocs(server.db, orderId)).filter((d) => d.state === 'ready' || d.state === 'in_progress');
      const doc = open.at(-1);
      if (!doc) break;
      await pushEvents(server, scanner, [pickingEvent(scanner, 'claim', doc.id), pickingEvent(scanner, 'validate', doc.id, { lines: pickAll(doc), backorder: false, scanErrors: 1, userId: picker?.id ?? 'pat' })]);
    }
    ids.push(orderId);
  }
  return ids;
}

/** A session token for any user (login refuses non-managers, so 403 tests need this). */
export async function sessionFor(db: Db, username: string): Promise<string> {
  const [u] = await db.query<{ id: string }>('SELECT id FROM users WHERE username = $1', [username]);
  if (!u) throw new Error(`no user ${username}`);
  const token = `test-${uuidv7()}`;
  await db.query(`INSERT INTO auth_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '1 hour')`, [sha256Hex(token), u.id]);
  return token;
}

/** debit − credit of an account over journal entries dated in [from, to] (each site's store days), straight from journal_lines. */
export async function journalMovement(db: Db, account: string, from: string, to: string, siteId: string | null = null): Promise<number> {
  const [row] = await db.query<{ balance: string | null }>(
    `SELECT sum(l.debit) - sum(l.credit) AS balance FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id LEFT JOIN sites s ON s.id = e.site_id
     WHERE l.account_code = $1 AND (e.entry_date AT TIME ZONE coalesce(s.time_zone, 'UTC'))::date BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR e.site_id = $4)`,
    [account, from, to, siteId],
  );
  return Number(row?.balance ?? 0);
}

/** debit − credit of an account over the whole journal. */
export async function accountBalance(db: Db, account: string): Promise<number> {
  const [row] = await db.query<{ balance: string | null }>('SELECT sum(debit) - sum(credit) AS balance FROM journal_lines WHERE account_code = $1', [account]);
  return Number(row?.balance ?? 0);
}
