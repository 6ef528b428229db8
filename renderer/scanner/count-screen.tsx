// Free inventory count at one location: scan the location, then every product on it ("+1" or a
// typed quantity for the current one), then save — one `counts` event — and see the server's
// outcome (applied, or waiting for a manager's approval above the value threshold).
import { countIsError, useCountStore } from './count-store.ts';
import { EventOutcomePanel } from './event-outcome-panel.tsx';
import { QuantityPad } from './quantity-pad.tsx';
import { BackToListToolbar } from './back-toolbar.tsx';
import { ScanPrompt } from './scan-prompt.tsx';
import { scannerRuntime } from './scanner-runtime.ts';

export function CountScreen() {
  const count = useCountStore((s) => s.count);
  const feedback = useCountStore((s) => s.feedback);
  const savedId = useCountStore((s) => s.savedId);
  const { scan, plusOne, typeQty, save, stop } = useCountStore.getState();
  const rt = scannerRuntime();
  const error = countIsError(feedback);
  return (
    <main className="scanner-main">
      <BackToListToolbar title={`Count ${count.locationId ? rt.labels.name(count.locationId) ?? '' : 'a location'}`} onBack={stop} />
      {savedId ? (
        <EventOutcomePanel eventId={savedId} label="Count saved" outcomeLabel="Count outcome" onDone={stop} />
      ) : (
        <>
          <ScanPrompt hint={count.locationId === null ? 'Scan the location' : 'Scan each product'} message={feedback?.message ?? ''} error={error} onCode={scan} />
          <table className="work-list" aria-label="Counted">
            <thead>
              <tr>
                <th>Product</th>
                <th>Lot</th>
                <th>Counted</th>
              </tr>
            </thead>
            <tbody>
              {[...count.counted.entries()].map(([key, l]) => (
                <tr key={key} aria-current={count.current === key}>
                  <td>{rt.catalog.byId.get(l.productId)?.name ?? l.productId}</td>
                  <td>{l.lot ?? ''}</td>
                  <td>{l.counted}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <QuantityPad onPlusOne={plusOne} onQuantity={typeQty} />
          <button type="button" className="primary big validate" onClick={() => void save()}>
            Save count
          </button>
        </>
      )}
    </main>
  );
}
