// Overview: today and the period (revenue, margin, orders, average basket), by channel and by
// store, and the revenue trend against the previous period.
import type { Overview, SalesTotals, TotalsRow } from '../../../shared/reports/report-types.ts';
import { LineFigure } from '../charts.tsx';
import { DataTable, type Column } from '../data-table.tsx';
import { changeNote, KpiGroup, type Kpi } from '../kpis.tsx';
import { useNames, withChannelNames } from '../names.ts';
import { createReportStore } from '../report-store.ts';
import { ReportStatus } from '../report-status.tsx';
import { useReport } from '../use-report.ts';
import { DashboardSection } from './dashboard-section.tsx';

export const useOverviewStore = createReportStore<Overview>();

function kpis(t: SalesTotals, previous?: SalesTotals): Kpi[] {
  const note = (k: keyof SalesTotals): string | undefined => (previous ? changeNote(t[k], previous[k]) : undefined);
  const withNote = (k: Kpi, n: string | undefined): Kpi => (n ? { ...k, note: n } : k);
  return [
    withNote({ label: 'Revenue (excl. tax)', value: t.revenue, format: 'money' }, note('revenue')),
    withNote({ label: 'Margin', value: t.margin, format: 'money' }, note('margin')),
    { label: 'Margin rate', value: t.marginRate, format: 'pct' },
    withNote({ label: 'Orders', value: t.orders, format: 'qty' }, note('orders')),
    withNote({ label: 'Average basket (incl. tax)', value: t.avgBasket, format: 'money' }, note('avgBasket')),
    { label: 'Returns', value: t.returns, format: 'qty' },
    { label: 'Tax', value: t.tax, format: 'money' },
  ];
}

export const totalsColumns = (first: string): Column<TotalsRow>[] => [
  { label: first, value: (r) => r.label },
  { label: 'Revenue', value: (r) => r.revenue, format: 'money', total: true },
  { label: 'Tax', value: (r) => r.tax, format: 'money', total: true },
  { label: 'Margin', value: (r) => r.margin, format: 'money', total: true },
  { label: 'Orders', value: (r) => r.orders, format: 'qty', total: true },
  { label: 'Returns', value: (r) => r.returns, format: 'qty', total: true },
  { label: 'Average basket', value: (r) => r.avgBasket, format: 'money' },
];

export function OverviewPage() {
  const { data, loading, error } = useReport(useOverviewStore, '/api/reports/overview');
  const names = useNames();
  return (
    <div className="page">
      <h2>Overview</h2>
      <DashboardSection />
      <ReportStatus loading={loading} error={error} />
      {data && (
        <>
          <KpiGroup title="This period" kpis={kpis(data.period, data.previous)} />
          <LineFigure title="Revenue trend" height={260} rows={data.trend} x={(t) => t.day.slice(5)}
            caption={<>Revenue per day, this period against the previous period ({data.previous.from} to {data.previous.to})</>}
            series={[
              { name: 'This period', value: (t) => t.revenue, money: true, color: '#1f5fbf' },
              { name: 'Previous period', value: (t) => t.previousRevenue, money: true, color: '#999', dashed: true },
            ]} />
          <div className="two-col">
            <DataTable title="Sales by channel" rows={withChannelNames(data.byChannel, names)} columns={totalsColumns('Channel')} rowKey={(r) => r.key} />
            <DataTable title="Sales by store" rows={data.bySite} columns={totalsColumns('Store')} rowKey={(r) => r.key} />
          </div>
        </>
      )}
    </div>
  );
}
