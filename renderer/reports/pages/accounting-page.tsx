// Accounting: trial balance, profit and loss for the period, and the journal browser down to
// the event that caused each entry.
import { useEffect, useState } from 'react';
import { create } from 'zustand';
import { journalKindLabel } from '../../../shared/text/display-names.ts';
import type { EventView, JournalEntry, JournalPage, ProfitAndLoss, TrialBalance } from '../../../shared/reports/report-types.ts';
import { DataTable } from '../data-table.tsx';
import { filterParams, useFiltersStore } from '../filters-store.ts';
import { useDisplay } from '../display.ts';
import { formatDateTime, formatMoney } from '../format.ts';
import { KpiGroup } from '../kpis.tsx';
import { api, query } from '../reports-api.ts';
import { createReportStore } from '../report-store.ts';
import { ReportStatus } from '../report-status.tsx';
import { useFilters, useReport } from '../use-report.ts';

export const useTrialBalanceStore = createReportStore<TrialBalance>();
export const useProfitLossStore = createReportStore<ProfitAndLoss>();

interface JournalState {
  entries: JournalEntry[];
  nextBefore: number | null;
  event: EventView | null;
  error: string | null;
  load(params: Record<string, string>, before?: number): Promise<void>;
  openEvent(id: string): Promise<void>;
  closeEvent(): void;
}

const useJournalStore = create<JournalState>()((set, get) => ({
  entries: [],
  nextBefore: null,
  event: null,
  error: null,
  async load(params, before) {
    try {
      const page = await api<JournalPage>(`/api/reports/accounting/journal${query({ ...params, before, limit: 100 })}`);
      set({ entries: before ? [...get().entries, ...page.entries] : page.entries, nextBefore: page.nextBefore, error: null });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  async openEvent(id) {
    try {
      set({ event: await api<EventView>(`/api/reports/events/${encodeURIComponent(id)}`), error: null });
    } catch (err) {
      set({ error: err instanceof Error ? err.message : String(err) });
    }
  },
  closeEvent() {
    set({ event: null });
  },
}));

/** The source of a journal entry as a readable document; the raw payload stays one click away. */
function EventDocumentView({ event, onClose }: { event: EventView; onClose: () => void }) {
  const doc = event.document;
  const zone = useFiltersStore((s) => s.sites.find((x) => x.id === event.siteId)?.timeZone) ?? 'UTC';
  return (
    <div role="dialog" aria-label={doc.title} className="event-detail">
      <div className="doc-head">
        <h4>{doc.title}</h4>
        <button type="button" onClick={onClose}>Close</button>
      </div>
      <p className="muted">From {event.device ?? 'an unknown device'}, received {formatDateTime(event.receivedAt, zone)}, {event.status}.</p>
      <dl>
        {doc.fields.map((f) => (
          <div key={f.label} style={{ display: 'contents' }}>
            <dt>{f.label}</dt>
            <dd>{f.value}</dd>
          </div>
        ))}
      </dl>
      {doc.tables.map((t) => (
        <table key={t.title} aria-label={t.title}>
          <caption className="muted">{t.title}</caption>
          <thead><tr>{t.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
          <tbody>{t.rows.map((r, i) => <tr key={i}>{r.map((c, j) => <td key={j}>{c}</td>)}</tr>)}</tbody>
        </table>
      ))}
      {event.problems.length > 0 && (
        <ul aria-label="Exceptions">{event.problems.map((p) => <li key={p.id}>{p.message}{p.resolvedAt ? ' (resolved)' : ''}</li>)}</ul>
      )}
      <details>
        <summary>Raw data</summary>
        <pre>{JSON.stringify(event.payload, null, 2)}</pre>
      </details>
    </div>
  );
}

function JournalBrowser() {
  const filters = useFilters();
  const [account, setAccount] = useState('');
  const { entries, nextBefore, event, error, load, openEvent, closeEvent } = useJournalStore();
  const params = { ...filterParams(filters), account };
  const key = JSON.stringify(params);
  useEffect(() => {
    void useJournalStore.getState().load(JSON.parse(key) as Record<string, string>);
  }, [key]);
  const lines = entries.flatMap((e) => e.lines.map((l, i) => ({ ...l, entry: e, i })));
  return (
    <section aria-label="Journal" className="stack">
      <h3>Journal</h3>
      <label className="inline">
        Account
        <input value={account} onChange={(e) => setAccount(e.target.value.trim())} placeholder="e.g. 4000" size={8} />
      </label>
      {error && <p role="alert">{error}</p>}
      <DataTable
        title="Journal lines"
        rows={lines}
        rowKey={(r) => `${r.entry.id}/${r.i}`}
        columns={[
          { label: 'Entry', value: (r) => r.entry.id },
          { label: 'Date', value: (r) => r.entry.entryDate, format: 'datetime' },
          { label: 'Kind', value: (r) => journalKindLabel(r.entry.kind) },
          { label: 'Account', value: (r) => r.account },
          { label: 'Debit', value: (r) => r.debit, format: 'money', total: true },
          { label: 'Credit', value: (r) => r.credit, format: 'money', total: true },
          { label: 'Memo', value: (r) => r.memo ?? r.entry.memo ?? '' },
          { label: 'Event', value: (r) => r.entry.eventId ?? '' },
        ]}
        actions={{
          label: 'Source',
          render: (r) => (r.entry.eventId && r.i === 0 ? (
            <button type="button" onClick={() => void openEvent(r.entry.eventId ?? '')} aria-label={`Show source of entry ${r.entry.id}`}>
              Show
            </button>
          ) : null),
        }}
      />
      {nextBefore !== null && <button type="button" onClick={() => void load(params, nextBefore)}>Load older entries</button>}
      {event && <EventDocumentView event={event} onClose={closeEvent} />}
    </section>
  );
}

export function AccountingPage() {
  const display = useDisplay();
  const tb = useReport(useTrialBalanceStore, '/api/reports/accounting/trial-balance');
  const pnl = useReport(useProfitLossStore, '/api/reports/accounting/profit-loss');
  return (
    <div className="page">
      <h2>Accounting</h2>
      <p className="muted">The journal has no channel: the channel filter does not apply here. The trial balance is all time.</p>
      <ReportStatus loading={tb.loading || pnl.loading} error={tb.error ?? pnl.error} />
      {pnl.data && (
        <>
          <KpiGroup
            title="Profit and loss for the period"
            kpis={[
              { label: 'Revenue', value: pnl.data.revenue, format: 'money' },
              { label: 'Expenses', value: pnl.data.expenses, format: 'money' },
              { label: 'Profit', value: pnl.data.profit, format: 'money' },
            ]}
          />
          <DataTable
            title="Profit and loss"
            rows={pnl.data.rows}
            rowKey={(r) => r.code}
            columns={[
              { label: 'Account', value: (r) => r.code },
              { label: 'Name', value: (r) => r.name },
              { label: 'Type', value: (r) => r.type },
              { label: 'Amount', value: (r) => r.amount, format: 'money' },
            ]}
          />
        </>
      )}
      {tb.data && (
        <>
          <p>
            Trial balance (all time): debit {formatMoney(tb.data.totals.debit, display.currency)}, credit {formatMoney(tb.data.totals.credit, display.currency)} —{' '}
            <strong>{tb.data.balanced ? 'balanced' : 'NOT balanced'}</strong>
          </p>
          <DataTable
            title="Trial balance"
            rows={tb.data.accounts}
            rowKey={(r) => r.code}
            columns={[
              { label: 'Account', value: (r) => r.code },
              { label: 'Name', value: (r) => r.name },
              { label: 'Type', value: (r) => r.type },
              { label: 'Debit', value: (r) => r.debit, format: 'money', total: true },
              { label: 'Credit', value: (r) => r.credit, format: 'money', total: true },
              { label: 'Balance', value: (r) => r.balance, format: 'money', total: true },
            ]}
          />
        </>
      )}
      <JournalBrowser />
    </div>
  );
}
