// Channel orders (web shop, marketplace…): newest first, by channel, state and words of the
// reference or the customer, paged; each with its customer, where it goes (a delivery, or the store
// it is collected at), its total, and how far it got. "Details" shows every line (reserved, waiting
// for stock, delivered, cancelled, returned), the coupons, the warehouse work, the invoices and
// credit notes issued for it (order-documents.tsx) and its returns by post, with "Expect a return"
// for goods the customer sends back (order-returns-section.tsx); "Cancel order" releases
// what was not delivered, as the channel's own cancel does (the channel is told by webhook), for
// the customer who calls the store. Managers may cancel too. The search asks when typing pauses
// (use-search.ts): a part of the reference, name or e-mail from three characters, the start below.
// The server counts matches up to 1,000 ("1,000+ orders" above that) and says whether a next page
// exists, which is what Next follows.
import { Fragment, useCallback, useEffect, useState } from 'react';
import type { AdminOrder, AdminOrderCancel, AdminOrderPage, OrderState } from '../../shared/admin-api/channel-orders.ts';
import type { ChannelList } from '../../shared/admin-api/channels.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { ORDER_STATE_LABELS } from '../../shared/admin-api/choice-labels.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { counted } from '../../shared/text/count.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { api, query } from '../reports/reports-api.ts';
import { ChoiceFilter } from './choice-filter.tsx';
import { OrderDocuments } from './order-documents.tsx';
import { OrderReturns } from './order-returns-section.tsx';
import { Pager } from './pager.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { useNewestRequest, useSearchWords } from './use-search.ts';
import { siteNamer, storeZone, useSites } from './use-sites.ts';
import { linesSummary, pickingStateLabel, qtyOf } from './warehouse-labels.ts';

const PAGE = 50;
const ORDER_STATES = Object.entries(ORDER_STATE_LABELS) as [OrderState, string][];

function stateText(o: AdminOrder): string {
  if (o.state === 'cancelled' && o.cancelReason === 'not_collected') return 'Cancelled (not collected)';
  return ORDER_STATE_LABELS[o.state];
}

/** How far an open order got, in units: "2 of 3 delivered · 1 reserved · 1 waiting for stock". */
export function progressText(o: Pick<AdminOrder, 'lines'>): string {
  const t = o.lines.reduce(
    (a, l) => ({ qty: a.qty + l.qty, delivered: a.delivered + l.delivered, reserved: a.reserved + l.reserved, backordered: a.backordered + l.backordered, cancelled: a.cancelled + l.cancelled, returned: a.returned + l.returned }),
    { qty: 0, delivered: 0, reserved: 0, backordered: 0, cancelled: 0, returned: 0 },
  );
  const n = (x: number): string => x.toLocaleString('en');
  const parts = [`${n(t.delivered)} of ${n(t.qty)} delivered`];
  if (t.reserved > 0) parts.push(`${n(t.reserved)} reserved`);
  if (t.backordered > 0) parts.push(`${n(t.backordered)} waiting for stock`);
  if (t.cancelled > 0) parts.push(`${n(t.cancelled)} cancelled`);
  if (t.returned > 0) parts.push(`${n(t.returned)} returned`);
  return parts.join(' · ');
}

function OrderDetails({ order, sites, zone, onChanged }: { order: AdminOrder; sites: readonly Site[]; zone: string; onChanged(): Promise<void> }) {
  const siteName = siteNamer(sites);
  const money = (minor: number): string => formatMoneyWithSymbol(minor, order.currency, 'en');
  return (
    <section aria-label={`Order ${order.reference}`} className="stack order-details">
      <table>
        <thead>
          <tr><th>Product</th><th className="num">Ordered</th><th className="num">Reserved</th><th className="num">Waiting for stock</th><th className="num">Delivered</th><th className="num">Cancelled</th><th className="num">Returned</th><th className="num">Price</th><th className="num">Discount</th></tr>
        </thead>
        <tbody>
          {order.lines.map((l, i) => (
            <tr key={`${l.product.id}-${i}`}>
              <td>{l.product.name} <span className="muted nowrap">{l.product.sku}</span></td>
              <td className="num">{qtyOf(l.qty, l.product)}</td>
              <td className="num">{l.reserved.toLocaleString('en')}</td>
              <td className="num">{l.backordered.toLocaleString('en')}</td>
              <td className="num">{l.delivered.toLocaleString('en')}</td>
              <td className="num">{l.cancelled.toLocaleString('en')}</td>
              <td className="num">{l.returned.toLocaleString('en')}</td>
              <td className="num">{money(l.unitPrice)}</td>
              <td className="num">{l.discount ? money(l.discount) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {order.couponCodes.length > 0 && <p>Coupons: {order.couponCodes.join(', ')}</p>}
      <p>
        Warehouse work: {order.pickings.length === 0 ? 'none' : order.pickings.map((p) => `${p.reference} (${siteName(p.warehouse)}, ${pickingStateLabel(p.state).toLowerCase()})`).join(', ')}
      </p>
      <OrderDocuments documents={order.documents} zone={zone} />
      <OrderReturns order={order} sites={sites} zone={zone} onChanged={onChanged} />
    </section>
  );
}

export function OrdersPage() {
  const sites = useSites();
  const [channels, setChannels] = useState<ChannelList['channels']>([]);
  const [channel, setChannel] = useState('');
  const [state, setState] = useState<'' | OrderState>('open');
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<AdminOrderPage | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const words = useSearchWords(search);
  const newest = useNewestRequest();

  useEffect(() => {
    void api<ChannelList>('/api/admin/channels').then((r) => setChannels(r.channels)).catch(() => setChannels([]));
  }, []);
  const load = useCallback(async () => {
    const isNewest = newest();
    const res = await call.run(() => api<AdminOrderPage>(`/api/admin/orders${query({ channel, state, q: words, offset, limit: PAGE })}`));
    if (res && isNewest()) setPage(res);
  }, [channel, state, words, offset, call.run, newest]);
  useEffect(() => {
    void load();
  }, [load]);

  // Times in the first store's zone, named in the heading (as the audit log and customer history do).
  const zone = storeZone(sites);
  const storeName = (code: string): string => sites.find((s) => s.code === code)?.name ?? code;
  const cancel = async (o: AdminOrder): Promise<void> => {
    const left = o.lines.reduce((n, l) => n + l.qty - l.delivered - l.cancelled, 0);
    const who = o.customer ? ` of ${o.customer.name}` : '';
    if (!window.confirm(`Cancel ${o.channelName} order ${o.reference}${who}? The ${counted(left, 'unit')} not delivered are released and ${o.channelName} is told.`)) return;
    setSaved(null);
    const res = await call.run(() => api<AdminOrderCancel>(`/api/admin/orders/${encodeURIComponent(o.id)}/cancel`, { method: 'POST', body: {} }));
    if (!res) return;
    await load();
    const coupons = res.couponsReleased.length > 0
      ? ` ${res.couponsReleased.length === 1 ? 'Coupon' : 'Coupons'} ${res.couponsReleased.join(', ')} can be used again.`
      : '';
    const credit = res.creditNote ? ` Credit note ${res.creditNote} gives back what it had invoiced.` : '';
    setSaved(`Cancelled ${res.order.channelName} order ${res.order.reference}${who}: ${counted(res.releasedUnits, 'unit')} released.${coupons}${credit}`);
  };

  return (
    <section aria-label="Channel orders">
      <h2>Channel orders</h2>
      <div className="toolbar">
        <ChoiceFilter label="Channel" value={channel} choices={channels.map((c) => [c.code, c.name] as const)} onChange={(c) => { setChannel(c); setOffset(0); }} />
        <ChoiceFilter label="State" value={state} choices={ORDER_STATES} onChange={(s) => { setState(s); setOffset(0); }} />
        <input type="search" aria-label="Search orders" placeholder="Reference, customer or e-mail" value={search} onChange={(e) => { setSearch(e.target.value); setOffset(0); }} />
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <Pager
        total={page?.total ?? null} totalExact={page?.totalExact ?? true} hasMore={page?.hasMore ?? false} rows={page?.orders.length ?? 0}
        offset={offset} pageSize={PAGE} noun={['order', 'orders']} onOffset={setOffset}
      />
      <table>
        <thead>
          <tr><th>Reference</th><th>Channel</th><th>Customer</th><th>Placed ({zone})</th><th>Goes to</th><th>Lines</th><th className="num">Total</th><th>Progress</th><th>State</th><th /></tr>
        </thead>
        <tbody>
          {page?.orders.length === 0 && <tr><td colSpan={10} className="muted">{words ? `No order matches “${words}”.` : 'No order here.'}</td></tr>}
          {page?.orders.map((o) => (
            <Fragment key={o.id}>
              <tr aria-label={`Order ${o.reference}`}>
                <td>{o.reference}</td>
                <td>{o.channelName}</td>
                <td>{o.customer?.name ?? '—'}</td>
                <td>{formatStoreDateTime(o.createdAt, zone)}</td>
                <td>{o.pickupSite ? `Pickup at ${storeName(o.pickupSite)}${o.payAtPickup ? ' (pays at the till)' : ''}` : 'Delivery'}</td>
                <td>{linesSummary(o.lines)}</td>
                <td className="num">{formatMoneyWithSymbol(o.total, o.currency, 'en')}</td>
                <td>{progressText(o)}</td>
                <td>{stateText(o)}</td>
                <td className="actions wrap">
                  <button type="button" aria-expanded={open === o.id} onClick={() => setOpen(open === o.id ? null : o.id)}>Details</button>
                  {o.state === 'open' && <button type="button" disabled={call.busy} onClick={() => void cancel(o)}>Cancel order</button>}
                </td>
              </tr>
              {open === o.id && <tr aria-label={`Details of order ${o.reference}`}><td colSpan={10}><OrderDetails order={o} sites={sites} zone={zone} onChanged={load} /></td></tr>}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}
