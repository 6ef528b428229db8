// Transfers: inside a warehouse or to another site, newest first, filtered by warehouse and state,
// paged; each with its lines and where it stands — waiting for stock, ready to pick, in transit,
// received. A transfer that arrived at a site where no station works is received here. Managers see
// it read-only.
import { useCallback, useEffect, useState } from 'react';
import type { Transfer, TransferPage } from '../../shared/admin-api/warehouse-moves.ts';
import type { Received } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { PickingState } from '../../shared/admin-api/warehouse.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { api, query } from '../reports/reports-api.ts';
import { Pager } from './pager.tsx';
import { TransferForm } from './transfer-form.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { useSites } from './use-sites.ts';
import { linesSummary, PICKING_STATES, pickingStateLabel } from './warehouse-labels.ts';

const PAGE = 50;

/** Where a transfer stands, in words: between sites, its arrival tells the end of the story. */
export function transferStatus(t: Transfer): string {
  const betweenSites = t.toSite !== t.warehouse;
  if (!betweenSites || t.state !== 'done') return betweenSites && t.state === 'ready' ? 'Ready to ship' : pickingStateLabel(t.state);
  if (!t.arrival) return 'Shipped';
  if (t.arrival.state === 'done') return `Received at ${t.arrival.site}`;
  if (t.arrival.state === 'in_progress') return `Being received at ${t.arrival.site}`;
  return t.arrival.state === 'cancelled' ? 'Arrival cancelled' : 'In transit';
}

function destination(t: Transfer): string {
  const to = [...new Set(t.lines.map((l) => l.to))];
  return t.toSite === t.warehouse ? to.join(', ') : `${t.toSite} (${to.join(', ')})`;
}

export function TransfersPage({ canWrite }: { canWrite: boolean }) {
  const sites = useSites();
  const warehouses = sites.filter((s) => s.kind === 'warehouse');
  const [warehouse, setWarehouse] = useState('');
  const [state, setState] = useState<PickingState | ''>('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<TransferPage | null>(null);
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const zone = (code: string): string => sites.find((s) => s.code === code)?.timeZone ?? 'UTC';

  const load = useCallback(async () => {
    const res = await call.run(() => api<TransferPage>(`/api/transfers${query({ warehouse, state, offset, limit: PAGE })}`));
    if (res) setPage(res);
  }, [warehouse, state, offset, call.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const receive = async (t: Transfer): Promise<void> => {
    if (!t.arrival || !window.confirm(`Receive ${t.arrival.reference} (transfer ${t.reference} from ${t.warehouse}) at ${t.arrival.site} now, everything as shipped?`)) return;
    const res = await call.run(() => api<Received>(`/api/pickings/${encodeURIComponent(t.arrival?.id ?? '')}/receive`, { method: 'POST', body: {} }));
    if (!res) return;
    setSaved(`Received ${res.reference} at ${t.arrival.site}: the goods are in its stock.`);
    await load();
  };

  return (
    <section aria-label="Transfers">
      <h2>Transfers</h2>
      <div className="toolbar">
        <label className="inline">Warehouse
          <select value={warehouse} onChange={(e) => { setWarehouse(e.target.value); setOffset(0); }}>
            <option value="">All warehouses</option>
            {warehouses.map((w) => <option key={w.code} value={w.code}>{w.name} ({w.code})</option>)}
          </select>
        </label>
        <label className="inline">State
          <select value={state} onChange={(e) => { setState(e.target.value as PickingState | ''); setOffset(0); }}>
            <option value="">All</option>
            {PICKING_STATES.map((s) => <option key={s} value={s}>{pickingStateLabel(s)}</option>)}
          </select>
        </label>
        {canWrite && <button type="button" className="primary" onClick={() => { setSaved(null); setCreating(true); }}>New transfer</button>}
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {creating && sites.length > 0 && (
        <TransferForm
          sites={sites}
          onCancel={() => setCreating(false)}
          onMade={(t) => {
            setCreating(false);
            setSaved(`Created ${t.reference} to ${t.toSite}: ${t.backorderId ? 'part of it waits for stock; ' : ''}the warehouse's stations pick it.`);
            void load();
          }}
        />
      )}
      <Pager total={page?.total ?? null} offset={offset} pageSize={PAGE} noun={['transfer', 'transfers']} onOffset={setOffset} />
      <table>
        <thead><tr><th>Reference</th><th>From</th><th>To</th><th>Lines</th><th>Status</th><th>Created</th><th>Arrival</th><th /></tr></thead>
        <tbody>
          {page?.transfers.length === 0 && <tr><td colSpan={8} className="muted">No transfer matches.</td></tr>}
          {page?.transfers.map((t) => (
            <tr key={t.id} aria-label={`Transfer ${t.reference}`}>
              <td>{t.reference}{t.backorderOf ? <span className="muted"> (rest)</span> : null}</td>
              <td>{[...new Set(t.lines.map((l) => l.from))].join(', ') || t.warehouse}</td>
              <td>{destination(t)}</td>
              <td>{linesSummary(t.lines)}</td>
              <td>{transferStatus(t)}</td>
              <td>{formatStoreDateTime(t.createdAt, zone(t.warehouse))}</td>
              <td>{t.arrival ? t.arrival.reference : '—'}</td>
              <td>{canWrite && t.arrival?.state === 'ready' && <button type="button" onClick={() => void receive(t)}>Receive</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
