// The device bridge: the one typed interface through which the renderer reaches hardware
// (receipt printer, cash drawer, scanners). Implemented by the Electron preload (IPC), by the
// browser client of the local hardware service (WebSocket) and by a screen-only fallback; the
// renderer never knows which one it has. Platform-free: types and tiny pure helpers only.
import type { Receipt } from './receipt/receipt-model.ts';

/** Error codes any bridge implementation may return. */
export type DeviceErrorCode =
  | 'printer-offline' // no answer from the printer (network down, unplugged, powered off)
  | 'paper-out'
  | 'cover-open'
  | 'timeout'
  | 'not-configured' // no printer/drawer configured on this device
  | 'not-found' // e.g. reprint of an unknown job id
  | 'bad-request' // malformed receipt or options
  | 'unauthorized' // hardware service refused the token or origin
  | 'unavailable' // the bridge itself is down (service not running, IPC gone)
  | 'transport' // any other I/O failure
  | 'internal';

export interface DeviceError {
  code: DeviceErrorCode;
  message: string;
}

export type Failure = { ok: false; error: DeviceError };

/** Every bridge call resolves (never rejects) to one of these. */
export type Result<T> = { ok: true; value: T } | Failure;

export const ok = <T>(value: T): { ok: true; value: T } => ({ ok: true, value });
export const fail = (code: DeviceErrorCode, message: string): Failure => ({ ok: false, error: { code, message } });

export interface PrintOptions {
  /** Printer id from `listDevices()`; the configured default printer when omitted. */
  printerId?: string;
  /** Number of copies (default 1). */
  copies?: number;
  /** Kick the cash drawer after the receipt (cash sales). */
  openDrawer?: boolean;
  /** Caller's reference shown with the job, e.g. the sale id or receipt number. */
  reference?: string;
}

/** queued → printing → printed; printing → retrying → printing …; → failed after the last retry. */
export type PrintJobState = 'queued' | 'printing' | 'retrying' | 'printed' | 'failed';

export interface PrintJob {
  jobId: string;
  printerId: string;
  state: PrintJobState;
  /** Attempts made so far (0 while queued). */
  attempts: number;
  reference?: string;
  /** Set while retrying and when failed: why the last attempt failed. */
  error?: DeviceError;
  /** Epoch milliseconds. */
  createdAt: number;
  updatedAt: number;
  /** For jobs made by `reprint`: the original job id. */
  reprintOf?: string;
}

export type PaperState = 'ok' | 'near-end' | 'out';

/** What DLE EOT (or the transport) says about a printer. */
export interface PrinterStatus {
  printerId: string;
  online: boolean;
  paper: PaperState;
  coverOpen: boolean;
  /** Drawer sensor level, when the printer reports it. */
  drawerOpen?: boolean;
  /** Why `online` is false, when known. */
  error?: DeviceError;
  /** Epoch milliseconds. */
  checkedAt: number;
}

export type DeviceKind = 'printer' | 'scanner' | 'drawer';
export type DeviceTransport = 'tcp' | 'usb' | 'hid' | 'serial' | 'wedge' | 'virtual' | 'screen';

export interface DeviceInfo {
  id: string;
  kind: DeviceKind;
  transport: DeviceTransport;
  /** Human name, e.g. "Epson TM-T20III (tcp://192.168.1.40:9100)". */
  name: string;
  connected: boolean;
  /** Printers: paper width in characters of font A. */
  columns?: 32 | 42 | 48;
}

export type ScanSource = 'wedge' | 'hid' | 'serial' | 'virtual';

/** One barcode read, whatever device it came from. */
export interface ScanEvent {
  /** The data as read, AIM symbology prefix (e.g. "]C1") included when the scanner sends one. */
  raw: string;
  source: ScanSource;
  /** Epoch milliseconds. */
  at: number;
  /** The reading device's id from `listDevices()`, when known. */
  deviceId?: string;
}

export interface DrawerOptions {
  /** Drawer kick connector pin: 2 (ESC p 0) or 5 (ESC p 1). Default from settings. */
  pin?: 2 | 5;
}

export type Unsubscribe = () => void;

export interface DeviceBridge {
  /** Queue a receipt; resolves as soon as it is queued (never waits for paper). */
  printReceipt(receipt: Receipt, opts?: PrintOptions): Promise<Result<PrintJob>>;
  /** Print an earlier job's receipt again (a new job, `reprintOf` set). */
  reprint(jobId: string): Promise<Result<PrintJob>>;
  /** Recent jobs, newest first. */
  listJobs(): Promise<Result<PrintJob[]>>;
  /** Queue a short self-test receipt (€, accents, QR, cut). */
  testPrint(printerId?: string): Promise<Result<PrintJob>>;
  openDrawer(opts?: DrawerOptions): Promise<Result<void>>;
  printerStatus(printerId?: string): Promise<Result<PrinterStatus>>;
  listDevices(): Promise<Result<DeviceInfo[]>>;
  onScan(listener: (event: ScanEvent) => void): Unsubscribe;
  onPrinterStatus(listener: (status: PrinterStatus) => void): Unsubscribe;
  /** Every state change of every job (for the cashier's "receipt failed — retry" banner). */
  onPrintJob(listener: (job: PrintJob) => void): Unsubscribe;
}

// ---- Device settings (Electron only: `window.aisleSettings`) ----

export type DeviceRole = 'till' | 'scanner' | 'reports';

export interface DrawerWiring {
  pin: 2 | 5;
  onMs: number;
  offMs: number;
}

export interface PrinterConfig {
  id: string;
  name: string;
  /** "tcp://host[:port]" or "usb://VVVV:PPPP" (hex vendor and product id). */
  url: string;
  columns: 32 | 42 | 48;
  drawer: DrawerWiring;
  /** Ask DLE EOT before and after each job (turn off for printers that never answer). */
  status: boolean;
}

export interface DeviceSettings {
  role: DeviceRole;
  serverUrl: string;
  kiosk: boolean;
  printers: PrinterConfig[];
  defaultPrinterId: string | null;
  scanners: { hid: boolean; serial: { path: string; baudRate: number }[] };
  hardwareService: { port: number; allowedOrigins: string[] };
  /** Auto-update feed (electron-updater, generic provider); absent = auto-update off. */
  updates?: { url: string; channel?: string };
  /**
   * SHA-256 fingerprint of the server's TLS certificate ("AB:CD:…", as shown with the pairing
   * code): the shell accepts the server only with this certificate (a self-signed one pinned at
   * pairing). Absent: the certificate must chain to a trusted authority.
   */
  serverCertificate?: string;
}

export interface DeviceSettingsBridge {
  getSettings(): Promise<Result<DeviceSettings>>;
  /** Validates and stores the settings, then restarts the app to apply them. */
  saveSettings(settings: DeviceSettings): Promise<Result<DeviceSettings>>;
}

// ---- Shell handshake (Electron only: `window.aisleShell`) ----
// The renderer is served by the sync server and updates with it; the shell (main + preload) is
// installed on the till and updates on its own schedule. They agree on the device-bridge
// contract's version before the till relies on it; the WebSocket bridge does the same through its
// sub-protocol (`aisle-hw.v1`).

/** Version of the device-bridge contract (channels and payloads) this code speaks. */
export const DEVICE_BRIDGE_PROTOCOL = 1;

export interface RendererHello {
  protocol: number;
  /** The served app's version, for the shell's log. */
  appVersion: string;
}

export interface ShellHello {
  protocol: number;
  /** The installed app's version (app.getVersion()). */
  shellVersion: string;
}

export interface ShellBridge {
  hello(renderer: RendererHello): Promise<Result<ShellHello>>;
}

/** Whether a shell and a renderer can work together, and what to tell the cashier if not. */
export function shellCompatibility(shell: ShellHello | null, rendererProtocol: number): { compatible: boolean; message?: string } {
  // A shell from before the handshake speaks protocol 1.
  const protocol = shell?.protocol ?? 1;
  const version = shell ? `version ${shell.shellVersion}` : 'an older version';
  if (protocol === rendererProtocol) return { compatible: true };
  if (protocol < rendererProtocol) {
    return { compatible: false, message: `This till's Aisle app (${version}) is older than the server's pages: printing and the drawer may not work. Install the update.` };
  }
  return { compatible: false, message: `This till's Aisle app (${version}) is newer than the server's pages: update the server, or reload.` };
}
