import { describe, expect, it } from 'vitest';
import { DEVICE_BRIDGE_PROTOCOL, ok, type RendererHello } from '../../shared/device-bridge.ts';
import { checkShell } from './shell-handshake.ts';

describe('renderer ↔ Electron shell version handshake', () => {
  const devices = { printReceipt: () => undefined };

  it('says hello with its protocol and version, and accepts a shell speaking the same protocol', async () => {
    const seen: RendererHello[] = [];
    const aisleShell = { hello: async (r: RendererHello) => (seen.push(r), ok({ protocol: DEVICE_BRIDGE_PROTOCOL, shellVersion: '1.4.0' })) };
    expect(await checkShell({ aisleDevices: devices, aisleShell }, '0.9.0')).toEqual({ compatible: true, shell: { protocol: DEVICE_BRIDGE_PROTOCOL, shellVersion: '1.4.0' } });
    expect(seen).toEqual([{ protocol: DEVICE_BRIDGE_PROTOCOL, appVersion: '0.9.0' }]);
  });

  it('tells the cashier to install the update when the page is newer than the shell, or the shell predates the handshake', async () => {
    const aisleShell = { hello: async () => ok({ protocol: 1, shellVersion: '1.0.0' }) };
    const newer = await checkShell({ aisleDevices: devices, aisleShell }, '2.0.0', 2);
    expect(newer).toMatchObject({ compatible: false, message: expect.stringContaining('version 1.0.0) is older than the server') as string });
    const legacy = await checkShell({ aisleDevices: devices }, '2.0.0', 2);
    expect(legacy).toMatchObject({ compatible: false, message: expect.stringContaining('an older version') as string, shell: null });
    expect(await checkShell({ aisleDevices: devices }, '1.0.0', 1)).toMatchObject({ compatible: true });
  });

  it('does nothing outside Electron', async () => {
    expect(await checkShell({}, '1.0.0')).toBeNull();
  });
});
