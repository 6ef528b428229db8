// Auto-update of the installed shell with electron-updater's generic provider: any static HTTP(S)
// directory holding what `npm run dist` produced (latest.yml / latest-linux.yml / latest-mac.yml
// and the installers). Off unless the settings name a feed (`updates.url`): a till is never
// pointed at an update server by default. Updates download in the background and install when the
// app quits (end of day, or a restart) — never in the middle of a sale.
import type { AisleSettings } from '../settings/settings-schema.ts';

/** The slice of electron-updater's AppUpdater used here (tests pass a fake). */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string; channel?: string }): void;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface AutoUpdateOptions {
  /** Loads the updater only when a feed is configured (electron-updater needs Electron). */
  load: () => Promise<UpdaterLike>;
  /** How often to look again (default every 4 hours). */
  checkEveryMs?: number;
  log: (message: string) => void;
}

export interface AutoUpdateHandle {
  stop(): void;
  /** The first check (tests wait for it). */
  firstCheck: Promise<void>;
}

/** Starts auto-update when `settings.updates.url` is set; returns null (and says so) otherwise. */
export async function startAutoUpdate(settings: Pick<AisleSettings, 'updates'>, opts: AutoUpdateOptions): Promise<AutoUpdateHandle | null> {
  const feed = settings.updates;
  if (!feed?.url) {
    opts.log('auto-update off (no updates.url in the settings)');
    return null;
  }
  const updater = await opts.load();
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.setFeedURL({ provider: 'generic', url: feed.url, ...(feed.channel ? { channel: feed.channel } : {}) });
  updater.on('update-downloaded', (info) => opts.log(`update ${info.version} downloaded; it installs when the app next quits`));
  // No network at the till is normal: say it and try again later.
  updater.on('error', (e) => opts.log(`auto-update: ${e.message}`));
  const check = async (): Promise<void> => {
    try {
      await updater.checkForUpdates();
    } catch (e) {
      // A failed check (offline till, feed down) must never stop the shell: log it; the next interval retries.
      opts.log(`auto-update check failed: ${(e as Error).message}`);
    }
  };
  opts.log(`auto-update from ${feed.url}${feed.channel ? ` (channel ${feed.channel})` : ''}`);
  const firstCheck = check();
  const timer = setInterval(() => void check(), opts.checkEveryMs ?? 4 * 60 * 60 * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), firstCheck };
}
