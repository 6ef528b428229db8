// A new transfer: from a warehouse or a store (its stations pick it), either to another location of
// the same site or to another site (a store or warehouse: shipped, then received there, by default
// into its Stock); lines are products found by name or SKU with a quantity and the location they come
// from. Checked before sending.
import { useCallback, useState } from 'react';
import type { TransferBody } from '../../shared/admin-api/warehouse-moves.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { api } from '../reports/reports-api.ts';
import { LocationSelect } from './location-select.tsx';
import { ProductPicker } from './product-picker.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { parseQty } from './warehouse-labels.ts';

interface Line {
  product: ProductRef;
  qty: string;
  from: string;
}

export interface TransferMadeInfo {
  pickingId: string;
  reference: string;
  backorderId: string | null;
  toSite: string;
  /** The site that picks it (the form's From). */
  fromSite: string;
}

export function TransferForm({ sites, onMade, onCancel }: { sites: Site[]; onMade(t: TransferMadeInfo): void; onCancel(): void }) {
  const sources = [...sites.filter((s) => s.kind === 'warehouse'), ...sites.filter((s) => s.kind === 'store')];
  const [warehouse, setWarehouse] = useState(sources[0]?.code ?? '');
  /** '' = inside the warehouse; otherwise a site code. */
  const [toSite, setToSite] = useState('');
  const [to, setTo] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const call = useAdminCall();
  const destSite = toSite || warehouse;
  const setLine = (i: number, patch: Partial<Line>): void => setLines((ls) => ls.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const onTo = useCallback((id: string) => setTo(id), []);

  const save = async (): Promise<void> => {
    const issues: string[] = [];
    if (!warehouse) issues.push('Choose the site the goods leave.');
    if (lines.length === 0) issues.push('Add at least one product.');
    lines.forEach((l, i) => {
      if (parseQty(l.qty) === null) issues.push(`Line ${i + 1} (${l.product.name}): quantity must be more than 0.`);
      if (!toSite && l.from === to) issues.push(`Line ${i + 1} (${l.product.name}): it already is at the destination; choose another location.`);
    });
    if (issues.length) return call.setError(issues.join(' '));
    const body: TransferBody = toSite
      ? { warehouse, toSite, ...(to ? { arrivalLocationId: to } : {}), lines: lines.map((l) => ({ productId: l.product.id, qty: parseQty(l.qty) ?? 0, fromLocationId: l.from })) }
      : { warehouse, lines: lines.map((l) => ({ productId: l.product.id, qty: parseQty(l.qty) ?? 0, fromLocationId: l.from, toLocationId: to })) };
    const res = await call.run(() => api<Omit<TransferMadeInfo, 'fromSite'>>('/api/transfers', { method: 'POST', body }));
    if (res) onMade({ ...res, fromSite: warehouse });
  };

  return (
    <form className="panel grid" aria-label="New transfer" onChange={() => call.setError(null)} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label className="wide">From
        <select aria-label="From site" value={warehouse} onChange={(e) => { setWarehouse(e.target.value); setLines((ls) => ls.map((l) => ({ ...l, from: '' }))); setTo(''); }}>
          {sources.map((w) => <option key={w.code} value={w.code}>{w.name} ({w.code}{w.kind === 'store' ? ', store' : ''})</option>)}
        </select>
      </label>
      <label className="wide">To
        <select aria-label="To" value={toSite} onChange={(e) => { setToSite(e.target.value); setTo(''); }}>
          <option value="">Another location in {warehouse}</option>
          {sites.filter((s) => s.code !== warehouse).map((s) => <option key={s.code} value={s.code}>{s.name} ({s.code}, {s.kind})</option>)}
        </select>
      </label>
      <label className="wide">{toSite ? `Put away at ${toSite}` : 'To location'}
        <LocationSelect siteCode={destSite} label={toSite ? 'Arrival location' : 'To location'} value={to} onChange={onTo} />
      </label>
      <div className="full">
        <ProductPicker label="Add a product" onPick={(p) => setLines((ls) => (ls.some((l) => l.product.id === p.id) ? ls : [...ls, { product: p, qty: '1', from: '' }]))} />
      </div>
      {lines.length > 0 && (
        <table className="full lines-editor" aria-label="Transfer lines">
          <thead><tr><th>Product</th><th>Quantity</th><th>From location</th><th /></tr></thead>
          <tbody>
            {lines.map((l, i) => (
              <tr key={l.product.id} aria-label={`Line ${l.product.name}`}>
                <td>{l.product.name} <span className="muted">{l.product.sku}</span></td>
                <td><input aria-label="Quantity" value={l.qty} inputMode="decimal" onChange={(e) => setLine(i, { qty: e.target.value })} /></td>
                <td><LocationSelect siteCode={warehouse} label="From location" value={l.from} onChange={(from) => setLine(i, { from })} /></td>
                <td><button type="button" onClick={() => setLines((ls) => ls.filter((_, j) => j !== i))}>Remove</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {toSite && <p className="muted hint">{warehouse}'s stations pick and ship the goods; {toSite} receives them (its station, or Receive on the Transfers page).</p>}
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={call.busy}>Create transfer</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
