import { describe, expect, it, vi } from 'vitest';
import type { DeviceBridge } from '../shared/device-bridge.ts';
import { EventChannel } from '../shared/ipc-channels.ts';
import { FakeContextBridge, FakeIpcMain, FakeIpcRenderer, FakeWebContents } from './main/testing/fake-electron.ts';

const fakes = vi.hoisted(() => ({ state: null as null | { contextBridge: unknown; ipcRenderer: unknown } }));

vi.mock('electron', () => ({
  get contextBridge() {
    return fakes.state?.contextBridge;
  },
  get ipcRenderer() {
    return fakes.state?.ipcRenderer;
  },
}));

describe('preload', () => {
  it('exposes exactly the device bridge (window.aisleDevices) and the shell handshake (window.aisleShell) — no settings — with event payloads only', async () => {
    const contextBridge = new FakeContextBridge();
    const contents = new FakeWebContents();
    const ipcRenderer = new FakeIpcRenderer(new FakeIpcMain(), contents, 'http://127.0.0.1:8787/till');
    fakes.state = { contextBridge, ipcRenderer };
    await import('./preload.ts');
    expect(Object.keys(contextBridge.mainWorld)).toEqual(['aisleDevices', 'aisleShell']);
    expect(Object.keys(contextBridge.mainWorld.aisleShell as object)).toEqual(['hello']);
    const api = contextBridge.mainWorld.aisleDevices as DeviceBridge;
    expect(Object.keys(api).sort()).toEqual(
      ['listDevices', 'listJobs', 'onPrintJob', 'onPrinterStatus', 'onScan', 'openDrawer', 'printReceipt', 'printerStatus', 'reprint', 'testPrint'].sort(),
    );
    const seen: unknown[][] = [];
    const off = api.onScan((...args: unknown[]) => seen.push(args));
    contents.send(EventChannel.scan, { raw: '123', source: 'hid', at: 1 });
    off();
    contents.send(EventChannel.scan, { raw: '456', source: 'hid', at: 2 });
    expect(seen).toEqual([[{ raw: '123', source: 'hid', at: 1 }]]);
    expect(ipcRenderer.listenerCount(EventChannel.scan)).toBe(0);
    // No handler in main yet: still a Result, not a rejection.
    expect(await api.listDevices()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});
