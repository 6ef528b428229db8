import { describe, expect, it } from 'vitest';
import { createScreenDeviceBridge } from './screen-device-bridge.ts';
import { HARDWARE_SERVICE_STORAGE_KEY, selectDeviceBridge, type SelectEnv } from './select-device-bridge.ts';

function env(hash = '', global: Record<string, unknown> = {}): SelectEnv & { store: Map<string, string>; replaced: string[] } {
  const store = new Map<string, string>();
  const replaced: string[] = [];
  return {
    global,
    location: { hash, pathname: '/till', search: '' },
    history: { replaceState: (_d, _u, url) => replaced.push(url) },
    storage: { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => store.set(k, v) },
    store,
    replaced,
  };
}

describe('device bridge selection', () => {
  it('uses the Electron preload bridge when present', () => {
    const exposed = createScreenDeviceBridge();
    expect(selectDeviceBridge(env('', { aisleDevices: exposed }))).toEqual({ bridge: exposed, kind: 'electron' });
  });

  it('uses the hardware service given in the fragment, remembers it, and clears the token from the address bar', () => {
    const e = env(`#aisle-hw=${encodeURIComponent('ws://127.0.0.1:8790/')}&aisle-hw-token=${'ab'.repeat(32)}`);
    expect(selectDeviceBridge(e).kind).toBe('hardware-service');
    expect(JSON.parse(e.store.get(HARDWARE_SERVICE_STORAGE_KEY) ?? '{}')).toEqual({ url: 'ws://127.0.0.1:8790/', token: 'ab'.repeat(32) });
    expect(e.replaced).toEqual(['/till']);
  });

  it('refuses a hardware service that is not on this machine', () => {
    expect(selectDeviceBridge(env(`#aisle-hw=${encodeURIComponent('ws://evil.example:8790/')}&aisle-hw-token=x`)).kind).toBe('screen');
  });

  it('falls back to the screen bridge', () => {
    expect(selectDeviceBridge(env()).kind).toBe('screen');
  });
});
