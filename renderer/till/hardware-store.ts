// What the till knows about its printer and drawer, from the device bridge: the printer's last
// status (paper out, cover open, offline reach the screen as soon as the bridge reports them and
// stay until the printer says they are cleared), the last receipt that could not be printed, and
// the outcome of the last drawer kick — "opened" only when the bridge says the kick was sent.
import { create } from 'zustand';
import type { DeviceBridge, DeviceError, PrintJob, PrinterStatus, Result } from '../../shared/device-bridge.ts';
import { checkShell } from '../device-bridge/shell-handshake.ts';
import { printerFailure } from './printer-failure.ts';

export interface DrawerOutcome {
  /** 'opened': the kick reached the printer; 'failed': it did not; 'none': no drawer on this till. */
  state: 'opened' | 'failed' | 'none';
  message: string;
  /** The receipt or slip the drawer was opened for. */
  reference?: string;
}

interface HardwareState {
  printer: PrinterStatus | null;
  /** The newest job that ended failed and has not been printed again since. */
  failedJob: PrintJob | null;
  drawer: DrawerOutcome | null;
  /** True while a kick is in flight (the retry button waits for it). */
  kicking: boolean;
  /** The installed Electron shell does not speak this page's device-bridge contract: what to do. */
  shellMismatch: string | null;
}

export const useHardwareStore = create<HardwareState>(() => ({ printer: null, failedJob: null, drawer: null, kicking: false, shellMismatch: null }));

/** What a printer fault means for the cashier, or null when the printer is fine. */
export function printerProblem(status: PrinterStatus | null): { severity: 'alert' | 'status'; text: string } | null {
  if (!status) return null;
  const waiting = 'Receipts wait and print when it is fixed.';
  if (status.coverOpen) return { severity: 'alert', text: `Printer cover open: close it. ${waiting}` };
  if (status.paper === 'out') return { severity: 'alert', text: `Printer out of paper: load a new roll. ${waiting}` };
  if (!status.online) {
    const why = status.error?.code === 'unavailable' ? 'the hardware service is not running' : 'check its power and cable';
    return { severity: 'alert', text: `Printer offline: ${why}. ${waiting}` };
  }
  if (status.paper === 'near-end') return { severity: 'status', text: 'Printer paper is running low: have a new roll ready.' };
  return null;
}

export function drawerMessage(result: Result<void>): DrawerOutcome {
  if (result.ok) return { state: 'opened', message: 'Drawer opened' };
  if (result.error.code === 'not-configured') return { state: 'none', message: 'No cash drawer is connected: open it with its key.' };
  return { state: 'failed', message: `Drawer did not open: ${reason(result.error)}` };
}

function reason(error: DeviceError): string {
  switch (error.code) {
    case 'cover-open':
      return 'the printer cover is open. Close it, then open the drawer again.';
    case 'paper-out':
      return 'the printer is out of paper (it drives the drawer). Load paper, then open the drawer again, or use the key.';
    case 'printer-offline':
    case 'timeout':
    case 'unavailable':
      return 'the printer that drives it does not answer. Check it, then open the drawer again, or use the key.';
    default:
      return `${printerFailure(error)}. Open the drawer again, or use the key.`;
  }
}

/** Kick the drawer through the bridge and remember what happened (for the notice and its retry). */
export async function kickDrawer(bridge: DeviceBridge, reference?: string): Promise<DrawerOutcome> {
  useHardwareStore.setState({ kicking: true });
  let outcome: DrawerOutcome;
  try {
    outcome = drawerMessage(await bridge.openDrawer());
  } catch (error) {
    // Bridges resolve to Results; a throw is a bug, but the cashier still needs to know.
    console.error('openDrawer threw', error);
    outcome = { state: 'failed', message: 'Drawer did not open: the device bridge failed. Open it with the key.' };
  }
  if (reference !== undefined) outcome.reference = reference;
  useHardwareStore.setState({ drawer: outcome, kicking: false });
  if (outcome.state === 'failed') void refreshPrinterStatus(bridge);
  return outcome;
}

export async function refreshPrinterStatus(bridge: DeviceBridge): Promise<void> {
  const r = await bridge.printerStatus();
  if (r.ok) useHardwareStore.setState({ printer: r.value });
  else if (r.error.code !== 'not-configured') {
    useHardwareStore.setState({ printer: { printerId: '', online: false, paper: 'ok', coverOpen: false, error: r.error, checkedAt: Date.now() } });
  }
}

/** Follow the bridge's printer status and print jobs; returns the unsubscribe. */
export function watchHardware(bridge: DeviceBridge): () => void {
  const stops = [
    bridge.onPrinterStatus((status) => useHardwareStore.setState({ printer: status })),
    bridge.onPrintJob((job) => {
      const failed = useHardwareStore.getState().failedJob;
      if (job.state === 'failed') {
        // The banner shows plain words (printerWords); the driver's own text is for support.
        if (job.error) console.warn(`printer: ${job.reference ?? job.jobId} failed: ${job.error.code}: ${job.error.message}`);
        useHardwareStore.setState({ failedJob: job });
      } else if (job.state === 'printed' && failed && (job.reprintOf === failed.jobId || job.jobId === failed.jobId)) useHardwareStore.setState({ failedJob: null });
      // A job that cannot go out says why: ask the printer now rather than at the next poll.
      if (job.state === 'retrying' || job.state === 'failed') void refreshPrinterStatus(bridge);
    }),
  ];
  void refreshPrinterStatus(bridge);
  checkShell(globalThis as unknown as Record<string, unknown>, `served by ${globalThis.location?.origin ?? 'the server'}`).then(
    (check) => {
      if (check && !check.compatible) useHardwareStore.setState({ shellMismatch: check.message ?? 'Update the Aisle app on this till.' });
    },
    (error: unknown) => console.warn('shell handshake failed', error),
  );
  return () => {
    for (const stop of stops) stop();
    useHardwareStore.setState({ printer: null, failedJob: null, drawer: null, kicking: false, shellMismatch: null });
  };
}
