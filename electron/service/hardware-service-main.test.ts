import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualPrinter } from '../virtual/virtual-printer.ts';
import { runHardwareService } from './hardware-service-main.ts';

describe('standalone hardware service', () => {
  it('drives the printers from the settings file and prints a till URL with the token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aisle-hw-svc-'));
    const printer = await new VirtualPrinter().start();
    try {
      await writeFile(
        join(dir, 'aisle-settings.json'),
        JSON.stringify({
          serverUrl: 'http://127.0.0.1:8787',
          printers: [{ id: 'p', url: printer.url, columns: 42 }],
          scanners: { hid: false },
          hardwareService: { port: 18790 + Math.floor(Math.random() * 1000), allowedOrigins: ['http://127.0.0.1:8787'] },
        }),
      );
      const running = await runHardwareService({ dataDir: dir, env: {}, log: () => {} });
      try {
        expect(running.tillUrl).toMatch(/^http:\/\/127\.0\.0\.1:8787\/till#aisle-hw=ws%3A%2F%2F127\.0\.0\.1%3A\d+%2F&aisle-hw-token=[0-9a-f]{64}$/);
        expect(await running.host.testPrint()).toMatchObject({ ok: true });
        expect(await printer.waitForPrinted(1)).toHaveLength(1);
      } finally {
        await running.close();
      }
    } finally {
      await printer.stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    }
  });
});
