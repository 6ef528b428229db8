// The Pickups screen (docs/till.md "Pickups"): the store's click-and-collect queue, found by a
// scanned code (the order's QR code, a picking label), a typed reference or the customer's name;
// an opened order shows per line what was ordered, handed over and is ready, and the cashier hands
// over all or part — paid online at once, paid at pickup through the pay screen. Orders whose goods
// are not (all) in the store say where they are ("On its way — … from Central warehouse").
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { formatStoreDateTime, storeDay, zoneOrDefault } from '../../shared/time/index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { computeCart } from './cart-math.ts';
import { HandoverError, handOverPaidOrder, payForOrder, pickupCartLines, productName } from './pickup-handover.ts';
import { arrivalNotes, chooseHandover, PickupError, pickupQueue, searchPickups, type HandoverChoice, type PickupOrder } from './pickup-queue.ts';
import { usePickupStore } from './pickup-store.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { counted } from '../../shared/text/count.ts';
import { failureSentence } from './failure-sentence.ts';

const readyUnits = (o: PickupOrder): number => o.lines.reduce((a, l) => a + l.ready, 0);
const notHereUnits = (o: PickupOrder): number => o.lines.reduce((a, l) => a + l.notHere, 0);

/** The queue's "Ready" cell: what can be handed over, and what is not in the store yet. */
function readiness(o: PickupOrder): string {
  const ready = readyUnits(o);
  const away = notHereUnits(o);
  const coming = o.transfers.length > 0 ? 'on the way' : 'not in stock yet';
  if (ready === 0) return `Nothing yet — ${counted(away, 'item')} ${coming}`;
  return away > 0 ? `${counted(ready, 'item')} · ${away} more ${coming}` : counted(ready, 'item');
}

/** What the customer pays for these quantities at the order's prices (null while the catalog lacks an item). */
function amountToPay(o: PickupOrder, chosen: readonly HandoverChoice[]): number | null {
  try {
    return computeCart(pickupCartLines(o, chosen), 0).total;
  } catch (err) {
    if (err instanceof HandoverError) return null;
    throw err;
  }
}

/** The quantities typed that can be handed over (for the amount shown before the cashier confirms). */
function validChoices(o: PickupOrder, qty: Record<string, string>): HandoverChoice[] {
  return o.lines.flatMap((line) => {
    const n = Number((qty[line.orderLineId] ?? '0').replace(',', '.'));
    return n > 0 && n <= line.ready ? [{ line, qty: n }] : [];
  });
}

function OrderList({ orders, openId, onOpen, toPay, when }: { orders: PickupOrder[]; openId: string | null; onOpen: (o: PickupOrder) => void; toPay: (o: PickupOrder) => string; when: (iso: string) => string }) {
  if (orders.length === 0) return <p role="status">No order waiting here matches.</p>;
  return (
    <table className="pickup-list">
      <thead>
        <tr><th scope="col">Order</th><th scope="col">Customer</th><th scope="col">Ready</th><th scope="col">Payment</th></tr>
      </thead>
      <tbody>
        {orders.map((o) => (
          <tr key={o.orderId} className={o.orderId === openId ? 'selected' : undefined}>
            <td>
              <button type="button" onClick={() => onOpen(o)} aria-label={`Open order ${o.orderRef}`}>{o.orderRef}</button>
              {o.collectBy && <div className="muted">until {when(o.collectBy)}</div>}
            </td>
            <td>{o.customerName ?? '—'}</td>
            <td>{readiness(o)}</td>
            <td>{o.payAtPickup ? `To pay ${toPay(o)}` : 'Paid online'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function PickupScreen() {
  const pickings = usePickupStore((s) => s.pickings);
  const handovers = usePickupStore((s) => s.handovers);
  const lookup = useTillUiStore((s) => s.pickupLookup);
  const go = useTillUiStore((s) => s.go);
  const config = useConfigStore((s) => s.config);
  const catalogReady = useCatalogStore((s) => s.index !== null);
  const queue = useMemo(() => pickupQueue(pickings, handovers), [pickings, handovers]);
  const [search, setSearch] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  // The quantities the cashier typed or stepped; every other line offers what is ready now (goods
  // that arrive while the order is open are offered without opening it again).
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zone = zoneOrDefault(config.site?.timeZone);
  const money = (o: PickupOrder, n: number): string => formatMoneyWithSymbol(n, o.currency ?? config.site?.currency ?? 'EUR');
  const when = (iso: string): string => formatStoreDateTime(iso, zone);
  const open = queue.find((o) => o.orderId === openId) ?? null;
  const notes = open ? arrivalNotes(open, productName, when) : [];
  const nothingReady = open !== null && readyUnits(open) === 0;
  const qty: Record<string, string> = open ? Object.fromEntries(open.lines.map((l) => [l.orderLineId, typed[l.orderLineId] ?? String(l.ready)])) : {};
  const shown = searchPickups(queue, search);

  const openOrder = (o: PickupOrder): void => {
    setOpenId(o.orderId);
    setTyped({});
    setError(null);
  };

  const find = (text: string): void => {
    setSearch(text);
    const hits = searchPickups(queue, text);
    if (hits.length === 1 && hits[0]) openOrder(hits[0]);
    else if (hits.length === 0) setError(`No order for this store matches "${text.trim()}": check the reference or the customer's name`);
    else setError(null);
  };

  // A code scanned anywhere while this screen shows, or on the sale screen, arrives here.
  useEffect(() => {
    if (lookup) find(lookup.code);
    // Only when a new code arrives: `find` is recreated every render on purpose.
  }, [lookup]);

  const choices = (o: PickupOrder): HandoverChoice[] =>
    chooseHandover(o, new Map(o.lines.map((l) => [l.orderLineId, Number((qty[l.orderLineId] ?? '0').replace(',', '.')) || 0])), productName,
      (productId) => (useCatalogStore.getState().index?.byId(productId)?.unit ?? 'unit') === 'unit');

  const toPay = open?.payAtPickup && catalogReady ? amountToPay(open, validChoices(open, qty)) : null;
  const queueAmount = (o: PickupOrder): string => {
    // Nothing in the store yet: what the customer will pay for what is coming.
    const nothingHere = readyUnits(o) === 0;
    const amount = catalogReady ? amountToPay(o, o.lines.map((line) => ({ line, qty: nothingHere ? line.notHere : line.ready })).filter((c) => c.qty > 0)) : null;
    return amount === null ? '…' : money(o, amount);
  };

  const handOver = async (o: PickupOrder): Promise<void> => {
    setError(null);
    setBusy(true);
    try {
      const chosen = choices(o);
      if (o.payAtPickup) await payForOrder(o, chosen);
      else await handOverPaidOrder(o, chosen);
      setOpenId(null);
    } catch (err) {
      if (err instanceof PickupError || err instanceof HandoverError) setError(err.message);
      else setError(failureSentence('Not handed over', err));
    } finally {
      setBusy(false);
    }
  };

  /** A changed quantity: what was said about the previous ones no longer holds. */
  const change = (orderLineId: string, value: string): void => {
    setTyped({ ...typed, [orderLineId]: value });
    setError(null);
  };

  const step = (orderLineId: string, by: number, max: number): void => {
    const now = Number((qty[orderLineId] ?? '0').replace(',', '.')) || 0;
    change(orderLineId, String(Math.min(max, Math.max(0, now + by))));
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    find(search);
  };

  return (
    <main className="pickups" aria-label="Pickups">
      <form className="row pickup-search" onSubmit={submit} aria-label="Find an order">
        <h1>Pickups</h1>
        <label>
          Order reference, customer name or scan
          <input value={search} onChange={(e) => setSearch(e.target.value)} data-scan-entry autoFocus autoComplete="off" />
        </label>
        <button type="submit">Find</button>
        <button type="button" onClick={() => go('sell')}>Back to sale</button>
      </form>
      {error && <p role="alert">{error}</p>}
      <div className="pickups-body">
        <section aria-label="Pickup queue" className="stack">
          <h2>{counted(queue.length, 'order')} waiting</h2>
          <OrderList orders={shown} openId={openId} onOpen={openOrder} toPay={queueAmount} when={(iso) => storeDay(iso, zone)} />
        </section>
        {open && (
          <section aria-label={`Order ${open.orderRef}`} className="stack pickup-order">
            <h2>Order {open.orderRef}</h2>
            <p>
              {open.customerName ?? 'No customer name'} · {open.channel} · {open.payAtPickup ? 'pays at pickup' : 'paid online'}
              {open.collectBy ? ` · collect by ${when(open.collectBy)}` : ''}
            </p>
            <table className="pickup-lines">
              <thead>
                <tr><th scope="col">Item</th>{open.payAtPickup && <th scope="col" className="num">Price</th>}<th scope="col" className="num">Ordered</th><th scope="col" className="num">Handed over</th><th scope="col" className="num">Ready</th><th scope="col" className="num">Not here yet</th><th scope="col">Hand over now</th></tr>
              </thead>
              <tbody>
                {open.lines.map((l) => {
                  const name = productName(l.productId);
                  return (
                    <tr key={l.orderLineId}>
                      <td>{name}</td>
                      {open.payAtPickup && (
                        <td className="num">
                          {money(open, l.unitPrice)}
                          {l.discount ? <div className="muted"><span className="nowrap">−{money(open, l.discount)}</span> on all{'\u00a0'}{l.qty}</div> : null}
                        </td>
                      )}
                      <td className="num">{l.qty}</td>
                      <td className="num">{l.handedOver}</td>
                      <td className="num">{l.ready}</td>
                      <td className="num">{l.notHere}</td>
                      <td>
                        <div className="row stepper">
                          <button type="button" onClick={() => step(l.orderLineId, -1, l.ready)} aria-label={`One less ${name}`} disabled={l.ready <= 0}>−</button>
                          <input aria-label={`Hand over quantity ${name}`} value={qty[l.orderLineId] ?? ''} inputMode="decimal" size={4}
                            onChange={(e) => change(l.orderLineId, e.target.value)} disabled={l.ready <= 0} />
                          <button type="button" onClick={() => step(l.orderLineId, 1, l.ready)} aria-label={`One more ${name}`} disabled={l.ready <= 0}>+</button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {notes.length > 0 && (
              <ul aria-label="Not in the store yet" className="pickup-arrivals">
                {notes.map((n) => <li key={n.text}>{n.text}</li>)}
              </ul>
            )}
            {nothingReady && <p role="status">Nothing can be handed over yet: the goods are not in the store. Tell the customer where they are.</p>}
            <div className="row">
              <button type="button" onClick={() => openOrder(open)} disabled={nothingReady}>All ready items</button>
              <button type="button" className="primary big" disabled={busy || nothingReady} onClick={() => void handOver(open)}>
                {open.payAtPickup ? `Take payment${toPay ? ` ${money(open, toPay)}` : ''}` : 'Hand over'}
              </button>
            </div>
          </section>
        )}
      </div>
    </main>
  );
}
