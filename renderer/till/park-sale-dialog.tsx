// "Park sale": puts the sale on screen aside with an optional note ("blue coat") and leaves an
// empty cart for the next customer (parked-sales-store.ts). A sale that cannot be parked (money
// recorded, points, a pickup, an order from another site, nothing on it) is refused before the
// dialog opens, with the reason (park-rules.ts): see `startParking`.
import { useState, type FormEvent } from 'react';
import { useLoginStore } from '../login/login-store.ts';
import { useCartStore } from './cart-store.ts';
import { PARKED_NOTE_MAX } from './parked-sale.ts';
import { currentParkRefusal, parkSale } from './parked-sales-store.ts';
import { failureSentence } from './failure-sentence.ts';

/** Whether the Park dialog may open; otherwise the sell screen says why not. */
export function startParking(): boolean {
  const refusal = currentParkRefusal();
  if (refusal) useCartStore.getState().say('error', refusal);
  return refusal === null;
}

export function ParkSaleDialog({ onClose }: { onClose(): void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cashier = useLoginStore((s) => s.cashier);
  const close = (): void => {
    onClose();
    document.getElementById('scan-entry')?.focus();
  };
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    if (!cashier || busy) return;
    setBusy(true);
    parkSale(note, { id: cashier.id, name: cashier.displayName }).then(
      (result) => {
        setBusy(false);
        if (!result.ok) return setError(result.error);
        const named = result.value.note ? `“${result.value.note}”` : 'The sale';
        useCartStore.getState().say('info', `${named} is parked: find it under Parked to resume it.`);
        close();
      },
      (err: unknown) => {
        setBusy(false);
        setError(failureSentence('Not parked', err));
      },
    );
  };
  return (
    <div className="modal-backdrop">
      <form role="dialog" aria-modal="true" aria-label="Park sale" className="modal stack park-sale" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && close()}>
        <h2>Park this sale</h2>
        <label>
          Note (optional)
          <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={PARKED_NOTE_MAX} placeholder="e.g. blue coat" autoFocus autoComplete="off" />
        </label>
        <p className="muted">The cart is emptied for the next customer; any cashier of this till can resume it from Parked.</p>
        {error && <p role="alert">{error}</p>}
        <div className="row">
          <button type="submit" className="primary" disabled={busy}>
            Park sale
          </button>
          <button type="button" onClick={close}>
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
