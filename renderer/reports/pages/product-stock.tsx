// Stock by product: a search by name, SKU or barcode, then the product's on hand, reserved and
// available per site, location and lot, what is on its way (purchase orders, transfers) and its
// recent moves.
import { useState } from 'react';
import { create } from 'zustand';
import type { ProductStock } from '../../../shared/reports/report-types.ts';
import { DataTable } from '../data-table.tsx';
import { useNames } from '../names.ts';
import { api, query } from '../reports-api.ts';
import { useFilters } from '../use-report.ts';

interface ProductStockState {
  result: ProductStock | null;
  error: string | null;
  find(q: string, site: string, product?: string): Promise<void>;
}

const useProductStockStore = create<ProductStockState>()((set) => ({
  result: null,
  error: null,
  async find(q, site, product) {
    set({ error: null });
    try {
      set({ result: await api<ProductStock>(`/api/reports/stock/product${query({ q, site, product })}`) });
    } catch (err) {
      set({ result: null, error: err instanceof Error ? err.message : String(err) });
    }
  },
}));

export function ProductStockSearch() {
  const [text, setText] = useState('');
  const { site } = useFilters();
  const { result, error, find } = useProductStockStore();
  const names = useNames();
  const p = result?.product;
  return (
    <section aria-label="Stock by product" className="stack">
      <form role="search" aria-label="Find a product" className="row search-row" onSubmit={(e) => { e.preventDefault(); void find(text.trim(), site); }}>
        <label htmlFor="product-search">Product (name, SKU or barcode)</label>
        <input id="product-search" value={text} onChange={(e) => setText(e.target.value)} size={30} />
        <button type="submit" disabled={!text.trim()}>Find</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {result && !p && <p role="status">No product matches “{text}”.</p>}
      {result && result.matches.length > 1 && (
        <p className="row">
          Also matching:{' '}
          {result.matches.filter((m) => m.id !== p?.id).map((m) => (
            <button key={m.id} type="button" onClick={() => void find(text.trim(), site, m.id)}>{m.sku} {m.name}</button>
          ))}
        </p>
      )}
      {p && result && (
        <>
          <h4 aria-label="Product found">{p.sku} {p.name}{p.barcodes.length > 0 ? ` — barcode ${p.barcodes.join(', ')}` : ''}</h4>
          <DataTable
            title={`Stock of ${p.sku} by location`}
            rows={result.rows}
            rowKey={(r) => `${r.siteId}/${r.location}/${r.lot}`}
            empty="No stock anywhere."
            columns={[
              { label: 'Site', value: (r) => names.site(r.site) },
              { label: 'Location', value: (r) => r.location },
              { label: 'Lot', value: (r) => r.lot },
              { label: 'Expiry', value: (r) => r.expiry },
              { label: 'On hand', value: (r) => r.onHand, format: 'qty', total: true },
              { label: 'Reserved', value: (r) => r.reserved, format: 'qty', total: true },
              { label: 'Available', value: (r) => r.available, format: 'qty', total: true },
            ]}
          />
          <DataTable
            title={`Incoming ${p.sku}`}
            rows={result.incoming}
            rowKey={(r) => `${r.kind}/${r.reference}`}
            empty="Nothing on its way."
            columns={[
              { label: 'Kind', value: (r) => r.kind },
              { label: 'Reference', value: (r) => r.reference },
              { label: 'To site', value: (r) => names.site(r.site) },
              { label: 'From', value: (r) => (r.kind === 'purchase order' || r.kind === 'customer return' ? r.from : names.site(r.from)) },
              { label: 'Quantity', value: (r) => r.qty, format: 'qty', total: true },
              { label: 'Expected', value: (r) => r.expected },
            ]}
          />
          <DataTable
            title={`Recent moves of ${p.sku}`}
            rows={result.moves}
            rowKey={(r) => String(r.id)}
            empty="No moves."
            columns={[
              { label: 'When', value: (r) => r.at, format: 'datetime' },
              { label: 'Reason', value: (r) => r.reason },
              { label: 'From', value: (r) => r.from },
              { label: 'To', value: (r) => r.to },
              { label: 'Lot', value: (r) => r.lot },
              { label: 'Quantity', value: (r) => r.qty, format: 'qty' },
            ]}
          />
        </>
      )}
    </section>
  );
}
