// The printer and drawer notices at the top of every till screen: a printer fault stays until the
// printer reports it cleared; a receipt that failed offers a reprint; a drawer that did not open
// says so and offers to open it again; an installed app too old for this page says so.
import { tillRuntime } from './till-runtime.ts';
import { kickDrawer, printerProblem, useHardwareStore } from './hardware-store.ts';
import { printerWords } from './printer-failure.ts';

export function HardwareBanner() {
  const printer = useHardwareStore((s) => s.printer);
  const failedJob = useHardwareStore((s) => s.failedJob);
  const drawer = useHardwareStore((s) => s.drawer);
  const kicking = useHardwareStore((s) => s.kicking);
  const shellMismatch = useHardwareStore((s) => s.shellMismatch);
  const problem = printerProblem(printer);
  if (!problem && !failedJob && drawer?.state !== 'failed' && !shellMismatch) return null;
  const reprint = () => {
    if (!failedJob) return;
    void tillRuntime()
      .bridge.reprint(failedJob.jobId)
      .then((r) => {
        if (r.ok) useHardwareStore.setState({ failedJob: null });
      });
  };
  return (
    <section className="hardware-banner" aria-label="Printer and drawer">
      {shellMismatch && (
        <p role="alert" className="warn">
          {shellMismatch}
        </p>
      )}
      {problem && (
        <p role={problem.severity} aria-label="Printer status" className={problem.severity === 'alert' ? 'bad' : 'warn'}>
          {problem.text}
        </p>
      )}
      {failedJob && (
        <p role="alert" className="bad">
          {failedJob.reference ? `${failedJob.reference} was not printed` : 'A document was not printed'}
          {failedJob.error ? `: ${printerWords(failedJob.error)}` : ''}.{' '}
          <button type="button" onClick={reprint}>
            Print again
          </button>{' '}
          <button type="button" onClick={() => useHardwareStore.setState({ failedJob: null })}>
            Dismiss
          </button>
        </p>
      )}
      {drawer?.state === 'failed' && (
        <p role="alert" aria-label="Drawer" className="bad">
          {drawer.reference ? `${drawer.reference}: ` : ''}
          {drawer.message}{' '}
          <button type="button" disabled={kicking} onClick={() => void kickDrawer(tillRuntime().bridge, drawer.reference)}>
            Open drawer again
          </button>{' '}
          <button type="button" onClick={() => useHardwareStore.setState({ drawer: null })}>
            Opened with the key
          </button>
        </p>
      )}
    </section>
  );
}
