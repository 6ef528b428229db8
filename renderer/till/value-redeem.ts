// How the till decides a redemption of stored value (issue 17 point 5, docs/stored-value.md): it
// asks the server first (value-api.ts); the answer stands. Only when the server cannot be reached
// does it redeem offline, within the room its allowance leaves after the spends the server has not
// acknowledged (value-pending.ts) and, for a customer's store credit or points, within the balance
// it last saw. Above the allowance: the network or a supervisor (decided by shared/stored-value).
import type { Customer } from '../../shared/schemas/index.ts';
import { offlineRoom } from '../../shared/stored-value/offline-allowance.ts';
import { decideRedemption, type RedemptionDecision } from '../../shared/stored-value/redemption-decision.ts';
import type { ValueKind } from '../../shared/stored-value/sale-value.ts';
import type { ConfigSnapshot } from '../config/config-snapshot.ts';
import { readStored } from '../db/stored-read.ts';
import { useSyncStore } from '../sync/sync-store.ts';
import { tillRuntime } from './till-runtime.ts';
import { authorizeValue } from './value-api.ts';
import { knownCustomerBalance, pendingSpends, unacknowledgedMoves, type OpenSaleValue } from './value-pending.ts';

export interface RedemptionAsk {
  kind: ValueKind;
  /** Gift cards: the number (normalised). */
  card?: string;
  /** Store credit and points: the sale's customer. */
  customer?: Customer | null;
  /** Minor units, or points. */
  amount: number;
  saleId: string;
  /** The payment id the redemption will be recorded under (`points` for points). */
  ref: string;
}

export interface RedemptionResult {
  decision: RedemptionDecision;
  /** Offline: the customer's balance as the till knows it, before this redemption. */
  knownBalance?: number;
}

/**
 * The value moves of the till's unacknowledged sales and of the sale in progress, from storage:
 * only those sales once the acknowledgement watch knows them (sync-watch.ts), never the till's
 * whole history; every sale and ack before that.
 */
async function unacknowledged(open: OpenSaleValue) {
  const { db } = tillRuntime();
  const ids = useSyncStore.getState().unacknowledgedIds;
  if (ids) return unacknowledgedMoves(ids.length > 0 ? await readStored(db.sales, { id: { $in: [...ids] } }) : [], new Set(), open);
  const [sales, acks] = await Promise.all([readStored(db.sales), readStored(db.acks)]);
  return unacknowledgedMoves(sales, new Set(acks.map((a) => a.id)), open);
}

/** A customer's store credit or points as the till knows them now (the synced document less the till's unacknowledged spends). */
export async function knownBalanceOf(customer: Customer, kind: 'store_credit' | 'points', currency: string, open: OpenSaleValue): Promise<number> {
  const { db } = tillRuntime();
  const stored = (await db.customers.findOne(customer.id).exec())?.toMutableJSON() ?? customer;
  return knownCustomerBalance(stored, kind, currency, await unacknowledged(open));
}

export async function decideValueRedemption(ask: RedemptionAsk, config: ConfigSnapshot, open: OpenSaleValue, now: () => Date = () => new Date()): Promise<RedemptionResult> {
  const currency = config.site?.currency ?? 'EUR';
  const customerId = ask.customer?.id;
  const { answer } = await authorizeValue({
    kind: ask.kind,
    ...(ask.kind === 'gift_card' ? { card: ask.card ?? '' } : { ...(customerId ? { customerId } : {}) }),
    ...(ask.kind === 'store_credit' ? { currency } : {}),
    amount: ask.amount,
    saleId: ask.saleId,
    ref: ask.ref,
  }, now);
  if (answer.kind !== 'unreachable') return { decision: decideRedemption(answer, ask.amount, 0) };
  const moves = await unacknowledged(open);
  const key = ask.kind === 'gift_card' ? (ask.card ?? null) : (customerId ?? null);
  const room = offlineRoom(config.allowance, pendingSpends(moves, now()), ask.kind, key);
  if (ask.kind === 'gift_card' || !ask.customer) return { decision: decideRedemption(answer, ask.amount, room) };
  const { db } = tillRuntime();
  const stored = (await db.customers.findOne(ask.customer.id).exec())?.toMutableJSON() ?? ask.customer;
  const knownBalance = knownCustomerBalance(stored, ask.kind, currency, moves);
  return { decision: decideRedemption(answer, ask.amount, room, knownBalance), knownBalance };
}
