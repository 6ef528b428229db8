// Starting the station for a paired scanner device: open its local database, start replication
// (never awaited: a station that starts offline opens at once), mirror the work list, this
// station's events, their acknowledgements, config (with packages) and catalog into the stores, and listen for
// keyboard-wedge scans anywhere on the screen (the till's detector).
import { debounceTime, merge, startWith, switchMap } from 'rxjs';
import { parseScan } from '../../shared/barcode/index.ts';
import type { PackageConfig, Product } from '../../shared/schemas/index.ts';
import { foldConfig } from '../config/config-snapshot.ts';
import { useConfigStore } from '../config/config-store.ts';
import { requestPersistentStorage } from '../db/database.ts';
import { readStored } from '../db/stored-read.ts';
import type { DeviceCredentials } from '../pairing/device-credentials.ts';
import { markSyncFailure, markSyncSuccess, useSyncStore } from '../sync/sync-store.ts';
import { describeError } from '../sync/sync-watch.ts';
import { reportUnsent } from '../sync/unsent-report.ts';
import { guardLogin } from '../login/login-guard.ts';
import { installWedgeListener } from '../till/wedge-listener.ts';
import { LocationLabels } from './location-labels.ts';
import { openScannerDatabase, scannerDatabaseName, type ScannerDatabase } from './scanner-database.ts';
import { startScannerReplication } from './scanner-replication.ts';
import { setScannerRuntime, type ScannerCatalog } from './scanner-runtime.ts';
import { useScannerStore } from './scanner-store.ts';
import { useCountStore } from './count-store.ts';
import { isPackageScan } from './package-move-rules.ts';
import { usePackageMoveStore } from './package-move-store.ts';
import { useStockRequestStore } from './stock-request-store.ts';

function watch(db: ScannerDatabase, siteId: string, catalog: ScannerCatalog, labels: LocationLabels, packages: Map<string, PackageConfig>): () => void {
  const subs = [
    db.config.find().$.subscribe((docs) => {
      const entries = docs.map((d) => d.toMutableJSON());
      useConfigStore.setState({ config: foldConfig(entries, siteId), loaded: true });
      labels.addFromConfig(entries.flatMap((e) => (e.kind === 'location' ? [{ id: e.id.replace(/^location:/, ''), fullName: e.data.fullName }] : [])));
      packages.clear();
      for (const e of entries) if (e.kind === 'package') packages.set(e.data.sscc, e.data);
    }),
    // A store's station ships its channel orders; its click-and-collect orders are handed over at the till.
    db.pickings.find().$.subscribe((docs) => useScannerStore.setState({ pickings: docs.map((d) => d.toMutableJSON()).filter((p) => !p.pickup) })),
    db.products.eventBulks$.pipe(debounceTime(200), startWith(null), switchMap(() => readStored(db.products))).subscribe({
      next: (products: Product[]) => {
        catalog.byGtin.clear();
        catalog.byId.clear();
        for (const p of products) {
          catalog.byId.set(p.id, p);
          for (const b of p.barcodes) catalog.byGtin.set(b, p);
        }
        useScannerStore.setState((s) => ({ catalogVersion: s.catalogVersion + 1 }));
      },
      error: (error: unknown) => console.error('catalog watch failed', error),
    }),
    merge(db.picking_events.eventBulks$, db.counts.eventBulks$, db.package_moves.eventBulks$, db.acks.eventBulks$)
      .pipe(
        debounceTime(50),
        startWith(null),
        switchMap(async () => {
          const [events, counts, packageMoves, acks] = await Promise.all([readStored(db.picking_events), readStored(db.counts), readStored(db.package_moves), readStored(db.acks)]);
          return { events, counts, packageMoves, acks };
        }),
      )
      .subscribe({
        next: ({ events, counts, packageMoves, acks }) => {
          const byId = new Map(acks.map((a) => [a.id, a]));
          useScannerStore.setState({ events, counts, packageMoves, acks: byId });
          const ids = [...events.map((e) => e.id), ...counts.map((c) => c.id), ...packageMoves.map((m) => m.id)];
          useSyncStore.setState({ unacknowledged: ids.filter((id) => !byId.has(id)).length, flagged: acks.filter((a) => a.status !== 'applied') });
        },
        error: (error: unknown) => console.error('acknowledgement watch failed', error),
      }),
  ];
  return () => {
    for (const s of subs) s.unsubscribe();
  };
}

export async function startScanner(credentials: DeviceCredentials): Promise<() => Promise<void>> {
  const db = await openScannerDatabase(scannerDatabaseName(credentials.deviceId));
  requestPersistentStorage().then(
    (granted) => {
      if (!granted) console.warn('persistent storage was not granted; the browser may evict local data under pressure');
    },
    (error: unknown) => console.warn('persistent storage request failed', error),
  );
  const catalog: ScannerCatalog = { byGtin: new Map(), byId: new Map() };
  const labels = new LocationLabels();
  const packages = new Map<string, PackageConfig>();
  setScannerRuntime({ db, credentials, labels, catalog, packages });
  const stopWatch = watch(db, credentials.siteId, catalog, labels, packages);
  const stopReport = reportUnsent(credentials);
  const stopGuard = guardLogin();
  const stopWedge = installWedgeListener((code) => {
    const counting = useCountStore.getState();
    const moving = usePackageMoveStore.getState();
    const requesting = useStockRequestStore.getState();
    if (requesting.active) requesting.scan(code);
    else if (counting.active) counting.scan(code);
    else if (moving.active) moving.scan(code);
    else if (useScannerStore.getState().openId === null && isPackageScan(parseScan(code))) moving.start(code);
    else useScannerStore.getState().scan(code);
  });
  const replication = startScannerReplication(db, credentials, {
    onSuccess: () => markSyncSuccess(),
    onError: (what, error) => markSyncFailure(`${what}: ${describeError(error)}`),
    onStream: (up) => (up ? markSyncSuccess() : markSyncFailure('live stream disconnected')),
  });
  replication.leadership.then(
    () => useSyncStore.setState({ leader: true }),
    (error: unknown) => console.error('leader election failed', error),
  );
  return async () => {
    stopWedge();
    stopWatch();
    stopReport();
    stopGuard();
    await replication.cancel();
    setScannerRuntime(null);
    await db.close();
  };
}
