// The customer display in the Electron shell. The till's "Open customer display" opens /display
// with window.open; that address, on the app's own origin, is the only new window the shell lets
// a page open (web-security.ts denies the rest). It goes full screen on the first screen that is
// not the primary one — the customer-facing monitor — or, with one screen, opens as a 1024×600
// window; it never takes the keyboard from the till. The page itself is the same as in a browser
// (renderer/display): it talks to its till window over a BroadcastChannel and uses no device bridge.
import { CUSTOMER_DISPLAY_PATH } from '../../shared/customer-display.ts';
import type { DisplayWindowOptions, RectangleLike, ScreenLike, WindowOpenHandlerResponse } from './electron-api.ts';
import { SECURE_WEB_PREFERENCES } from './window-by-role.ts';

/** True for the customer display page of a till on the app's origin. */
export function isCustomerDisplayUrl(url: string, origin: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (e) {
    if (e instanceof TypeError) return false;
    throw e;
  }
  return parsed.origin === origin && parsed.pathname === CUSTOMER_DISPLAY_PATH && /^[\w-]{1,100}$/.test(parsed.searchParams.get('till') ?? '');
}

/** Where the display goes: the second screen, whole, or a 1024×600 window on the only one. */
export function customerDisplayPlacement(screen: ScreenLike): RectangleLike & { fullscreen: boolean } {
  const primary = screen.getPrimaryDisplay();
  const second = screen.getAllDisplays().find((d) => d.id !== primary.id);
  if (second) return { ...second.bounds, fullscreen: true };
  return { x: primary.bounds.x + 40, y: primary.bounds.y + 40, width: 1024, height: 600, fullscreen: false };
}

export function customerDisplayWindowOptions(screen: ScreenLike): DisplayWindowOptions {
  return {
    ...customerDisplayPlacement(screen),
    // Scans are keystrokes: they must keep landing in the till's window, never on the display.
    focusable: false,
    title: 'Aisle — Customer display',
    autoHideMenuBar: true,
    backgroundColor: '#0f1722',
    webPreferences: { ...SECURE_WEB_PREFERENCES },
  };
}

/** The answer to a page's window.open: the customer display is allowed and placed, nothing else. */
export function windowOpenVerdict(url: string, origin: string, screen: ScreenLike | null): WindowOpenHandlerResponse {
  if (!screen || !isCustomerDisplayUrl(url, origin)) return { action: 'deny' };
  return { action: 'allow', overrideBrowserWindowOptions: customerDisplayWindowOptions(screen) };
}
