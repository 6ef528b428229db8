// Sales: by channel, store, day, hour, cashier and tender; best and worst sellers; returns.
import { tenderLabel } from '../../../shared/text/display-names.ts';
import type { MarginRow, ProductRow, SalesReport, SlowMoverRow } from '../../../shared/reports/report-types.ts';
import { BarFigure } from '../charts.tsx';
import { DataTable, type Column } from '../data-table.tsx';
import { KpiGroup } from '../kpis.tsx';
import { useNames, withChannelNames } from '../names.ts';
import { createReportStore } from '../report-store.ts';
import { ReportStatus } from '../report-status.tsx';
import { useReport } from '../use-report.ts';
import { totalsColumns } from './overview-page.tsx';

export const useSalesStore = createReportStore<SalesReport>();

const productColumns: Column<ProductRow>[] = [
  { label: 'SKU', value: (r) => r.sku },
  { label: 'Product', value: (r) => r.name },
  { label: 'Sold', value: (r) => r.qtySold, format: 'qty', total: true },
  { label: 'Returned', value: (r) => r.qtyReturned, format: 'qty', total: true },
  { label: 'Revenue', value: (r) => r.revenue, format: 'money', total: true },
  { label: 'Margin', value: (r) => r.margin, format: 'money', total: true },
];

const slowColumns: Column<SlowMoverRow>[] = [
  { label: 'SKU', value: (r) => r.sku },
  { label: 'Product', value: (r) => r.name },
  { label: 'Sold', value: (r) => r.qtySold, format: 'qty', total: true },
  { label: 'Revenue', value: (r) => r.revenue, format: 'money', total: true },
  { label: 'On hand', value: (r) => r.onHand, format: 'qty', total: true },
  { label: 'Stock value', value: (r) => r.stockValue, format: 'money', total: true },
  { label: 'Last sale', value: (r) => r.lastSale ?? 'never' },
];

const marginColumns = (first: string): Column<MarginRow>[] => [
  { label: first, value: (r) => r.label },
  { label: 'Revenue', value: (r) => r.revenue, format: 'money', total: true },
  { label: 'Cost', value: (r) => r.cost, format: 'money', total: true },
  { label: 'Margin', value: (r) => r.margin, format: 'money', total: true },
  { label: 'Margin rate', value: (r) => r.marginRate, format: 'pct' },
];

function MarginSection({ data }: { data: SalesReport }) {
  return (
    <>
      <div className="chart-pair">
        <BarFigure
          title="Margin by category"
          caption="Margin by category over the period (revenue − cost at moving-average cost)"
          rows={data.marginByCategory}
          x={(r) => r.label}
          vertical
          series={[{ name: 'Margin', value: (r) => r.margin, money: true, color: '#2e8b57' }]}
        />
        <DataTable title="Margin by category" rows={data.marginByCategory} columns={marginColumns('Category')} rowKey={(r) => r.key} />
      </div>
      <div className="chart-pair">
        <BarFigure
          title="Margin by product"
          caption="The products with the highest and the lowest margin over the period"
          rows={data.marginByProduct}
          x={(r) => r.label}
          vertical
          series={[{ name: 'Margin', value: (r) => r.margin, money: true, color: '#2e8b57' }]}
        />
        <DataTable title="Margin by product" rows={data.marginByProduct} columns={marginColumns('Product')} rowKey={(r) => r.key} />
      </div>
    </>
  );
}

export function SalesPage() {
  const { data, loading, error } = useReport(useSalesStore, '/api/reports/sales');
  const names = useNames();
  return (
    <div className="page">
      <h2>Sales</h2>
      <ReportStatus loading={loading} error={error} />
      {data && (
        <>
          <KpiGroup
            title="Period"
            kpis={[
              { label: 'Revenue (excl. tax)', value: data.totals.revenue, format: 'money' },
              { label: 'Orders', value: data.totals.orders, format: 'qty' },
              { label: 'Returns', value: data.returns.count, format: 'qty' },
              { label: 'Returned amount (incl. tax)', value: data.returns.amount, format: 'money' },
              { label: 'Returns rate (amount)', value: data.returns.rateByAmount, format: 'pct' },
              { label: 'Returns rate (count)', value: data.returns.rateByCount, format: 'pct' },
            ]}
          />
          <BarFigure title="Revenue by hour" caption="Revenue by hour of day (store time)" height={220} rows={data.byHour} x={(h) => h.label}
            series={[{ name: 'Revenue', value: (h) => h.revenue, money: true, color: '#1f5fbf' }]} />
          <div className="two-col">
            <DataTable title="Sales by channel" rows={withChannelNames(data.byChannel, names)} columns={totalsColumns('Channel')} rowKey={(r) => r.key} />
            <DataTable title="Sales by store" rows={data.bySite} columns={totalsColumns('Store')} rowKey={(r) => r.key} />
          </div>
          <DataTable title="Sales by day" rows={data.byDay} columns={totalsColumns('Day')} rowKey={(r) => r.key} />
          <DataTable title="Sales by hour" rows={data.byHour} columns={totalsColumns('Hour (store time)')} rowKey={(r) => r.key} />
          <DataTable title="Sales by cashier" rows={data.byCashier} columns={totalsColumns('Cashier')} rowKey={(r) => r.key} />
          <DataTable
            title="Payments by tender"
            rows={data.byTender}
            columns={[
              { label: 'Tender', value: (r) => tenderLabel(r.method) },
              { label: 'Payments', value: (r) => r.payments, format: 'qty', total: true },
              { label: 'Amount', value: (r) => r.amount, format: 'money', total: true },
            ]}
            rowKey={(r) => r.method}
          />
          <MarginSection data={data} />
          <DataTable title="Best sellers" rows={data.best} columns={productColumns} rowKey={(r) => r.productId} />
          <p className="muted">Worst sellers: products with stock that sold least over the period. Dead stock: products with stock and no sale in the {data.deadStockDays} days up to the period's end.</p>
          <DataTable title="Worst sellers" rows={data.worst} columns={slowColumns} rowKey={(r) => r.productId} empty="No product with stock." />
          <DataTable title="Dead stock" rows={data.deadStock} columns={slowColumns} rowKey={(r) => r.productId} empty="Every product with stock sold recently." />
          <DataTable title="Most returned" rows={data.mostReturned} columns={productColumns} rowKey={(r) => r.productId} />
        </>
      )}
    </div>
  );
}
