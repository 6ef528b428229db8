// An order's returns by post in its back-office details (orders-page.tsx): "Expect a return" for a
// customer sending delivered goods back (order-return-form.tsx), and every return announced for the
// order, newest first (GET /api/orders/:id/returns): its reference (the first receipt's — the RMA
// number the parcel carries), state, warehouse, when and by whom it was announced in store time, per
// product what was announced and received (and whether damaged), the credit notes its receipt issued
// and the refund due on the order's payment. "Receive in full" takes in a return's ready receipt
// from the back office (POST /api/pickings/:id/receive, as purchase orders do); "Cancel return" stops
// expecting what has not arrived.
import { useCallback, useEffect, useState } from 'react';
import type { AdminOrder } from '../../shared/admin-api/channel-orders.ts';
import { RETURN_REQUEST_STATE_LABELS } from '../../shared/admin-api/choice-labels.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import type { Received } from '../../shared/admin-api/warehouse-purchasing.ts';
import type { ReturnRequestList, ReturnRequestView } from '../../shared/channel-api/return-requests.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { api } from '../reports/reports-api.ts';
import { OrderReturnForm } from './order-return-form.tsx';
import { isOpenReturn, receivableReceipt, requestedByText, returnableLines, returnReference } from './order-returns.ts';
import { useAdminCall } from './use-admin-call.ts';
import { qtyOf } from './warehouse-labels.ts';

type Order = Pick<AdminOrder, 'id' | 'reference' | 'channelName' | 'payAtPickup' | 'lines'>;

function refundText(r: ReturnRequestView): string {
  const money = (minor: number): string => formatMoneyWithSymbol(minor, r.currency, 'en');
  const notes = r.creditNotes.length === 0 ? '' : `Credit note${r.creditNotes.length > 1 ? 's' : ''} ${r.creditNotes.map((c) => `${c.number} (${money(c.total)})`).join(', ')}. `;
  return `${notes}Refund due on the order's payment: ${money(r.refundToOrderPayment)}`;
}

function ReturnCard({ order, r, zone, busy, onReceive, onCancel }: {
  order: Order; r: ReturnRequestView; zone: string; busy: boolean;
  onReceive(receipt: ReturnRequestView['receipts'][number]): void; onCancel(): void;
}) {
  const reference = returnReference(r);
  const receipt = receivableReceipt(r);
  const atStation = isOpenReturn(r) && receipt === null && r.receipts.some((p) => p.state === 'in_progress');
  // Quantities with the unit of the product as the order sells it ("1.5 kg").
  const qty = (n: number, orderLineId: string): string => qtyOf(n, order.lines.find((l) => l.orderLineId === orderLineId)?.product ?? { unit: 'unit' });
  return (
    <section className="panel return-card" aria-label={`Return ${reference}`}>
      <h4>Return {reference} · {RETURN_REQUEST_STATE_LABELS[r.state]}</h4>
      <p>
        To {r.warehouse.name}, {requestedByText(r.requestedBy, order.channelName)} on {formatStoreDateTime(r.createdAt, zone)}
        {r.closedAt && r.state === 'received' ? `, received ${formatStoreDateTime(r.closedAt, zone)}` : ''} ({zone}).
        {r.reason ? ` Reason: “${r.reason}”.` : ''}
      </p>
      <table aria-label={`Products of return ${reference}`}>
        <thead><tr><th>Product</th><th className="num">Announced</th><th className="num">Received</th></tr></thead>
        <tbody>
          {r.lines.map((l) => (
            <tr key={l.orderLineId}>
              <td>{l.name}{l.restock ? '' : <span className="muted"> · damaged</span>}</td>
              <td className="num">{qty(l.qty, l.orderLineId)}</td>
              <td className="num">{qty(l.received, l.orderLineId)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {/* Nothing is credited before goods arrive: an expected return says so rather than "€0.00". */}
      {r.state === 'expected' && <p className="muted">The order is credited for what arrives.</p>}
      {(r.state === 'partly_received' || r.state === 'received') && <p>{refundText(r)}</p>}
      {atStation && <p className="muted">A scanner station at {r.warehouse.name} is receiving it: it can be neither received nor cancelled here meanwhile.</p>}
      {isOpenReturn(r) && !atStation && (
        <div className="buttons">
          {receipt && <button type="button" disabled={busy} onClick={() => onReceive(receipt)}>Receive in full</button>}
          <button type="button" disabled={busy} onClick={onCancel}>Cancel return</button>
        </div>
      )}
    </section>
  );
}

export function OrderReturns({ order, sites, zone, onChanged }: { order: Order; sites: readonly Site[]; zone: string; onChanged(): Promise<void> }) {
  const [returns, setReturns] = useState<ReturnRequestView[] | null>(null);
  const [expecting, setExpecting] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const delivered = order.lines.some((l) => l.delivered > 0);

  const load = useCallback(async (): Promise<ReturnRequestView[] | undefined> => {
    const res = await call.run(() => api<ReturnRequestList>(`/api/orders/${encodeURIComponent(order.id)}/returns`));
    if (res) setReturns(res.returns);
    return res?.returns;
  }, [order.id, call.run]);
  useEffect(() => {
    if (delivered) void load();
  }, [delivered, load]);

  if (!delivered) return null;
  const lines = returnableLines(order.lines, returns ?? []);
  const warehouses = sites.filter((s) => s.kind === 'warehouse');

  const receive = async (r: ReturnRequestView, receipt: ReturnRequestView['receipts'][number]): Promise<void> => {
    if (!window.confirm(`Receive everything still expected on return ${receipt.reference} of order ${order.reference} into ${r.warehouse.name} now? The order is credited for it.`)) return;
    setSaved(null);
    const res = await call.run(() => api<Received>(`/api/pickings/${encodeURIComponent(receipt.pickingId)}/receive`, { method: 'POST', body: {} }));
    if (!res) return;
    const now = (await load())?.find((x) => x.returnId === r.returnId);
    await onChanged();
    const problems = res.problems.length ? ` ${res.problems.map((p) => p.message).join(' ')}` : '';
    setSaved(`Received return ${res.reference} at ${r.warehouse.name}.${now ? ` ${refundText(now)}.` : ''}${problems}`);
  };
  const cancel = async (r: ReturnRequestView): Promise<void> => {
    const reference = returnReference(r);
    if (!window.confirm(`Cancel return ${reference} of order ${order.reference}? ${r.warehouse.name} no longer expects what has not arrived.`)) return;
    setSaved(null);
    const res = await call.run(() => api<ReturnRequestView>(`/api/orders/${encodeURIComponent(order.id)}/returns/${encodeURIComponent(r.returnId)}/cancel`, { method: 'POST', body: {} }));
    if (!res) return;
    await load();
    setSaved(`Cancelled return ${reference}: ${res.warehouse.name} no longer expects it.`);
  };

  return (
    <section aria-label="Returns" className="stack">
      <div className="toolbar">
        <h3>Returns</h3>
        {!order.payAtPickup && returns !== null && lines.some((l) => l.max > 0) && !expecting && (
          <button type="button" onClick={() => { setSaved(null); setExpecting(true); }}>Expect a return</button>
        )}
      </div>
      {order.payAtPickup && <p className="muted">Paid at the store's till: the customer brings it back to a store, which refunds it there.</p>}
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {expecting && (
        <OrderReturnForm
          order={order} lines={lines} warehouses={warehouses}
          onMade={(r) => {
            setExpecting(false);
            void load().then(() => setSaved(`Return ${returnReference(r)} is expected at ${r.warehouse.name}: give the customer this reference to write on the parcel.`));
          }}
          onRefused={() => void load()}
          onClose={() => setExpecting(false)}
        />
      )}
      {returns?.length === 0 && <p className="muted">No return announced for this order.</p>}
      {returns?.map((r) => (
        <ReturnCard
          key={r.returnId} order={order} r={r} zone={zone} busy={call.busy}
          onReceive={(receipt) => void receive(r, receipt)} onCancel={() => void cancel(r)}
        />
      ))}
    </section>
  );
}
