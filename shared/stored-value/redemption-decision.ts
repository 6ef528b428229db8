// How a till decides a redemption of stored value (issue 17 point 5, docs/stored-value.md), one rule
// for the till and the tests that play tills: ask the server first; if it answers, its answer
// stands (an approval carries the authorisation the sale will use; a refusal is final — never
// retried against the offline allowance). Only when the server cannot be reached does the till
// redeem offline, within what its allowance leaves (and, for a customer's store credit or points,
// within the balance it last saw). Anything above needs the network or a supervisor's override.
export type OnlineAnswer =
  /** `holdExpiresAt`: when the server's hold lapses, by the till's clock (absent: it lasts until the sale arrives). */
  | { kind: 'approved'; authorizationId: string; balanceAfter?: number; holdExpiresAt?: string }
  | { kind: 'declined'; available: number }
  | { kind: 'unreachable' };

export type RedemptionDecision =
  | { kind: 'authorized'; authorizationId: string; balanceAfter?: number; holdExpiresAt?: string }
  /** Offline, within the allowance: the till may take it as it is. */
  | { kind: 'offline'; room: number }
  /** Not there to take: the server (or the last known balance) says so. */
  | { kind: 'declined'; available: number }
  /** Offline and above the allowance: only a supervisor's override lets it through. */
  | { kind: 'needs_override'; room: number };

/**
 * @param room what the offline allowance leaves for this card / customer (offline-allowance.ts)
 * @param knownBalance a customer's balance as last synced, less this till's spends not yet acknowledged (undefined for gift cards: tills do not hold their balances)
 */
export function decideRedemption(answer: OnlineAnswer, amount: number, room: number, knownBalance?: number): RedemptionDecision {
  if (answer.kind === 'approved') {
    return {
      kind: 'authorized', authorizationId: answer.authorizationId,
      ...(answer.balanceAfter !== undefined ? { balanceAfter: answer.balanceAfter } : {}),
      ...(answer.holdExpiresAt !== undefined ? { holdExpiresAt: answer.holdExpiresAt } : {}),
    };
  }
  if (answer.kind === 'declined') return { kind: 'declined', available: answer.available };
  if (knownBalance !== undefined && amount > knownBalance) return { kind: 'declined', available: Math.max(0, knownBalance) };
  return amount <= room ? { kind: 'offline', room } : { kind: 'needs_override', room };
}
