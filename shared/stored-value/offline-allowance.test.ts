import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowanceExcess, offlineRoom, type OfflineAllowance, type PendingSpend } from './offline-allowance.ts';
import { decideRedemption } from './redemption-decision.ts';
import type { ValueKind } from './sale-value.ts';

const kind = fc.constantFrom<ValueKind>('gift_card', 'store_credit', 'points');
const attempt = fc.record({ kind, key: fc.constantFrom('A', 'B', 'C'), amount: fc.integer({ min: 1, max: 4000 }) });
const allowance = fc.record({ mode: fc.constantFrom<'till' | 'card'>('till', 'card'), amount: fc.integer({ min: 0, max: 5000 }), points: fc.integer({ min: 0, max: 5000 }) });

describe('offline allowance', () => {
  it('never lets a till hold more unacknowledged offline spends than the allowance, in any bucket', () => {
    fc.assert(
      fc.property(allowance, fc.array(attempt, { maxLength: 40 }), (a, attempts) => {
        const pending: PendingSpend[] = [];
        for (const t of attempts) {
          const decision = decideRedemption({ kind: 'unreachable' }, t.amount, offlineRoom(a, pending, t.kind, t.key));
          if (decision.kind === 'offline') pending.push({ kind: t.kind, key: t.key, amount: t.amount });
        }
        const sum = (f: (p: PendingSpend) => boolean): number => pending.filter(f).reduce((s, p) => s + p.amount, 0);
        if (a.mode === 'till') {
          expect(sum((p) => p.kind !== 'points')).toBeLessThanOrEqual(a.amount);
          expect(sum((p) => p.kind === 'points')).toBeLessThanOrEqual(a.points);
        } else {
          for (const k of ['gift_card', 'store_credit', 'points'] as const) {
            for (const key of ['A', 'B', 'C']) expect(sum((p) => p.kind === k && p.key === key)).toBeLessThanOrEqual(k === 'points' ? a.points : a.amount);
          }
        }
      }),
    );
  });

  it('gives nothing offline when the allowance is 0, and everything the server approves or refuses as it says', () => {
    const zero: OfflineAllowance = { mode: 'till', amount: 0, points: 0 };
    expect(offlineRoom(zero, [], 'gift_card', 'A')).toBe(0);
    expect(decideRedemption({ kind: 'unreachable' }, 1, 0)).toEqual({ kind: 'needs_override', room: 0 });
    expect(decideRedemption({ kind: 'approved', authorizationId: 'h1', balanceAfter: 5 }, 10_000, 0)).toEqual({ kind: 'authorized', authorizationId: 'h1', balanceAfter: 5 });
    // A refusal is final: the allowance is not a way around the server.
    expect(decideRedemption({ kind: 'declined', available: 3 }, 10, 1_000)).toEqual({ kind: 'declined', available: 3 });
    // Offline, a customer's value is also capped by the balance the till last saw.
    expect(decideRedemption({ kind: 'unreachable' }, 10, 1_000, 7)).toEqual({ kind: 'declined', available: 7 });
  });

  it('counts the money of every card together per till, and apart per card', () => {
    const pending: PendingSpend[] = [{ kind: 'gift_card', key: 'A', amount: 1500 }, { kind: 'store_credit', key: 'c1', amount: 300 }];
    expect(offlineRoom({ mode: 'till', amount: 2000, points: 10 }, pending, 'gift_card', 'B')).toBe(200);
    expect(offlineRoom({ mode: 'card', amount: 2000, points: 10 }, pending, 'gift_card', 'B')).toBe(2000);
    expect(offlineRoom({ mode: 'card', amount: 2000, points: 10 }, pending, 'gift_card', 'A')).toBe(500);
    expect(offlineRoom({ mode: 'till', amount: 2000, points: 10 }, pending, 'points', 'c1')).toBe(10);
  });

  it('flags a sale whose own offline spends pass the allowance', () => {
    const moves = [
      { kind: 'gift_card' as const, key: 'A', ref: 'p1', move: 'redeem' as const, amount: -1500 },
      { kind: 'gift_card' as const, key: 'B', ref: 'p2', move: 'redeem' as const, amount: -1000 },
    ];
    expect(allowanceExcess({ mode: 'till', amount: 2000, points: 0 }, moves)).toEqual([{ kind: 'gift_card', key: 'A', spent: 2500, limit: 2000 }]);
    expect(allowanceExcess({ mode: 'card', amount: 2000, points: 0 }, moves)).toEqual([]);
  });
});
