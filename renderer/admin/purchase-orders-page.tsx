// Purchase orders: made here or from a reorder proposal, newest first, filtered by warehouse,
// state and supplier or reference, paged; each with its lines, value, what was received and its
// receipts. A ready receipt can be received in full here (goods without lots or serials; those
// are scanned at a station). Managers see it read-only.
import { useCallback, useEffect, useState } from 'react';
import type { PurchaseOrder, PurchaseOrderPage, Received } from '../../shared/admin-api/warehouse-purchasing.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { api, query } from '../reports/reports-api.ts';
import { ChoiceFilter } from './choice-filter.tsx';
import { Pager } from './pager.tsx';
import { PurchaseOrderForm } from './purchase-order-form.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { useNewestRequest, useSearchWords } from './use-search.ts';
import { siteNamer, siteTime, useSites } from './use-sites.ts';
import { WarehouseFilter } from './warehouse-filter.tsx';
import { linesSummary } from './warehouse-labels.ts';

const PAGE = 50;
const STATES = { open: 'Open', done: 'Received', cancelled: 'Cancelled' } as const;

function receivedOf(po: PurchaseOrder): string {
  const ordered = po.lines.reduce((s, l) => s + l.qty, 0);
  const received = po.lines.reduce((s, l) => s + l.received, 0);
  return `${received.toLocaleString('en')} of ${ordered.toLocaleString('en')}`;
}

export function PurchaseOrdersPage({ canWrite }: { canWrite: boolean }) {
  const sites = useSites();
  const warehouses = sites.filter((s) => s.kind === 'warehouse');
  const siteName = siteNamer(sites);
  const [warehouse, setWarehouse] = useState('');
  const [state, setState] = useState<'' | keyof typeof STATES>('open');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<PurchaseOrderPage | null>(null);
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const words = useSearchWords(search);
  const newest = useNewestRequest();

  const load = useCallback(async () => {
    const isNewest = newest();
    const res = await call.run(() => api<PurchaseOrderPage>(`/api/purchase-orders${query({ warehouse, state, q: words, offset, limit: PAGE })}`));
    if (res && isNewest()) setPage(res);
  }, [warehouse, state, words, offset, call.run, newest]);
  useEffect(() => {
    void load();
  }, [load]);

  const receive = async (po: PurchaseOrder, receiptId: string, reference: string): Promise<void> => {
    if (!window.confirm(`Receive everything still expected on ${reference} (${po.reference} from ${po.supplier}) into ${siteName(po.warehouse)} now?`)) return;
    const res = await call.run(() => api<Received>(`/api/pickings/${encodeURIComponent(receiptId)}/receive`, { method: 'POST', body: {} }));
    if (!res) return;
    await load();
    setSaved(`Received ${res.reference} for ${po.reference}: the goods are in stock.${res.problems.length ? ` ${res.problems.map((p) => p.message).join(' ')}` : ''}`);
  };

  return (
    <section aria-label="Purchase orders">
      <h2>Purchase orders</h2>
      <div className="toolbar">
        <WarehouseFilter warehouses={warehouses} value={warehouse} onChange={(code) => { setWarehouse(code); setOffset(0); }} />
        <ChoiceFilter label="State" value={state} choices={Object.entries(STATES) as [keyof typeof STATES, string][]} onChange={(s) => { setState(s); setOffset(0); }} />
        <input type="search" aria-label="Search purchase orders" placeholder="Supplier or reference" value={search} onChange={(e) => { setSearch(e.target.value); setOffset(0); }} />
        {canWrite && <button type="button" className="primary" onClick={() => { setSaved(null); setCreating(true); }}>New purchase order</button>}
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {creating && (
        <PurchaseOrderForm
          warehouses={warehouses}
          onCancel={() => setCreating(false)}
          onMade={(po, supplier) => { setCreating(false); setSaved(null); void load().then(() => setSaved(`Created ${po.reference} from ${supplier}: its receipt is ready for the warehouse.`)); }}
        />
      )}
      <Pager total={page?.total ?? null} offset={offset} pageSize={PAGE} noun={['purchase order', 'purchase orders']} onOffset={setOffset} />
      <table>
        <thead>
          <tr><th>Reference</th><th>Supplier</th><th>Warehouse</th><th>Ordered</th><th>Expected</th><th>Lines</th><th className="num">Value</th><th className="num">Received</th><th>State</th><th /></tr>
        </thead>
        <tbody>
          {page?.purchaseOrders.length === 0 && <tr><td colSpan={10} className="muted">No purchase order matches.</td></tr>}
          {page?.purchaseOrders.map((po) => {
            const ready = po.receipts.find((r) => r.state === 'ready');
            return (
              <tr key={po.id} aria-label={`Purchase order ${po.reference}`}>
                <td>{po.reference}</td>
                <td>{po.supplier}</td>
                <td>{siteName(po.warehouse)}</td>
                <td>{siteTime(sites, po.createdAt, po.warehouse)}</td>
                <td>{po.expectedAt ?? '—'}</td>
                <td>{linesSummary(po.lines)}</td>
                <td className="num">{formatMoneyWithSymbol(po.value, po.currency, 'en')}</td>
                <td className="num">{receivedOf(po)}</td>
                <td>{STATES[po.state]}{po.state === 'open' && po.receipts.some((r) => r.state === 'in_progress') ? ' (being received)' : ''}</td>
                <td>{canWrite && ready && <button type="button" onClick={() => void receive(po, ready.id, ready.reference)}>Receive</button>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
