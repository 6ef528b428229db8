// Stock: on hand, reserved, available and value at cost per site and location; low stock
// against reorder rules; open purchase proposals; one product's move history.
import { useState } from 'react';
import { create } from 'zustand';
import type { ProductMoves, StockLevelRow, StockReport } from '../../../shared/reports/report-types.ts';
import { DataTable, type Column } from '../data-table.tsx';
import { KpiGroup } from '../kpis.tsx';
import { api, query } from '../reports-api.ts';
import { createReportStore } from '../report-store.ts';
import { ReportStatus, Unavailable } from '../report-status.tsx';
import { useFilters, useReport } from '../use-report.ts';

export const useStockStore = createReportStore<StockReport>();

interface MovesState {
  moves: ProductMoves | null;
  error: string | null;
  find(product: string, site: string): Promise<void>;
}

const useMovesStore = create<MovesState>()((set) => ({
  moves: null,
  error: null,
  async find(product, site) {
    set({ error: null });
    try {
      set({ moves: await api<ProductMoves>(`/api/reports/stock/moves${query({ product, site })}`) });
    } catch (err) {
      set({ moves: null, error: err instanceof Error ? err.message : String(err) });
    }
  },
}));

const levelColumns = (first: 'Site' | 'Location'): Column<StockLevelRow>[] => [
  ...(first === 'Location' ? [{ label: 'Site', value: (r: StockLevelRow) => r.site }] : []),
  { label: first, value: (r) => (first === 'Site' ? r.site : r.location) },
  { label: 'Products', value: (r) => r.products, format: 'qty' },
  { label: 'On hand', value: (r) => r.onHand, format: 'qty', total: true },
  { label: 'Reserved', value: (r) => r.reserved, format: 'qty', total: true },
  { label: 'Available', value: (r) => r.available, format: 'qty', total: true },
  { label: 'Value at cost', value: (r) => r.value, format: 'money', total: true },
];

function MovesLookup() {
  const [product, setProduct] = useState('');
  const { site } = useFilters();
  const { moves, error, find } = useMovesStore();
  return (
    <section aria-label="Stock moves of a product" className="stack">
      <form className="row" onSubmit={(e) => { e.preventDefault(); void find(product.trim(), site); }}>
        <label>
          Product (SKU, barcode or id)
          <input value={product} onChange={(e) => setProduct(e.target.value)} />
        </label>
        <button type="submit" disabled={!product.trim()}>Show moves</button>
      </form>
      {error && <p role="alert">{error}</p>}
      {moves?.product && (
        <DataTable
          title={`Stock moves of ${moves.product.sku}`}
          rows={moves.moves}
          rowKey={(r) => String(r.id)}
          columns={[
            { label: 'When', value: (r) => r.at, format: 'datetime' },
            { label: 'Reason', value: (r) => r.reason },
            { label: 'From', value: (r) => r.from },
            { label: 'To', value: (r) => r.to },
            { label: 'Lot', value: (r) => r.lot },
            { label: 'Quantity', value: (r) => r.qty, format: 'qty' },
            { label: 'Event', value: (r) => r.eventId ?? '' },
          ]}
        />
      )}
    </section>
  );
}

export function StockPage() {
  const { data, loading, error } = useReport(useStockStore, '/api/reports/stock');
  return (
    <div className="page">
      <h2>Stock</h2>
      <p className="muted">Current stock (the period does not apply); value = on hand × product cost, as posted to the inventory account.</p>
      <ReportStatus loading={loading} error={error} />
      {data && (
        <>
          <KpiGroup title="Stock" kpis={[{ label: 'Stock value at cost', value: data.totalValue, format: 'money' }]} />
          <DataTable title="Stock by site" rows={data.bySite} columns={levelColumns('Site')} rowKey={(r) => r.siteId} />
          <DataTable title="Stock by location" rows={data.byLocation} columns={levelColumns('Location')} rowKey={(r) => `${r.siteId}/${r.locationId ?? ''}`} />
          <h3>Low stock</h3>
          {data.lowStock.available ? (
            <DataTable
              title="Low stock against reorder rules"
              rows={data.lowStock.rows}
              rowKey={(r) => `${r.site}/${r.sku}`}
              empty="Nothing below its reorder minimum."
              columns={[
                { label: 'Site', value: (r) => r.site },
                { label: 'SKU', value: (r) => r.sku },
                { label: 'Product', value: (r) => r.name },
                { label: 'Available', value: (r) => r.available, format: 'qty' },
                { label: 'Minimum', value: (r) => r.minQty, format: 'qty' },
                { label: 'Maximum', value: (r) => r.maxQty, format: 'qty' },
                { label: 'Short by', value: (r) => r.shortBy, format: 'qty', total: true },
              ]}
            />
          ) : (
            <Unavailable reason={data.lowStock.reason} />
          )}
          <h3>Purchase proposals</h3>
          {data.proposals.available ? (
            <DataTable
              title="Open purchase proposals"
              rows={data.proposals.rows}
              rowKey={(r) => r.id}
              empty="No open proposals."
              columns={[
                { label: 'Site', value: (r) => r.site },
                { label: 'SKU', value: (r) => r.sku },
                { label: 'Product', value: (r) => r.name },
                { label: 'Quantity', value: (r) => r.qty, format: 'qty', total: true },
                { label: 'Forecast', value: (r) => r.forecast, format: 'qty' },
                { label: 'Proposed', value: (r) => r.createdAt, format: 'datetime' },
              ]}
            />
          ) : (
            <Unavailable reason={data.proposals.reason} />
          )}
        </>
      )}
      <h3>Stock-move history</h3>
      <MovesLookup />
    </div>
  );
}
