// Transfers: inside a site or to another site, newest first, filtered by source (a warehouse or a
// store) and state, paged; each with its lines and where it stands — requested, waiting for stock,
// ready to pick, in transit (how many units), received. A site requests stock here; the source
// accepts or declines the request; a transfer that arrived at a site where no station works is
// received here. Managers see it read-only.
import { useCallback, useEffect, useState } from 'react';
import type { Transfer, TransferDecided, TransferPage } from '../../shared/admin-api/warehouse-moves.ts';
import type { Received } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { PickingState } from '../../shared/admin-api/warehouse.ts';
import { api, query } from '../reports/reports-api.ts';
import { ChoiceFilter } from './choice-filter.tsx';
import { Pager } from './pager.tsx';
import { TransferForm } from './transfer-form.tsx';
import { TransferRequestForm } from './transfer-request-form.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { siteNamer, siteTime, useSites } from './use-sites.ts';
import { linesSummary, PICKING_STATES, pickingStateLabel } from './warehouse-labels.ts';

const PAGE = 50;

/** Where a transfer stands, in words: between sites, its arrival tells the end of the story. Sites by `siteName`. */
export function transferStatus(t: Transfer, siteName: (code: string) => string = (code) => code): string {
  const betweenSites = t.toSite !== t.warehouse;
  if (t.state === 'requested') return `Requested${t.requestedBy ? ` by ${t.requestedBy}` : ''}${t.note ? ` — “${t.note}”` : ''}`;
  if (betweenSites && t.state === 'done' && t.inTransit > 0 && t.arrival?.state !== 'in_progress') return `In transit (${t.inTransit.toLocaleString('en')} to receive at ${siteName(t.toSite)})`;
  if (!betweenSites || t.state !== 'done') return betweenSites && t.state === 'ready' ? 'Ready to ship' : pickingStateLabel(t.state);
  if (!t.arrival) return 'Shipped';
  if (t.arrival.state === 'done') return `Received at ${siteName(t.arrival.site)}`;
  if (t.arrival.state === 'in_progress') return `Being received at ${siteName(t.arrival.site)}`;
  return t.arrival.state === 'cancelled' ? 'Arrival cancelled' : 'In transit';
}

const locationsOf = (t: Transfer, end: 'from' | 'to'): string => [...new Set(t.lines.map((l) => l[end]))].join(', ');

export function TransfersPage({ canWrite }: { canWrite: boolean }) {
  const sites = useSites();
  const sources = [...sites.filter((s) => s.kind === 'warehouse'), ...sites.filter((s) => s.kind === 'store')];
  const [warehouse, setWarehouse] = useState('');
  const [state, setState] = useState<PickingState | ''>('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<TransferPage | null>(null);
  const [creating, setCreating] = useState<'transfer' | 'request' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  // Sites by name (as the pickers name them); a move inside a site by its locations.
  const siteName = siteNamer(sites);

  const load = useCallback(async () => {
    const res = await call.run(() => api<TransferPage>(`/api/transfers${query({ warehouse, state, offset, limit: PAGE })}`));
    if (res) setPage(res);
  }, [warehouse, state, offset, call.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const receive = async (t: Transfer): Promise<void> => {
    if (!t.arrival || !window.confirm(`Receive ${t.arrival.reference} (transfer ${t.reference} from ${siteName(t.warehouse)}) at ${siteName(t.arrival.site)} now, everything as shipped?`)) return;
    const res = await call.run(() => api<Received>(`/api/pickings/${encodeURIComponent(t.arrival?.id ?? '')}/receive`, { method: 'POST', body: {} }));
    if (!res) return;
    setSaved(`Received ${res.reference} at ${siteName(t.arrival.site)}: the goods are in its stock.`);
    await load();
  };

  const decide = async (t: Transfer, decision: 'accept' | 'decline'): Promise<void> => {
    if (!window.confirm(`${decision === 'accept' ? 'Accept' : 'Decline'} the request ${t.reference} of ${siteName(t.toSite)} (${linesSummary(t.lines)}) from ${siteName(t.warehouse)}?`)) return;
    const res = await call.run(() => api<TransferDecided>(`/api/transfers/${encodeURIComponent(t.id)}/${decision}`, { method: 'POST', body: {} }));
    if (!res) return;
    setSaved(decision === 'decline' ? `Declined ${res.reference}.`
      : res.state === 'ready' ? `Accepted ${res.reference}: reserved at ${siteName(t.warehouse)}, on its stations' work list.`
        : `Accepted ${res.reference}: ${siteName(t.warehouse)} lacks ${res.state === 'waiting' ? 'the goods' : 'part of the goods'} — it waits for stock.`);
    await load();
  };

  return (
    <section aria-label="Transfers">
      <h2>Transfers</h2>
      <div className="toolbar">
        <label className="inline">From
          <select aria-label="From" value={warehouse} onChange={(e) => { setWarehouse(e.target.value); setOffset(0); }}>
            <option value="">All sites</option>
            {sources.map((w) => <option key={w.code} value={w.code}>{w.name} ({w.code})</option>)}
          </select>
        </label>
        <ChoiceFilter label="State" value={state} choices={PICKING_STATES.map((s) => [s, pickingStateLabel(s)] as const)} onChange={(s) => { setState(s); setOffset(0); }} />
        {canWrite && <button type="button" className="primary" onClick={() => { setSaved(null); setCreating('transfer'); }}>New transfer</button>}
        {canWrite && <button type="button" onClick={() => { setSaved(null); setCreating('request'); }}>Request stock</button>}
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {creating === 'request' && sites.length > 0 && (
        <TransferRequestForm
          sites={sites}
          onCancel={() => setCreating(null)}
          onMade={(t) => {
            setCreating(null);
            setSaved(`Requested ${t.reference} from ${siteName(t.fromSite)} for ${siteName(t.toSite)}: ${siteName(t.fromSite)} accepts or declines it here.`);
            void load();
          }}
        />
      )}
      {creating === 'transfer' && sites.length > 0 && (
        <TransferForm
          sites={sites}
          onCancel={() => setCreating(null)}
          onMade={(t) => {
            setCreating(null);
            setSaved(`Created ${t.reference} to ${siteName(t.toSite)}: ${t.backorderId ? 'part of it waits for stock; ' : ''}${siteName(t.fromSite)}'s stations pick it.`);
            void load();
          }}
        />
      )}
      <Pager total={page?.total ?? null} offset={offset} pageSize={PAGE} noun={['transfer', 'transfers']} onOffset={setOffset} />
      <table>
        <thead><tr><th>Reference</th><th>From</th><th>To</th><th>Lines</th><th>Status</th><th>Created (site time)</th><th>Arrival</th><th /></tr></thead>
        <tbody>
          {page?.transfers.length === 0 && <tr><td colSpan={8} className="muted">No transfer matches.</td></tr>}
          {page?.transfers.map((t) => (
            <tr key={t.id} aria-label={`Transfer ${t.reference}`}>
              <td>{t.reference}{t.backorderOf ? <span className="muted"> (rest)</span> : null}</td>
              <td>{t.toSite === t.warehouse ? locationsOf(t, 'from') || siteName(t.warehouse) : <>{siteName(t.warehouse)} <span className="muted">{locationsOf(t, 'from')}</span></>}</td>
              <td>{t.toSite === t.warehouse ? locationsOf(t, 'to') : siteName(t.toSite)}</td>
              <td>{linesSummary(t.lines)}</td>
              <td>{transferStatus(t, siteName)}</td>
              <td>{siteTime(sites, t.createdAt, t.warehouse)}</td>
              <td>{t.arrival ? t.arrival.reference : '—'}</td>
              <td>
                {canWrite && t.arrival?.state === 'ready' && <button type="button" onClick={() => void receive(t)}>Receive</button>}
                {canWrite && t.state === 'requested' && (
                  <>
                    <button type="button" className="primary" onClick={() => void decide(t, 'accept')}>Accept</button>
                    <button type="button" onClick={() => void decide(t, 'decline')}>Decline</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
