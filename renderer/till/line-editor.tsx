// Edits the selected line (quantity, discount, price override) and the order discount; anything
// beyond the configured thresholds asks for a supervisor PIN first and records who approved.
import { useEffect, useState, type FormEvent } from 'react';
import { useConfigStore } from '../config/config-store.ts';
import { discountNeedsApproval, gross, overrideNeedsApproval } from './cart-math.ts';
import { useCartStore } from './cart-store.ts';
import { parseMoneyInput } from './money-input.ts';
import { useTillUiStore } from './till-ui-store.ts';

type Field = 'qty' | 'discount' | 'price' | 'order';

const labels: Record<Field, string> = { qty: 'Quantity', discount: 'Line discount', price: 'New unit price', order: 'Order discount' };

export function LineEditor() {
  const lines = useCartStore((s) => s.lines);
  const selectedId = useCartStore((s) => s.selectedLineId);
  const approvals = useConfigStore((s) => s.config.approvals);
  const requestApproval = useTillUiStore((s) => s.requestApproval);
  const [field, setField] = useState<Field | null>(null);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const line = lines.find((l) => l.lineId === selectedId);

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    const cart = useCartStore.getState();
    setError(null);
    if (field === 'qty' && line) {
      const qty = Number(value.replace(',', '.'));
      if (!(qty >= 0)) return setError('Enter a quantity');
      cart.setQty(line.lineId, qty);
    } else if (field && field !== 'qty') {
      const amount = parseMoneyInput(value);
      if (amount === null) return setError('Enter an amount like 1.50');
      if (field === 'order') {
        const base = cart.lines.reduce((sum, l) => sum + gross(l) - l.discount, 0);
        if (amount > base) return setError('Discount is larger than the order');
        let approvedBy: string | undefined;
        if (discountNeedsApproval(amount, base, approvals)) {
          const user = await requestApproval(`Order discount above ${approvals.maxDiscountPercent}%`);
          if (!user) return setError('Not approved');
          approvedBy = user.id;
        }
        cart.setOrderDiscount(amount, approvedBy);
      } else if (line && field === 'discount') {
        if (amount > gross(line)) return setError('Discount is larger than the line');
        let approvedBy: string | undefined;
        if (discountNeedsApproval(amount, gross(line), approvals)) {
          const user = await requestApproval(`Discount on ${line.name} above ${approvals.maxDiscountPercent}%`);
          if (!user) return setError('Not approved');
          approvedBy = user.id;
        }
        cart.setLineDiscount(line.lineId, amount, approvedBy);
      } else if (line && field === 'price') {
        let approvedBy: string | undefined;
        if (overrideNeedsApproval(amount, line.listPrice, approvals)) {
          const user = await requestApproval(`Price of ${line.name} lowered by more than ${approvals.maxPriceOverridePercent}%`);
          if (!user) return setError('Not approved');
          approvedBy = user.id;
        }
        cart.overridePrice(line.lineId, amount, approvedBy);
      }
    }
    setField(null);
    setValue('');
    document.getElementById('scan-entry')?.focus();
  };

  const open = (f: Field) => {
    setField(f);
    setValue('');
    setError(null);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const hasLine = useCartStore.getState().selectedLineId !== null;
      if (e.key === 'F4' && hasLine) {
        e.preventDefault();
        open('qty');
      } else if (e.key === 'F6' && hasLine) {
        e.preventDefault();
        open('discount');
      } else if (e.key === 'F7' && useCartStore.getState().lines.length > 0) {
        e.preventDefault();
        open('order');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <section className="line-editor" aria-label="Line actions">
      <div className="row wrap">
        <button type="button" disabled={!line} onClick={() => open('qty')} aria-keyshortcuts="F4">
          Quantity
        </button>
        <button type="button" disabled={!line} onClick={() => open('discount')} aria-keyshortcuts="F6">
          Line discount
        </button>
        <button type="button" disabled={!line} onClick={() => open('price')}>
          Price override
        </button>
        <button type="button" disabled={lines.length === 0} onClick={() => open('order')} aria-keyshortcuts="F7">
          Order discount
        </button>
        <button type="button" disabled={!line} onClick={() => line && useCartStore.getState().removeLine(line.lineId)}>
          Remove line
        </button>
      </div>
      {field && (
        <form className="row" onSubmit={(e) => void apply(e)} aria-label={labels[field]}>
          <label>
            {labels[field]}
            <input value={value} onChange={(e) => setValue(e.target.value)} autoFocus inputMode="decimal" autoComplete="off"
              onKeyDown={(e) => { if (e.key === 'Escape') setField(null); }} />
          </label>
          <button type="submit" className="primary">
            Apply
          </button>
          <button type="button" onClick={() => setField(null)}>
            Cancel
          </button>
        </form>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
