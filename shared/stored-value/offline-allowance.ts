// Offline allowances (issue 17 point 5, docs/stored-value.md): a till cannot see other tills'
// redemptions while it is offline, so the server grants each till an allowance — the most it may
// have redeemed offline that the server has not yet acknowledged. Above it, a redemption needs the
// server (an online authorisation) or a supervisor's override, which the server records as an
// exception with its amount. Every acknowledgement of the till's sales gives the room back, so the
// allowance renews whenever the till is online. Whatever the order tills reconnect in, a balance
// can only go below zero by what the allowances granted (not at all when they are 0).
//
// Modes (company setting): `till` — one amount for all gift cards and store credit together, and
// one number of points, per till; `card` — that amount per gift card / customer's store credit,
// and those points per customer, per till. The pure rule lives here so the till, the server's
// check and the tests count alike.
import { Type, type Static } from 'typebox';
import type { SaleValueMove, ValueKind } from './sale-value.ts';

export const OfflineAllowance = Type.Object(
  {
    mode: Type.Union([Type.Literal('till'), Type.Literal('card')]),
    /** Minor units of the store currency (gift cards and store credit). */
    amount: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    /** Loyalty points. */
    points: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
  },
  { additionalProperties: false },
);
export type OfflineAllowance = Static<typeof OfflineAllowance>;

/** The seeded default: 50.00 of gift cards and store credit, and 500 points, per till. */
export const defaultOfflineAllowance: OfflineAllowance = { mode: 'till', amount: 5000, points: 500 };

/** A spend the till made offline that the server has not acknowledged yet (`amount` > 0). */
export interface PendingSpend {
  kind: ValueKind;
  key: string | null;
  amount: number;
}

/** Spends that share one limit: per till, all money together and all points together; per card, each card or customer. */
function bucket(mode: OfflineAllowance['mode'], kind: ValueKind, key: string | null): string {
  if (mode === 'till') return kind === 'points' ? 'points' : 'money';
  return `${kind}:${key ?? ''}`;
}

const limitOf = (a: OfflineAllowance, kind: ValueKind): number => (kind === 'points' ? a.points : a.amount);

/** How much more of `kind` (card or customer `key`) the till may redeem offline now. Never below 0. */
export function offlineRoom(allowance: OfflineAllowance, pending: readonly PendingSpend[], kind: ValueKind, key: string | null): number {
  const b = bucket(allowance.mode, kind, key);
  const used = pending.filter((p) => bucket(allowance.mode, p.kind, p.key) === b).reduce((sum, p) => sum + p.amount, 0);
  return Math.max(0, limitOf(allowance, kind) - used);
}

export interface AllowanceExcess {
  kind: ValueKind;
  key: string | null;
  spent: number;
  limit: number;
}

/**
 * The server's check of one sale: its offline spends (no authorisation, no override) must fit the
 * allowance by themselves. Spends spread over several unacknowledged sales are the till's to
 * count; what gets past it shows up as a balance below zero.
 */
export function allowanceExcess(allowance: OfflineAllowance, offline: readonly SaleValueMove[]): AllowanceExcess[] {
  const spent = new Map<string, AllowanceExcess>();
  for (const m of offline) {
    const b = bucket(allowance.mode, m.kind, m.key);
    const row = spent.get(b) ?? { kind: m.kind, key: m.key, spent: 0, limit: limitOf(allowance, m.kind) };
    row.spent += -m.amount;
    spent.set(b, row);
  }
  return [...spent.values()].filter((r) => r.spent > r.limit);
}

/** How long an online authorisation holds value for a sale that has not arrived (a till that died never lets it go). */
/**
 * 0: an authorisation holds until its sale arrives or the till releases it (the default): no till can
 * then spend value another till was granted, whatever happens to either. A positive number lets a dead
 * till's hold lapse, and then a late sale may overdraw by what it had been granted (docs/stored-value.md).
 */
export const DEFAULT_HOLD_MINUTES = 0;
export const HoldMinutes = Type.Integer({ minimum: 0, maximum: 10_080, description: 'minutes an online authorisation holds value (1 minute to 7 days; 0 = until its sale arrives)' });

/** `holdMinutes` absent in a change keeps the current one. */
export const StoredValueSettings = Type.Object({ offlineAllowance: OfflineAllowance, holdMinutes: Type.Optional(HoldMinutes) }, { additionalProperties: false });
export type StoredValueSettings = Static<typeof StoredValueSettings>;
