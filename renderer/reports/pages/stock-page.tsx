// Stock: stock by product (search), value and days of cover by category, stock-outs and products
// below their minimum, on hand / reserved / available and value at cost per site and location,
// goods in transit between sites, open purchase proposals.
import type { StockLevelRow, StockReport } from '../../../shared/reports/report-types.ts';
import { BarFigure } from '../charts.tsx';
import { DataTable, type Column } from '../data-table.tsx';
import { KpiGroup } from '../kpis.tsx';
import { useNames, type Names } from '../names.ts';
import { createReportStore } from '../report-store.ts';
import { ReportStatus, Unavailable } from '../report-status.tsx';
import { useReport } from '../use-report.ts';
import { ProductStockSearch } from './product-stock.tsx';

export const useStockStore = createReportStore<StockReport>();

const levelColumns = (first: 'Site' | 'Location', names: Names): Column<StockLevelRow>[] => [
  ...(first === 'Location' ? [{ label: 'Site', value: (r: StockLevelRow) => names.site(r.site) }] : []),
  { label: first, value: (r) => (first === 'Site' ? names.site(r.site) : r.location) },
  { label: 'Products', value: (r) => r.products, format: 'qty' },
  { label: 'On hand', value: (r) => r.onHand, format: 'qty', total: true },
  { label: 'Reserved', value: (r) => r.reserved, format: 'qty', total: true },
  { label: 'Available', value: (r) => r.available, format: 'qty', total: true },
  { label: 'Value at cost', value: (r) => r.value, format: 'money', total: true },
];

export function StockPage() {
  const { data, loading, error } = useReport(useStockStore, '/api/reports/stock');
  const names = useNames();
  return (
    <div className="page">
      <h2>Stock</h2>
      <p className="muted">Current stock (the period does not apply); value = on hand × product cost, as posted to the inventory account.</p>
      <h3>Stock by product</h3>
      <ProductStockSearch />
      <ReportStatus loading={loading} error={error} />
      {data && (
        <>
          <KpiGroup
            title="Stock"
            kpis={[
              { label: 'Stock value at cost', value: data.totalValue, format: 'money' },
              { label: 'Stock-outs', value: data.stockOuts.length, format: 'qty', note: 'sold in 28 days or with a rule, none available' },
              { label: 'Below minimum', value: data.lowStock.available ? data.lowStock.rows.length : 0, format: 'qty', note: 'available under the reorder minimum' },
            ]}
          />
          <div className="chart-pair">
            <div>
              <BarFigure
                title="Stock value by category"
                caption="Stock value at cost by category"
                rows={data.byCategory}
                x={(r) => r.category}
                vertical
                height={160}
                series={[{ name: 'Stock value', value: (r) => r.value, money: true, color: '#1f5fbf' }]}
              />
              <BarFigure
                title="Days of cover by category"
                caption="Days of cover: on hand ÷ units sold per day over the last 28 days (categories without sales are left out)"
                rows={data.byCategory.filter((r) => r.daysOfCover !== null)}
                x={(r) => r.category}
                vertical
                height={160}
                series={[{ name: 'Days of cover', value: (r) => Math.round(r.daysOfCover ?? 0), color: '#d9822b' }]}
              />
            </div>
            <DataTable
              title="Stock by category"
              rows={data.byCategory}
              rowKey={(r) => r.category}
              columns={[
                { label: 'Category', value: (r) => r.category },
                { label: 'Products', value: (r) => r.products, format: 'qty', total: true },
                { label: 'On hand', value: (r) => r.onHand, format: 'qty', total: true },
                { label: 'Value at cost', value: (r) => r.value, format: 'money', total: true },
                { label: 'Sold per day', value: (r) => r.dailySales, format: 'hours' },
                { label: 'Days of cover', value: (r) => (r.daysOfCover === null ? 'no sales' : Math.round(r.daysOfCover)), format: 'qty' },
              ]}
            />
          </div>
          <div className="chart-pair">
            <BarFigure
              title="Stock-outs and below minimum by site"
              caption="Products out of stock and products below their reorder minimum, per site"
              rows={[...new Set([...data.stockOuts.map((r) => r.site), ...(data.lowStock.available ? data.lowStock.rows.map((r) => r.site) : [])])].sort()}
              x={(site) => names.site(site)}
              series={[
                { name: 'Stock-outs', value: (site) => data.stockOuts.filter((r) => r.site === site).length, color: '#c0392b' },
                { name: 'Below minimum', value: (site) => (data.lowStock.available ? data.lowStock.rows.filter((r) => r.site === site).length : 0), color: '#d9822b' },
              ]}
              height={200}
            />
            <DataTable
              title="Stock-outs"
              rows={data.stockOuts}
              rowKey={(r) => `${r.site}/${r.sku}`}
              empty="Nothing out of stock."
              columns={[
                { label: 'Site', value: (r) => names.site(r.site) },
                { label: 'SKU', value: (r) => r.sku },
                { label: 'Product', value: (r) => r.name },
                { label: 'Available', value: (r) => r.available, format: 'qty' },
                { label: 'Sold in 28 days', value: (r) => r.sold28, format: 'qty', total: true },
              ]}
            />
          </div>
          <DataTable title="Stock by site" rows={data.bySite} columns={levelColumns('Site', names)} rowKey={(r) => r.siteId} />
          <DataTable title="Stock by location" rows={data.byLocation} columns={levelColumns('Location', names)} rowKey={(r) => `${r.siteId}/${r.locationId ?? ''}`} />
          <DataTable
            title="In transit between sites"
            rows={data.inTransit}
            rowKey={(r) => r.receipt}
            empty="Nothing on its way between sites."
            columns={[
              { label: 'Shipment', value: (r) => r.reference },
              { label: 'From', value: (r) => names.site(r.from) },
              { label: 'To', value: (r) => names.site(r.to) },
              { label: 'Receipt', value: (r) => r.receipt },
              { label: 'Products', value: (r) => r.products, format: 'qty' },
              { label: 'Units', value: (r) => r.qty, format: 'qty', total: true },
              { label: 'Value at cost', value: (r) => r.value, format: 'money', total: true },
            ]}
          />
          <h3>Below minimum</h3>
          {data.lowStock.available ? (
            <DataTable
              title="Low stock against reorder rules"
              rows={data.lowStock.rows}
              rowKey={(r) => `${r.site}/${r.sku}`}
              empty="Nothing below its reorder minimum."
              columns={[
                { label: 'Site', value: (r) => names.site(r.site) },
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
                { label: 'Site', value: (r) => names.site(r.site) },
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
    </div>
  );
}
