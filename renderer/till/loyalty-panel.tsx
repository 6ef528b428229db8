// Loyalty points at the counter (issue 17 point 3, docs/stored-value.md): with a customer on the
// sale, their points (the replicated customer document, less what this till spent since) and the
// points this sale earns; "Redeem" takes the most whole blocks the points and the sale allow as a
// discount spread over the lines. Online the server sets the points aside; offline the till keeps
// to its allowance and to the points it knows; above it, a supervisor.
import { useEffect, useState } from 'react';
import { formatMoney } from '../../shared/money/format.ts';
import type { Customer } from '../../shared/schemas/index.ts';
import { maxRedeemablePoints, redemptionAmount } from '../../shared/stored-value/loyalty-program.ts';
import { POINTS_REDEEM_REF } from '../../shared/stored-value/sale-value.ts';
import { useConfigStore } from '../config/config-store.ts';
import { computeCart, pointsDiscountFits } from './cart-math.ts';
import { cartPointsDiscount, useCartStore } from './cart-store.ts';
import { usePayStore } from './pay-store.ts';
import { pointsToEarn } from './sale-loyalty.ts';
import { tillRuntime } from './till-runtime.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { decideValueRedemption, knownBalanceOf } from './value-redeem.ts';
import { failureSentence } from './failure-sentence.ts';

/** The sale customer's document as it is replicated now (points change when a sale is applied). */
function useLiveCustomer(customer: Customer | null): Customer | null {
  const [live, setLive] = useState<Customer | null>(customer);
  useEffect(() => {
    setLive(customer);
    if (!customer) return;
    const sub = tillRuntime().db.customers.findOne(customer.id).$.subscribe((doc) => setLive(doc ? doc.toMutableJSON() : customer));
    return () => sub.unsubscribe();
  }, [customer]);
  return live;
}

export function LoyaltyPanel() {
  const program = useConfigStore((s) => s.config.loyalty);
  const config = useConfigStore((s) => s.config);
  const picked = useCartStore((s) => s.customer);
  const lines = useCartStore((s) => s.lines);
  const orderDiscount = useCartStore((s) => s.orderDiscount);
  const redemption = useCartStore((s) => s.pointsRedemption);
  const payments = usePayStore((s) => s.payments);
  const customer = useLiveCustomer(picked);
  const [known, setKnown] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const currency = config.site?.currency ?? 'EUR';
  const money = (n: number) => formatMoney(n, currency);

  // The points as the till knows them: the document less this till's unacknowledged redemptions (not this sale's).
  useEffect(() => {
    if (!customer || !program) return setKnown(null);
    let live = true;
    knownBalanceOf(customer, 'points', currency, { payments: [] }).then(
      (points) => live && setKnown(points),
      (err: unknown) => console.error('points unknown', err),
    );
    return () => {
      live = false;
    };
  }, [customer, program, currency, payments]);

  if (!program || !customer) return null;
  const pointsDiscount = cartPointsDiscount({ pointsRedemption: redemption });
  const totals = computeCart(lines, orderDiscount, pointsDiscount);
  const earn = pointsToEarn(program, lines, totals.lines);
  const balance = known ?? customer.points ?? 0;
  let offer = redemption ? 0 : maxRedeemablePoints(program, balance, totals.total);
  // Never more discount than the lines it is spread over cost (tax added on top is not theirs).
  while (offer > 0 && !pointsDiscountFits(lines, redemptionAmount(program, offer) ?? 0)) offer -= program.redeem.points;

  const redeem = async () => {
    const amount = redemptionAmount(program, offer);
    if (amount === null || busy) return;
    setBusy(true);
    setError(null);
    try {
      const pay = usePayStore.getState();
      const { decision } = await decideValueRedemption({ kind: 'points', customer, amount: offer, saleId: pay.saleId, ref: POINTS_REDEEM_REF }, config, { customerId: customer.id, payments: pay.payments });
      const cart = useCartStore.getState();
      if (decision.kind === 'authorized') {
        cart.setPointsRedemption({
          points: offer, amount, authorization: decision.authorizationId,
          ...(decision.holdExpiresAt ? { holdExpiresAt: decision.holdExpiresAt } : {}),
          ...(decision.balanceAfter !== undefined ? { balanceAfter: decision.balanceAfter } : {}),
        });
      } else if (decision.kind === 'offline') {
        cart.setPointsRedemption({ points: offer, amount });
      } else if (decision.kind === 'declined') {
        setError(`${customer.name} has ${decision.available} points to spend now: not enough for ${offer}`);
      } else {
        const supervisor = await useTillUiStore.getState().requestApproval(`${offer} points offline, above what this till may redeem without the server (${decision.room} points left)`);
        if (supervisor) useCartStore.getState().setPointsRedemption({ points: offer, amount, overrideBy: supervisor.id });
        else setError('Points not redeemed: reconnect, or ask a supervisor');
      }
    } catch (err) {
      setError(failureSentence('Points not redeemed', err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="loyalty stack" aria-label="Loyalty points">
      <p>
        <strong>{program.name}</strong>: <span aria-label="Points balance">{balance}</span> points
        {lines.length > 0 && <> · earns <span aria-label="Points to earn">{earn}</span></>}
      </p>
      {redemption ? (
        <p className="row">
          <span aria-label="Points redeemed">{redemption.points} points: −{money(redemption.amount)}</span>
          <button type="button" onClick={() => useCartStore.getState().setPointsRedemption(null)}>Remove points</button>
        </p>
      ) : offer > 0 ? (
        <button type="button" disabled={busy} onClick={() => void redeem()}>
          {busy ? 'Checking points…' : `Redeem ${offer} points (−${money(redemptionAmount(program, offer) ?? 0)})`}
        </button>
      ) : null}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
