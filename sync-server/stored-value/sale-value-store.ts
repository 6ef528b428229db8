// What sales do to stored value on the server (issue 17 points 4–6, docs/stored-value.md): gift
// cards loaded, gift cards and store credit spent or refunded onto, loyalty points redeemed and
// earned. It runs in the transaction that applies the sales, under the feed lock (apply-sale.ts),
// so it is part of the sale event: a replayed, duplicated or reordered push changes no balance
// twice (the event is applied once, and each movement is keyed by sale and reference besides).
// A sale is never refused: spending more than a balance holds (a till offline within its
// allowance), a supervisor's override, a card the server never saw — each becomes an exception.
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import { maskCardNumber } from '../../shared/stored-value/card-number.ts';
import { allowanceExcess, type OfflineAllowance } from '../../shared/stored-value/offline-allowance.ts';
import { offlineSpends, saleValueMoves, type SaleValueMove, type ValueKind } from '../../shared/stored-value/sale-value.ts';
import type { Queryable, Tx } from '../db/db.ts';
import { publishCustomers } from '../customers/customer-feed.ts';
import { type AccountKey, lockAccounts, type MoveRow, openAccounts, recordMoves, valueAccountId } from './value-accounts.ts';

/** Points the server credits for a sale (its own computation) and their value in the ledger. */
export interface PointsEarned {
  points: number;
  value: number;
}

export interface SaleValueContext {
  allowance: OfflineAllowance;
  /** A customer merged since the sale: its value goes to the kept one. */
  customerOf(id: string | undefined): string | undefined;
  /** The points a sale earns (absent: none). */
  earned(sale: Sale): PointsEarned | undefined;
  /** Supervisors' names, for the override exception. */
  userName(id: string): string | undefined;
}

/** A sale's movements as the server books them: the customer resolved, each with its ledger value. */
export interface PlannedMove extends SaleValueMove {
  value: number;
  accountKey: AccountKey;
}

export const EARN_REF = 'points-earned';

/** Every movement of one sale, valued: money at its amount, points redeemed at the discount they gave, points earned at the server's rate. */
export function planSaleValue(sale: Sale, ctx: Pick<SaleValueContext, 'customerOf' | 'earned'>): PlannedMove[] {
  const customer = ctx.customerOf(sale.customerId) ?? null;
  const moves: SaleValueMove[] = saleValueMoves(sale).map((m) => (m.kind === 'gift_card' ? m : { ...m, key: customer }));
  const earned = ctx.earned(sale);
  if (earned && earned.points !== 0) moves.push({ kind: 'points', key: customer, ref: EARN_REF, move: 'load', amount: earned.points });
  return moves.map((m) => ({
    ...m,
    value: m.kind !== 'points' ? m.amount : m.ref === EARN_REF ? (earned?.value ?? 0) : -(sale.loyalty?.redeemedAmount ?? 0),
    accountKey: { kind: m.kind, key: m.key, currency: m.kind === 'points' ? null : sale.currency },
  }));
}

/** The ledger value of a sale's points (for its journal entry, written before the feed lock). */
export function pointsPostingOf(moves: readonly PlannedMove[]): { earned: number; redeemed: number } {
  let earned = 0;
  let redeemed = 0;
  for (const m of moves) {
    if (m.kind !== 'points') continue;
    if (m.ref === EARN_REF) earned += m.value;
    else redeemed -= m.value;
  }
  return { earned, redeemed };
}

function describe(kind: ValueKind, key: string | null): string {
  if (kind === 'gift_card') return `gift card ${maskCardNumber(key ?? '')}`;
  return kind === 'points' ? 'the customer\'s points' : 'the customer\'s store credit';
}

function amountText(kind: ValueKind, amount: number, currency: string): string {
  return kind === 'points' ? `${amount} points` : formatMoneyWithSymbol(amount, currency);
}

const byTillClock = (a: Sale, b: Sale): number => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const MOVE_KIND: Record<SaleValueMove['move'], MoveRow['kind']> = { load: 'load', redeem: 'redeem', refund: 'refund' };

/**
 * Books the sales' movements on their accounts and takes the online authorisations they used.
 * Call under the feed lock. Returns the problems per sale and the customers whose balances changed.
 */
export async function applySaleValue(tx: Tx, sales: readonly Sale[], plans: ReadonlyMap<string, PlannedMove[]>, ctx: SaleValueContext): Promise<Map<string, Problem[]>> {
  const out = new Map<string, Problem[]>();
  const add = (id: string, p: Problem): void => {
    out.set(id, [...(out.get(id) ?? []), p]);
  };
  const planned = sales.filter((s) => (plans.get(s.id)?.length ?? 0) > 0);
  if (planned.length === 0) return out;
  const keys = planned.flatMap((s) => (plans.get(s.id) ?? []).map((m) => m.accountKey));
  const opened = await openAccounts(tx, keys);
  const accounts = await lockAccounts(tx, keys.map(valueAccountId));
  // Authorisations are taken by the sale that arrives (or let go when it did not use them).
  // A hold that expired before its sale arrived no longer covered the spend: the sale is applied all
  // the same (it happened), its spend recorded as offline and the lapse said.
  const holds = await tx.query<{ id: string; sale_id: string; account_id: string; live: boolean }>(
    'DELETE FROM value_holds WHERE sale_id = ANY($1::text[]) RETURNING id, sale_id, account_id, expires_at > now() AS live',
    [planned.map((s) => s.id)],
  );
  const holdIds = new Set(holds.filter((h) => h.live).map((h) => `${h.sale_id}|${h.id}|${h.account_id}`));
  const lapsedIds = new Set(holds.filter((h) => !h.live).map((h) => `${h.sale_id}|${h.id}|${h.account_id}`));

  const rows: MoveRow[] = [];
  const balance = new Map([...accounts].map(([id, a]) => [id, a.balance]));
  // In the tills' clock order, so the sale that took a balance below zero is the one flagged.
  for (const sale of [...planned].sort(byTillClock)) {
    const moves = plans.get(sale.id) ?? [];
    for (const m of moves) {
      const id = valueAccountId(m.accountKey);
      const account = accounts.get(id);
      const before = balance.get(id) ?? 0;
      const after = before + m.amount;
      balance.set(id, after);
      const authorised = m.authorization !== undefined && holdIds.has(`${sale.id}|${m.authorization}|${id}`);
      rows.push({
        accountId: id, eventId: sale.id, ref: m.ref, kind: m.ref === EARN_REF ? 'earn' : MOVE_KIND[m.move], amount: m.amount, value: m.value,
        siteId: sale.siteId, tillId: sale.tillId, offline: m.amount < 0 && !authorised && m.overrideBy === undefined, overrideBy: m.overrideBy ?? null,
      });
      const what = describe(m.kind, m.key);
      const money = (n: number): string => amountText(m.kind, n, sale.currency);
      if (m.key === null) {
        add(sale.id, { code: 'value_without_customer', severity: 'warning', message: `receipt ${sale.receiptNo}: ${m.kind === 'points' ? 'points' : 'store credit'} of ${money(Math.abs(m.amount))} moved without a customer on the sale; it is held unassigned until a manager moves it` });
      }
      if (m.kind === 'gift_card' && m.amount < 0 && opened.has(id)) {
        add(sale.id, { code: 'gift_card_unknown', severity: 'warning', message: `receipt ${sale.receiptNo}: ${what} was never sold or issued; ${money(-m.amount)} was taken from it` });
      }
      if (m.kind !== 'points' && account?.currency && account.currency !== sale.currency) {
        add(sale.id, { code: 'value_currency_mismatch', severity: 'warning', message: `receipt ${sale.receiptNo}: ${what} holds ${account.currency}, the sale is in ${sale.currency}` });
      }
      if (m.authorization !== undefined && m.amount < 0 && lapsedIds.has(`${sale.id}|${m.authorization}|${id}`)) {
        add(sale.id, { code: 'value_hold_expired', severity: 'warning', message: `receipt ${sale.receiptNo}: the server's authorisation for ${money(-m.amount)} from ${what} had lapsed before the sale arrived; the amount was taken all the same` });
      }
      if (m.overrideBy !== undefined && m.amount < 0) {
        add(sale.id, { code: 'value_override', severity: 'warning', message: `receipt ${sale.receiptNo}: ${ctx.userName(m.overrideBy) ?? m.overrideBy} let ${money(-m.amount)} be taken from ${what} offline, above the till's allowance` });
      }
      if (m.amount < 0 && after < 0) {
        add(sale.id, { code: 'value_overdrawn', severity: 'warning', message: `receipt ${sale.receiptNo}: ${what} is now at ${money(after)} — ${money(Math.min(-after, -m.amount))} more was spent than it held (another till spent it while this one was offline)` });
      }
    }
    for (const x of allowanceExcess(ctx.allowance, offlineSpends(moves))) {
      add(sale.id, { code: 'value_allowance_exceeded', severity: 'warning', message: `receipt ${sale.receiptNo}: ${amountText(x.kind, x.spent, sale.currency)} redeemed offline from ${describe(x.kind, x.key)} without approval; the till's allowance is ${amountText(x.kind, x.limit, sale.currency)}` });
    }
  }
  await recordMoves(tx, rows);
  const customers = [...new Set(planned.flatMap((s) => (plans.get(s.id) ?? []).filter((m) => m.kind !== 'gift_card' && m.key !== null).map((m) => m.key as string)))];
  await publishCustomers(tx, customers);
  return out;
}

/** Names of the users who overrode allowances in these sales. */
export async function overrideNames(q: Queryable, sales: readonly Sale[]): Promise<Map<string, string>> {
  const ids = [...new Set(sales.flatMap((s) => saleValueMoves(s).flatMap((m) => (m.overrideBy ? [m.overrideBy] : []))))];
  if (ids.length === 0) return new Map();
  const rows = await q.query<{ id: string; display_name: string }>('SELECT id, display_name FROM users WHERE id = ANY($1::text[])', [ids]);
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
