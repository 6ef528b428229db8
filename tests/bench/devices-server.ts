// The server side of `npm run bench -- devices`, forked as its own process so that its memory and
// event-loop delay are the server's alone (the simulated devices run in the bench process).
// Talks to the bench over IPC: sends {port} when listening; answers 'stats' with memory and the
// event-loop delay percentiles since the last 'reset'; 'codes' makes pairing codes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { migrate } from '../../sync-server/db/migrate.ts';
import { openPglite } from '../../sync-server/db/pglite-driver.ts';
import { openPostgres } from '../../sync-server/db/pg-driver.ts';
import { createPairingCode, type DeviceRole } from '../../sync-server/devices/pairing.ts';
import { buildServer } from '../../sync-server/http/server.ts';
import { addSite, seedDemo } from '../../sync-server/seed/demo-seed.ts';

export type ServerMessage =
  | { type: 'listening'; port: number; db: string }
  | { type: 'stores'; codes: string[] }
  | { type: 'codes'; codes: string[] }
  | { type: 'stats'; rss: number; heapUsed: number; external: number; eldP50: number; eldP99: number; eldMax: number };
export type BenchMessage = { type: 'stores'; count: number } | { type: 'codes'; role: DeviceRole; site: string; count: number } | { type: 'stats'; gc: boolean } | { type: 'reset' } | { type: 'stop' };

const send = (m: ServerMessage): void => void process.send?.(m);

// A fresh PostgreSQL database made by the bench (AISLE_BENCH_DB_URL), else PGlite in a temp dir.
const url = process.env.AISLE_BENCH_DB_URL;
const dir = url ? null : mkdtempSync(join(tmpdir(), 'aisle-bench-devices-'));
const db = url ? await openPostgres(url, 20) : await openPglite(dir as string);
await migrate(db);
await seedDemo(db, { products: 200 });
const app = await buildServer({ db, heartbeatMs: 15_000, rateLimits: { pair: { max: 100_000, timeWindow: 60_000 }, login: { max: 1000, timeWindow: 60_000 } } });
await app.listen({ port: 0, host: '127.0.0.1' });
const eld = monitorEventLoopDelay({ resolution: 10 });
eld.enable();

process.on('message', (raw: BenchMessage) => {
  void (async () => {
    if (raw.type === 'stores') {
      // A retailer's devices are spread over many stores, a few tills each.
      const codes = Array.from({ length: raw.count }, (_, i) => `BENCH${String(i + 1).padStart(4, '0')}`);
      await db.transaction(async (tx) => {
        for (const code of codes) await addSite(tx, code, `Bench store ${code}`, 'store', []);
      });
      send({ type: 'stores', codes });
    } else if (raw.type === 'codes') {
      const codes: string[] = [];
      for (let i = 0; i < raw.count; i++) codes.push((await createPairingCode(db, raw.role, raw.site)).code);
      send({ type: 'codes', codes });
    } else if (raw.type === 'reset') {
      eld.reset();
    } else if (raw.type === 'stats') {
      if (raw.gc && typeof globalThis.gc === 'function') globalThis.gc();
      const m = process.memoryUsage();
      send({ type: 'stats', rss: m.rss, heapUsed: m.heapUsed, external: m.external, eldP50: eld.percentile(50) / 1e6, eldP99: eld.percentile(99) / 1e6, eldMax: eld.max / 1e6 });
    } else if (raw.type === 'stop') {
      await app.close();
      await db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  })();
});
send({ type: 'listening', port: (app.server.address() as AddressInfo).port, db: db.kind });
