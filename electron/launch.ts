// Starting Electron from `npm start`. Electron's binary is not part of the npm package: it is
// fetched from GitHub the first time its path is asked for, which fails without internet. So
// resolving it is allowed to fail, and failure is an answer — "browser mode: open these URLs" —
// not a crash. ELECTRON_OVERRIDE_DIST_PATH points at an Electron already on the machine.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { buildElectronBundles } from './build-electron.ts';

export type ElectronResolution =
  | { mode: 'electron'; binary: string; via: 'override' | 'installed' | 'download' }
  | { mode: 'browser'; reason: string };

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Let the electron package download its binary if missing (default true; needs internet). */
  download?: boolean;
  downloadTimeoutMs?: number;
}

function electronPackageDir(): string | null {
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return null;
    throw e;
  }
}

/** Find an Electron binary without crashing; `mode: 'browser'` says why there is none. */
export function resolveElectron(opts: ResolveOptions = {}): ElectronResolution {
  const env = opts.env ?? process.env;
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidates = ['electron', 'electron.exe', 'Electron.app/Contents/MacOS/Electron'].map((f) => join(override, f));
    const binary = candidates.find((c) => existsSync(c));
    return binary
      ? { mode: 'electron', binary, via: 'override' }
      : { mode: 'browser', reason: `ELECTRON_OVERRIDE_DIST_PATH=${override} holds no Electron executable` };
  }
  const pkg = electronPackageDir();
  if (!pkg) return { mode: 'browser', reason: 'the electron package is not installed' };
  const pathFile = join(pkg, 'path.txt');
  if (existsSync(pathFile)) {
    const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(binary)) return { mode: 'electron', binary, via: 'installed' };
  }
  if (opts.download === false) return { mode: 'browser', reason: 'the Electron binary is not downloaded (download disabled)' };
  // require('electron') downloads the binary, and throws when it cannot: run it in a child so
  // neither the download's output nor its failure touches this process.
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    cwd: dirname(pkg),
    encoding: 'utf8',
    timeout: opts.downloadTimeoutMs ?? 600_000,
    env: { ...env, ELECTRON_RUN_AS_NODE: '' },
  });
  const binary = probe.stdout.trim();
  if (probe.status === 0 && binary && existsSync(binary)) return { mode: 'electron', binary, via: 'download' };
  const why = probe.error?.message ?? (probe.stderr.split('\n').find((l) => /Error|failed/i.test(l)) ?? `exit ${String(probe.status)}`);
  return { mode: 'browser', reason: `Electron binary unavailable (download failed: ${why.trim()})` };
}

export interface LaunchOptions {
  /** Server the window loads its page from, e.g. http://127.0.0.1:8787. */
  serverUrl: string;
  role?: 'till' | 'scanner' | 'reports';
  /** tcp://… printer for the window's hardware host (npm start: the virtual printer). */
  printerUrl?: string;
  resolve?: ResolveOptions;
}

export type LaunchResult = { mode: 'electron'; child: ChildProcess; binary: string } | { mode: 'browser'; reason: string };

/** What `npm start` calls: an Electron window if possible, else a reason to print with the URLs. */
export async function launchElectronOrBrowser(opts: LaunchOptions): Promise<LaunchResult> {
  const found = resolveElectron(opts.resolve);
  if (found.mode === 'browser') return found;
  const bundles = await buildElectronBundles();
  const env: NodeJS.ProcessEnv = { ...process.env, AISLE_SERVER_URL: opts.serverUrl };
  delete env.ELECTRON_RUN_AS_NODE;
  if (opts.role) env.AISLE_ROLE = opts.role;
  if (opts.printerUrl) env.AISLE_PRINTER_URL = opts.printerUrl;
  const child = spawn(found.binary, [bundles.main], { stdio: 'inherit', env });
  return { mode: 'electron', child, binary: found.binary };
}
