// The device bridge contract through the local hardware service: the browser client
// (renderer/device-bridge/ws-device-bridge.ts) → WebSocket on 127.0.0.1 → HardwareHost.
// Plus what only this transport has: the token and the Origin allow-list.
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWsDeviceBridge, type WebSocketCtor, type WebSocketLike } from '../../renderer/device-bridge/ws-device-bridge.ts';
import { HARDWARE_SERVICE_PROTOCOL, HARDWARE_TOKEN_PROTOCOL_PREFIX } from '../../shared/ipc-channels.ts';
import { deviceBridgeContract } from '../bridge/testing/device-bridge-contract.ts';
import { HardwareHost } from '../hardware/hardware-host.ts';
import { HardwareService } from './hardware-service.ts';

const ORIGIN = 'http://127.0.0.1:8787';
const TOKEN = 'ab'.repeat(32);

/** The `ws` client as a browser would behave on a page at `origin`. */
function browserAt(origin: string): WebSocketCtor {
  return class extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
    }
  } as unknown as WebSocketCtor;
}

deviceBridgeContract('WebSocket hardware service', async (host) => {
  const service = await new HardwareService({ bridge: host, token: TOKEN, allowedOrigins: [ORIGIN] }).start();
  const bridge = createWsDeviceBridge({ url: service.url, token: TOKEN, WebSocketImpl: browserAt(ORIGIN), reconnectMs: 0 });
  return {
    bridge,
    teardown: async () => {
      bridge.close();
      await service.stop();
    },
  };
});

function handshake(url: string, protocols: string[], origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols, origin ? { origin } : {});
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

describe('hardware service access control', () => {
  async function withService(run: (service: HardwareService, logs: string[]) => Promise<void>): Promise<void> {
    const host = await HardwareHost.create({ printers: [], defaultPrinterId: null });
    const logs: string[] = [];
    const service = await new HardwareService({ bridge: host, token: TOKEN, allowedOrigins: [ORIGIN], log: (m) => logs.push(m) }).start();
    try {
      await run(service, logs);
    } finally {
      await service.stop();
      await host.close();
    }
  }

  it('listens on 127.0.0.1 only', async () => {
    await withService(async (service) => {
      expect(service.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/$/);
    });
  });

  it('accepts the right origin with the right token', async () => {
    await withService(async (service) => {
      expect(await handshake(service.url, [HARDWARE_SERVICE_PROTOCOL, HARDWARE_TOKEN_PROTOCOL_PREFIX + TOKEN], ORIGIN)).toBe(101);
    });
  });

  it('refuses a wrong token (401) and a missing one', async () => {
    await withService(async (service, logs) => {
      expect(await handshake(service.url, [HARDWARE_SERVICE_PROTOCOL, `${HARDWARE_TOKEN_PROTOCOL_PREFIX}${'cd'.repeat(32)}`], ORIGIN)).toBe(401);
      expect(await handshake(service.url, [HARDWARE_SERVICE_PROTOCOL], ORIGIN)).toBe(401);
      expect(logs.join('\n')).toContain('bad or missing token');
    });
  });

  it('refuses a page from another origin (403), even with the token, and a client with no origin', async () => {
    await withService(async (service) => {
      const protocols = [HARDWARE_SERVICE_PROTOCOL, HARDWARE_TOKEN_PROTOCOL_PREFIX + TOKEN];
      expect(await handshake(service.url, protocols, 'https://evil.example')).toBe(403);
      expect(await handshake(service.url, protocols, 'http://127.0.0.1:9999')).toBe(403);
      expect(await handshake(service.url, protocols)).toBe(403);
    });
  });

  it('the browser client turns a refusal into an `unavailable` result, not an exception', async () => {
    await withService(async (service) => {
      const wrongToken = createWsDeviceBridge({ url: service.url, token: 'cd'.repeat(32), WebSocketImpl: browserAt(ORIGIN), reconnectMs: 0 });
      expect(await wrongToken.listDevices()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      const wrongOrigin = createWsDeviceBridge({ url: service.url, token: TOKEN, WebSocketImpl: browserAt('https://evil.example'), reconnectMs: 0 });
      expect(await wrongOrigin.openDrawer()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      const right = createWsDeviceBridge({ url: service.url, token: TOKEN, WebSocketImpl: browserAt(ORIGIN), reconnectMs: 0 });
      expect(await right.listDevices()).toEqual({ ok: true, value: [] });
      right.close();
    });
  });

  it('answers unknown channels and malformed arguments with bad-request', async () => {
    await withService(async (service) => {
      const ws = new WebSocket(service.url, [HARDWARE_SERVICE_PROTOCOL, HARDWARE_TOKEN_PROTOCOL_PREFIX + TOKEN], { origin: ORIGIN }) as WebSocket & WebSocketLike;
      await new Promise((r) => ws.once('open', r));
      const ask = (msg: object): Promise<unknown> =>
        new Promise((resolve) => {
          ws.once('message', (d: Buffer) => {
            resolve(JSON.parse(d.toString()));
          });
          ws.send(JSON.stringify(msg));
        });
      expect(await ask({ type: 'request', id: 1, channel: 'fs:read', args: [] })).toMatchObject({ id: 1, result: { ok: false, error: { code: 'bad-request' } } });
      expect(await ask({ type: 'request', id: 2, channel: 'printer:reprint', args: [42] })).toMatchObject({ id: 2, result: { ok: false, error: { code: 'bad-request' } } });
      ws.close();
    });
  });
});

describe('browser client reconnection', () => {
  it('re-subscribes after the service restarts, and answers unavailable while it is down', async () => {
    const host = await HardwareHost.create({ printers: [], defaultPrinterId: null });
    const first = await new HardwareService({ bridge: host, token: TOKEN, allowedOrigins: [ORIGIN] }).start();
    const port = first.port;
    const bridge = createWsDeviceBridge({ url: first.url, token: TOKEN, WebSocketImpl: browserAt(ORIGIN), reconnectMs: 20 });
    const seen: string[] = [];
    bridge.onPrintJob((j) => seen.push(j.jobId));
    await expect.poll(() => bridge.connected()).toBe(true);
    await first.stop();
    await expect.poll(() => bridge.connected()).toBe(false);
    expect(await bridge.listDevices()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const second = await new HardwareService({ bridge: host, token: TOKEN, allowedOrigins: [ORIGIN], port }).start();
    await expect.poll(() => bridge.connected(), { timeout: 3000 }).toBe(true);
    expect(await bridge.listDevices()).toEqual({ ok: true, value: [] });
    bridge.close();
    await second.stop();
    await host.close();
  });
});
