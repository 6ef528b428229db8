// Cash: per till session and tender, expected against counted and the difference; per cashier.
import type { CashReport } from '../../../shared/reports/report-types.ts';
import { tenderLabel } from '../../../shared/text/display-names.ts';
import { storeDay } from '../../../shared/time/index.ts';
import { chartColor, LineFigure } from '../charts.tsx';
import { useDisplay } from '../display.ts';
import { DataTable } from '../data-table.tsx';
import { KpiGroup } from '../kpis.tsx';
import { useNames } from '../names.ts';
import { createReportStore } from '../report-store.ts';
import { ReportStatus } from '../report-status.tsx';
import { useReport } from '../use-report.ts';

export const useCashStore = createReportStore<CashReport>();

/** Cash differences per cashier and store day of the close (closed sessions only). */
function DifferencesChart({ data }: { data: CashReport }) {
  const { timeZone } = useDisplay();
  const byDay = new Map<string, Map<string, number>>();
  for (const t of data.tenders) {
    if (t.closedAt === null || t.difference === null) continue;
    const day = storeDay(t.closedAt, timeZone);
    const row = byDay.get(day) ?? new Map<string, number>();
    row.set(t.cashier, (row.get(t.cashier) ?? 0) + t.difference);
    byDay.set(day, row);
  }
  const days = [...byDay.keys()].sort();
  const cashiers = [...new Set(data.tenders.map((t) => t.cashier))].sort();
  return (
    <LineFigure
      title="Cash differences per cashier"
      caption="Cash differences (counted − expected) per cashier and day of the close; a shortage is below zero"
      rows={days}
      x={(d) => d}
      series={cashiers.map((c, i) => ({ name: c, color: chartColor(i), money: true, value: (d: string) => byDay.get(d)?.get(c) ?? 0 }))}
      height={220}
    />
  );
}

export function CashPage() {
  const { data, loading, error } = useReport(useCashStore, '/api/reports/cash');
  const names = useNames();
  return (
    <div className="page">
      <h2>Cash</h2>
      <p className="muted">Difference = counted − expected (a shortage is negative); open sessions have no count yet.</p>
      <ReportStatus loading={loading} error={error} />
      {data && (
        <>
          <KpiGroup
            title="Sessions"
            kpis={[
              { label: 'Sessions', value: data.totals.sessions, format: 'qty' },
              { label: 'Still open', value: data.totals.openSessions, format: 'qty' },
              { label: 'Total difference', value: data.totals.difference, format: 'money' },
            ]}
          />
          <DifferencesChart data={data} />
          <DataTable
            title="Expected and counted per session and tender"
            rows={data.tenders}
            rowKey={(r) => `${r.sessionId}/${r.method}`}
            columns={[
              { label: 'Till', value: (r) => r.till },
              { label: 'Site', value: (r) => names.site(r.site) },
              { label: 'Cashier', value: (r) => r.cashier },
              { label: 'Opened', value: (r) => r.openedAt, format: 'datetime' },
              { label: 'Closed', value: (r) => r.closedAt ?? 'open', format: 'datetime' },
              { label: 'Tender', value: (r) => tenderLabel(r.method) },
              { label: 'Expected', value: (r) => r.expected, format: 'money', total: true },
              { label: 'Counted', value: (r) => r.counted, format: 'money', total: true },
              { label: 'Difference', value: (r) => r.difference, format: 'money', total: true },
            ]}
          />
          <DataTable
            title="Differences per cashier"
            rows={data.byCashier}
            rowKey={(r) => r.cashier}
            columns={[
              { label: 'Cashier', value: (r) => r.cashier },
              { label: 'Sessions', value: (r) => r.sessions, format: 'qty', total: true },
              { label: 'Expected', value: (r) => r.expected, format: 'money', total: true },
              { label: 'Counted', value: (r) => r.counted, format: 'money', total: true },
              { label: 'Difference', value: (r) => r.difference, format: 'money', total: true },
            ]}
          />
        </>
      )}
    </div>
  );
}
