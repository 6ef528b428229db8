// A new count task for a warehouse's stations: the locations to count (ticked, filtered by name)
// or the products to count wherever the warehouse holds them (found by name or SKU), or both; and
// whether the picker sees the quantities the books expect (default: the warehouse's setting).
import { useState } from 'react';
import type { CountTaskBody, CountTaskMade } from '../../shared/admin-api/warehouse-moves.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { foldedIncludes } from '../../shared/text/fold.ts';
import { api } from '../reports/reports-api.ts';
import { ProductPicker } from './product-picker.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { useLocations } from './use-sites.ts';

type Expected = 'site' | 'hidden' | 'shown';

export function CountTaskForm({ warehouses, onMade, onCancel }: { warehouses: Site[]; onMade(task: CountTaskMade): void; onCancel(): void }) {
  const [warehouse, setWarehouse] = useState(warehouses[0]?.code ?? '');
  const [chosen, setChosen] = useState<string[]>([]);
  const [filter, setFilter] = useState('');
  const [products, setProducts] = useState<ProductRef[]>([]);
  const [expected, setExpected] = useState<Expected>('site');
  const call = useAdminCall();
  const locations = useLocations(warehouse);
  const shown = locations.filter((l) => foldedIncludes(l.fullName, filter.trim()));

  const toggle = (id: string, on: boolean): void => setChosen((c) => (on ? [...c, id] : c.filter((x) => x !== id)));

  const save = async (): Promise<void> => {
    if (chosen.length === 0 && products.length === 0) return call.setError('Tick the locations to count, or add the products to count (or both).');
    const body: CountTaskBody = {
      warehouse,
      ...(chosen.length > 0 ? { locationIds: chosen } : {}),
      ...(products.length > 0 ? { productIds: products.map((p) => p.id) } : {}),
      ...(expected === 'site' ? {} : { blind: expected === 'hidden' }),
    };
    const res = await call.run(() => api<CountTaskMade>('/api/count-tasks', { method: 'POST', body }));
    if (res) onMade(res);
  };

  return (
    <form className="panel grid" aria-label="New count task" onChange={() => call.setError(null)} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label>Warehouse
        <select aria-label="Warehouse" value={warehouse} onChange={(e) => { setWarehouse(e.target.value); setChosen([]); }}>
          {warehouses.map((w) => <option key={w.code} value={w.code}>{w.name} ({w.code})</option>)}
        </select>
      </label>
      <label className="wide">Expected quantities
        <select aria-label="Expected quantities" value={expected} onChange={(e) => setExpected(e.target.value as Expected)}>
          <option value="site">As the warehouse is set (blind unless it shows them)</option>
          <option value="hidden">Hidden: a blind count</option>
          <option value="shown">Shown to the picker</option>
        </select>
      </label>
      <fieldset className="full locations-choice">
        <legend>Locations to count ({chosen.length} chosen)</legend>
        {/* It filters as you type; its Enter must not send the form (a task of what is ticked so far). */}
        <input type="search" aria-label="Filter locations" placeholder="Filter, e.g. A-01" value={filter} onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter') e.preventDefault(); }} />
        <div className="choices">
          {shown.map((l) => (
            <label key={l.id} className="inline"><input type="checkbox" checked={chosen.includes(l.id)} onChange={(e) => toggle(l.id, e.target.checked)} /> {l.fullName}</label>
          ))}
          {shown.length === 0 && <span className="muted">No location matches.</span>}
        </div>
      </fieldset>
      <div className="full">
        <ProductPicker label="Count a product" onPick={(p) => setProducts((ps) => (ps.some((x) => x.id === p.id) ? ps : [...ps, p]))} />
        {products.length > 0 && (
          <ul className="chips" aria-label="Products to count">
            {products.map((p) => (
              <li key={p.id}>{p.name} <span className="muted">{p.sku}</span> <button type="button" aria-label={`Remove ${p.name}`} onClick={() => setProducts((ps) => ps.filter((x) => x.id !== p.id))}>×</button></li>
            ))}
          </ul>
        )}
        <p className="muted hint">Products alone are counted wherever {warehouses.find((w) => w.code === warehouse)?.name ?? warehouse} holds them; with locations, only there.</p>
      </div>
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={call.busy}>Create count task</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}
