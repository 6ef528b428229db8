// Launches Chromium for end-to-end tests and benchmarks: Playwright's own browser when installed,
// else Debian's /usr/bin/chromium; fails loudly with the fix when neither exists.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

export class ChromiumNotFoundError extends Error {
  readonly code = 'chromium-not-found';
  constructor(tried: string[]) {
    super(
      `No Chromium found for the end-to-end tests (tried: ${tried.join(', ')}). ` +
        'Fix: `apt-get install -y chromium` (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
    this.name = 'ChromiumNotFoundError';
  }
}

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Path of the Chromium to launch. */
export function findChromium(): string {
  const tried: string[] = [];
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    tried.push(fromEnv);
    if (existsSync(fromEnv)) return fromEnv;
  }
  let playwrights: string | null = null;
  try {
    playwrights = chromium.executablePath();
  } catch (error) {
    // playwright-core throws when its browser registry has no entry for this platform.
    tried.push(`playwright (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
  }
  if (playwrights) {
    tried.push(playwrights);
    if (existsSync(playwrights)) return playwrights;
  }
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    tried.push(path);
    if (existsSync(path)) return path;
  }
  throw new ChromiumNotFoundError(tried);
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), headless: true, args: chromiumArgs, ...options });
}

/** A persistent profile (IndexedDB survives a browser restart): for offline and crash tests. */
export async function launchPersistentChromium(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1024, height: 768 },
  });
}

/**
 * Kills a persistent-profile Chromium the hard way (SIGKILL to every process of that profile), as a
 * power cut or a crashed till would: no unload handlers, no orderly IndexedDB shutdown. Resolves
 * once Playwright has seen the context go.
 */
export async function killChromium(context: BrowserContext, userDataDir: string): Promise<void> {
  const gone = new Promise<void>((resolve) => context.once('close', () => resolve()));
  const pids = execFileSync('pgrep', ['-f', '--', `--user-data-dir=${userDataDir}`], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
  if (pids.length === 0) throw new Error(`no Chromium process runs the profile ${userDataDir}`);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Exited together with its parent.
    }
  }
  await gone;
}
