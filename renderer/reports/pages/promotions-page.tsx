// Promotions: what each promotion and coupon gave away over the period, per store and channel; and
// the gift-card, store-credit and points liability beside its ledger account (as of now).
import type { PromotionsReport } from '../../../shared/reports/report-types.ts';
import { DataTable } from '../data-table.tsx';
import { KpiGroup } from '../kpis.tsx';
import { createReportStore } from '../report-store.ts';
import { ReportStatus } from '../report-status.tsx';
import { useReport } from '../use-report.ts';
import { useNames } from '../names.ts';

export const usePromotionsStore = createReportStore<PromotionsReport>();

export function PromotionsPage() {
  const { data, loading, error } = useReport(usePromotionsStore, '/api/reports/promotions');
  const names = useNames();
  return (
    <div className="page">
      <h2>Promotions</h2>
      <p className="muted">
        What each promotion took off the lines it applied to, as charged (tax included where prices include it), on till sales and channel orders of the period; returns carry no
        promotions. The liability below is as of now, whatever the period.
      </p>
      <ReportStatus loading={loading} error={error} />
      {data && (
        <>
          <KpiGroup
            title="Promotions in the period"
            kpis={[
              { label: 'Given away', value: data.totals.amount, format: 'money' },
              { label: 'Sales and orders with a promotion', value: data.totals.sales, format: 'qty' },
              { label: 'Promotions used', value: data.totals.promotions, format: 'qty' },
            ]}
          />
          <DataTable
            title="Promotion cost per promotion"
            rows={data.promotions}
            rowKey={(r) => `${r.promotionId}/${r.site}/${r.channel}`}
            empty="No promotion gave anything in this period."
            columns={[
              { label: 'Promotion', value: (r) => r.promotion },
              { label: 'Applies', value: (r) => (r.trigger === 'coupon' ? 'with a coupon code' : r.trigger === 'automatic' ? 'automatically' : 'deleted') },
              { label: 'Store', value: (r) => r.site || 'Delivered (no store)' },
              { label: 'Channel', value: (r) => names.channel(r.channel) },
              { label: 'Sales / orders', value: (r) => r.sales, format: 'qty', total: true },
              { label: 'Lines', value: (r) => r.lines, format: 'qty', total: true },
              { label: 'Coupon uses', value: (r) => (r.trigger === 'coupon' ? r.couponUses : null), format: 'qty', total: true },
              { label: 'Given away', value: (r) => r.amount, format: 'money', total: true },
            ]}
          />
          <p className={data.balanced ? 'muted' : 'error'} role={data.balanced ? undefined : 'alert'}>
            {data.balanced
              ? 'Every liability equals its ledger account.'
              : 'A liability differs from its ledger account: run aisle reconcile and look at the movements of that account.'}
          </p>
          <DataTable
            title="Gift cards, store credit and points: liability against the ledger"
            rows={data.liability}
            rowKey={(r) => r.kind}
            columns={[
              { label: 'Kind', value: (r) => r.label },
              { label: 'Account', value: (r) => r.account },
              { label: 'Holders', value: (r) => r.holders, format: 'qty' },
              { label: 'Σ balances', value: (r) => (r.kind === 'points' ? null : r.outstanding), format: 'money' },
              { label: 'Σ points', value: (r) => (r.kind === 'points' ? r.outstanding : null), format: 'qty' },
              { label: 'Valued as booked', value: (r) => r.booked, format: 'money', total: true },
              { label: 'Ledger account balance', value: (r) => r.ledger, format: 'money', total: true },
              { label: 'Agrees', value: (r) => (r.agrees ? 'yes' : 'no') },
            ]}
          />
        </>
      )}
    </div>
  );
}
