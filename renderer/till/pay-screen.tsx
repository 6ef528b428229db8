// Payment: cash (tendered → change), card on the external terminal (the cashier confirms it was
// approved), any other configured tender, split across several. When the payments cover the
// total the sale is committed locally in one write; only then does the screen say paid.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { formatMoney, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { amountDue, isCashAmount } from '../../shared/money/index.ts';
import type { Payment, Sale, TenderConfig } from '../../shared/schemas/index.ts';
import { NumberPad } from './number-pad.tsx';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { computeCart } from './cart-math.ts';
import { cartPointsDiscount, useCartStore } from './cart-store.ts';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import { buildSaleDraft, cashTenderTest, commitAndPrint, usePayStore } from './pay-store.ts';
import { useSessionStore } from './session-store.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { saleLoyalty } from './sale-loyalty.ts';
import { renewLapsedHolds } from './hold-renewal.ts';
import { refundLines } from './refund-summary.ts';
import { releaseValueLater } from './value-api.ts';
import { ValueTenderDialog } from './value-tender.tsx';
import { maskCardNumber } from '../../shared/stored-value/card-number.ts';
import { giftCardLoadTotal, isStoredValueMethod } from '../../shared/stored-value/sale-value.ts';
import { failureSentence } from './failure-sentence.ts';

function tenderButtonLabel(t: TenderConfig): string {
  if (t.isCash) return t.label;
  if (t.method === 'card') return `${t.label} approved`;
  return t.label;
}

export function PayScreen() {
  const config = useConfigStore((s) => s.config);
  const lines = useCartStore((s) => s.lines);
  const orderDiscount = useCartStore((s) => s.orderDiscount);
  const saved = useCartStore((s) => s.pricing?.totalDiscount ?? 0);
  const pickup = useCartStore((s) => s.pickup);
  const giftCardLoads = useCartStore((s) => s.giftCardLoads);
  const pointsDiscount = useCartStore(cartPointsDiscount);
  const payments = usePayStore((s) => s.payments);
  const voided = usePayStore((s) => s.voided);
  const committing = usePayStore((s) => s.committing);
  const error = usePayStore((s) => s.error);
  const go = useTillUiStore((s) => s.go);
  const [amountText, setAmountText] = useState('');
  const [reference, setReference] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const [valueTender, setValueTender] = useState<TenderConfig | null>(null);
  const [valueMessage, setValueMessage] = useState<string | null>(null);
  const finishing = useRef(false);
  const currency = config.site?.currency ?? 'EUR';
  /** Amounts on the screen carry the currency; the entry box's hint is a figure to type. */
  const amount = (n: number) => formatMoneyWithSymbol(n, currency);
  // What the payments cover: the lines (after the points discount) and the gift cards sold.
  const total = computeCart(lines, orderDiscount, pointsDiscount).total + giftCardLoadTotal({ giftCardLoads });
  // Cash rounding (site setting): only the cash part is rounded; a card pays `remaining` exactly.
  const step = config.site?.cashRounding;
  const isCash = cashTenderTest(config);
  const due = amountDue(total, payments, isCash, step);
  const { paid, cashDue } = due;
  const settled = due.settled && payments.length > 0;
  const remaining = settled ? 0 : due.remaining;
  const labelOf = (method: string) => [...config.tenders, ...config.valueTenders].find((t) => t.method === method)?.label ?? method;
  const paymentName = (p: Payment) => `${labelOf(p.method)}${p.card ? ` ${maskCardNumber(p.card)}` : ''}`;

  const finish = async () => {
    const cashier = useLoginStore.getState().cashier;
    const sessionId = useSessionStore.getState().sessionId;
    if (!cashier || !sessionId) return setLocalError('No cashier or no open session');
    // An authorisation whose hold lapsed (holdMinutes) is decided again before the sale is committed.
    const renewal = await renewLapsedHolds(config, { approve: (reason) => useTillUiStore.getState().requestApproval(reason) });
    if (!renewal.ok) return setLocalError(renewal.message);
    if (renewal.notes.length > 0) setValueMessage(renewal.notes.join('. '));
    const cart = useCartStore.getState();
    const all = usePayStore.getState().payments;
    const loyalty = await saleLoyalty(config, cart, all);
    const draft = buildSaleDraft(
      {
        sessionId,
        cashier,
        config,
        lines: cart.lines,
        orderDiscount: cart.orderDiscount,
        ...(cart.orderDiscountApprovedBy ? { orderDiscountApprovedBy: cart.orderDiscountApprovedBy } : {}),
        ...(cart.customer ? { customerId: cart.customer.id } : {}),
        ...(cart.pricing?.coupons.length ? { couponCodes: cart.pricing.coupons.map((c) => c.code) } : {}),
        ...(cart.pickup ? { pickup: cart.pickup } : {}),
        ...(cart.giftCardLoads.length ? { giftCardLoads: cart.giftCardLoads } : {}),
        pointsDiscount: cartPointsDiscount(cart),
        ...(loyalty ? { loyalty } : {}),
        ...(cart.customerOrder ? { customerOrder: cart.customerOrder } : {}),
      },
      all,
      new Date(),
      usePayStore.getState().voided,
    );
    // Clears the cart with the payments (pay-store.ts).
    await commitAndPrint(draft, config, cashier.displayName);
  };

  const complete = () => {
    const all = usePayStore.getState().payments;
    if (finishing.current || all.length === 0 || !amountDue(total, all, isCash, step).settled) return;
    // One completion at a time: asking the server again about a lapsed hold takes a moment.
    finishing.current = true;
    finish()
      .catch((err: unknown) => setLocalError(failureSentence('The sale was not saved', err)))
      .finally(() => {
        finishing.current = false;
      });
  };

  const take = (tender: TenderConfig) => (e?: FormEvent) => {
    e?.preventDefault();
    if (committing) return;
    setLocalError(null);
    if (settled) return setLocalError('Nothing left to pay');
    // Cash pays the rounded amount, anything else the exact one.
    const dueHere = tender.isCash ? cashDue : remaining;
    if (dueHere < 0 || (dueHere === 0 && !tender.isCash)) return setLocalError(dueHere < 0 ? 'More is paid than the total: void a payment first' : 'Nothing left to pay');
    if (dueHere === 0) {
      // Card paid all but what rounds away: the cash part is 0.00 and the sale is settled with cash.
      usePayStore.getState().addPayment({ method: tender.method, amount: 0 });
      complete();
      return;
    }
    const entered = amountText.trim() === '' ? dueHere : parseMoneyInput(amountText);
    if (entered === null || entered <= 0) return setLocalError('Enter an amount like 20.00');
    let payment: Omit<Payment, 'paymentId'>;
    if (tender.isCash) {
      if (!isCashAmount(entered, step)) return setLocalError(`Cash is counted in steps of ${amount(step ?? 1)}: enter an amount like ${formatMoney(cashDue, currency)}`);
      const applied = Math.min(entered, dueHere);
      payment = { method: tender.method, amount: applied, tendered: entered, change: entered - applied };
    } else {
      if (entered > remaining) return setLocalError(`${tender.label} cannot exceed the amount due`);
      payment = { method: tender.method, amount: entered, ...(reference.trim() ? { reference: reference.trim() } : {}) };
    }
    usePayStore.getState().addPayment(payment);
    setAmountText('');
    setReference('');
    complete();
  };

  const voidPayment = (p: Payment) => {
    const cashier = useLoginStore.getState().cashier;
    if (!cashier) return setLocalError('No cashier');
    usePayStore.getState().voidPayment(p.paymentId, cashier.id);
    // What the server set aside for this payment goes back to the card or the customer.
    releaseValueLater(p.authorization);
  };

  // Every way back to the sale keeps the recorded payments: the cart may change, the remaining amount follows.
  const back = () => {
    if (!usePayStore.getState().committing) go('sell');
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !useTillUiStore.getState().approval) back();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const firstTender = config.tenders[0];
  return (
    <main className="pay stack" aria-label="Payment">
      <section className="pay-summary stack" aria-label="Amounts">
      <h1>Payment</h1>
      {pickup && <p aria-label="Collected order">Order {pickup.orderRef}: paid now, handed over with this sale</p>}
      <dl className="totals">
        <dt>Total</dt>
        <dd aria-label="Amount to pay" className="big">{amount(total)}</dd>
        <dt>Paid</dt>
        <dd aria-label="Paid so far">{amount(paid)}</dd>
        <dt>Remaining</dt>
        <dd aria-label="Remaining" className="big">{amount(remaining)}</dd>
        {!settled && cashDue !== remaining && (
          <>
            <dt>Rounding</dt>
            <dd aria-label="Cash rounding">{cashDue > remaining ? '+' : ''}{amount(cashDue - remaining)}</dd>
            <dt>To pay in cash</dt>
            <dd aria-label="To pay in cash" className="big">{amount(cashDue)}</dd>
          </>
        )}
      </dl>
      {saved > 0 ? <p className="saved" aria-label="Savings">You saved {amount(saved)}</p> : null}
      {giftCardLoads.length > 0 && <p aria-label="Gift cards sold">Includes gift card{giftCardLoads.length > 1 ? 's' : ''} sold: {giftCardLoads.map((l) => `${maskCardNumber(l.number)} ${amount(l.amount)}`).join(', ')}</p>}
      {pointsDiscount > 0 && <p aria-label="Points discount">Points redeemed: −{amount(pointsDiscount)}</p>}
      {valueMessage && <p role="status" aria-label="Stored value">{valueMessage}</p>}
      {(payments.length > 0 || voided.length > 0) && (
        <ul aria-label="Payments" className="payments">
          {payments.map((p) => (
            <li key={p.paymentId}>
              {paymentName(p)} {amount(p.amount)}
              {p.balanceAfter !== undefined ? ` (balance left ${amount(p.balanceAfter)})` : ''}
              {p.overrideBy ? ' (supervisor override)' : ''}
              {p.reference ? ` (approval ${p.reference})` : ''}
              {p.change ? ` (change ${amount(p.change)})` : ''}
              <button type="button" onClick={() => voidPayment(p)} disabled={committing} aria-label={`Void ${paymentName(p)} payment of ${amount(p.amount)}`}>
                Void
              </button>
            </li>
          ))}
          {voided.map((p) => (
            <li key={p.paymentId} className="voided">
              <s>{paymentName(p)} {amount(p.amount)}</s> — voided{p.method === 'card' ? ': reverse it on the card terminal' : p.card || p.method === 'store_credit' ? ': the amount stays on it' : ''}
            </li>
          ))}
        </ul>
      )}
      {remaining < 0 && <p role="alert">More is paid than the total by {amount(-remaining)}: void a payment or add to the sale.</p>}
      {settled && (
        <button type="button" className="primary big" disabled={committing} onClick={complete}>
          Complete sale
        </button>
      )}
      <button type="button" onClick={back} disabled={committing} aria-keyshortcuts="Escape">
        Back to sale
      </button>
      {committing && <p role="status">Saving sale…</p>}
      {(localError ?? error) && <p role="alert">{localError ?? error}</p>}
      </section>
      <form className="pay-tender stack" onSubmit={firstTender ? take(firstTender) : undefined} aria-label="Tender">
        <label>
          Amount tendered
          <input value={amountText} onChange={(e) => setAmountText(e.target.value)} placeholder={formatMoney(Math.max(remaining, 0), currency)} autoFocus inputMode="decimal" autoComplete="off" />
        </label>
        <NumberPad value={amountText} onChange={setAmountText} decimal label="Keypad" />
        <div className="row wrap tenders">
          {config.tenders.map((t) => (
            <button key={t.method} type="button" className="big" disabled={committing} onClick={() => take(t)()}>
              {tenderButtonLabel(t)}
            </button>
          ))}
        </div>
        {config.valueTenders.length > 0 && (
          <div className="row wrap tenders" role="group" aria-label="Stored value tenders">
          {config.valueTenders.map((t) => (
            <button key={t.method} type="button" className="big" disabled={committing} onClick={() => { setLocalError(null); setValueTender(t); }}>
              {t.label}
            </button>
          ))}
          </div>
        )}
        <label>
          Card approval code (optional)
          <input value={reference} onChange={(e) => setReference(e.target.value)} autoComplete="off" />
        </label>
      </form>
      {valueTender && (
        <ValueTenderDialog
          key={valueTender.method}
          tender={valueTender}
          remaining={remaining}
          amountText={amountText}
          onClose={() => setValueTender(null)}
          onTaken={(message) => {
            setValueMessage(message);
            setValueTender(null);
            setAmountText('');
            complete();
          }}
        />
      )}
    </main>
  );
}

/** Gift cards and store credit the sale moved, with the balance left when the till knew it. */
function StoredValueSummary({ sale, currency }: { sale: Sale; currency: string }) {
  const money = (n: number) => formatMoneyWithSymbol(n, currency);
  const rows = [
    ...(sale.giftCardLoads ?? []).map((l) => `Gift card ${maskCardNumber(l.number)} loaded with ${money(l.amount)}${l.balanceAfter !== undefined ? `: balance ${money(l.balanceAfter)}` : ''}`),
    ...sale.payments.filter((p) => isStoredValueMethod(p.method)).map((p) => {
      const name = p.card ? `Gift card ${maskCardNumber(p.card)}` : 'Store credit';
      return `${name}: ${money(p.amount)} taken, ${p.balanceAfter !== undefined ? `balance left ${money(p.balanceAfter)}` : 'balance known once the till is back online'}`;
    }),
  ];
  if (rows.length === 0) return null;
  return (
    <ul aria-label="Stored value balances">
      {rows.map((r) => <li key={r}>{r}</li>)}
    </ul>
  );
}

/** What the Paid screen says happened: a refund, an order handed over (paid online), or a payment. */
function paidTitle(sale: Sale): string {
  if (sale.kind === 'return') return 'Refunded';
  if (sale.pickup && sale.total === 0) return `Order ${sale.pickup.orderRef} handed over`;
  return 'Paid';
}

export function PaidScreen() {
  const paid = usePayStore((s) => s.paid);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const tenders = useConfigStore((s) => s.config.tenders);
  const valueTenders = useConfigStore((s) => s.config.valueTenders);
  const go = useTillUiStore((s) => s.go);
  if (!paid) return null;
  const refunds = refundLines(paid.sale, [...tenders, ...valueTenders], (m) => formatMoneyWithSymbol(m, paid.sale.currency));
  const next = () => {
    usePayStore.getState().dismissPaid();
    go('sell');
  };
  return (
    <main className="paid stack" aria-label="Paid">
      <div role="status">
        <h1>{paidTitle(paid.sale)} — receipt <span className="nowrap">{paid.sale.receiptNo}</span></h1>
      </div>
      {refunds.map((r) => <p key={r} className="big" aria-label="Refund due">{r}</p>)}
      {paid.change > 0 && <p className="big" aria-label="Change due">Change: {formatMoneyWithSymbol(paid.change, currency)}</p>}
      <StoredValueSummary sale={paid.sale} currency={currency} />
      {paid.printMessage && <p role={paid.printOk ? 'status' : 'alert'}>{paid.printMessage}</p>}
      <pre className="receipt" aria-label="Receipt">{paid.receiptText}</pre>
      <button type="button" className="primary big" autoFocus onClick={next}>
        New sale
      </button>
    </main>
  );
}
