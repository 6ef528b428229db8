// What `npm run dist` says when it cannot download Electron. electron-builder fetches the Electron
// runtime for each target from GitHub (through @electron/get); on an offline build machine that
// ends in a raw `RequestError: getaddrinfo ENOTFOUND github.com` stack. This turns it into the fix.

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENETUNREACH', 'EHOSTUNREACH', 'CERT_HAS_EXPIRED', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

/** The network error code anywhere in an error's message, code or cause chain, or null. */
export function networkErrorCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e && depth < 8; depth += 1) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const inMessage = typeof message === 'string' ? [...NETWORK_CODES].find((c) => message.includes(c)) : undefined;
    if (inMessage) return inMessage;
    e = cause;
  }
  return null;
}

export interface DistContext {
  electronVersion: string;
  platform: string;
  arch: string;
}

/** The message for a dist that failed for lack of network, or null for any other failure. */
export function explainDistFailure(error: unknown, ctx: DistContext): string | null {
  const code = networkErrorCode(error);
  if (!code) return null;
  const detail = error instanceof Error ? error.message : String(error);
  const zip = `electron-v${ctx.electronVersion}-${ctx.platform}-${ctx.arch}.zip`;
  return [
    `npm run dist could not download the Electron runtime (${detail}).`,
    `electron-builder needs Electron ${ctx.electronVersion} for ${ctx.platform}-${ctx.arch}; npm install does not provide it and this machine has no route to GitHub (${code}).`,
    '',
    'Fix it one of these ways:',
    `  1. A mirror you can reach:      ELECTRON_MIRROR=https://your-mirror/electron/ npm run dist`,
    `     (the mirror serves <version>/${zip}, e.g. a copy of https://github.com/electron/electron/releases)`,
    `  2. Electron already on disk:    ELECTRON_DIST=/path/to/dir npm run dist`,
    `     (sets electron-builder's electronDist: a directory holding ${zip},`,
    `      or an unpacked Electron; ELECTRON_OVERRIDE_DIST_PATH, as used by npm start, works too)`,
    '  3. Build on a machine with network access, or fill the cache: ~/.cache/electron/ (Linux),',
    '     ~/Library/Caches/electron/ (macOS), %LOCALAPPDATA%\\electron\\Cache (Windows).',
    '',
    'NSIS (Windows) and AppImage targets also download their tools once: ELECTRON_BUILDER_BINARIES_MIRROR points at a mirror of them.',
    'See docs/hardware.md, "Packaging".',
  ].join('\n');
}

/** electronDist from the environment: ELECTRON_DIST, else ELECTRON_OVERRIDE_DIST_PATH. */
export function electronDistFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.ELECTRON_DIST || env.ELECTRON_OVERRIDE_DIST_PATH || undefined;
}
