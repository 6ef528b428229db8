// Approvals inbox: count adjustments above the approval threshold, each with its total value and
// every line's change and value in the site's currency; approve (the stock changes) or reject (it
// does not), with a note kept in the audit log.
import { useCallback, useEffect, useState } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { CountApproval } from '../../shared/admin-api/warehouse.ts';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';
import { siteTime, useSites } from './use-sites.ts';

export function ApprovalsPage() {
  const [rows, setRows] = useState<CountApproval[]>([]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const sites = useSites();
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<CountApproval[]>('/api/count-approvals'));
    if (res) setRows(res);
  }, [call.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (a: CountApproval, decision: 'approve' | 'reject'): Promise<void> => {
    const note = (notes[a.id] ?? '').trim();
    const res = await call.run(() => api(`/api/count-approvals/${encodeURIComponent(a.id)}/${decision}`, { method: 'POST', body: note ? { note } : {} }));
    if (!res) return;
    setDone(`${decision === 'approve' ? 'Approved: stock adjusted' : 'Rejected: stock unchanged'} at ${a.location}.`);
    await load();
  };

  return (
    <section aria-label="Approvals">
      <h2>Approvals</h2>
      {done && <p className="ok" role="status">{done}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {rows.length === 0 && <p className="muted">Nothing waits for approval.</p>}
      {rows.map((a) => {
        const money = (minor: number): string => formatMoneyWithSymbol(minor, a.currency, 'en');
        return (
          <article key={a.id} className="panel" aria-label={`Count at ${a.location}`}>
            <h3>Count at {a.location} ({a.siteCode}) — worth {money(a.value)}</h3>
            <p className="muted">Counted {siteTime(sites, a.createdAt, a.siteCode)}</p>
            <table>
              <thead><tr><th>Product</th><th>SKU</th><th>Lot</th><th className="num">Change</th><th className="num">Value</th></tr></thead>
              <tbody>
                {a.deltas.map((d) => (
                  <tr key={`${d.productId}|${d.lot}`} aria-label={`Change of ${d.name}`}>
                    <td>{d.name}</td><td>{d.sku}</td><td>{d.lot || '—'}</td>
                    <td className="num">{d.delta > 0 ? `+${d.delta}` : d.delta}</td>
                    <td className="num">{money(d.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="toolbar">
              <input className="note" aria-label="Note" placeholder="Note (kept in the audit log)" value={notes[a.id] ?? ''} onChange={(e) => setNotes({ ...notes, [a.id]: e.target.value })} />
              <button type="button" className="primary" disabled={call.busy} onClick={() => void decide(a, 'approve')}>Approve</button>
              <button type="button" disabled={call.busy} onClick={() => void decide(a, 'reject')}>Reject</button>
            </div>
          </article>
        );
      })}
    </section>
  );
}
