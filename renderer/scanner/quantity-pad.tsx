// The quantity pad of the scanner screens: "+1", optionally "All", and a typed quantity.
import { useState, type FormEvent } from 'react';
import { typedQuantity } from './scan-prompt.tsx';

export function QuantityPad({ onPlusOne, onAll, onQuantity }: { onPlusOne: () => void; onAll?: () => void; onQuantity: (qty: number) => void }) {
  const [qty, setQty] = useState('');
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const n = typedQuantity(qty);
    if (n !== null) onQuantity(n);
    setQty('');
  };
  return (
    <div className="row qty-pad">
      <button type="button" className="big" onClick={onPlusOne}>
        +1
      </button>
      {onAll && (
        <button type="button" className="big" onClick={onAll}>
          All
        </button>
      )}
      <form onSubmit={submit} className="row">
        <label>
          Quantity
          <input value={qty} onChange={(e) => setQty(e.target.value)} inputMode="decimal" autoComplete="off" />
        </label>
        <button type="submit" className="big">
          Set quantity
        </button>
      </form>
    </div>
  );
}
