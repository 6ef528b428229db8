// Gift card and store credit on the pay screen (issue 17 points 4–5, docs/stored-value.md): a
// dialog where the cashier scans or types the card's number (store credit: the sale's customer's)
// and the amount (what was in "Amount tendered", else what remains). Online the server authorises it and sets it aside
// for this payment; offline the till takes it within its allowance; above it the cashier is told
// to reconnect, or a supervisor overrides (recorded on the payment as `overrideBy`).
import { useEffect, useState, type FormEvent } from 'react';
import { newEventId } from '../../shared/ids.ts';
import { formatMoney, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import type { Payment, TenderConfig } from '../../shared/schemas/index.ts';
import { isCardNumberFormat, maskCardNumber, normalizeCardNumber } from '../../shared/stored-value/card-number.ts';
import { GIFT_CARD_METHOD } from '../../shared/stored-value/sale-value.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { usePayStore } from './pay-store.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { tillRuntime } from './till-runtime.ts';
import { decideValueRedemption, knownBalanceOf } from './value-redeem.ts';
import { failureSentence } from './failure-sentence.ts';

interface Props {
  tender: TenderConfig;
  /** What is left to pay (exact, not cash-rounded). */
  remaining: number;
  /** What the cashier had typed in "Amount tendered" (empty: what remains). */
  amountText: string;
  onClose(): void;
  /** A payment was recorded: the pay screen completes the sale when it is settled. */
  onTaken(message: string): void;
}

interface Pending {
  amount: number;
  card?: string;
  paymentId: string;
  room: number;
  /** Store credit offline: the customer's credit as the till knows it, before this payment. */
  knownBalance?: number;
}

/** The panel for one stored-value tender: the card number (gift card) and the Redeem button. */
export function ValueTenderDialog({ tender, remaining, amountText: typed, onClose, onTaken }: Props) {
  const config = useConfigStore((s) => s.config);
  const customer = useCartStore((s) => s.customer);
  const requestApproval = useTillUiStore((s) => s.requestApproval);
  const [cardText, setCardText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [needsOverride, setNeedsOverride] = useState<Pending | null>(null);
  const currency = config.site?.currency ?? 'EUR';
  /** An amount for an input (plain figures), and one in a sentence (with the currency). */
  const money = (n: number) => formatMoney(n, currency);
  const shown = (n: number) => formatMoneyWithSymbol(n, currency);
  const [amountText, setAmountText] = useState(typed.trim() === '' ? money(Math.max(remaining, 0)) : typed);
  const [credit, setCredit] = useState<number | null>(null);
  const isGiftCard = tender.method === GIFT_CARD_METHOD;

  // Store credit: what the customer has as the till knows it, kept live with the replicated document.
  useEffect(() => {
    if (isGiftCard || !customer) return;
    let live = true;
    const sub = tillRuntime().db.customers.findOne(customer.id).$.subscribe(() => {
      knownBalanceOf(customer, 'store_credit', currency, { customerId: customer.id, payments: usePayStore.getState().payments }).then(
        (n) => live && setCredit(n),
        (err: unknown) => console.error('store credit unknown', err),
      );
    });
    return () => {
      live = false;
      sub.unsubscribe();
    };
  }, [isGiftCard, customer, currency]);
  const holderName = (card?: string) => (card ? `${tender.label} ${maskCardNumber(card)}` : `${customer?.name ?? 'The customer'}'s store credit`);

  const record = (p: Pending, fields: Pick<Payment, 'authorization' | 'holdExpiresAt' | 'overrideBy' | 'balanceAfter'>, how: string) => {
    usePayStore.getState().addPayment({
      paymentId: p.paymentId, method: tender.method, amount: p.amount,
      ...(p.card ? { card: p.card } : {}),
      ...(fields.authorization ? { authorization: fields.authorization } : {}),
      ...(fields.authorization && fields.holdExpiresAt ? { holdExpiresAt: fields.holdExpiresAt } : {}),
      ...(fields.overrideBy ? { overrideBy: fields.overrideBy } : {}),
      ...(fields.balanceAfter !== undefined ? { balanceAfter: fields.balanceAfter } : {}),
    });
    setNeedsOverride(null);
    onTaken(`${holderName(p.card)}: ${shown(p.amount)} taken${fields.balanceAfter !== undefined ? `, balance left ${shown(fields.balanceAfter)}` : ''}${how}`);
  };

  const redeem = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setError(null);
    setNeedsOverride(null);
    const amount = parseMoneyInput(amountText);
    if (remaining <= 0) return setError('Nothing left to pay');
    if (amount === null || amount <= 0) return setError('Enter an amount like 20.00');
    if (amount > remaining) return setError(`${tender.label} cannot exceed the amount due (${shown(remaining)})`);
    let card: string | undefined;
    if (isGiftCard) {
      card = normalizeCardNumber(cardText);
      if (!isCardNumberFormat(card)) return setError('Scan the gift card or type its number (6 to 32 letters or digits)');
    } else if (!customer) {
      return setError('Store credit belongs to a customer: choose the customer on the sale screen first');
    }
    const pending: Pending = { amount, paymentId: newEventId(), room: 0, ...(card ? { card } : {}) };
    setBusy(true);
    try {
      const pay = usePayStore.getState();
      const { decision, knownBalance } = await decideValueRedemption(
        { kind: isGiftCard ? 'gift_card' : 'store_credit', ...(card ? { card } : {}), customer, amount, saleId: pay.saleId, ref: pending.paymentId },
        config,
        { customerId: customer?.id, payments: pay.payments, points: useCartStore.getState().pointsRedemption },
      );
      switch (decision.kind) {
        case 'authorized':
          record(pending, {
            authorization: decision.authorizationId,
            ...(decision.holdExpiresAt ? { holdExpiresAt: decision.holdExpiresAt } : {}),
            ...(decision.balanceAfter !== undefined ? { balanceAfter: decision.balanceAfter } : {}),
          }, '');
          break;
        case 'offline':
          record(pending, knownBalance !== undefined ? { balanceAfter: knownBalance - amount } : {}, ' (offline, within this till\'s allowance)');
          break;
        case 'declined':
          if (decision.available > 0) setAmountText(money(Math.min(decision.available, remaining)));
          setError(decision.available > 0 ? `${holderName(card)} has only ${shown(decision.available)} available: press Redeem to take that` : `${holderName(card)} has nothing to spend`);
          break;
        case 'needs_override':
          setNeedsOverride({ ...pending, room: decision.room, ...(knownBalance !== undefined ? { knownBalance } : {}) });
          break;
      }
    } catch (err) {
      setError(failureSentence(`${tender.label} not taken`, err));
    } finally {
      setBusy(false);
    }
  };

  const override = async () => {
    const p = needsOverride;
    if (!p) return;
    const supervisor = await requestApproval(`${holderName(p.card)}: ${shown(p.amount)} offline, above what this till may take without the server (${shown(p.room)} left)`);
    if (supervisor) record(p, { overrideBy: supervisor.id, ...(p.knownBalance !== undefined ? { balanceAfter: p.knownBalance - p.amount } : {}) }, ` (offline, approved by ${supervisor.displayName})`);
  };

  const closeOnEscape = (e: { key: string }) => {
    if (e.key === 'Escape' && !busy) onClose();
  };
  return (
    <div className="modal-backdrop">
      <form role="dialog" aria-modal="true" aria-label={tender.label} className="modal stack value-tender" onSubmit={(e) => void redeem(e)}>
        <h2>{tender.label}</h2>
        {isGiftCard ? (
          <label>
            Gift card number
            <input value={cardText} onChange={(e) => setCardText(e.target.value)} autoFocus autoComplete="off" data-scan-entry placeholder="Scan or type the card" onKeyDown={closeOnEscape} />
          </label>
        ) : (
          <p aria-label="Store credit holder">{customer ? `Customer: ${customer.name}${credit !== null ? ` · store credit ${shown(credit)}` : ''}` : 'No customer on this sale: choose one on the sale screen'}</p>
        )}
        <label>
          Amount
          <input value={amountText} onChange={(e) => setAmountText(e.target.value)} inputMode="decimal" autoComplete="off" autoFocus={!isGiftCard} onKeyDown={closeOnEscape} />
        </label>
        <div className="row">
          <button type="submit" className="primary big" disabled={busy}>
            {busy ? 'Checking…' : 'Redeem'}
          </button>
          <button type="button" className="big" onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </div>
        {needsOverride && (
          <div role="alert" className="stack">
            <p>
              The server cannot be reached, and {shown(needsOverride.amount)} is more than this till may take offline ({shown(needsOverride.room)} left). Reconnect and
              press Redeem again, or ask a supervisor.
            </p>
            <button type="button" onClick={() => void override()}>
              Supervisor override
            </button>
          </div>
        )}
        {error && <p role="alert">{error}</p>}
      </form>
    </div>
  );
}
