// Edits the selected line (quantity, discount, price override) and the order discount; anything
// that takes a line's TOTAL reduction (override + line discount + share of the order discount)
// beyond the configured limit asks for a supervisor PIN first and records who approved. A
// lot-tracked line's lot is changed here too (lot-chooser.tsx).
import { useEffect, useState, type FormEvent } from 'react';
import { useConfigStore } from '../config/config-store.ts';
import { applyEdit, linesNeedingApproval, stampApproval, type CartEdit } from './cart-edit.ts';
import { gross } from './cart-math.ts';
import { LotChooser } from './lot-chooser.tsx';
import { quantityProblem } from './quantity-rules.ts';
import { useCartStore } from './cart-store.ts';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import { NumberPad } from './number-pad.tsx';
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
  const [choosingLot, setChoosingLot] = useState(false);
  const line = lines.find((l) => l.lineId === selectedId);
  // A collected order's lines keep the order's quantities and prices (they are what was handed over).
  const fixedLine = line?.orderLineId !== undefined;
  const collecting = lines.some((l) => l.orderLineId !== undefined);

  /** Applies an edit once the cart after it is within the limits, or a supervisor approved the lines beyond them. */
  const guarded = async (edit: CartEdit): Promise<boolean> => {
    const cart = useCartStore.getState();
    const current = { lines: cart.lines, orderDiscount: cart.orderDiscount, ...(cart.orderDiscountApprovedBy ? { orderDiscountApprovedBy: cart.orderDiscountApprovedBy } : {}) };
    let next = applyEdit(current, edit);
    const beyond = linesNeedingApproval(current, next, approvals);
    if (beyond.length > 0) {
      const names = beyond.map((r) => `${next.lines.find((l) => l.lineId === r.lineId)?.name ?? 'a line'} ${r.percent.toFixed(1)} % off`);
      const user = await requestApproval(`Below the list price by more than ${approvals.maxDiscountPercent} % in total: ${names.join(', ')}`);
      if (!user) {
        setError('Not approved');
        return false;
      }
      next = stampApproval(next, edit, beyond.map((r) => r.lineId), user.id);
    }
    useCartStore.getState().setPricing(next);
    return true;
  };

  const apply = async (e: FormEvent) => {
    e.preventDefault();
    const cart = useCartStore.getState();
    setError(null);
    let edit: CartEdit | null = null;
    if (field === 'qty' && line) {
      const qty = Number(value.replace(',', '.'));
      if (!(qty >= 0)) return setError('Enter a quantity');
      const problem = qty === 0 ? null : line.serial !== undefined && qty !== 1 ? 'One serial number is one unit: scan each unit on its own' : quantityProblem(qty, line.unit ?? 'unit');
      if (problem) return setError(problem);
      edit = { kind: 'qty', lineId: line.lineId, qty };
    } else if (field && field !== 'qty') {
      const amount = parseMoneyInput(value);
      if (amount === null) return setError('Enter an amount like 1.50');
      if (field === 'order') {
        const base = cart.lines.reduce((sum, l) => sum + gross(l) - l.discount, 0);
        if (amount > base) return setError('Discount is larger than the order');
        edit = { kind: 'order', amount };
      } else if (line && field === 'discount') {
        if (amount > gross(line)) return setError('Discount is larger than the line');
        edit = { kind: 'discount', lineId: line.lineId, amount };
      } else if (line && field === 'price') {
        edit = { kind: 'price', lineId: line.lineId, price: amount };
      }
    }
    if (edit && !(await guarded(edit))) return;
    setField(null);
    setValue('');
    document.getElementById('scan-entry')?.focus();
  };

  const open = (f: Field) => {
    const cart = useCartStore.getState();
    const selected = cart.lines.find((l) => l.lineId === cart.selectedLineId);
    if ((f === 'order' && cart.lines.some((l) => l.orderLineId !== undefined)) || (f !== 'order' && selected?.orderLineId !== undefined)) {
      setError('A collected order keeps the order’s quantities and prices: change them on the Pickups screen (Void sale to start again)');
      return;
    }
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
        <button type="button" disabled={!line || fixedLine} onClick={() => open('qty')} aria-keyshortcuts="F4">
          Quantity <kbd aria-hidden="true">F4</kbd>
        </button>
        <button type="button" disabled={!line || fixedLine} onClick={() => open('discount')} aria-keyshortcuts="F6">
          Line discount <kbd aria-hidden="true">F6</kbd>
        </button>
        <button type="button" disabled={!line || fixedLine} onClick={() => open('price')}>
          Price override
        </button>
        <button type="button" disabled={lines.length === 0 || collecting} onClick={() => open('order')} aria-keyshortcuts="F7">
          Order discount <kbd aria-hidden="true">F7</kbd>
        </button>
        <button type="button" disabled={line?.tracking !== 'lot' || fixedLine} onClick={() => setChoosingLot(true)}>
          Lot
        </button>
        <button type="button" disabled={!line || fixedLine} onClick={() => line && void guarded({ kind: 'remove', lineId: line.lineId })}>
          Remove line
        </button>
      </div>
      {choosingLot && line && <LotChooser line={line} onClose={() => setChoosingLot(false)} />}
      {field && (
        <div className="modal-backdrop">
          <form className="modal stack" onSubmit={(e) => void apply(e)} aria-label={labels[field]}>
            <label>
              {labels[field]}
              <input value={value} onChange={(e) => setValue(e.target.value)} autoFocus inputMode="decimal" autoComplete="off"
                onKeyDown={(e) => { if (e.key === 'Escape') setField(null); }} />
            </label>
            <NumberPad value={value} onChange={setValue} decimal label="Keypad" />
            <div className="row">
              <button type="submit" className="primary">
                Apply
              </button>
              <button type="button" onClick={() => setField(null)}>
                Cancel
              </button>
            </div>
          </form>
        </div>
      )}
      {error && <p role="alert">{error}</p>}
    </section>
  );
}
