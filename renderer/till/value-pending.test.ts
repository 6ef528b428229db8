import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Payment, Sale } from '../../shared/schemas/index.ts';
import { offlineRoom } from '../../shared/stored-value/offline-allowance.ts';
import { knownCustomerBalance, pendingSpends, unacknowledgedMoves } from './value-pending.ts';

const NOW = new Date('2026-12-03T10:00:00.000Z');
const sale = (id: string, payments: Payment[], extra: Partial<Sale> = {}): Sale => ({ id, customerId: 'c1', payments, ...extra }) as Sale;
const card = (paymentId: string, amount: number, more: Partial<Payment> = {}): Payment => ({ paymentId, method: 'gift_card', amount, card: 'CARD01', ...more });

describe('stored value the server has not acknowledged', () => {
  it('counts offline spends of unacknowledged sales and of the sale in progress against the allowance, never authorised or overridden ones', () => {
    const sales = [
      sale('s1', [card('p1', 1500)]), // acknowledged: the allowance is given back
      sale('s2', [card('p2', 1000), card('p3', 700, { authorization: 'h1' })]),
      sale('s3', [{ paymentId: 'p4', method: 'store_credit', amount: 300 }, card('p5', 900, { overrideBy: 'sam' })], { loyalty: { redeemedPoints: 200, redeemedAmount: 1000 } }),
    ];
    const moves = unacknowledgedMoves(sales, new Set(['s1']), { customerId: 'c1', payments: [card('p6', 400), { paymentId: 'p7', method: 'cash', amount: 50 }], points: { points: 100 } });
    expect(pendingSpends(moves, NOW)).toEqual([
      { kind: 'gift_card', key: 'CARD01', amount: 1000 },
      { kind: 'store_credit', key: 'c1', amount: 300 },
      { kind: 'points', key: 'c1', amount: 200 },
      { kind: 'gift_card', key: 'CARD01', amount: 400 },
      { kind: 'points', key: 'c1', amount: 100 },
    ]);
    expect(offlineRoom({ mode: 'till', amount: 5000, points: 500 }, pendingSpends(moves, NOW), 'gift_card', 'OTHER1')).toBe(3300);
    expect(offlineRoom({ mode: 'till', amount: 5000, points: 500 }, pendingSpends(moves, NOW), 'points', 'c1')).toBe(200);
  });

  it('knows a customer balance as the document less every unacknowledged spend (authorised too), plus refunds onto it', () => {
    const customer = { id: 'c1', points: 450, storeCredit: [{ currency: 'EUR', amount: 2000 }, { currency: 'USD', amount: 999 }] };
    const sales = [
      sale('s1', [{ paymentId: 'p1', method: 'store_credit', amount: 500, authorization: 'h1' }], { loyalty: { redeemedPoints: 100, redeemedAmount: 500, earnedPoints: 30 } }),
      sale('r1', [{ paymentId: 'p2', method: 'store_credit', amount: -200 }]),
      sale('s2', [{ paymentId: 'p3', method: 'store_credit', amount: 100 }], { customerId: 'c2' }),
    ];
    const moves = unacknowledgedMoves(sales, new Set(), { customerId: 'c1', payments: [{ paymentId: 'p4', method: 'store_credit', amount: 300 }] });
    expect(knownCustomerBalance(customer, 'store_credit', 'EUR', moves)).toBe(2000 - 500 + 200 - 300);
    expect(knownCustomerBalance(customer, 'store_credit', 'GBP', moves)).toBe(-600);
    // Points earned on unacknowledged sales are not spendable yet: the server credits them when it applies the sale.
    expect(knownCustomerBalance(customer, 'points', 'EUR', moves)).toBe(350);
    expect(knownCustomerBalance({ id: 'c9' }, 'points', 'EUR', moves)).toBe(0);
  });

  it('never lets a customer spend offline past what the till knows, however the spends are split', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.array(fc.integer({ min: 1, max: 1500 }), { maxLength: 12 }), (credit, attempts) => {
        const taken: Sale[] = [];
        for (const [i, amount] of attempts.entries()) {
          const known = knownCustomerBalance({ id: 'c1', storeCredit: [{ currency: 'EUR', amount: credit }] }, 'store_credit', 'EUR', unacknowledgedMoves(taken, new Set(), { payments: [] }));
          if (amount <= known) taken.push(sale(`s${i}`, [{ paymentId: `p${i}`, method: 'store_credit', amount }]));
        }
        const spent = taken.reduce((sum, s) => sum + (s.payments[0]?.amount ?? 0), 0);
        expect(spent).toBeLessThanOrEqual(credit);
      }),
    );
  });
});
