// Returning a web or marketplace order at the till (docs/till.md "Returns of web and marketplace
// orders"): scan the packing slip or type the order reference or the customer, choose the items and
// how many come back (never more than delivered minus already returned), whether each goes back on
// the shelf or is damaged, and the refund — to the order's own payment, store credit, or cash with a
// supervisor. The return is committed and pushed like every sale; the server issues the credit note.
import { useState, type FormEvent } from 'react';
import { OrderReturnError, returnableQty, type OrderReturnSelection, type ReturnableOrder } from '../../shared/channel-api/order-returns.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { formatStoreDateTime, zoneOrDefault } from '../../shared/time/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { findOrdersToReturn, OrderLookupError, orderReturnDraft, refundAmount, refundChoices } from './order-return.ts';
import { cashTenderTest, commitAndPrint, roundingField } from './pay-store.ts';
import { useSessionStore } from './session-store.ts';
import { tillRuntime } from './till-runtime.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { counted } from '../../shared/text/count.ts';
import { failureSentence } from './failure-sentence.ts';

const parseQty = (text: string | undefined): number => Number((text ?? '0').replace(',', '.')) || 0;

/** The cashier's choices as the return's selections: how many of each line, back on the shelf unless damaged. */
const selectionsOf = (order: ReturnableOrder, qty: Record<string, string>, damaged: Record<string, boolean>): OrderReturnSelection[] =>
  order.lines.map((l) => ({ orderLineId: l.orderLineId, qty: parseQty(qty[l.orderLineId]), restock: !damaged[l.orderLineId] }));

export function OrderReturnScreen() {
  const go = useTillUiStore((s) => s.go);
  const config = useConfigStore((s) => s.config);
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<ReturnableOrder[] | null>(null);
  const [open, setOpen] = useState<ReturnableOrder | null>(null);
  const [qty, setQty] = useState<Record<string, string>>({});
  const [damaged, setDamaged] = useState<Record<string, boolean>>({});
  const [method, setMethod] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zone = zoneOrDefault(config.site?.timeZone);
  const money = (o: ReturnableOrder, n: number): string => formatMoneyWithSymbol(n, o.currency);
  /** The refund tender as the return document pays it: a cash refund rounded to the store's step. */
  const tenderOf = (m: string) => ({ method: m, isCash: cashTenderTest(config), ...(config.site?.cashRounding ? { cashRounding: config.site.cashRounding } : {}) });

  const openOrder = (o: ReturnableOrder): void => {
    setOpen(o);
    setQty(Object.fromEntries(o.lines.map((l) => [l.orderLineId, '0'])));
    setDamaged({});
    setMethod(refundChoices(o, config)[0]?.method ?? null);
    setError(null);
  };

  const find = async (text: string): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      const orders = await findOrdersToReturn(tillRuntime().credentials, text);
      setFound(orders);
      setOpen(null);
      if (orders.length === 1 && orders[0]) openOrder(orders[0]);
      else if (orders.length === 0) setError(`No delivered web or marketplace order matches "${text.trim()}": check the reference on the packing slip`);
    } catch (err) {
      if (err instanceof OrderLookupError) setError(err.message);
      else setError(failureSentence('The order could not be looked up', err));
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    void find(search);
  };

  const change = (orderLineId: string, value: string): void => {
    setQty({ ...qty, [orderLineId]: value });
    setError(null);
  };
  const step = (orderLineId: string, by: number, max: number): void => change(orderLineId, String(Math.min(max, Math.max(0, parseQty(qty[orderLineId]) + by))));

  const refund = async (o: ReturnableOrder): Promise<void> => {
    const cashier = useLoginStore.getState().cashier;
    const sessionId = useSessionStore.getState().sessionId;
    if (!cashier || !sessionId) return setError('No cashier or no open session');
    const choice = refundChoices(o, config).find((c) => c.method === method);
    if (!choice) return setError('Choose how the customer is refunded');
    setError(null);
    setBusy(true);
    try {
      const selections = selectionsOf(o, qty, damaged);
      const tender = tenderOf(choice.method);
      const amount = refundAmount(o, selections, tender);
      let approvedBy: string | undefined;
      if (choice.needsApproval) {
        const approver = await useTillUiStore.getState().requestApproval(`Cash refund of ${money(o, amount)} for ${o.channel} order ${o.orderRef}`);
        if (!approver) return setError('Cash refund not approved: choose another refund, or ask a supervisor');
        approvedBy = approver.id;
      }
      const { credentials } = tillRuntime();
      const draft = orderReturnDraft(
        {
          order: o, selections, ...tender, ...(approvedBy ? { approvedBy } : {}),
          till: { tillId: credentials.deviceId, siteId: credentials.siteId, sessionId, cashierId: cashier.id },
        },
        (total, payments) => roundingField(config, total, payments),
      );
      await commitAndPrint(draft, config, cashier.displayName);
      go('sell');
    } catch (err) {
      if (err instanceof OrderReturnError) setError(err.message);
      else setError(failureSentence('Not refunded', err));
    } finally {
      setBusy(false);
    }
  };

  const amount = open ? refundAmount(open, selectionsOf(open, qty, damaged), tenderOf(method ?? '')) : 0;
  const chosen = open?.lines.some((l) => parseQty(qty[l.orderLineId]) > 0) ?? false;
  return (
    <main className="pickups order-returns" aria-label="Return a web order">
      <form className="row pickup-search" onSubmit={submit} aria-label="Find a web order">
        <h1>Web order return</h1>
        <label>
          Packing slip, order reference or customer
          <input value={search} onChange={(e) => setSearch(e.target.value)} data-scan-entry autoFocus autoComplete="off" />
        </label>
        <button type="submit" disabled={busy}>Find</button>
        <button type="button" onClick={() => go('return')}>Store receipt</button>
        <button type="button" onClick={() => go('sell')}>Back to sale</button>
      </form>
      {error && <p role="alert">{error}</p>}
      <div className="pickups-body">
        <section aria-label="Orders found" className="stack">
          <h2>{found === null ? 'Find the order' : counted(found.length, 'order')}</h2>
          {found === null && <p className="muted">Scan the packing slip’s code, or type the order reference or the customer’s name, e-mail or phone. The till asks the server: it needs the connection.</p>}
          {found && found.length > 0 && (
            <table className="pickup-list">
              <thead>
                <tr><th scope="col">Order</th><th scope="col">Customer</th></tr>
              </thead>
              <tbody>
                {found.map((o) => (
                  <tr key={o.orderId} className={o.orderId === open?.orderId ? 'selected' : undefined}>
                    <td><button type="button" onClick={() => openOrder(o)} aria-label={`Open order ${o.orderRef}`}>{o.orderRef}</button><div className="muted">{o.channel}</div></td>
                    <td>{o.customerName ?? '—'}<div className="muted">{formatStoreDateTime(o.createdAt, zone)}</div></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {open && (
          <section aria-label={`Order ${open.orderRef}`} className="stack pickup-order">
            <h2>Order {open.orderRef}</h2>
            <p>{open.customerName ?? 'No customer name'} · {open.channel} · {open.paidOnline ? 'paid online' : 'paid at a store'}</p>
            <table className="pickup-lines">
              <thead>
                <tr>
                  <th scope="col">Item</th><th scope="col" className="num">Price</th><th scope="col" className="num">Delivered</th><th scope="col" className="num">Returned</th>
                  <th scope="col" className="num">Can return</th><th scope="col">Return now</th><th scope="col" className="check">Damaged</th>
                </tr>
              </thead>
              <tbody>
                {open.lines.map((l) => {
                  const left = returnableQty(l);
                  return (
                    <tr key={l.orderLineId}>
                      <td>{l.name}</td>
                      <td className="num">{money(open, l.unitPrice)}</td>
                      <td className="num">{l.delivered}</td>
                      <td className="num">{l.returned}</td>
                      <td className="num">{left}</td>
                      <td>
                        <div className="row stepper">
                          <button type="button" onClick={() => step(l.orderLineId, -1, left)} aria-label={`One less ${l.name}`} disabled={left <= 0}>−</button>
                          <input aria-label={`Return quantity ${l.name}`} value={qty[l.orderLineId] ?? ''} inputMode="decimal" size={4}
                            onChange={(e) => change(l.orderLineId, e.target.value)} disabled={left <= 0} />
                          <button type="button" onClick={() => step(l.orderLineId, 1, left)} aria-label={`One more ${l.name}`} disabled={left <= 0}>+</button>
                        </div>
                      </td>
                      <td className="check">
                        <input type="checkbox" aria-label={`${l.name} is damaged (not back on the shelf)`} checked={damaged[l.orderLineId] ?? false}
                          onChange={(e) => setDamaged({ ...damaged, [l.orderLineId]: e.target.checked })} disabled={left <= 0} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <fieldset className="row refund-choice">
              <legend>Refund</legend>
              {refundChoices(open, config).map((c) => (
                <label key={c.method}>
                  <input type="radio" name="refund" value={c.method} checked={method === c.method} onChange={() => setMethod(c.method)} />
                  {c.label}
                </label>
              ))}
            </fieldset>
            <div className="row">
              <button type="button" className="primary big" disabled={busy || !chosen} onClick={() => void refund(open)}>
                {amount > 0 ? `Refund ${money(open, amount)}` : 'Refund'}
              </button>
            </div>
          </section>
        )}
      </div>
    </main>
  );
}
