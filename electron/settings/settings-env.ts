// Environment overrides for development and `npm start`: the server the window loads, the role
// and a printer address, without editing the settings file.
import { parseSettings, type AisleSettings } from './settings-schema.ts';

export function applyEnvOverrides(settings: AisleSettings, env: NodeJS.ProcessEnv): AisleSettings {
  const next: AisleSettings = structuredClone(settings);
  if (env.AISLE_SERVER_URL) {
    next.serverUrl = env.AISLE_SERVER_URL;
  }
  if (env.AISLE_SERVER_CERT) next.serverCertificate = env.AISLE_SERVER_CERT;
  if (env.AISLE_UPDATE_URL) next.updates = { url: env.AISLE_UPDATE_URL };
  if (env.AISLE_ROLE) next.role = env.AISLE_ROLE as AisleSettings['role'];
  if (env.AISLE_PRINTER_URL) {
    const url = env.AISLE_PRINTER_URL;
    next.printers = [
      { id: 'env-printer', name: 'Printer from AISLE_PRINTER_URL', url, columns: 42, drawer: { pin: 2, onMs: 50, offMs: 500 }, status: true },
      ...next.printers.filter((p) => p.id !== 'env-printer'),
    ];
    next.defaultPrinterId = 'env-printer';
  }
  // Validate the result as if it came from the file: a bad override fails loudly.
  return parseSettings(next);
}
