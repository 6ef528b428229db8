import { describe, expect, it } from 'vitest';
import { checkRefundCard, originalRefundCard } from './return-gift-card.ts';

const money = (m: number): string => `€${(m / 100).toFixed(2)}`;

describe('refunding a return onto a gift card', () => {
  it('tops up a known card and issues a new one online, with the balance after', () => {
    expect(checkRefundCard('top_up', '1234 5678-90', 1500, { known: true, balance: 2000, available: 2000, currency: 'EUR' }, 'EUR', money))
      .toEqual({ ok: true, card: '1234567890', balanceAfter: 3500, note: 'Gift card ****7890: €15.00 goes on it, balance after €35.00.' });
    expect(checkRefundCard('new', 'abc123456', 1500, { known: false, balance: 0, available: 0 }, 'EUR', money))
      .toEqual({ ok: true, card: 'ABC123456', balanceAfter: 1500, note: 'Gift card ****3456: €15.00 goes on it, balance after €15.00.' });
  });

  it('refuses a wrong number, an unknown card to top up, a known card to issue, and another currency', () => {
    expect(checkRefundCard('top_up', '', 100, null, 'EUR', money)).toEqual({ ok: false, message: 'Scan or type the gift card number' });
    expect(checkRefundCard('top_up', '12#4', 100, null, 'EUR', money)).toEqual({ ok: false, message: 'A gift card number is 6 to 32 letters or digits' });
    expect(checkRefundCard('top_up', '99990000', 100, { known: false, balance: 0, available: 0 }, 'EUR', money))
      .toEqual({ ok: false, message: 'Gift card ****0000 is not known: scan the card again, or choose New card' });
    expect(checkRefundCard('new', '99990000', 100, { known: true, balance: 500, available: 500, currency: 'EUR' }, 'EUR', money))
      .toEqual({ ok: false, message: 'Gift card ****0000 already holds €5.00: choose Top up a card' });
    expect(checkRefundCard('top_up', '99990000', 100, { known: true, balance: 500, available: 500, currency: 'GBP' }, 'EUR', money))
      .toEqual({ ok: false, message: 'Gift card ****0000 holds GBP, not EUR: choose another tender' });
  });

  it('offline takes a well-formed number without a balance', () => {
    expect(checkRefundCard('new', '55554444', 700, null, 'EUR', money))
      .toEqual({ ok: true, card: '55554444', note: 'Gift card ****4444 is issued with €7.00; its balance is known once the till is back online.' });
  });

  it('defaults to the gift card that paid the sale (the one that paid most), none without one', () => {
    const pay = (method: string, amount: number, card?: string) => ({ paymentId: `p${amount}`, method, amount, ...(card ? { card } : {}) });
    expect(originalRefundCard({ payments: [pay('cash', 500), pay('gift_card', 1200, 'AAA11111')] })).toBe('AAA11111');
    expect(originalRefundCard({ payments: [pay('gift_card', 300, 'AAA11111'), pay('gift_card', 800, 'BBB22222'), pay('gift_card', 400, 'AAA11111')] })).toBe('BBB22222');
    expect(originalRefundCard({ payments: [pay('cash', 500), pay('card', 700)] })).toBeUndefined();
  });
});
