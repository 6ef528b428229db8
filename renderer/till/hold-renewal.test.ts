// The sale in progress at completion: each redemption whose hold lapsed is decided again, like a new
// one (value-redeem.ts, whose answer is played here), and the payment says what now covers it.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Payment } from '../../shared/schemas/index.ts';
import type { RedemptionDecision } from '../../shared/stored-value/redemption-decision.ts';
import type { ConfigSnapshot, KnownUser } from '../config/config-snapshot.ts';
import { useCartStore } from './cart-store.ts';
import { renewLapsedHolds } from './hold-renewal.ts';
import { usePayStore } from './pay-store.ts';
import type { RedemptionAsk } from './value-redeem.ts';

const answers: RedemptionDecision[] = [];
const asked: { ask: RedemptionAsk; payments: string[] }[] = [];
vi.mock('./value-redeem.ts', () => ({
  decideValueRedemption: (ask: RedemptionAsk, _config: unknown, open: { payments: Payment[] }) => {
    asked.push({ ask, payments: open.payments.map((p) => p.paymentId) });
    const decision = answers.shift();
    if (!decision) throw new Error('no answer prepared');
    return Promise.resolve({ decision });
  },
}));

const NOW = new Date('2026-12-03T10:00:00.000Z');
const config = { site: { currency: 'EUR' } } as unknown as ConfigSnapshot;
const sam = { id: 'u-sam', displayName: 'Sam Becker' } as KnownUser;
const lapsedCard: Payment = { paymentId: 'p1', method: 'gift_card', amount: 4500, card: '6012888877776666', authorization: 'h1', holdExpiresAt: '2026-12-03T09:59:00.000Z', balanceAfter: 1500 };
const liveCard: Payment = { paymentId: 'p2', method: 'gift_card', amount: 500, card: '6012888877776666', authorization: 'h2', holdExpiresAt: '2026-12-03T10:30:00.000Z' };
const offlineCard: Payment = { paymentId: 'p3', method: 'gift_card', amount: 1000, card: '6012888877776666' };

function start(payments: Payment[]): void {
  usePayStore.setState({ saleId: 'sale-1', payments, voided: [] });
  useCartStore.setState({ customer: null, pointsRedemption: null });
}
const payment = (id: string) => usePayStore.getState().payments.find((p) => p.paymentId === id);

describe('a lapsed authorisation at completion', () => {
  beforeEach(() => {
    answers.length = 0;
    asked.length = 0;
  });

  it('leaves a sale alone when no hold has lapsed', async () => {
    start([liveCard, offlineCard]);
    expect(await renewLapsedHolds(config, { approve: () => Promise.reject(new Error('not asked')), now: () => NOW })).toEqual({ ok: true, notes: [] });
    expect(asked).toEqual([]);
  });

  it('online: the server authorises it anew and the payment carries the new hold', async () => {
    start([lapsedCard, liveCard]);
    answers.push({ kind: 'authorized', authorizationId: 'h1', balanceAfter: 1200, holdExpiresAt: '2026-12-03T10:01:00.000Z' });
    const out = await renewLapsedHolds(config, { approve: () => Promise.reject(new Error('not asked')), now: () => NOW });
    expect(out).toEqual({ ok: true, notes: ['Gift card ****6666: €45.00 authorised again (the server\'s hold had lapsed)'] });
    // Asked for the same sale and payment, with that payment left out of the sale in progress.
    expect(asked).toEqual([{ ask: expect.objectContaining({ kind: 'gift_card', card: lapsedCard.card, amount: 4500, saleId: 'sale-1', ref: 'p1' }) as unknown, payments: ['p2'] }]);
    expect(payment('p1')).toEqual({ ...lapsedCard, authorization: 'h1', holdExpiresAt: '2026-12-03T10:01:00.000Z', balanceAfter: 1200 });
    expect(payment('p2')).toEqual(liveCard);
  });

  it('offline within the allowance: it becomes an offline spend (no authorisation left on it)', async () => {
    start([lapsedCard]);
    answers.push({ kind: 'offline', room: 5000 });
    const out = await renewLapsedHolds(config, { approve: () => Promise.reject(new Error('not asked')), now: () => NOW });
    expect(out).toEqual({ ok: true, notes: ['Gift card ****6666: €45.00 taken offline, within this till\'s allowance (the server\'s hold had lapsed)'] });
    expect(payment('p1')).toEqual({ paymentId: 'p1', method: 'gift_card', amount: 4500, card: lapsedCard.card, balanceAfter: 1500 });
  });

  it('offline above the allowance: a supervisor\'s override, or the sale waits', async () => {
    start([lapsedCard, offlineCard]);
    answers.push({ kind: 'needs_override', room: 4000 });
    const reasons: string[] = [];
    const refused = await renewLapsedHolds(config, { approve: (r) => (reasons.push(r), Promise.resolve(null)), now: () => NOW });
    expect(reasons).toEqual(['Gift card ****6666: the server stopped holding €45.00 for this sale and cannot be reached; €45.00 is more than this till may take offline (€40.00 left)']);
    expect(refused).toEqual({ ok: false, message: `${reasons[0] ?? ''}. Reconnect and press Complete sale again, ask a supervisor, or void the payment.` });
    expect(payment('p1')).toEqual(lapsedCard);

    answers.push({ kind: 'needs_override', room: 4000 });
    const approved = await renewLapsedHolds(config, { approve: () => Promise.resolve(sam), now: () => NOW });
    expect(approved).toEqual({ ok: true, notes: ['Gift card ****6666: €45.00 taken offline, approved by Sam Becker'] });
    expect(payment('p1')).toEqual({ paymentId: 'p1', method: 'gift_card', amount: 4500, card: lapsedCard.card, balanceAfter: 1500, overrideBy: 'u-sam' });
  });

  it('refused by the server (the value went meanwhile): the cashier is told what is available', async () => {
    start([lapsedCard]);
    answers.push({ kind: 'declined', available: 300 });
    expect(await renewLapsedHolds(config, { approve: () => Promise.reject(new Error('not asked')), now: () => NOW })).toEqual({
      ok: false, message: 'Gift card ****6666: the server stopped holding €45.00 for this sale and only €3.00 is available now: void the payment and take another tender',
    });
    expect(payment('p1')).toEqual(lapsedCard);
  });

  it('points redeemed on the sale are decided again alike', async () => {
    start([]);
    useCartStore.setState({ customer: { id: 'c1', name: 'Ada' } as never, pointsRedemption: { points: 200, amount: 200, authorization: 'h9', holdExpiresAt: '2026-12-03T09:00:00.000Z', balanceAfter: 50 } });
    answers.push({ kind: 'offline', room: 500 });
    const out = await renewLapsedHolds(config, { approve: () => Promise.reject(new Error('not asked')), now: () => NOW });
    expect(out).toEqual({ ok: true, notes: ['Ada\'s points: 200 points taken offline, within this till\'s allowance (the server\'s hold had lapsed)'] });
    expect(asked[0]?.ask).toMatchObject({ kind: 'points', amount: 200, ref: 'points' });
    expect(useCartStore.getState().pointsRedemption).toEqual({ points: 200, amount: 200, balanceAfter: 50 });
  });
});
