// Moving a whole package: scan its SSCC (here or on the work list), see what the books say it
// holds, scan the location where it was put — one `package_moves` event moves it all — and see
// the server's outcome (applied, or what the office must check).
import { EventOutcomePanel } from './event-outcome-panel.tsx';
import { packageMoveIsError, usePackageMoveStore } from './package-move-store.ts';
import { BackToListToolbar } from './back-toolbar.tsx';
import { ScanPrompt } from './scan-prompt.tsx';
import { scannerRuntime } from './scanner-runtime.ts';

export function PackageMoveScreen() {
  const move = usePackageMoveStore((s) => s.move);
  const feedback = usePackageMoveStore((s) => s.feedback);
  const savedId = usePackageMoveStore((s) => s.savedId);
  const { scan, stop } = usePackageMoveStore.getState();
  const rt = scannerRuntime();
  const where = (id: string): string => rt.labels.name(id) ?? 'an unknown location';
  const pkg = move.pkg;
  return (
    <main className="scanner-main">
      <BackToListToolbar title={pkg ? `Package ${pkg.sscc}` : 'Move a package'} onBack={stop} />
      {!savedId && <ScanPrompt hint={pkg ? 'Scan where you put the package' : 'Scan the package (SSCC label)'} message={feedback?.message ?? ''} error={packageMoveIsError(feedback)} onCode={scan} />}
      {savedId && (
        <p role="status" aria-label="Scan feedback" className="feedback ok">
          {feedback?.message ?? ''}
        </p>
      )}
      {pkg && (
        <section className="stack" aria-label="Package">
          <p>
            From <strong>{where(pkg.locationId)}</strong>
            {move.toLocationId && (
              <>
                {' '}
                to <strong>{where(move.toLocationId)}</strong>
              </>
            )}
          </p>
          <table className="work-list" aria-label="Package contents">
            <thead>
              <tr>
                <th>Product</th>
                <th>Lot</th>
                <th>Quantity</th>
              </tr>
            </thead>
            <tbody>
              {pkg.contents.map((c) => (
                <tr key={`${c.productId}|${c.lot}`}>
                  <td data-label="Product">{rt.catalog.byId.get(c.productId)?.name ?? 'Product not on this station yet'}</td>
                  <td data-label="Lot">{c.lot || '—'}</td>
                  <td data-label="Quantity">{c.qty}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {pkg.contents.length === 0 && <p role="status">The books say this package is empty.</p>}
        </section>
      )}
      {savedId && <EventOutcomePanel eventId={savedId} label="Package moved" outcomeLabel="Move outcome" onDone={stop} />}
    </main>
  );
}
