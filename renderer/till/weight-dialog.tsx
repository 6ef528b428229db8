// Asks the weight of a measured product (kg, l, m) added without a scale barcode, and shows what
// it will cost per unit, so "0.750" on a kg product is never mistaken for a piece count.
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { useConfigStore } from '../config/config-store.ts';
import { quantityProblem } from './quantity-rules.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { usePromptEntry, type PromptReading } from './use-prompt-entry.ts';

function readWeight(typed: string, unit: string): PromptReading<number> {
  const qty = Number(typed.trim().replace(',', '.'));
  const problem = typed.trim() === '' ? `Enter the weight in ${unit}, e.g. 0.750` : quantityProblem(qty, unit);
  return problem ? { error: problem } : { value: qty };
}

export function WeightDialog() {
  const request = useTillUiStore((s) => s.weight);
  const finish = useTillUiStore((s) => s.finishWeight);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  // The reader runs on submit, when the dialog (and so the request) is showing.
  const { text, setText, error, close, submit } = usePromptEntry(finish, (typed) => readWeight(typed, request?.product.unit ?? 'kg'));
  if (!request) return null;
  const { product } = request;
  return (
    <div className="modal-backdrop">
      <form role="dialog" aria-modal="true" aria-label={`Weight of ${product.name}`} className="modal stack" onSubmit={submit}>
        <h2>{product.name}</h2>
        <p>{formatMoneyWithSymbol(product.price, currency)}/{product.unit} — put it on the scale and enter the weight, or scan the scale label.</p>
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
