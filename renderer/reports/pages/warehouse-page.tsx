// Warehouse: open deliveries by age and step, lead time order → shipped, lines per hour per
// picker, backorders and scan errors — or a clear note when the warehouse module is absent.
import type { WarehouseReport } from '../../../shared/reports/report-types.ts';
import { pickingStepLabel } from '../../../shared/text/display-names.ts';
import { BarFigure, chartColor, LineFigure } from '../charts.tsx';
import { DataTable } from '../data-table.tsx';
import { KpiGroup } from '../kpis.tsx';
import { createReportStore } from '../report-store.ts';
import { ReportStatus, Unavailable } from '../report-status.tsx';
import { useReport } from '../use-report.ts';
import { useNames } from '../names.ts';

export const useWarehouseStore = createReportStore<WarehouseReport>();

type Report = Extract<WarehouseReport, { available: true }>;

/** Lines per hour per picker (bars) and per picker and store day (lines), beside their tables. */
function PickingCharts({ data }: { data: Report }) {
  const pickers = [...new Set(data.pickerDays.map((r) => r.picker))].sort();
  const days = [...new Set(data.pickerDays.map((r) => r.day))].sort();
  return (
    <div className="two-col-charts">
      <BarFigure
        title="Lines per hour per picker"
        caption="Picking lines per hour per picker over the period"
        rows={data.pickers}
        x={(r) => r.picker}
        series={[{ name: 'Lines per hour', value: (r) => Number(r.linesPerHour.toFixed(2)), color: '#1f5fbf' }]}
        height={220}
      />
      <LineFigure
        title="Lines per hour per day"
        caption="Picking lines per hour per picker and store day"
        rows={days}
        x={(d) => d}
        series={pickers.map((p, i) => ({
          name: p, color: chartColor(i),
          value: (d: string) => Number((data.pickerDays.find((r) => r.day === d && r.picker === p)?.linesPerHour ?? 0).toFixed(2)),
        }))}
        height={220}
      />
    </div>
  );
}

export function WarehousePage() {
  const { data, loading, error } = useReport(useWarehouseStore, '/api/reports/warehouse');
  const names = useNames();
  return (
    <div className="page">
      <h2>Warehouse</h2>
      <ReportStatus loading={loading} error={error} />
      {data && !data.available && <Unavailable reason={data.reason} />}
      {data?.available && (
        <>
          <KpiGroup
            title="Picking lead time (order → shipped), hours"
            kpis={[
              { label: 'Shipped deliveries', value: data.leadTime.shipped, format: 'qty' },
              { label: 'Average', value: data.leadTime.avgHours, format: 'hours' },
              { label: 'Median', value: data.leadTime.p50Hours, format: 'hours' },
              { label: '90th percentile', value: data.leadTime.p90Hours, format: 'hours' },
            ]}
          />
          <DataTable
            title="Open deliveries by age and step"
            rows={data.openDeliveries}
            rowKey={(r) => `${r.site}/${r.step}/${r.age}`}
            empty="No open deliveries."
            columns={[
              { label: 'Site', value: (r) => names.site(r.site) },
              { label: 'Step', value: (r) => pickingStepLabel(r.step) },
              { label: 'Age', value: (r) => r.age },
              { label: 'Pickings', value: (r) => r.pickings, format: 'qty', total: true },
            ]}
          />
          <PickingCharts data={data} />
          <DataTable
            title="Lines per hour per picker"
            rows={data.pickers}
            rowKey={(r) => r.picker}
            columns={[
              { label: 'Picker', value: (r) => r.picker },
              { label: 'Pickings', value: (r) => r.pickings, format: 'qty', total: true },
              { label: 'Lines', value: (r) => r.lines, format: 'qty', total: true },
              { label: 'Hours', value: (r) => r.hours, format: 'hours', total: true },
              { label: 'Lines per hour', value: (r) => r.linesPerHour, format: 'hours' },
              { label: 'Scan errors', value: (r) => r.scanErrors, format: 'qty', total: true },
              { label: 'Exceptions', value: (r) => r.exceptions, format: 'qty', total: true },
            ]}
          />
          <DataTable
            title="Lines per hour per picker and day"
            rows={data.pickerDays}
            rowKey={(r) => `${r.day}/${r.picker}`}
            empty="No validated deliveries in this period."
            columns={[
              { label: 'Day', value: (r) => r.day },
              { label: 'Picker', value: (r) => r.picker },
              { label: 'Lines', value: (r) => r.lines, format: 'qty', total: true },
              { label: 'Hours', value: (r) => r.hours, format: 'hours', total: true },
              { label: 'Lines per hour', value: (r) => r.linesPerHour, format: 'hours' },
            ]}
          />
          <DataTable
            title="Open backorders"
            rows={data.backorders}
            rowKey={(r) => r.reference}
            empty="No open backorders."
            columns={[
              { label: 'Reference', value: (r) => r.reference },
              { label: 'Site', value: (r) => names.site(r.site) },
              { label: 'State', value: (r) => r.state },
              { label: 'Lines', value: (r) => r.lines, format: 'qty', total: true },
              { label: 'Quantity', value: (r) => r.qty, format: 'qty', total: true },
              { label: 'Created', value: (r) => r.createdAt, format: 'datetime' },
            ]}
          />
          <DataTable
            title="Scan errors"
            rows={data.scanErrors}
            rowKey={(r) => `${r.site}/${r.device}`}
            empty="No scan errors in this period."
            columns={[
              { label: 'Site', value: (r) => names.site(r.site) },
              { label: 'Station', value: (r) => r.device },
              { label: 'Scan errors', value: (r) => r.scanErrors, format: 'qty', total: true },
              { label: 'Exceptions', value: (r) => r.exceptions, format: 'qty', total: true },
            ]}
          />
        </>
      )}
    </div>
  );
}
