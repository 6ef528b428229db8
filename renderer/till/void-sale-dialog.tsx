// "Void sale" asks first: it throws away every line the cashier rang up. A sale with recorded
// payments cannot be voided from here — each payment must be voided on the pay screen first, so a
// card approval is never dropped without a trace.
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { usePayStore } from './pay-store.ts';
import { releaseValueLater } from './value-api.ts';
import { useTillUiStore } from './till-ui-store.ts';

export function VoidSaleDialog({ onClose }: { onClose(): void }) {
  const lines = useCartStore((s) => s.lines);
  const payments = usePayStore((s) => s.payments);
  const giftCards = useCartStore((s) => s.giftCardLoads.length);
  const config = useConfigStore((s) => s.config);
  const go = useTillUiStore((s) => s.go);
  const currency = config.site?.currency ?? 'EUR';
  const labelOf = (method: string) => config.tenders.find((t) => t.method === method)?.label ?? method;
  const confirm = () => {
    // Points set aside by the server for this sale go back to the customer.
    releaseValueLater(useCartStore.getState().pointsRedemption?.authorization);
    useCartStore.getState().clear();
    // The voided payments (if any) belonged to this sale only; nothing is left to complete.
    usePayStore.getState().reset();
    onClose();
    document.getElementById('scan-entry')?.focus();
  };
  return (
    <div className="modal-backdrop">
      <div role="alertdialog" aria-modal="true" aria-label="Void this sale?" className="modal stack">
        <h2>Void this sale?</h2>
        {payments.length > 0 ? (
          <>
            <p>
              Payments are recorded on this sale:{' '}
              {payments.map((p) => `${labelOf(p.method)} ${formatMoneyWithSymbol(p.amount, currency)}`).join(', ')}. Void each payment on the pay screen first.
            </p>
            <div className="row">
              <button type="button" className="primary" autoFocus onClick={() => { onClose(); go('pay'); }}>
                Go to payments
              </button>
              <button type="button" onClick={onClose}>
                Keep the sale
              </button>
            </div>
          </>
        ) : (
          <>
            <p>All {lines.length} line(s) will be removed{giftCards > 0 ? `, and the ${giftCards} gift card(s) to sell` : ''}.</p>
            <div className="row">
              <button type="button" onClick={onClose} autoFocus>
                Keep the sale
              </button>
              <button type="button" className="danger" onClick={confirm}>
                Yes, void the sale
              </button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
