import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ScanEvent } from '../../shared/device-bridge.ts';
import { createWsDeviceBridge, type WebSocketCtor } from '../../renderer/device-bridge/ws-device-bridge.ts';
import { hardwareServiceAddress } from '../../renderer/device-bridge/select-device-bridge.ts';
import { TOKEN_FILE } from '../service/service-token.ts';
import { startDevHardware, type DevHardware } from './dev-hardware.ts';

const ORIGIN = 'http://127.0.0.1:8787';
const browserAt = (origin: string): WebSocketCtor =>
  class extends WebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin });
    }
  } as unknown as WebSocketCtor;

describe('npm start hardware (virtual printer + hardware service)', () => {
  let dir = '';
  let dev: DevHardware | null = null;
  afterEach(async () => {
    await dev?.close();
    dev = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('a receipt printed from a browser till shows up on the virtual printer page; scans from the page reach the till', async () => {
    dir = await mkdtemp(join(tmpdir(), 'aisle-dev-hw-'));
    dev = await startDevHardware({ dataDir: dir, appOrigins: [ORIGIN], servicePort: 0, printerPagePort: 0, log: () => {} });
    expect((await stat(join(dir, TOKEN_FILE))).mode & 0o077).toBe(0);

    // The till page learns the service from the URL npm start prints.
    const tillUrl = new URL(dev.tillUrl(`${ORIGIN}/till`));
    const address = hardwareServiceAddress({ global: {}, location: { hash: tillUrl.hash, pathname: '/till', search: '' } });
    if (!address) throw new Error('no hardware service address in the till URL');
    const bridge = createWsDeviceBridge({ ...address, WebSocketImpl: browserAt(ORIGIN), reconnectMs: 0 });

    const r = await bridge.printReceipt(
      { columns: 42, lines: [{ kind: 'text', text: 'Aisle demo store', align: 'center' }, { kind: 'text', text: 'TOTAL                              12,50 €', bold: true }, { kind: 'qr', data: 'AISLE:R:T1:T1-000001:x' }, { kind: 'cut' }] },
      { reference: 'T1-000001', openDrawer: true },
    );
    expect(r.ok).toBe(true);
    await dev.printer.waitForPrinted(1);
    const page = await (await fetch(dev.printerPageUrl)).text();
    expect(page).toContain('TOTAL                              12,50 €');
    expect(page).toContain('[QR AISLE:R:T1:T1-000001:x]');
    expect(page).toContain('drawer kick');

    const scans: ScanEvent[] = [];
    bridge.onScan((e) => scans.push(e));
    await new Promise((res) => setTimeout(res, 50));
    const posted = await fetch(new URL('/scan', dev.printerPageUrl), { method: 'POST', body: 'code=4006381333931', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(posted.status).toBe(303);
    await expect.poll(() => scans.map((s) => s.raw)).toEqual(['4006381333931']);

    // The page can take the paper away: the till sees the status and its job waits.
    await fetch(new URL('/fault', dev.printerPageUrl), { method: 'POST', body: 'fault=paper-out', headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
    expect(await bridge.printerStatus()).toMatchObject({ ok: true, value: { paper: 'out', online: false } });
    bridge.close();
  });
});
