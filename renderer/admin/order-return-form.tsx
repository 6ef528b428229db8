// "Expect a return" in an order's details: the customer who calls to say a parcel is on its way back.
// Per delivered line, how many come back (up to what is not returned or expected by an open return
// yet; a line the channel announced meanwhile stays with what was typed, and its new limit) and
// whether they are damaged (received to scrap, not stock); the warehouse that takes the
// parcel in (by default the site that shipped the order); a reason. One Idempotency-Key per opening
// of the form: a double click, or a retry after a lost answer, makes one return, not two.
import { useRef, useState } from 'react';
import type { AdminOrder } from '../../shared/admin-api/channel-orders.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import type { ReturnRequestView } from '../../shared/channel-api/return-requests.ts';
import { newEventId } from '../../shared/ids.ts';
import { api, ReportsApiError } from '../reports/reports-api.ts';
import { lineLimitText, returnRequestBody, type ReturnableLine, type ReturnDraft, type ReturnDraftLine } from './order-returns.ts';
import { useAdminCall } from './use-admin-call.ts';

/** A fetch that never reached the server is said in words (the same key makes the retry safe). */
async function postReturn(orderId: string, key: string, body: unknown): Promise<ReturnRequestView> {
  try {
    return await api<ReturnRequestView>(`/api/orders/${encodeURIComponent(orderId)}/returns`, { method: 'POST', body, headers: { 'idempotency-key': key } });
  } catch (err) {
    if (err instanceof TypeError) throw new ReportsApiError(0, 'network', 'The server could not be reached: check the connection and press the button again (the return is made once).');
    throw err;
  }
}

const NOTHING_TYPED: ReturnDraftLine = { qty: '', damaged: false };

export function OrderReturnForm({ order, lines, warehouses, onMade, onRefused, onClose }: {
  order: Pick<AdminOrder, 'id' | 'reference'>;
  /** The order's delivered lines with what each may still announce (as of the latest list of returns). */
  lines: readonly ReturnableLine[];
  warehouses: readonly Site[];
  onMade(r: ReturnRequestView): void;
  /** The server said no: what the order may still expect back may have changed (a channel announced a return meanwhile). */
  onRefused(): void;
  onClose(): void;
}) {
  const [key] = useState(newEventId);
  // The lines offered when the form opened; a later list of returns updates their limits only.
  const [offered] = useState(() => new Set(lines.filter((l) => l.max > 0).map((l) => l.orderLineId)));
  const shown = lines.filter((l) => offered.has(l.orderLineId));
  // Set at once, where the busy state only shows at the next render: a double click posts once.
  const sending = useRef(false);
  const [draft, setDraft] = useState<ReturnDraft>({ lines: {}, warehouse: '', reason: '' });
  const call = useAdminCall();
  const typed = (id: string): ReturnDraftLine => draft.lines[id] ?? NOTHING_TYPED;
  const setLine = (id: string, patch: Partial<ReturnDraftLine>): void =>
    setDraft((d) => ({ ...d, lines: { ...d.lines, [id]: { ...(d.lines[id] ?? NOTHING_TYPED), ...patch } } }));

  const save = async (): Promise<void> => {
    if (sending.current) return;
    const body = returnRequestBody(shown, draft);
    if (!body.ok) return call.setError(body.error.join(' '));
    sending.current = true;
    try {
      const made = await call.run(() => postReturn(order.id, key, body.value));
      if (made) onMade(made);
      else onRefused();
    } finally {
      sending.current = false;
    }
  };

  return (
    <form className="panel grid return-form" aria-label={`Expect a return of order ${order.reference}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3 className="full">Expect a return of order {order.reference}</h3>
      <p className="hint muted">How many of each product the customer sends back. The warehouse receives the parcel against the return's reference; the order is credited when it arrives.</p>
      {shown.every((l) => l.max === 0) && <p className="full">Everything delivered is returned or already expected back.</p>}
      {shown.map((l) => (
        <fieldset key={l.orderLineId} className="full return-line" aria-label={l.product.name}>
          <legend>{l.product.name} <span className="muted nowrap">{l.product.sku}</span></legend>
          <span className="muted">{lineLimitText(l)}</span>
          <label className="inline">Quantity
            <input aria-label={`Quantity of ${l.product.name}`} inputMode="decimal" value={typed(l.orderLineId).qty} placeholder="0" onChange={(e) => setLine(l.orderLineId, { qty: e.target.value })} />
          </label>
          <label className="inline">
            <input type="checkbox" aria-label={`Damaged — do not restock: ${l.product.name}`} checked={typed(l.orderLineId).damaged} onChange={(e) => setLine(l.orderLineId, { damaged: e.target.checked })} />
            Damaged — do not restock
          </label>
        </fieldset>
      ))}
      <label className="wide">Warehouse that takes it in
        <select value={draft.warehouse} onChange={(e) => setDraft((d) => ({ ...d, warehouse: e.target.value }))}>
          <option value="">The one that shipped it</option>
          {warehouses.map((w) => <option key={w.code} value={w.code}>{w.name}</option>)}
        </select>
      </label>
      <label className="wide">Reason
        <input value={draft.reason} maxLength={500} placeholder="What the customer said" onChange={(e) => setDraft((d) => ({ ...d, reason: e.target.value }))} />
      </label>
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      <div className="actions">
        <button type="submit" className="primary" disabled={call.busy || shown.every((l) => l.max === 0)}>Announce the return</button>
        <button type="button" onClick={onClose}>Close</button>
      </div>
    </form>
  );
}
