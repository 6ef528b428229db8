// Says that a sale interrupted by a reload or a crash came back with its recorded payments, until
// that sale ends or the cashier dismisses the notice.
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { useConfigStore } from '../config/config-store.ts';
import { openSaleSummary, useOpenSaleStore } from './open-sale-keeper.ts';

export function RestoredSaleBanner() {
  const restored = useOpenSaleStore((s) => s.restored);
  const dismiss = useOpenSaleStore((s) => s.dismiss);
  const config = useConfigStore((s) => s.config);
  if (!restored) return null;
  const currency = config.site?.currency ?? 'EUR';
  const labelOf = (method: string) => config.tenders.find((t) => t.method === method)?.label ?? method;
  return (
    // Styled as the printer and drawer notices above it (.hardware-banner: never stretched by the screen below).
    <section className="hardware-banner" aria-label="Sale in progress">
      <p role="status" aria-label="Restored sale" className="warn">
        {openSaleSummary(restored, labelOf, (n) => formatMoneyWithSymbol(n, currency))}
        <button type="button" onClick={dismiss}>
          Dismiss
        </button>
      </p>
    </section>
  );
}
