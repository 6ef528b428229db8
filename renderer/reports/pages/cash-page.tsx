// Cash: per till session and tender, expected against counted and the difference; per cashier.
import type { CashReport } from '../../../shared/reports/report-types.ts';
import { DataTable } from '../data-table.tsx';
import { KpiGroup } from '../kpis.tsx';
import { createReportStore } from '../report-store.ts';
import { ReportStatus } from '../report-status.tsx';
import { useReport } from '../use-report.ts';

export const useCashStore = createReportStore<CashReport>();

export function CashPage() {
  const { data, loading, error } = useReport(useCashStore, '/api/reports/cash');
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
          <DataTable
            title="Expected and counted per session and tender"
            rows={data.tenders}
            rowKey={(r) => `${r.sessionId}/${r.method}`}
            columns={[
              { label: 'Till', value: (r) => r.till },
              { label: 'Site', value: (r) => r.site },
              { label: 'Cashier', value: (r) => r.cashier },
              { label: 'Opened', value: (r) => r.openedAt, format: 'datetime' },
              { label: 'Closed', value: (r) => r.closedAt ?? 'open', format: 'datetime' },
              { label: 'Tender', value: (r) => r.method },
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
