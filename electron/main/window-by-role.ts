// One app, three faces: the window shows the till, the scanner station or the reports according
// to the device's role, always with Electron's security defaults on.
import type { AisleSettings, DeviceRole } from '../settings/settings-schema.ts';
import type { WebPreferencesUsed, WindowOptionsUsed } from './electron-api.ts';

const PATHS: Record<DeviceRole, string> = { till: '/till', scanner: '/scanner', reports: '/reports' };
const TITLES: Record<DeviceRole, string> = { till: 'Aisle — Till', scanner: 'Aisle — Scanner station', reports: 'Aisle — Reports' };

/** Electron's security defaults, on for every window the shell makes (each adds its own preload, or none). */
export const SECURE_WEB_PREFERENCES: Omit<WebPreferencesUsed, 'preload'> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
};

export function windowUrlForRole(settings: Pick<AisleSettings, 'serverUrl' | 'role'>): string {
  return new URL(PATHS[settings.role], settings.serverUrl).toString();
}

export function windowOptions(settings: Pick<AisleSettings, 'role' | 'kiosk'>, preload: string): WindowOptionsUsed {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    title: TITLES[settings.role],
    show: false,
    kiosk: settings.kiosk,
    fullscreen: settings.kiosk,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: { preload, ...SECURE_WEB_PREFERENCES },
  };
}
