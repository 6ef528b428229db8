// The hardware service on its own, for a till that runs in a browser on a machine with a printer:
//   npx tsx electron/service/hardware-service-main.ts      (settings and token in AISLE_DATA_DIR, default ./data)
// It reads the same settings file as the Electron app, drives the same printers and scanners, and
// prints the till URL that hands the browser the service address and token.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HardwareHost, hostOptionsFromSettings } from '../hardware/hardware-host.ts';
import { FileJobStore } from '../hardware/printing/job-store.ts';
import { scanSourcesFromSettings } from '../hardware/scanners/scan-sources-from-settings.ts';
import { applyEnvOverrides } from '../settings/settings-env.ts';
import { SettingsStore } from '../settings/settings-store.ts';
import { HardwareService } from './hardware-service.ts';
import { loadOrCreateToken } from './service-token.ts';

export interface RunningHardwareService {
  service: HardwareService;
  host: HardwareHost;
  /** The till page URL carrying the service address and token in its fragment. */
  tillUrl: string;
  close(): Promise<void>;
}

export async function runHardwareService(opts: { dataDir: string; env?: NodeJS.ProcessEnv; log?: (m: string) => void }): Promise<RunningHardwareService> {
  const log = opts.log ?? ((m: string) => console.log(`[hardware service] ${m}`));
  const settings = applyEnvOverrides(await SettingsStore.inDir(opts.dataDir).load(), opts.env ?? process.env);
  const scanSources = await scanSourcesFromSettings(settings.scanners, log);
  const jobStore = new FileJobStore(join(opts.dataDir, 'print-jobs.json'));
  const host = await HardwareHost.create({ ...hostOptionsFromSettings(settings), scanSources, jobStore, log });
  const token = await loadOrCreateToken(opts.dataDir);
  const service = await new HardwareService({
    bridge: host,
    token,
    allowedOrigins: settings.hardwareService.allowedOrigins,
    port: settings.hardwareService.port,
    log,
  }).start();
  const tillUrl = `${new URL('/till', settings.serverUrl).toString()}#aisle-hw=${encodeURIComponent(service.url)}&aisle-hw-token=${token}`;
  return {
    service,
    host,
    tillUrl,
    close: async () => {
      await service.stop();
      await host.close();
    },
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const running = await runHardwareService({ dataDir: process.env.AISLE_DATA_DIR ?? './data' });
  console.log(`Hardware service on ${running.service.url}\nOpen the till at:\n  ${running.tillUrl}`);
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
