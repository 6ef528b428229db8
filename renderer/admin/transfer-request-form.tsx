// Request stock: the site that needs goods (a store, by default) asks another site — a warehouse
// or a store — for products found by name or SKU, with quantities and a note. The request waits at
// the source until it is accepted (reserved, on its stations' work list) or declined. Checked
// before sending.
import { useState } from 'react';
import type { TransferRequestBody, TransferRequested } from '../../shared/admin-api/warehouse-moves.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { api } from '../reports/reports-api.ts';
import { ProductPicker } from './product-picker.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { parseQty } from './warehouse-labels.ts';

interface Line {
  product: ProductRef;
  qty: string;
}

const siteLabel = (s: Site): string => `${s.name} (${s.code}, ${s.kind})`;

export function TransferRequestForm({ sites, onMade, onCancel }: { sites: Site[]; onMade(t: TransferRequested): void; onCancel(): void }) {
  const places = [...sites.filter((s) => s.kind === 'store'), ...sites.filter((s) => s.kind === 'warehouse')];
  const [toSite, setToSite] = useState(places[0]?.code ?? '');
  const [fromSite, setFromSite] = useState(places.find((s) => s.kind === 'warehouse')?.code ?? '');
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const call = useAdminCall();
  const setLine = (i: number, patch: Partial<Line>): void => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const save = async (): Promise<void> => {
    const issues: string[] = [];
    if (!toSite || !fromSite) issues.push('Choose the site that needs the goods and the site asked for them.');
    else if (toSite === fromSite) issues.push(`${toSite} cannot ask itself: choose another site to ask.`);
    if (lines.length === 0) issues.push('Add at least one product.');
    lines.forEach((l, i) => {
      if (parseQty(l.qty) === null) issues.push(`Line ${i + 1} (${l.product.name}): quantity must be more than 0.`);
    });
    if (issues.length) return call.setError(issues.join(' '));
    const body: TransferRequestBody = {
      fromSite, toSite, ...(note.trim() ? { note: note.trim() } : {}),
      lines: lines.map((l) => ({ productId: l.product.id, qty: parseQty(l.qty) ?? 0 })),
    };
    const res = await call.run(() => api<TransferRequested>('/api/transfer-requests', { method: 'POST', body }));
    if (res) onMade(res);
  };

  return (
    <form className="panel grid" aria-label="Request stock" onChange={() => call.setError(null)} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label className="wide">Needed at
        <select aria-label="Needed at" value={toSite} onChange={(e) => setToSite(e.target.value)}>
          {places.map((s) => <option key={s.code} value={s.code}>{siteLabel(s)}</option>)}
        </select>
      </label>
      <label className="wide">Ask
        <select aria-label="Ask" value={fromSite} onChange={(e) => setFromSite(e.target.value)}>
          {places.filter((s) => s.code !== toSite).map((s) => <option key={s.code} value={s.code}>{siteLabel(s)}</option>)}
        </select>
      </label>
      <label className="wide">Note for the source
        <input aria-label="Note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} />
      </label>
      <div className="full">
        <ProductPicker label="Add a product" onPick={(p) => setLines((ls) => (ls.some((l) => l.product.id === p.id) ? ls : [...ls, { product: p, qty: '1' }]))} />
      </div>
      {lines.length > 0 && (
        <table className="full lines-editor" aria-label="Requested lines">
          <thead><tr><th>Product</th><th>Quantity</th><th /></tr></thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={l.product.id} aria-label={`Line ${l.product.name}`}>
                <td>{l.product.name} <span className="muted">{l.product.sku}</span></td>
                <td><input aria-label="Quantity" value={l.qty} inputMode="decimal" onChange={(e) => setLine(i, { qty: e.target.value })} /></td>
                <td><button type="button" onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="muted hint">{fromSite || 'The source'} accepts or declines the request here; once accepted its stations pick and ship it, and {toSite || 'the site'} receives it by scanning.</p>
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={call.busy}>Send request</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
