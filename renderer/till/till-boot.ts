// Starting the till for a paired device: open the local database, ask for persistent storage,
// start replication (never awaited — a till that starts offline opens at once), and start the
// live watchers (config, catalog, customers, session, acknowledgements, the scheduled tax switch),
// the wedge scanner and the customer display feed, after restoring the sale in progress a reload or
// crash interrupted; and the device's parked sales.
import { databaseNameFor, openTillDatabase, requestPersistentStorage } from '../db/database.ts';
import { startReplication } from '../db/replication.ts';
import type { DeviceCredentials } from '../pairing/device-credentials.ts';
import { loadSnapshot } from '../catalog/catalog-snapshot.ts';
import { mark, useCatalogStore, watchCatalog } from '../catalog/catalog-store.ts';
import { useConfigStore, watchConfig } from '../config/config-store.ts';
import { useSyncStore } from '../sync/sync-store.ts';
import { pingHealthWhileFollower, replicationEventsToStore, watchAcknowledgements } from '../sync/sync-watch.ts';
import { reportUnsent } from '../sync/unsent-report.ts';
import { guardLogin } from '../login/login-guard.ts';
import { chooseBridge } from './bridge-choice.ts';
import { startCustomerDisplayFeed, tillWindowId } from './customer-display-feed.ts';
import { watchCustomers } from './customer-store.ts';
import { applyScan, flushWaitingScans } from './scan-apply.ts';
import { useCartStore } from './cart-store.ts';
import { keepOpenSale } from './open-sale-keeper.ts';
import { watchParkedSales } from './parked-sales-store.ts';
import { watchPickups } from './pickup-store.ts';
import { watchSession } from './session-store.ts';
import { watchHardware } from './hardware-store.ts';
import { watchTaxSwitch } from './tax-switch.ts';
import { setTillRuntime } from './till-runtime.ts';
import { installWedgeListener } from './wedge-listener.ts';

export async function startTill(credentials: DeviceCredentials): Promise<() => Promise<void>> {
  const dbName = databaseNameFor(credentials.deviceId);
  const catalogName = `${dbName}-catalog`;
  // The catalog snapshot lives in its own IndexedDB database: read it while RxDB opens.
  const snapshot = loadSnapshot(catalogName);
  snapshot.catch(() => undefined); // a failed read is reported (and rebuilt from) by watchCatalog
  const db = await openTillDatabase(dbName);
  mark('dbOpenAt', Math.round(performance.now()));
  requestPersistentStorage().then(
    (granted) => {
      if (!granted) console.warn('persistent storage was not granted; the browser may evict local data under pressure');
    },
    (error: unknown) => console.warn('persistent storage request failed', error),
  );
  const bridge = chooseBridge();
  setTillRuntime({ db, credentials, bridge });
  // The sale in progress a reload or a crash interrupted comes back before the first screen shows.
  const openSale = keepOpenSale(db, credentials.deviceId, tillWindowId());
  await openSale.restored;
  const replication = startReplication(db, { serverUrl: credentials.serverUrl, token: credentials.token, pullBatchSize: 10_000 }, replicationEventsToStore);
  // The first full pull of the catalog (leader window): the bench and e2e tests wait for the mark.
  const productsPulled = replication
    .initialPull('products')
    .then(() => mark('productsPulledAt', Math.round(performance.now())))
    .catch((error: unknown) => console.warn('catalog pull did not finish', error));
  const stops = [
    openSale.stop,
    // After the sale in progress is claimed: the list drops a parked copy of it (parked-sales-store.ts).
    watchParkedSales(db, credentials.deviceId),
    watchConfig(db, credentials.siteId),
    watchPricingRules(credentials.siteId),
    // After the config watcher: a scheduled tax rate re-rates the sale on screen at its instant.
    watchTaxSwitch(),
    watchCatalog(db, catalogName, { pulled: productsPulled, snapshot }),
    // Customers are read into memory once the catalog is usable (not competing with it at start-up), or at the first search.
    watchCustomers(db, { loadAfter: catalogReady() }),
    watchSession(db, credentials.deviceId),
    watchAcknowledgements(db),
    watchPickups(db),
    pingHealthWhileFollower(credentials.serverUrl),
    reportUnsent(credentials),
    guardLogin(),
    installWedgeListener(applyScan, undefined, {
      onUnclear: (text) => useCartStore.getState().say('info', `Read "${text}" without an Enter: press Enter in that field to use it as a scan`),
    }),
    useCatalogStore.subscribe((s, before) => {
      if (s.ready && !before.ready) flushWaitingScans();
    }),
    bridge.onScan((event) => applyScan(event.raw)),
    watchHardware(bridge),
    startCustomerDisplayFeed(credentials.deviceId, tillWindowId()),
  ];
  replication.leadership.then(
    () => useSyncStore.setState({ leader: true }),
    (error: unknown) => console.error('leader election failed', error),
  );
  return async () => {
    for (const stop of stops) stop();
    await replication.cancel();
    setTillRuntime(null);
    await db.close();
  };
}

/** Resolves when the catalog can be scanned against. */
function catalogReady(): Promise<void> {
  return new Promise((resolve) => {
    if (useCatalogStore.getState().ready) return resolve();
    const unsubscribe = useCatalogStore.subscribe((s) => {
      if (!s.ready) return;
      unsubscribe();
      resolve();
    });
  });
}

/** Hands the cart the pricing rules (indexed once per config change) and re-prices it whenever they change. */
function watchPricingRules(siteId: string): () => void {
  const hand = (config: ReturnType<typeof useConfigStore.getState>['config']): void =>
    useCartStore.getState().setPricingRules({ index: config.pricing, siteId, timeZone: config.site?.timeZone ?? 'UTC' });
  hand(useConfigStore.getState().config);
  return useConfigStore.subscribe((s, before) => {
    if (s.config.pricing !== before.config.pricing || s.config.site?.timeZone !== before.config.site?.timeZone) hand(s.config);
  });
}
