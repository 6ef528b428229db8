import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Payment, Sale } from '../../shared/schemas/index.ts';
import { offlineRoom, type OfflineAllowance } from '../../shared/stored-value/offline-allowance.ts';
import { holdExpiry, holdLapsed, lapsedAuthorisations } from './hold-lapse.ts';
import { openSaleMoves, pendingSpends, unacknowledgedMoves } from './value-pending.ts';

const T0 = Date.parse('2026-12-03T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0 + minutes * 60_000);
const iso = (minutes: number): string => at(minutes).toISOString();
const sale = (id: string, payments: Payment[], extra: Partial<Sale> = {}): Sale => ({ id, customerId: 'c1', payments, ...extra }) as Sale;
const card = (paymentId: string, amount: number, more: Partial<Payment> = {}): Payment => ({ paymentId, method: 'gift_card', amount, card: 'CARD01', ...more });
const allowance: OfflineAllowance = { mode: 'till', amount: 5000, points: 500 };

describe('authorisations whose hold lapses', () => {
  it('dates the lapse by the till clock: its time of asking plus the hold\'s length, else the server\'s expiresAt, else never', () => {
    // The server's clock is 7 minutes ahead of the till's: its expiresAt would be read 7 minutes late.
    const asked = at(0);
    expect(holdExpiry({ expiresAt: iso(8), holdSeconds: 60 }, asked)).toBe(iso(1));
    expect(holdExpiry({ expiresAt: iso(8) }, asked)).toBe(iso(8));
    expect(holdExpiry({}, asked)).toBeUndefined();
  });

  it('counts an authorised spend as lapsed from its holdExpiresAt on, never without one, and an unreadable time as lapsed', () => {
    expect(holdLapsed({ authorization: 'h1', holdExpiresAt: iso(1) }, at(0.99))).toBe(false);
    expect(holdLapsed({ authorization: 'h1', holdExpiresAt: iso(1) }, at(1))).toBe(true);
    expect(holdLapsed({ authorization: 'h1' }, at(100_000))).toBe(false);
    expect(holdLapsed({ holdExpiresAt: iso(1) }, at(2))).toBe(false);
    expect(holdLapsed({ authorization: 'h1', holdExpiresAt: 'soon' }, at(0))).toBe(true);
  });

  it('counts lapsed authorised spends of unacknowledged sales and of the sale in progress against the allowance, not acknowledged, overridden or live ones', () => {
    const sales = [
      sale('s1', [card('p1', 4000, { authorization: 'h1', holdExpiresAt: iso(1) })]), // acknowledged
      sale('s2', [card('p2', 4000, { authorization: 'h2', holdExpiresAt: iso(1) })]),
      sale('s3', [card('p3', 900, { authorization: 'h3', holdExpiresAt: iso(30) }), card('p4', 800, { authorization: 'h4' })]),
      sale('s4', [card('p5', 600, { authorization: 'h5', holdExpiresAt: iso(1), overrideBy: 'sam' })]),
      sale('s5', [{ paymentId: 'p6', method: 'store_credit', amount: 300, authorization: 'h6', holdExpiresAt: iso(1) }], {
        loyalty: { redeemedPoints: 200, redeemedAmount: 200, authorization: 'h7', holdExpiresAt: iso(1) },
      }),
    ];
    const open = { customerId: 'c1', payments: [card('p8', 250, { authorization: 'h8', holdExpiresAt: iso(1) })], points: { points: 100, authorization: 'h9', holdExpiresAt: iso(1) } };
    const moves = unacknowledgedMoves(sales, new Set(['s1']), open);
    // Before the lapse only offline spends count: there are none.
    expect(pendingSpends(moves, at(0.5))).toEqual([]);
    expect(pendingSpends(moves, at(2))).toEqual([
      { kind: 'gift_card', key: 'CARD01', amount: 4000 },
      { kind: 'store_credit', key: 'c1', amount: 300 },
      { kind: 'points', key: 'c1', amount: 200 },
      { kind: 'gift_card', key: 'CARD01', amount: 250 },
      { kind: 'points', key: 'c1', amount: 100 },
    ]);
    expect(offlineRoom(allowance, pendingSpends(moves, at(0.5)), 'gift_card', 'CARD01')).toBe(5000);
    expect(offlineRoom(allowance, pendingSpends(moves, at(2)), 'gift_card', 'CARD01')).toBe(5000 - 4000 - 300 - 250);
    expect(offlineRoom(allowance, pendingSpends(moves, at(31)), 'gift_card', 'CARD01')).toBe(0);
    // The sale in progress: its lapsed authorisations are the ones asked again before it is completed.
    expect(lapsedAuthorisations(openSaleMoves(open), at(0.5))).toEqual([]);
    expect(lapsedAuthorisations(openSaleMoves(open), at(2)).map((m) => [m.kind, m.ref, -m.amount])).toEqual([['gift_card', 'p8', 250], ['points', 'points', 100]]);
  });

  // A till's life: online authorisations (some with a hold that lapses), offline redemptions it
  // admits only within the room the rule leaves, acknowledgements that give the room back, and its
  // clock moving on. Whatever the order: when it takes a spend offline, its unacknowledged offline
  // spends plus its unacknowledged authorised spends lapsed by then never pass the allowance.
  it('never admits an offline spend that takes offline plus lapsed spends past the allowance', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('authorise' as const), amount: fc.integer({ min: 1, max: 6000 }), holdMinutes: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }) }),
      fc.record({ kind: fc.constant('offline' as const), amount: fc.integer({ min: 1, max: 6000 }) }),
      fc.record({ kind: fc.constant('wait' as const), minutes: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ kind: fc.constant('ack' as const) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.array(step, { maxLength: 40 }), (limit, steps) => {
        const a: OfflineAllowance = { mode: 'till', amount: limit, points: 0 };
        const sales: Sale[] = [];
        const acked = new Set<string>();
        let minutes = 0;
        for (const [i, s] of steps.entries()) {
          const now = at(minutes);
          if (s.kind === 'wait') minutes += s.minutes;
          else if (s.kind === 'ack') {
            const oldest = sales.find((x) => !acked.has(x.id));
            if (oldest) acked.add(oldest.id);
          } else if (s.kind === 'authorise') {
            sales.push(sale(`s${i}`, [card(`p${i}`, s.amount, { authorization: `h${i}`, ...(s.holdMinutes ? { holdExpiresAt: iso(minutes + s.holdMinutes) } : {}) })]));
          } else {
            const room = offlineRoom(a, pendingSpends(unacknowledgedMoves(sales, acked, { payments: [] }), now), 'gift_card', 'CARD01');
            expect(room).toBeGreaterThanOrEqual(0);
            if (s.amount > room) continue;
            sales.push(sale(`s${i}`, [card(`p${i}`, s.amount)]));
            const open = sales.filter((x) => !acked.has(x.id)).flatMap((x) => x.payments);
            const offline = open.filter((p) => !p.authorization).reduce((sum, p) => sum + p.amount, 0);
            const lapsed = open.filter((p) => p.authorization && p.holdExpiresAt && Date.parse(p.holdExpiresAt) <= now.getTime()).reduce((sum, p) => sum + p.amount, 0);
            expect(offline + lapsed).toBeLessThanOrEqual(limit);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
