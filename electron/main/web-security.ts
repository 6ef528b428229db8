// Locks down every web page the app shows: a strict Content-Security-Policy on every response,
// no navigation away from the app's origin, no new windows but the till's customer display, no
// <webview>, no permissions beyond persistent storage. The app's pages come from the Aisle server
// the settings name, over https with its pinned certificate (or plain http on this machine only).
import { X509Certificate } from 'node:crypto';
import { windowOpenVerdict } from './customer-display-window.ts';
import type { ScreenLike, SessionLike, WebContentsLike } from './electron-api.ts';

export function contentSecurityPolicy(serverUrl: string): string {
  const origin = new URL(serverUrl).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${origin}`,
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

const ALLOWED_PERMISSIONS = new Set(['persistent-storage', 'clipboard-sanitized-write']);

export function installSessionSecurity(session: SessionLike, serverUrl: string, log: (m: string) => void, pinnedFingerprint?: string): void {
  // The server's own host: its certificate must be the pinned one (a self-signed certificate
  // cannot chain to an authority). Other hosts, and an unpinned server, get Chromium's checks.
  const serverHost = new URL(serverUrl).hostname.replace(/^\[|\]$/g, '');
  session.setCertificateVerifyProc((request, callback) => {
    if (!pinnedFingerprint || request.hostname.replace(/^\[|\]$/g, '') !== serverHost) return callback(-3);
    const presented = certificateFingerprintOf(request.certificate.data);
    if (presented === pinnedFingerprint) return callback(0);
    log(`refused the server's certificate ${presented ?? '(unreadable)'}: the pinned one is ${pinnedFingerprint}`);
    callback(-2);
  });
  const csp = contentSecurityPolicy(serverUrl);
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(details.responseHeaders ?? {})) {
      if (k.toLowerCase() !== 'content-security-policy') headers[k] = v;
    }
    headers['Content-Security-Policy'] = [csp];
    callback({ responseHeaders: headers });
  });
  session.setPermissionRequestHandler((_wc, permission, callback) => {
    const granted = ALLOWED_PERMISSIONS.has(permission);
    if (!granted) log(`denied permission request: ${permission}`);
    callback(granted);
  });
}

/** `screen` places the customer display; without it every new window is denied. */
export function hardenWebContents(contents: WebContentsLike, serverUrl: string, log: (m: string) => void, screen: ScreenLike | null = null): void {
  const origin = new URL(serverUrl).origin;
  for (const kind of ['will-navigate', 'will-redirect'] as const) {
    contents.on(kind, (event, url) => {
      if (!sameOrigin(url, origin)) {
        event.preventDefault();
        log(`blocked ${kind === 'will-navigate' ? 'navigation' : 'redirect'} to ${url}`);
      }
    });
  }
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    const verdict = windowOpenVerdict(url, origin, screen);
    log(verdict.action === 'allow' ? `opened the customer display ${url}` : `blocked new window for ${url}`);
    return verdict;
  });
}

export function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch (e) {
    if (e instanceof TypeError) return false;
    throw e;
  }
}

/** SHA-256 fingerprint ("AB:CD:…") of a PEM certificate, or null when it cannot be read. */
export function certificateFingerprintOf(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}
