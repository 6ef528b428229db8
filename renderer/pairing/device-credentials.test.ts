import { describe, expect, it } from 'vitest';
import { clearCredentials, CredentialsFormatError, loadCredentials, saveCredentials, type DeviceCredentials } from './device-credentials.ts';

function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

describe('device credentials', () => {
  it('round-trips, clears, and refuses malformed data with a named error', () => {
    const storage = memoryStorage();
    const creds: DeviceCredentials = { serverUrl: 'http://x', deviceId: 'd', token: 't', role: 'till', siteId: 's', pairedAt: '2026-01-01T00:00:00Z' };
    expect(loadCredentials(storage)).toBeNull();
    saveCredentials(creds, storage);
    expect(loadCredentials(storage)).toEqual(creds);
    clearCredentials(storage);
    expect(loadCredentials(storage)).toBeNull();
    storage.setItem('aisle.device', JSON.stringify({ deviceId: 'd' }));
    expect(() => loadCredentials(storage)).toThrow(CredentialsFormatError);
  });
});

describe('durable device credentials', () => {
  it('keeps a committed copy in IndexedDB that a start-up without the localStorage cache restores, and erases it', async () => {
    const { IDBFactory } = await import('fake-indexeddb');
    const { erasePersistedCredentials, persistCredentials, readPersistedCredentials } = await import('./durable-credentials.ts');
    const factory = new IDBFactory();
    const creds: DeviceCredentials = { serverUrl: 'http://x', deviceId: 'd', token: 't', role: 'scanner', siteId: 's', pairedAt: '2026-01-01T00:00:00Z' };
    expect(await readPersistedCredentials(factory)).toBeNull();
    await persistCredentials(creds, factory);
    expect(await readPersistedCredentials(factory)).toEqual(creds);
    await erasePersistedCredentials(factory);
    expect(await readPersistedCredentials(factory)).toBeNull();
  });
});
