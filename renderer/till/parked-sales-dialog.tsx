// "Parked (N)": the till's parked sales — note, customer, items, total with its currency, who parked
// it and when (store time) — each resumed into the cart or discarded after a confirmation. With a
// sale on screen, resuming asks first to park that one (as Square's open tickets do), or says why it
// cannot be parked. Opened from the sell screen and from Close session.
import { useState } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { countItems } from '../../shared/receipt/index.ts';
import { counted } from '../../shared/text/count.ts';
import { zoneOrDefault } from '../../shared/time/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { computeCart } from './cart-math.ts';
import { cartPointsDiscount, useCartStore } from './cart-store.ts';
import { parkedTitle, parkedWhen, type ParkedSale } from './parked-sale.ts';
import { currentParkRefusal, discardParkedSale, resumeParkedSale, useParkedSalesStore } from './parked-sales-store.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { failureSentence } from './failure-sentence.ts';

type Step = { kind: 'list' } | { kind: 'resume'; sale: ParkedSale } | { kind: 'discard'; sale: ParkedSale };

/** The sale on screen in a few words: "3 items, €12.00". */
function useSaleOnScreen(currency: string): string | null {
  const lines = useCartStore((s) => s.lines);
  const loads = useCartStore((s) => s.giftCardLoads);
  const orderDiscount = useCartStore((s) => s.orderDiscount);
  const points = useCartStore(cartPointsDiscount);
  if (lines.length === 0 && loads.length === 0) return null;
  const total = computeCart(lines, orderDiscount, points).total + loads.reduce((sum, l) => sum + l.amount, 0);
  return `${counted(countItems(lines) + loads.length, 'item')}, ${formatMoneyWithSymbol(total, currency)}`;
}

export function ParkedSalesDialog({ onClose }: { onClose(): void }) {
  const sales = useParkedSalesStore((s) => s.sales);
  const zone = zoneOrDefault(useConfigStore((s) => s.config.site?.timeZone));
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const cashier = useLoginStore((s) => s.cashier);
  const go = useTillUiStore((s) => s.go);
  const onScreen = useSaleOnScreen(currency);
  const [step, setStep] = useState<Step>({ kind: 'list' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = (): void => {
    onClose();
    document.getElementById('scan-entry')?.focus();
  };
  const run = (work: () => Promise<{ ok: boolean; error?: string }>): void => {
    setBusy(true);
    setError(null);
    work().then(
      (result) => {
        setBusy(false);
        if (!result.ok) {
          setStep({ kind: 'list' });
          return setError(result.error ?? 'That did not work');
        }
        setStep({ kind: 'list' });
      },
      (err: unknown) => {
        setBusy(false);
        setStep({ kind: 'list' });
        setError(failureSentence('That did not work', err));
      },
    );
  };
  const resume = (sale: ParkedSale, parkCurrent: boolean): void => {
    if (!cashier) return;
    run(async () => {
      const result = await resumeParkedSale(sale.saleId, { parkCurrent, cashier: { id: cashier.id, name: cashier.displayName } });
      if (result.ok) {
        go('sell');
        close();
      }
      return result;
    });
  };
  const askResume = (sale: ParkedSale): void => (onScreen ? setStep({ kind: 'resume', sale }) : resume(sale, false));

  const body = (() => {
    if (step.kind === 'resume') {
      const title = parkedTitle(step.sale, zone);
      const refusal = currentParkRefusal();
      return refusal ? (
        <>
          <p role="alert">“{title}” cannot be resumed while this sale is on screen. {refusal}</p>
          <div className="row">
            <button type="button" autoFocus onClick={() => setStep({ kind: 'list' })}>Back to the list</button>
          </div>
        </>
      ) : (
        <>
          <p>The sale on screen ({onScreen}) is parked first, then “{title}” comes back into the cart.</p>
          <div className="row">
            <button type="button" className="primary" autoFocus disabled={busy} onClick={() => resume(step.sale, true)}>Park it and resume</button>
            <button type="button" onClick={() => setStep({ kind: 'list' })}>Cancel</button>
          </div>
        </>
      );
    }
    if (step.kind === 'discard') {
      const title = parkedTitle(step.sale, zone);
      return (
        <>
          <p>Discard “{title}” ({counted(step.sale.items, 'item')}, {formatMoneyWithSymbol(step.sale.total, step.sale.currency)})? It leaves the parked sales for good. No money was taken on it.</p>
          <div className="row">
            <button type="button" autoFocus onClick={() => setStep({ kind: 'list' })}>Keep it</button>
            <button type="button" className="danger" disabled={busy} onClick={() => run(async () => { await discardParkedSale(step.sale.saleId); return { ok: true }; })}>
              Yes, discard it
            </button>
          </div>
        </>
      );
    }
    if (sales.length === 0) return <p role="status">No parked sales on this till.</p>;
    return (
      <div className="parked-list">
        <table aria-label="Parked sales list">
          <thead>
            <tr><th>Note</th><th>Customer</th><th className="num">Items</th><th className="num">Total</th><th>Parked by</th><th>When</th><th aria-label="Actions" /></tr>
          </thead>
          <tbody>
            {sales.map((s) => {
              const title = parkedTitle(s, zone);
              return (
                <tr key={s.saleId} aria-label={`Parked ${title}`}>
                  <td>{s.note || <span className="muted">No note</span>}</td>
                  <td>{s.customer?.name ?? <span className="muted">—</span>}</td>
                  <td className="num">{s.items}</td>
                  <td className="num">{formatMoneyWithSymbol(s.total, s.currency)}</td>
                  <td>{s.parkedBy.name}</td>
                  <td>{parkedWhen(s.parkedAt, zone)}</td>
                  <td className="parked-actions">
                    <button type="button" className="primary" disabled={busy} onClick={() => askResume(s)} aria-label={`Resume ${title}`}>Resume</button>
                    <button type="button" className="danger" disabled={busy} onClick={() => setStep({ kind: 'discard', sale: s })} aria-label={`Discard ${title}`}>Discard</button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );
  })();

  return (
    <div className="modal-backdrop">
      <div role="dialog" aria-modal="true" aria-label="Parked sales" className="modal stack parked-sales" onKeyDown={(e) => e.key === 'Escape' && close()}>
        <div className="row parked-head">
          <h2>Parked sales ({sales.length})</h2>
          <button type="button" onClick={close}>Close</button>
        </div>
        {error && <p role="alert">{error}</p>}
        {body}
      </div>
    </div>
  );
}
