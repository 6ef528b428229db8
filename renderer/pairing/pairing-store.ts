// Pairing: the first start asks for the server URL and a one-time code, redeems it
// (POST /api/devices/pair) and keeps the device credentials.
import { create } from 'zustand';
import { pairDevice, ServerApiError } from '../db/server-api.ts';
import { clearCredentials, CredentialsFormatError, loadCredentials, saveCredentials, type DeviceCredentials } from './device-credentials.ts';
import { forgetLastSync } from '../sync/sync-store.ts';
import { erasePersistedCredentials, persistCredentials, readPersistedCredentials } from './durable-credentials.ts';

/** Stored credentials, or null (and a logged reason) when they are unreadable: the till asks to pair again. */
function initialCredentials(): DeviceCredentials | null {
  try {
    return loadCredentials();
  } catch (error) {
    if (!(error instanceof CredentialsFormatError) && !(error instanceof SyntaxError)) throw error;
    console.error('device credentials unreadable; pairing again', error);
    return null;
  }
}

/** Why pairing failed, for the person holding the device. */
function pairingRefusal(error: ServerApiError): string {
  if (error.code === 'offline') return 'The server does not answer. Check the URL and the network.';
  if (error.reason === 'invalid_code') return 'That code is unknown or already used. Codes work once and expire: ask for a new one.';
  return `Pairing refused (${error.code}). Check the code; codes are single-use and expire.`;
}

interface PairingState {
  credentials: DeviceCredentials | null;
  /** True while a start-up without cached credentials looks for the durable copy. */
  restoring: boolean;
  busy: boolean;
  error: string | null;
  pair(serverUrl: string, code: string, name: string): Promise<void>;
  unpair(): void;
}

const cached = initialCredentials();

export const usePairingStore = create<PairingState>((set) => ({
  credentials: cached,
  restoring: cached === null && typeof indexedDB !== 'undefined',
  busy: false,
  error: null,
  async pair(serverUrl, code, name) {
    set({ busy: true, error: null });
    try {
      const res = await pairDevice(serverUrl, code.trim(), name);
      const credentials: DeviceCredentials = { serverUrl: serverUrl.replace(/\/+$/, ''), ...res, pairedAt: new Date().toISOString() };
      // Paired only once the durable copy is committed: a till killed right after must not forget it.
      await persistCredentials(credentials);
      saveCredentials(credentials);
      set({ credentials, busy: false });
    } catch (error) {
      const message = error instanceof ServerApiError ? pairingRefusal(error) : String(error);
      set({ busy: false, error: message });
    }
  },
  unpair() {
    clearCredentials();
    forgetLastSync();
    set({ credentials: null });
    erasePersistedCredentials().catch((error: unknown) => console.error('could not erase the stored device credentials', error));
  },
}));

// No cached credentials: the browser may have been killed before localStorage reached the disk.
if (cached === null && typeof indexedDB !== 'undefined') {
  readPersistedCredentials()
    .then((credentials) => {
      if (credentials) saveCredentials(credentials);
      usePairingStore.setState((s) => ({ restoring: false, credentials: s.credentials ?? credentials }));
    })
    .catch((error: unknown) => {
      console.error('could not read the stored device credentials', error);
      usePairingStore.setState({ restoring: false });
    });
} else if (cached !== null && typeof indexedDB !== 'undefined') {
  // Devices paired before the durable copy existed get one now.
  persistCredentials(cached).catch((error: unknown) => console.error('could not store the device credentials', error));
}
