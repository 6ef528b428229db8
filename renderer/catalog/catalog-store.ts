// Zustand store holding the in-memory catalog index. Loading never blocks the UI: the till
// renders at once and scans/searches work as soon as `index` is set. At start-up the index comes
// from its snapshot when the products did not change since (catalog-snapshot.ts); otherwise, and
// after every product change from replication, it is rebuilt from storage in the background
// (debounced, so a first sync of 100k products does not thrash). A few changed products that keep
// their name, SKU and barcodes (a price change) are laid over the index at once, so the next scan
// charges the new price, and need no rebuild.
import { getChangedDocumentsSince, type RxDocumentData } from 'rxdb';
import { create } from 'zustand';
import type { Product } from '../../shared/schemas/index.ts';
import type { TillDatabase } from '../db/database.ts';
import { readStored } from '../db/stored-read.ts';
import { buildCatalogData, indexFromData, withChangedProducts, type CatalogIndex } from './catalog-index.ts';
import { loadSnapshot, saveSnapshot, type CatalogSnapshot } from './catalog-snapshot.ts';

interface CatalogState {
  index: CatalogIndex | null;
  /** Milliseconds the last (re)build took, read from storage to index. */
  loadMs: number | null;
  source: 'snapshot' | 'storage' | null;
  /**
   * Scans can be resolved: an index with products, or the first full pull is in (a fresh till's
   * index built from an empty storage is not ready; its scans wait instead of being "unknown").
   */
  ready: boolean;
}

export const useCatalogStore = create<CatalogState>(() => ({ index: null, loadMs: null, source: null, ready: false }));

/** All local products, read from storage in one query (RxDocuments are not needed here). */
export function readAllProducts(db: TillDatabase): Promise<RxDocumentData<Product>[]> {
  return readStored(db.products) as Promise<RxDocumentData<Product>[]>;
}

/** A stored document as the product it holds. */
function stripMeta({ _meta: _m, _rev: _r, _attachments: _a, _deleted: _d, ...p }: RxDocumentData<Product>): Product {
  return p;
}

/** Changes in one replication write up to this many are laid over the index at once; more wait for the rebuild. */
const LAY_OVER_MAX = 200;
/** Laid-over products kept before a rebuild folds them into the index. */
const LAY_OVER_KEPT = 2000;

/** Marks the page when the catalog is usable: the e2e tests and the bench wait for it. */
function announceReady(size: number): void {
  mark('catalogSize', size);
  mark('catalogReadyAt', Math.round(performance.now()));
}

/** Start-up timings on <html data-…> for the bench (no effect on behaviour). */
export function mark(name: string, value: number): void {
  if (typeof document !== 'undefined') document.documentElement.dataset[name] = String(value);
}

function publish(index: CatalogIndex, started: number, source: CatalogState['source']): void {
  useCatalogStore.setState((s) => ({ index, loadMs: performance.now() - started, source, ready: s.ready || index.size > 0 }));
  announceReady(index.size);
}

/** Rebuilds the index from storage and refreshes the snapshot; returns the index. */
export async function loadCatalog(db: TillDatabase, snapshotName?: string): Promise<CatalogIndex> {
  const started = performance.now();
  const docs = await readAllProducts(db);
  let lwt = 0;
  let lastId = '';
  for (const d of docs) {
    if (d._meta.lwt > lwt || (d._meta.lwt === lwt && d.id > lastId)) {
      lwt = d._meta.lwt;
      lastId = d.id;
    }
  }
  const products: Product[] = docs.map(stripMeta);
  const data = buildCatalogData(products);
  const index = indexFromData(data);
  publish(index, started, 'storage');
  if (snapshotName) {
    saveSnapshot(snapshotName, { lwt, lastId, data }).catch((error: unknown) => console.warn('catalog snapshot not saved', error));
  }
  return index;
}

/**
 * The snapshot's index, published at once; null when there is none. Whether products were
 * written after it was taken is checked right after (that query costs as much as the read
 * itself on a big catalog), and `onStale` rebuilds from storage when they were.
 */
async function fromSnapshot(db: TillDatabase, snapshotName: string, onStale: () => void, early?: Promise<CatalogSnapshot | null>): Promise<CatalogIndex | null> {
  const started = performance.now();
  let snapshot: CatalogSnapshot | null;
  try {
    snapshot = await (early ?? loadSnapshot(snapshotName));
    mark('catalogSnapshotReadMs', Math.round(performance.now() - started));
  } catch (error) {
    console.warn('catalog snapshot unreadable; rebuilding from storage', error);
    return null;
  }
  if (!snapshot) return null;
  const index = indexFromData(snapshot.data);
  publish(index, started, 'snapshot');
  const { lastId, lwt } = snapshot;
  getChangedDocumentsSince(db.products.storageInstance, 1, { id: lastId, lwt }).then(
    (changed) => {
      mark('catalogChangeCheckAt', Math.round(performance.now()));
      if (changed.documents.length > 0) onStale();
    },
    (error: unknown) => {
      console.error('catalog snapshot check failed; rebuilding', error);
      onStale();
    },
  );
  return index;
}

/**
 * Loads the catalog now and again after product changes; returns the unsubscribe. A rebuild waits
 * for a quiet moment: `debounceMs` after a few changes, `bulkQuietMs` while pages of a sync are
 * still arriving, so a first sync of a big catalog is not slowed by rebuilding it again and again.
 * `pulled` resolves when the catalog's first full pull is stored: a rebuild waiting for quiet then
 * starts at once, so a freshly paired till can sell as soon as its catalog is in. `snapshot` is
 * the snapshot's read when the caller started it early (in parallel with opening the database).
 */
export function watchCatalog(
  db: TillDatabase,
  snapshotName: string,
  { debounceMs = 1500, bulkQuietMs = 8000, pulled, snapshot }: { debounceMs?: number; bulkQuietMs?: number; pulled?: Promise<unknown>; snapshot?: Promise<CatalogSnapshot | null> } = {},
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let changedSinceBuild = 0;
  // Products laid over the last index built from storage (`base`), with the event count when each
  // came: a rebuild that read storage before a change must not bring the old version back. Changes
  // that could all be laid over need no rebuild (which would hold the till's main thread for
  // seconds on 100k products, delaying the next change); past LAY_OVER_KEPT products, one folds them in.
  let events = 0;
  let base: CatalogIndex | null = null;
  const laidOver = new Map<string, { product: Product; at: number }>();
  const layOver = (started: number): void => {
    if (!base || laidOver.size === 0) return;
    const patched = withChangedProducts(base, [...laidOver.values()].map((l) => l.product));
    if (patched) publish(patched, started, useCatalogStore.getState().source);
    else laidOver.clear();
  };
  const report = (error: unknown) => console.error('catalog load failed', error);
  const rebuild = () => {
    running = running
      .then(async () => {
        const startedAt = events;
        base = await loadCatalog(db, snapshotName);
        for (const [id, l] of laidOver) if (l.at <= startedAt) laidOver.delete(id);
        layOver(performance.now());
      })
      .catch(report);
  };
  let running: Promise<unknown> = fromSnapshot(db, snapshotName, rebuild, snapshot)
    .then(async (index) => {
      const built = index ?? (await loadCatalog(db, snapshotName));
      base ??= built;
    })
    .catch(report);
  const sub = db.products.eventBulks$.subscribe((bulk) => {
    events += bulk.events.length;
    if (base && bulk.events.length <= LAY_OVER_MAX) {
      const started = performance.now();
      const changed = bulk.events.map((e) => (e.operation === 'DELETE' ? null : stripMeta(e.documentData)));
      if (changed.every((p) => p !== null) && withChangedProducts(base, changed)) {
        for (const product of changed) laidOver.set(product.id, { product, at: events });
        layOver(started);
        if (laidOver.size <= LAY_OVER_KEPT && !timer) return;
      }
    }
    changedSinceBuild += bulk.events.length;
    if (timer) clearTimeout(timer);
    timer = setTimeout(
      () => {
        timer = null;
        changedSinceBuild = 0;
        rebuild();
      },
      changedSinceBuild >= 500 ? bulkQuietMs : debounceMs,
    );
  });
  let stopped = false;
  pulled?.then(
    () => {
      if (stopped) return;
      if (timer) {
        clearTimeout(timer);
        timer = null;
        changedSinceBuild = 0;
        rebuild();
      }
      void running.then(() => {
        if (!stopped && useCatalogStore.getState().index) useCatalogStore.setState({ ready: true });
      });
    },
    () => undefined,
  );
  return () => {
    stopped = true;
    sub.unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
