// The cart as a table: one row per line, the selected line highlighted; totals underneath.
// A scan changes one or two rows; rows are memoized on what they show, so the other rows are not
// rendered again (every re-pricing gives every line new objects, with the same figures).
import { memo, useEffect, useRef } from 'react';
import type { LinePromotion } from '../../shared/pricing/price-cart.ts';
import type { Promotion } from '../../shared/pricing/pricing-rules.ts';
import type { SaleLine } from '../../shared/schemas/index.ts';
import { formatMoney, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { countItems } from '../../shared/receipt/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { computeCart } from './cart-math.ts';
import { cartPointsDiscount, useCartStore } from './cart-store.ts';
import { maskCardNumber } from '../../shared/stored-value/card-number.ts';
import { giftCardLoadTotal } from '../../shared/stored-value/sale-value.ts';
import { linePromotionLabels } from './line-promotions.ts';
import { formatQuantity, isMeasured } from './quantity-rules.ts';

interface CartRowProps {
  line: SaleLine;
  unit: string;
  selected: boolean;
  currency: string;
  promotions: ReadonlyMap<string, Promotion>;
  onSelect: (lineId: string) => void;
  /** Where an ordered line goes ("collect at STORE2"), for a line of a customer order. */
  ordered?: string;
}

const samePromotions = (a: readonly LinePromotion[] | undefined, b: readonly LinePromotion[] | undefined): boolean =>
  a === b || ((a?.length ?? 0) === (b?.length ?? 0) && (a ?? []).every((p, i) => p.promotionId === b?.[i]?.promotionId && p.amount === b[i].amount));

/** Equal when the row would show the same thing. */
function sameRow(a: CartRowProps, b: CartRowProps): boolean {
  const x = a.line, y = b.line;
  return (
    a.selected === b.selected && a.unit === b.unit && a.ordered === b.ordered && a.currency === b.currency && a.promotions === b.promotions && a.onSelect === b.onSelect &&
    x.lineId === y.lineId && x.name === y.name && x.sku === y.sku && x.lot === y.lot && x.serial === y.serial && !x.priceOverride === !y.priceOverride &&
    x.qty === y.qty && x.unitPrice === y.unitPrice && x.discount === y.discount && x.total === y.total && samePromotions(x.promotions, y.promotions)
  );
}

const CartRow = memo(function CartRow({ line, unit, selected, currency, promotions, onSelect, ordered }: CartRowProps) {
  const money = (n: number) => formatMoney(n, currency);
  // The line's own amounts carry the currency like the Total; the notes inside the name stay short.
  const amount = (n: number) => formatMoneyWithSymbol(n, currency);
  return (
    <tr aria-selected={selected} className={selected ? 'selected' : ''} onClick={() => onSelect(line.lineId)} aria-label={`Line ${line.name ?? line.sku ?? ''}`}>
      <td>
        {line.name}
        {line.lot ? <span className="muted" aria-label="Lot"> Lot {line.lot}</span> : null}
        {line.serial ? <span className="muted" aria-label="Serial number"> S/N {line.serial}</span> : null}
        {line.priceOverride ? <span className="muted"> (price changed)</span> : null}
        {ordered ? <span className="ordered" aria-label="Ordered"> Ordered · {ordered}</span> : null}
        {linePromotionLabels(line.promotions ?? [], (id) => promotions.get(id)?.name, money).map((p) => (
          <span key={p.key} className="promotion" aria-label={p.label}>{p.text}</span>
        ))}
        {isMeasured(unit) ? (
          <span className="muted" aria-label="Weight and price"> {formatQuantity(line.qty, unit)} × {money(line.unitPrice)}/{unit}</span>
        ) : null}
      </td>
      <td>{formatQuantity(line.qty, unit)}</td>
      <td>{amount(line.unitPrice)}</td>
      <td>{line.discount ? amount(-line.discount) : ''}</td>
      <td>{amount(line.total)}</td>
    </tr>
  );
}, sameRow);

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
  const money = (n: number) => formatMoneyWithSymbol(n, currency);
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
            <CartRow
              key={line.lineId}
              line={line}
              unit={lines[i]?.unit ?? 'unit'}
              selected={line.lineId === selected}
              currency={currency}
              promotions={promotions}
              onSelect={select}
              ordered={lines[i]?.ordered && customerOrder ? `${customerOrder.type === 'pickup' ? 'collect at' : 'delivery from'} ${customerOrder.site}` : undefined}
            />
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
        <dd aria-label="Tax">{money(totals.tax)}</dd>
        <dt>Total</dt>
        <dd aria-label="Total due" className="big">
          {formatMoneyWithSymbol(totals.total + loads, currency)}
        </dd>
      </dl>
    </section>
  );
}
