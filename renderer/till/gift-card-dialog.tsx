// Selling (loading) a gift card at the till (issue 17 point 4, docs/stored-value.md): scan or type
// the card's number and the amount; the card goes on the sale as a load (not a line: not revenue)
// and is paid with everything else. Online the till asks the card's balance so the receipt can
// print what the card will hold; offline it prints the amount loaded only.
import { useRef, useState, type FormEvent } from 'react';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import { normalizeCardNumber } from '../../shared/stored-value/card-number.ts';
import { useCartStore } from './cart-store.ts';
import { valueBalance } from './value-api.ts';

export function GiftCardDialog({ onClose }: { onClose(): void }) {
  const [number, setNumber] = useState('');
  const [amountText, setAmountText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const amountField = useRef<HTMLInputElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoneyInput(amountText);
    const cart = useCartStore.getState();
    const refusal = cart.addGiftCardLoad(number, amount ?? 0);
    if (refusal) return setError(refusal);
    const card = normalizeCardNumber(number);
    const load = useCartStore.getState().giftCardLoads.find((l) => l.number === card);
    onClose();
    if (!load) return;
    // What the card will hold once loaded, when the server can say (a card it never saw holds nothing yet).
    valueBalance({ kind: 'gift_card', card }).then(
      (balance) => {
        if (balance && useCartStore.getState().giftCardLoads.some((l) => l.loadId === load.loadId)) useCartStore.getState().setGiftCardBalance(load.loadId, (balance.known ? balance.balance : 0) + load.amount);
      },
      (err: unknown) => console.error('gift card balance unknown', err),
    );
  };
  return (
    <div className="modal-backdrop">
      <form role="dialog" aria-modal="true" aria-label="Sell a gift card" className="modal stack gift-card-sale" onSubmit={submit}>
        <h2>Sell a gift card</h2>
        <label>
          Gift card number
          <input value={number} onChange={(e) => setNumber(e.target.value)} autoFocus autoComplete="off" data-scan-entry placeholder="Scan or type the card"
            onKeyDown={(e) => {
              if (e.key === 'Escape') onClose();
              // A scanned card ends with Enter: go on to the amount instead of submitting without one.
              if (e.key === 'Enter' && amountText.trim() === '') {
                e.preventDefault();
                amountField.current?.focus();
              }
            }} />
        </label>
        <label>
          Amount to load
          <input ref={amountField} value={amountText} onChange={(e) => setAmountText(e.target.value)} inputMode="decimal" autoComplete="off" placeholder="25.00"
            onKeyDown={(e) => { if (e.key === 'Escape') onClose(); }} />
        </label>
        <div className="row">
          <button type="submit" className="primary">Add gift card</button>
          <button type="button" onClick={onClose}>Cancel</button>
        </div>
        {error && <p role="alert">{error}</p>}
      </form>
    </div>
  );
}
