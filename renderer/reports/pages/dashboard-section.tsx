// The overview dashboard: the period's last store day against the same weekday a week before
// (revenue, orders, average basket, margin rate), by store and by channel as pictures with their
// tables, the open exceptions and the devices with events still to send.
import type { Dashboard, DashboardRow, DayComparison } from '../../../shared/reports/report-types.ts';
import { BarFigure } from '../charts.tsx';
import { DataTable, type Column } from '../data-table.tsx';
import { KpiGroup, type Kpi } from '../kpis.tsx';
import { useNames, withChannelNames } from '../names.ts';
import { createReportStore } from '../report-store.ts';
import { ReportStatus } from '../report-status.tsx';
import { useReport } from '../use-report.ts';

export const useDashboardStore = createReportStore<Dashboard>();

function change(current: number, previous: number, unit: 'pct' | 'points' = 'pct'): string {
  if (unit === 'points') {
    const d = (current - previous) * 100;
    return `${d >= 0 ? '+' : ''}${d.toFixed(1)} pts vs a week before`;
  }
  if (previous === 0) return current === 0 ? 'no change' : 'nothing a week before';
  const pct = ((current - previous) / Math.abs(previous)) * 100;
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(1)} % vs a week before`;
}

function dayKpis(c: DayComparison, p: DayComparison): Kpi[] {
  return [
    { label: 'Revenue (excl. tax)', value: c.revenue, format: 'money', note: change(c.revenue, p.revenue) },
    { label: 'Orders', value: c.orders, format: 'qty', note: change(c.orders, p.orders) },
    { label: 'Average basket (incl. tax)', value: c.avgBasket, format: 'money', note: change(c.avgBasket, p.avgBasket) },
    { label: 'Margin rate', value: c.marginRate, format: 'pct', note: change(c.marginRate, p.marginRate, 'points') },
  ];
}

const rowColumns = (first: string): Column<DashboardRow>[] => [
  { label: first, value: (r) => r.label },
  { label: 'Revenue', value: (r) => r.current.revenue, format: 'money', total: true },
  { label: 'Revenue a week before', value: (r) => r.previous.revenue, format: 'money', total: true },
  { label: 'Orders', value: (r) => r.current.orders, format: 'qty', total: true },
  { label: 'Orders a week before', value: (r) => r.previous.orders, format: 'qty', total: true },
  { label: 'Average basket', value: (r) => r.current.avgBasket, format: 'money' },
  { label: 'Margin rate', value: (r) => r.current.marginRate, format: 'pct' },
];

const NO_SALES = 'No sales on either day.';

function Comparison({ title, rows, first }: { title: string; rows: readonly DashboardRow[]; first: string }) {
  return (
    <div className="chart-pair">
      <BarFigure
        title={`Revenue by ${first.toLowerCase()}, day against a week before`}
        caption={`Revenue by ${first.toLowerCase()}: the day against the same weekday a week before`}
        rows={rows}
        x={(r) => r.label}
        series={[
          { name: 'This day', value: (r) => r.current.revenue, money: true, color: '#1f5fbf' },
          { name: 'A week before', value: (r) => r.previous.revenue, money: true, color: '#aab4c3' },
        ]}
        height={220}
        empty={NO_SALES}
      />
      <DataTable title={title} rows={rows} columns={rowColumns(first)} rowKey={(r) => r.key} empty={NO_SALES} />
    </div>
  );
}

export function DashboardSection() {
  const { data, loading, error } = useReport(useDashboardStore, '/api/reports/dashboard');
  const names = useNames();
  return (
    <section aria-label="Dashboard" className="dashboard">
      <ReportStatus loading={loading} error={error} />
      {data && (
        <>
          <KpiGroup title={`Day ${data.day} against ${data.compareDay}`} kpis={dayKpis(data.current, data.previous)} />
          <div className="alerts-row">
            <KpiGroup
              title="Needs attention"
              kpis={[
                { label: 'Open exceptions', value: data.openExceptions.total, format: 'qty', note: data.openExceptions.byKind.slice(0, 3).map((k) => `${k.count} ${k.kind}`).join(', ') || 'none' },
                { label: 'Devices with unsent events', value: data.unsentDevices.length, format: 'qty', note: data.unsentDevices.slice(0, 3).map((d) => d.name).join(', ') || 'all sent' },
              ]}
            />
          </div>
          <Comparison title="Day by store" rows={data.bySite} first="Store" />
          <Comparison title="Day by channel" rows={withChannelNames(data.byChannel, names)} first="Channel" />
          {data.unsentDevices.length > 0 && (
            <DataTable
              title="Devices with unsent events"
              rows={data.unsentDevices}
              rowKey={(r) => r.deviceId}
              columns={[
                { label: 'Device', value: (r) => r.name },
                { label: 'Site', value: (r) => names.site(r.site) },
                { label: 'Pending receipts', value: (r) => r.pending, format: 'qty', total: true },
                { label: 'Rejected events', value: (r) => r.deadLetters, format: 'qty', total: true },
                { label: 'Last seen', value: (r) => r.lastSeenAt, format: 'datetime' },
              ]}
            />
          )}
        </>
      )}
    </section>
  );
}
