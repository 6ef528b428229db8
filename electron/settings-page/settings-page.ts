// The shell's settings page (electron/main/settings-window.ts): reads the device settings through
// `window.aisleSettings` (the settings window's preload), edits role, server, pinned certificate
// and kiosk mode, keeps every other setting as it is, and shows the shell's refusal verbatim (it
// names the field and the fix). Plain DOM: the page ships inside the shell and must stay small.
import type { DeviceSettings, DeviceSettingsBridge } from '../../shared/device-bridge.ts';

declare global {
  interface Window {
    aisleSettings?: DeviceSettingsBridge;
  }
}

function field<T extends HTMLElement>(form: HTMLFormElement, name: string): T {
  const el = form.elements.namedItem(name);
  if (!el) throw new Error(`settings page: no field ${name}`);
  return el as unknown as T;
}

function say(text: string, kind: 'alert' | 'status'): void {
  const message = document.getElementById('message');
  if (!message) return;
  message.setAttribute('role', kind);
  message.textContent = text;
}

async function start(): Promise<void> {
  const form = document.getElementById('settings') as HTMLFormElement | null;
  const bridge = window.aisleSettings;
  if (!form) return;
  if (!bridge) return say('This page works only inside the Aisle app.', 'alert');
  const loaded = await bridge.getSettings();
  if (!loaded.ok) return say(`The settings could not be read: ${loaded.error.message}`, 'alert');
  let current: DeviceSettings = loaded.value;
  field<HTMLSelectElement>(form, 'role').value = current.role;
  field<HTMLInputElement>(form, 'serverUrl').value = current.serverUrl;
  field<HTMLInputElement>(form, 'serverCertificate').value = current.serverCertificate ?? '';
  field<HTMLInputElement>(form, 'kiosk').checked = current.kiosk;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const fingerprint = field<HTMLInputElement>(form, 'serverCertificate').value.trim();
    const { serverCertificate: _old, ...rest } = current;
    const next: DeviceSettings = {
      ...rest,
      role: field<HTMLSelectElement>(form, 'role').value as DeviceSettings['role'],
      serverUrl: field<HTMLInputElement>(form, 'serverUrl').value.trim(),
      kiosk: field<HTMLInputElement>(form, 'kiosk').checked,
      ...(fingerprint ? { serverCertificate: fingerprint } : {}),
    };
    say('Saving…', 'status');
    void bridge.saveSettings(next).then((saved) => {
      if (!saved.ok) return say(saved.error.message, 'alert');
      current = saved.value;
      say('Saved. Aisle restarts with the new settings.', 'status');
    });
  });
}

void start();
