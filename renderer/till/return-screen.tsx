// Returns: scan the receipt code or look up a past sale (this till's, or through the server one of
// another till or store: return-lookup.ts), choose lines and quantities (never more
// than sold minus already returned), restock or not, choose the refund tender (a gift card: the
// customer's, topped up, or a new one issued with the refund), commit the return.
import { useEffect, useRef, useState } from 'react';
import { newEventId } from '../../shared/ids.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Sale, TenderConfig } from '../../shared/schemas/index.ts';
import { isCardNumberFormat, normalizeCardNumber } from '../../shared/stored-value/card-number.ts';
import { GIFT_CARD_METHOD, STORE_CREDIT_METHOD } from '../../shared/stored-value/sale-value.ts';
import type { ConfigSnapshot } from '../config/config-snapshot.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { useSyncStore } from '../sync/sync-store.ts';
import { amountDue } from '../../shared/money/index.ts';
import { originalReceipts } from './original-receipts.ts';
import { cashTenderTest, commitAndPrint, roundingField } from './pay-store.ts';
import { checkRefundCard, originalRefundCard, type RefundCardMode } from './return-gift-card.ts';
import { buildReturnLines, refundPayment, ReturnError, returnable } from './return-math.ts';
import { findSaleToReturn, SaleLookupError, soldAtLine, type SaleToReturn } from './return-lookup.ts';
import { SaleLookupForm } from './sale-lookup-form.tsx';
import { useSessionStore } from './session-store.ts';
import { tillRuntime } from './till-runtime.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { valueBalance } from './value-api.ts';
import { failureSentence } from './failure-sentence.ts';

/**
 * Refund tenders for a return of `sale`: the money tenders, a gift card (topped up or issued) when
 * the site offers it, and store credit when the sale has a customer (docs/stored-value.md).
 */
function refundTenders(config: ConfigSnapshot, sale: Sale): TenderConfig[] {
  const value = config.valueTenders.filter((t) => t.method === GIFT_CARD_METHOD || (t.method === STORE_CREDIT_METHOD && sale.customerId));
  return [...config.tenders, ...value];
}

export function ReturnScreen() {
  const lookup = useTillUiStore((s) => s.returnLookup);
  const go = useTillUiStore((s) => s.go);
  const config = useConfigStore((s) => s.config);
  const [loaded, setLoaded] = useState<SaleToReturn | null>(null);
  const [looking, setLooking] = useState<string | null>(null);
  // Only the latest lookup may fill the screen (a scan can arrive while the server is asked).
  const lookups = useRef(0);
  const [qty, setQty] = useState<Record<string, string>>({});
  const [restock, setRestock] = useState<Record<string, boolean>>({});
  const [method, setMethod] = useState(config.tenders[0]?.method ?? 'cash');
  const [error, setError] = useState<string | null>(null);
  const [cardMode, setCardMode] = useState<RefundCardMode>('top_up');
  const [cardNumber, setCardNumber] = useState('');
  const [busy, setBusy] = useState(false);
  const currency = config.site?.currency ?? 'EUR';

  const find = async (value: string) => {
    setError(null);
    // The sale shown before goes at once, so its Refund cannot be taken for the one asked for.
    setLoaded(null);
    const { db, credentials } = tillRuntime();
    const mine = ++lookups.current;
    setLooking(value.trim());
    const outcome = await findSaleToReturn(db, credentials, value, useSyncStore.getState().online)
      .then(
        (found) => (found.sale.kind === 'sale' ? found : 'That receipt is a return'),
        (err: unknown) => {
          if (err instanceof SaleLookupError) return err.message;
          throw err;
        },
      )
      .finally(() => mine === lookups.current && setLooking(null));
    if (mine !== lookups.current) return;
    if (typeof outcome === 'string') return setError(outcome);
    const { sale, prior } = outcome;
    setLoaded(outcome);
    // The refund of a customer order that was not placed (endless aisle): its ordered lines, all that is left of them.
    const ordered = useTillUiStore.getState().returnOrdered ? new Set(sale.customerOrder?.lines.map((l) => l.lineId) ?? []) : new Set<string>();
    const left = returnable(sale, prior);
    setQty(Object.fromEntries([...ordered].flatMap((id) => ((left.get(id) ?? 0) > 0 ? [[id, String(left.get(id))]] : []))));
    setRestock(Object.fromEntries(sale.lines.map((l) => [l.lineId, true])));
    setMethod(sale.payments[0]?.method ?? method);
    // Back onto the gift card that paid, unless the cashier types another.
    setCardNumber(originalRefundCard(sale) ?? '');
    setCardMode('top_up');
  };

  useEffect(() => {
    if (lookup) find(lookup).catch((err: unknown) => setError(failureSentence(`Receipt ${lookup.trim()} could not be looked up`, err)));
    // Only on arrival with a scanned code: `find` is recreated every render on purpose.
  }, [lookup]);

  const submitLookup = (value: string) => {
    find(value).catch((err: unknown) => setError(failureSentence(`Receipt ${value.trim()} could not be looked up`, err)));
  };

  // A tender the refund cannot take (store credit on a sale without a customer) falls back to the first.
  const chosen = loaded && !refundTenders(config, loaded.sale).some((t) => t.method === method) ? (config.tenders[0]?.method ?? 'cash') : method;
  const refund = async () => {
    if (!loaded) return;
    const cashier = useLoginStore.getState().cashier;
    const sessionId = useSessionStore.getState().sessionId;
    if (!cashier || !sessionId) return setError('No cashier or no open session');
    const index = useCatalogStore.getState().index;
    setBusy(true);
    try {
      const { lines, total } = buildReturnLines(
        loaded.sale,
        loaded.prior,
        loaded.sale.lines.map((l) => ({ lineId: l.lineId, qty: Number((qty[l.lineId] ?? '0').replace(',', '.')) || 0, restock: restock[l.lineId] ?? true })),
        (productId) => index?.byId(productId)?.priceIncludesTax ?? true,
      );
      const { credentials } = tillRuntime();
      // A cash refund is rounded like a cash sale (the drawer has no coins below the step).
      const isCash = cashTenderTest(config);
      let payment = refundPayment(chosen, isCash(chosen) ? amountDue(total, [], isCash, config.site?.cashRounding).cashDue : total);
      if (chosen === GIFT_CARD_METHOD) {
        // Online the server's balance says whether the card exists; no answer (offline) leaves the format check.
        const card = normalizeCardNumber(cardNumber);
        const answer = isCardNumberFormat(card) ? await valueBalance({ kind: 'gift_card', card }) : null;
        const check = checkRefundCard(cardMode, card, -total, answer, loaded.sale.currency, (m) => formatMoneyWithSymbol(m, loaded.sale.currency));
        if (!check.ok) return setError(check.message);
        payment = { ...payment, card: check.card, ...(check.balanceAfter !== undefined ? { balanceAfter: check.balanceAfter } : {}) };
      }
      // Another till's sale is not in this till's database: keep its receipt number for a reprint
      // of this return made offline (original-receipts.ts). Not kept, the reprint asks the server.
      if (loaded.sale.tillId !== credentials.deviceId) {
        await originalReceipts(credentials.deviceId).remember(loaded.sale.id, loaded.sale.receiptNo)
          .catch((err: unknown) => console.error(`could not keep receipt ${loaded.sale.receiptNo} for reprints of its return`, err));
      }
      await commitAndPrint(
        {
          id: newEventId(),
          kind: 'return',
          tillId: credentials.deviceId,
          siteId: credentials.siteId,
          sessionId,
          cashierId: cashier.id,
          createdAt: new Date().toISOString(),
          currency: loaded.sale.currency,
          returnOfSaleId: loaded.sale.id,
          ...(loaded.sale.customerId ? { customerId: loaded.sale.customerId } : {}),
          lines,
          payments: [payment],
          ...roundingField(config, total, [payment]),
          total,
        },
        config,
        cashier.displayName,
        loaded.sale.receiptNo,
      );
      go('sell');
    } catch (err) {
      setError(err instanceof ReturnError ? err.message : failureSentence('Not refunded', err));
    } finally {
      setBusy(false);
    }
  };

  const left = loaded ? returnable(loaded.sale, loaded.prior) : new Map<string, number>();

  return (
    <main className="stack return-screen" aria-label="Return">
      <h1>Return</h1>
      <SaleLookupForm label="Find sale" initial={lookup ?? ''} onFind={submitLookup} onBack={() => go('sell')} />
      <p className="row">
        <button type="button" onClick={() => go('order-return')}>Web or marketplace order</button>
        <span className="muted">bought online, brought back here</span>
      </p>
      {loaded && (
        <section className="stack" aria-label={`Sale ${loaded.sale.receiptNo}`}>
          <h2>Receipt {loaded.sale.receiptNo}</h2>
          {loaded.soldAt && <p aria-label="Where it was sold">{soldAtLine(loaded.sale, loaded.soldAt)}</p>}
          {loaded.note && <p role="status" className="warning">{loaded.note}</p>}
          <table className="return-lines">
            <thead>
              <tr>
                <th scope="col">Item</th><th scope="col" className="num">Paid</th><th scope="col" className="num">Sold</th>
                <th scope="col" className="num">Returnable</th><th scope="col">Return qty</th><th scope="col">Restock</th>
              </tr>
            </thead>
            <tbody>
              {loaded.sale.lines.map((l) => (
                <tr key={l.lineId}>
                  <td>{l.name ?? l.sku}</td>
                  <td className="num">{formatMoneyWithSymbol(l.total, currency)}</td>
                  <td className="num">{l.qty}</td>
                  <td className="num">{left.get(l.lineId) ?? 0}</td>
                  <td>
                    <input aria-label={`Return quantity ${l.name ?? l.sku ?? l.lineId}`} value={qty[l.lineId] ?? ''} inputMode="decimal"
                      onChange={(e) => setQty({ ...qty, [l.lineId]: e.target.value })} disabled={(left.get(l.lineId) ?? 0) <= 0} />
                  </td>
                  <td>
                    <input type="checkbox" aria-label={`Restock ${l.name ?? l.sku ?? l.lineId}`} checked={restock[l.lineId] ?? true}
                      onChange={(e) => setRestock({ ...restock, [l.lineId]: e.target.checked })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            Refund tender
            <select value={chosen} onChange={(e) => setMethod(e.target.value)}>
              {refundTenders(config, loaded.sale).map((t) => <option key={t.method} value={t.method}>{t.label}</option>)}
            </select>
          </label>
          {chosen === STORE_CREDIT_METHOD && <p aria-label="Store credit refund">The refund goes to the customer's store credit, to spend at any till.</p>}
          {chosen === GIFT_CARD_METHOD && (
            <fieldset className="stack" aria-label="Gift card refund">
              <legend>The refund goes onto a gift card</legend>
              <p className="row" role="radiogroup" aria-label="Which card">
                <label><input type="radio" name="refund-card" checked={cardMode === 'top_up'} onChange={() => { setCardMode('top_up'); setError(null); }} /> Top up a card</label>
                <label><input type="radio" name="refund-card" checked={cardMode === 'new'} onChange={() => { setCardMode('new'); setError(null); }} /> New card</label>
              </p>
              <label>
                Gift card number
                <input value={cardNumber} autoComplete="off" placeholder={cardMode === 'new' ? 'Scan the new card' : "Scan the customer's card"}
                  onChange={(e) => { setCardNumber(e.target.value); setError(null); }} />
              </label>
            </fieldset>
          )}
          {/* After the tender's own questions (a gift card's number), as the last step. It stays at the
              bottom of the screen however long the sale (styles.css), and so does what it answers. */}
          <div className="row return-refund">
            <button type="button" className="primary big" disabled={busy} onClick={() => void refund()}>Refund</button>
            {error && <p role="alert">{error}</p>}
          </div>
        </section>
      )}
      {looking && <p role="status">Looking for receipt {looking}…</p>}
      {error && !loaded && <p role="alert">{error}</p>}
    </main>
  );
}
