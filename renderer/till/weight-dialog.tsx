// Asks the weight of a measured product (kg, l, m) added without a scale barcode, and shows what
// it will cost per unit, so "0.750" on a kg product is never mistaken for a piece count.
import { useState, type FormEvent } from 'react';
import { formatMoney } from '../../shared/money/format.ts';
import { useConfigStore } from '../config/config-store.ts';
import { quantityProblem } from './quantity-rules.ts';
import { useTillUiStore } from './till-ui-store.ts';

export function WeightDialog() {
  const request = useTillUiStore((s) => s.weight);
  const finish = useTillUiStore((s) => s.finishWeight);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!request) return null;
  const { product } = request;
  const close = (qty: number | null) => {
    setText('');
    setError(null);
    finish(qty);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const qty = Number(text.trim().replace(',', '.'));
    const problem = text.trim() === '' ? `Enter the weight in ${product.unit}, e.g. 0.750` : quantityProblem(qty, product.unit);
    if (problem) return setError(problem);
    close(qty);
  };
  return (
    <div className="modal-backdrop">
      <form role="dialog" aria-modal="true" aria-label={`Weight of ${product.name}`} className="modal stack" onSubmit={submit}>
        <h2>{product.name}</h2>
        <p>{formatMoney(product.price, currency)}/{product.unit} — put it on the scale and enter the weight, or scan the scale label.</p>
        <label>
          Weight ({product.unit})
          <input value={text} onChange={(e) => setText(e.target.value)} autoFocus inputMode="decimal" autoComplete="off"
            onKeyDown={(e) => { if (e.key === 'Escape') close(null); }} />
        </label>
        <div className="row">
          <button type="submit" className="primary">Add</button>
          <button type="button" onClick={() => close(null)}>Cancel</button>
        </div>
        {error && <p role="alert">{error}</p>}
      </form>
    </div>
  );
}
