// Everything `npm start` needs for hardware without hardware: a virtual network printer (with a
// page showing every receipt and a virtual-scanner form), the hardware host driving it over real
// TCP, and the hardware service that browser tills connect to with the per-install token.
import { HardwareHost } from '../hardware/hardware-host.ts';
import { HardwareService } from '../service/hardware-service.ts';
import { loadOrCreateToken } from '../service/service-token.ts';
import { VirtualPrinter } from './virtual-printer.ts';
import { VirtualScanner } from './virtual-scanner.ts';

export interface DevHardwareOptions {
  /** The token file lives here (npm start: AISLE_DATA_DIR). */
  dataDir: string;
  /** Origins of the pages allowed to use the hardware service (the sync server's URL). */
  appOrigins: string[];
  /** Hardware service port (default 8790; a free port if taken). */
  servicePort?: number;
  /** Virtual printer page port (default 8791; a free port if taken). */
  printerPagePort?: number;
  columns?: 32 | 42 | 48;
  log?: (message: string) => void;
}

export interface DevHardware {
  printer: VirtualPrinter;
  scanner: VirtualScanner;
  host: HardwareHost;
  service: HardwareService;
  token: string;
  /** The virtual printer's page: every receipt as text, plus a scan form. */
  printerPageUrl: string;
  /** `url` with the fragment that points a browser till at the hardware service. */
  tillUrl(url: string): string;
  close(): Promise<void>;
}

async function withPortFallback<T>(start: (port: number) => Promise<T>, port: number, log: (m: string) => void, what: string): Promise<T> {
  try {
    return await start(port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
    log(`${what}: port ${String(port)} is in use, taking a free one`);
    return start(0);
  }
}

export async function startDevHardware(opts: DevHardwareOptions): Promise<DevHardware> {
  const log = opts.log ?? ((m: string) => console.log(`[hardware] ${m}`));
  const columns = opts.columns ?? 42;
  const scanner = new VirtualScanner();
  const printer = await withPortFallback(
    (httpPort) => new VirtualPrinter({ httpPort, columns, onInjectScan: (raw) => scanner.scan(raw) }).start(),
    opts.printerPagePort ?? 8791,
    log,
    'virtual printer page',
  );
  const host = await HardwareHost.create({
    printers: [{ id: 'virtual', name: 'Virtual printer', url: printer.url, columns, drawer: { pin: 2, onMs: 50, offMs: 500 }, status: true }],
    defaultPrinterId: 'virtual',
    scanSources: [scanner],
    statusPollMs: 1000,
    log,
  });
  const token = await loadOrCreateToken(opts.dataDir);
  const service = await withPortFallback(
    (port) => new HardwareService({ bridge: host, token, allowedOrigins: opts.appOrigins, port, log }).start(),
    opts.servicePort ?? 8790,
    log,
    'hardware service',
  );
  const printerPageUrl = printer.jobsUrl ?? '';
  return {
    printer,
    scanner,
    host,
    service,
    token,
    printerPageUrl,
    tillUrl: (url) => `${url}#aisle-hw=${encodeURIComponent(service.url)}&aisle-hw-token=${token}`,
    close: async () => {
      await service.stop();
      await host.close();
      await printer.stop();
    },
  };
}
