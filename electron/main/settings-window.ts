// The device settings page ships with the shell, not with the server (issue 14 point 9): before,
// `settings:save` answered any script on the server's origin, which could re-point `serverUrl` to
// another host or add printers at any tcp://host:port. The page is served from the app bundle on
// a custom scheme, in its own window with its own preload; settings IPC answers only frames of
// that origin. It opens on the first start (no settings file yet) and with Ctrl+Shift+, (⌘⇧, on macOS).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BrowserWindowLike, ElectronMainApi, ProtocolLike, WebContentsLike } from './electron-api.ts';
import { SECURE_WEB_PREFERENCES } from './window-by-role.ts';

export const SETTINGS_SCHEME = 'aisle-settings';
export const SETTINGS_ORIGIN = `${SETTINGS_SCHEME}://app`;
export const SETTINGS_URL = `${SETTINGS_ORIGIN}/settings.html`;

const FILES: Readonly<Record<string, string>> = {
  '/settings.html': 'text/html; charset=utf-8',
  '/settings-page.js': 'text/javascript; charset=utf-8',
};

/**
 * `scheme://host` of a URL. (URL.origin is "null" for a scheme WHATWG does not know, so it
 * cannot compare custom-scheme origins.)
 */
export function schemeHost(raw: string): string | null {
  try {
    const url = new URL(raw);
    return `${url.protocol}//${url.host}`;
  } catch {
    return null;
  }
}

/** Must run before the app is ready: the scheme behaves like https (own origin, secure context). */
export function registerSettingsScheme(protocol: ProtocolLike): void {
  protocol.registerSchemesAsPrivileged([{ scheme: SETTINGS_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** The response for one request on the scheme: the page's two files from the bundle, nothing else. */
export async function settingsPageResponse(dir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  const type = schemeHost(requestUrl) === SETTINGS_ORIGIN ? FILES[url.pathname] : undefined;
  if (!type) return new Response('not found', { status: 404 });
  const body = await readFile(join(dir, url.pathname.slice(1)));
  return new Response(body, { headers: { 'content-type': type, 'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'" } });
}

export function serveSettingsPage(protocol: ProtocolLike, dir: string): void {
  protocol.handle(SETTINGS_SCHEME, (request) => settingsPageResponse(dir, request.url));
}

export function openSettingsWindow(electron: ElectronMainApi, settingsPreload: string): BrowserWindowLike {
  const win = new electron.BrowserWindow({
    width: 720,
    height: 640,
    minWidth: 480,
    minHeight: 480,
    title: 'Aisle — device settings',
    show: true,
    kiosk: false,
    fullscreen: false,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: { preload: settingsPreload, ...SECURE_WEB_PREFERENCES },
  });
  void win.loadURL(SETTINGS_URL);
  return win;
}

/** Ctrl+Shift+, (or ⌘⇧,) in a window opens the settings. */
export function onSettingsShortcut(contents: WebContentsLike, open: () => void): void {
  contents.on('before-input-event', (event, input) => {
    if (input.type === 'keyDown' && input.shift && (input.control || input.meta) && input.code === 'Comma') {
      event.preventDefault();
      open();
    }
  });
}
