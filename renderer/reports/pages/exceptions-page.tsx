// Exceptions: open exceptions by kind and site, and resolving one with a note.
import { useState } from 'react';
import type { ExceptionsReport } from '../../../shared/reports/report-types.ts';
import { DataTable } from '../data-table.tsx';
import { api } from '../reports-api.ts';
import { createReportStore } from '../report-store.ts';
import { ReportStatus } from '../report-status.tsx';
import { useReport } from '../use-report.ts';

export const useExceptionsStore = createReportStore<ExceptionsReport>();

type Row = ExceptionsReport['rows'][number];

function ResolveForm({ row, onDone }: { row: Row; onDone: (message: string) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (): Promise<void> => {
    try {
      await api(`/api/reports/exceptions/${row.id}/resolve`, { method: 'POST', body: { note } });
      onDone(`Exception ${row.id} resolved.`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form className="row resolve-form" aria-label={`Resolve exception ${row.id}`} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <label>
        Resolution note
        <input value={note} onChange={(e) => setNote(e.target.value)} />
      </label>
      <button type="submit" disabled={!note.trim()}>Resolve</button>
      {error && <span role="alert">{error}</span>}
    </form>
  );
}

export function ExceptionsPage() {
  const [kind, setKind] = useState('');
  const [resolving, setResolving] = useState<Row | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const { data, loading, error, reload } = useReport(useExceptionsStore, '/api/reports/exceptions', kind ? { kind } : {});
  const kinds = [...new Set(data?.summary.map((s) => s.kind) ?? [])];
  return (
    <div className="page">
      <h2>Exceptions</h2>
      <ReportStatus loading={loading} error={error} />
      {message && <p role="status">{message}</p>}
      {data && (
        <>
          <DataTable
            title="Open exceptions by kind and site"
            rows={data.summary}
            rowKey={(r) => `${r.kind}/${r.site}`}
            empty="No open exceptions in this period."
            columns={[
              { label: 'Kind', value: (r) => r.kind },
              { label: 'Site', value: (r) => r.site },
              { label: 'Open', value: (r) => r.count, format: 'qty', total: true },
            ]}
          />
          <span className="field">
            <label htmlFor="exceptions-kind">Kind</label>{' '}
            <select id="exceptions-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="">All kinds</option>
              {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
            </select>
          </span>
          {resolving && (
            <ResolveForm
              row={resolving}
              onDone={(m) => {
                setResolving(null);
                setMessage(m);
                reload();
              }}
            />
          )}
          <DataTable
            title="Open exceptions"
            rows={data.rows}
            rowKey={(r) => String(r.id)}
            empty="No open exceptions in this period."
            columns={[
              { label: 'Raised', value: (r) => r.createdAt, format: 'datetime' },
              { label: 'Kind', value: (r) => r.kind },
              { label: 'Site', value: (r) => r.site },
              { label: 'Device', value: (r) => r.device },
              { label: 'Receipt', value: (r) => r.receiptNo ?? '' },
              { label: 'Severity', value: (r) => r.severity },
              { label: 'Message', value: (r) => r.message },
            ]}
            actions={{
              label: 'Action',
              render: (r) => (
                <button type="button" onClick={() => setResolving(r)} aria-label={`Resolve exception ${r.id}`}>
                  Resolve
                </button>
              ),
            }}
          />
        </>
      )}
    </div>
  );
}
