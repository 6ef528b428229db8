// A new purchase order: supplier, warehouse, expected date and lines (a product found by name or
// SKU, a quantity, and the unit cost in the warehouse's currency — empty: the product's cost),
// checked before sending.
import { useState } from 'react';
import type { PurchaseOrderBody, PurchaseOrderMade } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { currencyMinorDigits } from '../../shared/money/format.ts';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import { api } from '../reports/reports-api.ts';
import { ProductPicker } from './product-picker.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { parseQty } from './warehouse-labels.ts';

interface Line {
  product: ProductRef;
  qty: string;
  unitCost: string;
}

export function PurchaseOrderForm({ warehouses, onMade, onCancel }: { warehouses: Site[]; onMade(po: PurchaseOrderMade, supplier: string): void; onCancel(): void }) {
  const [supplier, setSupplier] = useState('');
  const [warehouse, setWarehouse] = useState(warehouses[0]?.code ?? '');
  const [expectedAt, setExpectedAt] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const call = useAdminCall();
  const currency = warehouses.find((w) => w.code === warehouse)?.currency ?? 'EUR';
  const digits = currencyMinorDigits(currency);

  const setLine = (i: number, patch: Partial<Line>): void => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const save = async (): Promise<void> => {
    const issues: string[] = [];
    if (!supplier.trim()) issues.push('Supplier is required.');
    if (!warehouse) issues.push('Choose the warehouse.');
    if (lines.length === 0) issues.push('Add at least one product.');
    lines.forEach((l, i) => {
      if (parseQty(l.qty) === null) issues.push(`Line ${i + 1} (${l.product.name}): quantity must be more than 0.`);
      if (l.unitCost.trim() && parseMoneyInput(l.unitCost, digits) === null) issues.push(`Line ${i + 1} (${l.product.name}): unit cost must be an amount like 2.50, or empty.`);
    });
    if (issues.length) return call.setError(issues.join(' '));
    const body: PurchaseOrderBody = {
      supplier: supplier.trim(), warehouse, ...(expectedAt ? { expectedAt } : {}),
      lines: lines.map((l) => {
        const cost = l.unitCost.trim() ? parseMoneyInput(l.unitCost, digits) : null;
        return { productId: l.product.id, qty: parseQty(l.qty) ?? 0, ...(cost === null ? {} : { unitCost: cost }) };
      }),
    };
    const res = await call.run(() => api<PurchaseOrderMade>('/api/purchase-orders', { method: 'POST', body }));
    if (res) onMade(res, body.supplier);
  };

  return (
    <form className="panel grid" aria-label="New purchase order" onChange={() => call.setError(null)} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label className="wide">Supplier<input value={supplier} onChange={(e) => setSupplier(e.target.value)} /></label>
      <label>Warehouse
        <select aria-label="Warehouse" value={warehouse} onChange={(e) => setWarehouse(e.target.value)}>{warehouses.map((w) => <option key={w.code} value={w.code}>{w.name} ({w.code})</option>)}</select>
      </label>
      <label>Expected on<input type="date" value={expectedAt} onChange={(e) => setExpectedAt(e.target.value)} /></label>
      <div className="full">
        <ProductPicker label="Add a product" onPick={(p) => setLines((ls) => (ls.some((l) => l.product.id === p.id) ? ls : [...ls, { product: p, qty: '1', unitCost: '' }]))} />
      </div>
      {lines.length > 0 && (
        <table className="full lines-editor" aria-label="Order lines">
          <thead><tr><th>Product</th><th>Quantity</th><th>Unit cost ({currency})</th><th /></tr></thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={l.product.id} aria-label={`Line ${l.product.name}`}>
                <td>{l.product.name} <span className="muted">{l.product.sku}</span></td>
                <td><input aria-label="Quantity" value={l.qty} inputMode="decimal" onChange={(e) => setLine(i, { qty: e.target.value })} /></td>
                <td><input aria-label="Unit cost" value={l.unitCost} inputMode="decimal" placeholder="product cost" onChange={(e) => setLine(i, { unitCost: e.target.value })} /></td>
                <td><button type="button" onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={call.busy}>Create purchase order</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
