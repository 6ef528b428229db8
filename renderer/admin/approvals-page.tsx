// Approvals inbox: count adjustments above the approval threshold, each with its value and its
// lines; approve (the stock changes) or reject (it does not), with a note kept in the audit log.
import { useCallback, useEffect, useState } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { CountApproval } from '../../shared/admin-api/warehouse.ts';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';

interface Delta { productId: string; lot: string; delta: number }

export function ApprovalsPage() {
  const [rows, setRows] = useState<CountApproval[]>([]);
  const [names, setNames] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<CountApproval[]>('/api/count-approvals'));
    if (!res) return;
    setRows(res);
    const ids = [...new Set(res.flatMap((a) => (a.deltas as Delta[]).map((d) => d.productId)))];
    const found: Record<string, string> = {};
    await Promise.all(ids.map(async (id) => {
      const p = await api<{ name: string }>(`/api/admin/products/${encodeURIComponent(id)}`).catch(() => null);
      if (p) found[id] = p.name;
    }));
    setNames(found);
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
      {rows.map((a) => (
        <article key={a.id} className="panel" aria-label={`Count at ${a.location}`}>
          <h3>Count at {a.location} ({a.siteCode}) — worth {formatMoneyWithSymbol(Number(a.value), a.currency, 'en')}</h3>
          <table>
            <thead><tr><th>Product</th><th>Lot</th><th className="num">Change</th></tr></thead>
            <tbody>
              {(a.deltas as Delta[]).map((d) => (
                <tr key={`${d.productId}|${d.lot}`}><td>{names[d.productId] ?? d.productId}</td><td>{d.lot || '—'}</td><td className="num">{d.delta > 0 ? `+${d.delta}` : d.delta}</td></tr>
              ))}
            </tbody>
          </table>
          <div className="toolbar">
            <input aria-label="Note" placeholder="Note (kept in the audit log)" value={notes[a.id] ?? ''} onChange={(e) => setNotes({ ...notes, [a.id]: e.target.value })} />
            <button type="button" className="primary" disabled={call.busy} onClick={() => void decide(a, 'approve')}>Approve</button>
            <button type="button" disabled={call.busy} onClick={() => void decide(a, 'reject')}>Reject</button>
          </div>
        </article>
      ))}
    </section>
  );
}
