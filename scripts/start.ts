// `npm start`: the whole system on the embedded database (PROTOCOL.md "Commands"). Each step is a
// small function so later issues can add theirs (build the renderer, start the virtual printer,
// open Electron windows) without rewriting the others.
import { isLoopbackHost } from '../sync-server/cli/network-exposure.ts';
import { serve, type RunningServer } from '../sync-server/cli/serve.ts';
import type { Db } from '../sync-server/db/db.ts';
import { migrate } from '../sync-server/db/migrate.ts';
import { openDb } from '../sync-server/db/open-db.ts';
import { createPairingCode, pairingExpiryText } from '../sync-server/devices/pairing.ts';
import { isDatabaseEmpty, seedDemo } from '../sync-server/seed/demo-seed.ts';
import { launchElectronOrBrowser } from '../electron/launch.ts';
import { startDevHardware, type DevHardware } from '../electron/virtual/dev-hardware.ts';
import { buildRenderer } from './build-renderer.ts';

const port = Number(process.env.PORT || 8787);

/** Migrate and, on an empty database, seed the demo data. */
async function prepareDatabase(db: Db): Promise<void> {
  const applied = await migrate(db);
  if (applied.length) console.log(`Aisle: applied migrations ${applied.join(', ')}`);
  if (await isDatabaseEmpty(db)) {
    const started = Date.now();
    const result = await seedDemo(db, { products: Number(process.env.AISLE_DEMO_PRODUCTS || 2000) });
    console.log(`Aisle: seeded demo data (${result.products} products) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

/** The URLs and fresh one-time pairing codes, so a till and a scanner can pair right away. */
async function printWelcome(server: RunningServer, hw: DevHardware): Promise<void> {
  const till = await createPairingCode(server.db, 'till', 'STORE1');
  const scanner = await createPairingCode(server.db, 'scanner', 'WH1');
  const url = server.url;
  console.log(`
Aisle is running (${server.db.kind}).
  health        ${url}/api/health
  till          ${hw.tillUrl(`${url}/till`)}
  scanner       ${url}/scanner
  back office   ${url}/admin     (admin/admin, manager/manager: catalog, users, devices, sites, pricing)
  reports       ${url}/reports   (admin/admin, manager/manager)
  printer       ${hw.printerPageUrl}   (virtual receipt printer: every receipt printed, plus a scan form)

  till pairing code (STORE1):   ${till.code}
  scanner pairing code (WH1):   ${scanner.code}
  codes expire ${pairingExpiryText(till.expiresAt, till.timeZone)}; more with: npm run aisle -- pair --role till --site STORE1
  cashiers: alice PIN 1234, supervisor sam PIN 135790; picker (WH1 scanner) pat PIN 2468`);
  if (isLoopbackHost(new URL(url).hostname)) {
    console.log(`
  Only this machine can reach it. For tills on other machines: change the demo passwords
  (npm run aisle -- user passwd --username admin --password '<new>', the same for manager),
  then start with HOST=0.0.0.0 (docs/server.md "Web defaults").`);
  }
}

/** Build the till/scanner/reports UI into dist/renderer/ (skipped when it is up to date). */
async function buildUi(): Promise<void> {
  const started = Date.now();
  await buildRenderer({ quiet: true });
  console.log(`Aisle: UI ready in dist/renderer (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function main(): Promise<void> {
  await buildUi();
  const db = await openDb(undefined, { holder: 'server', command: 'npm start' });
  await prepareDatabase(db);
  const server = await serve({ port, db });
  // Virtual receipt printer and the local hardware service the browser till prints through.
  const hw = await startDevHardware({
    dataDir: process.env.AISLE_DATA_DIR || './data',
    appOrigins: [server.url, server.url.replace('127.0.0.1', 'localhost')],
  });
  await printWelcome(server, hw);
  const shell = await launchElectronOrBrowser({ serverUrl: server.url, role: 'till', printerUrl: hw.printer.url });
  if (shell.mode === 'browser') console.log(`\n  No Electron window: ${shell.reason}.\n  Open the URLs above in a browser.`);
}

main().catch((err: unknown) => {
  console.error('Aisle failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
