// The cart as a table: one row per line, the selected line highlighted; totals underneath.
import { useEffect, useRef } from 'react';
import { formatMoney, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { countItems } from '../../shared/receipt/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { computeCart } from './cart-math.ts';
import { cartPointsDiscount, useCartStore } from './cart-store.ts';
import { maskCardNumber } from '../../shared/stored-value/card-number.ts';
import { giftCardLoadTotal } from '../../shared/stored-value/sale-value.ts';
import { formatQuantity, isMeasured } from './quantity-rules.ts';

export function CartView() {
  const scroller = useRef<HTMLDivElement>(null);
  const lines = useCartStore((s) => s.lines);
  const orderDiscount = useCartStore((s) => s.orderDiscount);
  const selected = useCartStore((s) => s.selectedLineId);
  const select = useCartStore((s) => s.select);
  const customerOrder = useCartStore((s) => s.customerOrder);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const promotions = useConfigStore((s) => s.config.pricing.promotionById);
  const saved = useCartStore((s) => s.pricing?.totalDiscount ?? 0);
  const giftCardLoads = useCartStore((s) => s.giftCardLoads);
  const pointsDiscount = useCartStore(cartPointsDiscount);
  const totals = computeCart(lines, orderDiscount, pointsDiscount);
  const loads = giftCardLoadTotal({ giftCardLoads });
  const money = (n: number) => formatMoney(n, currency);
  // The line just added or changed is the selected one: keep it in view (new lines go to the end).
  useEffect(() => {
    const row = scroller.current?.querySelector<HTMLElement>('tr.selected') ?? scroller.current?.querySelector<HTMLElement>('tbody tr:last-child');
    row?.scrollIntoView({ block: 'nearest' });
  }, [lines, selected]);
  return (
    <section className="cart" aria-label="Cart">
      <div className="cart-lines" ref={scroller}>
      <table>
        <thead>
          <tr>
            <th scope="col">Item</th>
            <th scope="col">Qty</th>
            <th scope="col">Price</th>
            <th scope="col">Discount</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {totals.lines.map((line, i) => (
            <tr
              key={line.lineId}
              aria-selected={line.lineId === selected}
              className={line.lineId === selected ? 'selected' : ''}
              onClick={() => select(line.lineId)}
              aria-label={`Line ${line.name ?? line.sku ?? ''}`}
            >
              <td>
                {line.name}
                {line.lot ? <span className="muted" aria-label="Lot"> Lot {line.lot}</span> : null}
                {line.serial ? <span className="muted" aria-label="Serial number"> S/N {line.serial}</span> : null}
                {line.priceOverride ? <span className="muted"> (price changed)</span> : null}
                {lines[i]?.ordered && customerOrder ? <span className="ordered" aria-label="Ordered"> Ordered · {customerOrder.type === 'pickup' ? 'collect at' : 'delivery from'} {customerOrder.site}</span> : null}
                {(line.promotions ?? []).map((p) => (
                  <span key={p.promotionId} className="promotion" aria-label="Promotion"> {promotions.get(p.promotionId)?.name ?? 'Promotion'} −{money(p.amount)}</span>
                ))}
                {isMeasured(lines[i]?.unit ?? 'unit') ? (
                  <span className="muted" aria-label="Weight and price"> {formatQuantity(line.qty, lines[i]?.unit ?? 'unit')} × {money(line.unitPrice)}/{lines[i]?.unit}</span>
                ) : null}
              </td>
              <td>{formatQuantity(line.qty, lines[i]?.unit ?? 'unit')}</td>
              <td>{money(line.unitPrice)}</td>
              <td>{line.discount ? money(-line.discount) : ''}</td>
              <td>{money(line.total)}</td>
            </tr>
          ))}
          {giftCardLoads.map((load) => (
            <tr key={load.loadId} aria-label={`Gift card ${maskCardNumber(load.number)}`} className="gift-card-load">
              <td>
                Gift card {maskCardNumber(load.number)}
                {load.balanceAfter !== undefined ? <span className="muted"> balance after {money(load.balanceAfter)}</span> : null}
              </td>
              <td>1</td>
              <td>{money(load.amount)}</td>
              <td>
                <button type="button" className="remove-load" aria-label={`Remove gift card ${maskCardNumber(load.number)}`} onClick={() => useCartStore.getState().removeGiftCardLoad(load.loadId)}>
                  ×
                </button>
              </td>
              <td>{money(load.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      <dl className="totals">
        <dt>Items</dt>
        <dd aria-label="Item count">{countItems(lines)}</dd>
        {totals.discount > 0 && (
          <>
            <dt>Discounts</dt>
            <dd>{money(-totals.discount)}</dd>
          </>
        )}
        {saved > 0 && (
          <>
            <dt>You saved</dt>
            <dd aria-label="You saved">{money(saved)}</dd>
          </>
        )}
        <dt>Tax</dt>
        <dd>{money(totals.tax)}</dd>
        <dt>Total</dt>
        <dd aria-label="Total due" className="big">
          {formatMoneyWithSymbol(totals.total + loads, currency)}
        </dd>
      </dl>
    </section>
  );
}
