// The till's customers in memory (customer-index.ts), shared by everything that searches them by
// text (the customer picker): read from storage once — after the catalog is ready, or at the first
// search, whichever comes first — and kept fresh from the collection's change events (replication
// writes, a customer merged away on the server arriving as a delete). Lookups by id stay on the
// database (findOne is indexed and cheap). `version` changes with the customers, so an open search
// runs again when they do.
import type { RxChangeEventBulk, RxDocumentData } from 'rxdb';
import { create } from 'zustand';
import type { Customer } from '../../shared/schemas/index.ts';
import type { TillDatabase } from '../db/database.ts';
import { mark } from '../catalog/catalog-store.ts';
import { readStored } from '../db/stored-read.ts';
import { createCustomerIndex, type CustomerIndex } from './customer-index.ts';
import { TillNotStartedError } from './till-runtime.ts';

interface CustomerState {
  index: CustomerIndex | null;
  /** Bumped on every change to the customers. */
  version: number;
  /** Milliseconds the read from storage to index took. */
  loadMs: number | null;
}

export const useCustomerStore = create<CustomerState>(() => ({ index: null, version: 0, loadMs: null }));

/** A stored document as the customer it holds. */
function stripMeta({ _meta: _m, _rev: _r, _attachments: _a, _deleted: _d, ...c }: RxDocumentData<Customer>): Customer {
  return c;
}

/** Lays a bulk of change events over the index, in their order. */
function apply(index: CustomerIndex, bulk: RxChangeEventBulk<Customer>): void {
  let removed: string[] = [];
  let changed: Customer[] = [];
  const flush = (): void => {
    if (changed.length > 0) index.put(changed);
    if (removed.length > 0) index.remove(removed);
    changed = [];
    removed = [];
  };
  for (const e of bulk.events) {
    if (e.operation === 'DELETE' || e.documentData._deleted) {
      if (changed.length > 0) flush();
      removed.push(e.documentId);
    } else {
      if (removed.length > 0) flush();
      changed.push(stripMeta(e.documentData));
    }
  }
  flush();
}

let load: (() => Promise<CustomerIndex>) | null = null;

/** The loaded index (loading it now if it is not yet). */
export function customerIndex(): Promise<CustomerIndex> {
  if (!load) return Promise.reject(new TillNotStartedError());
  return load();
}

/** The local customers matching `query` (customer-search.ts rules). */
export async function searchLocalCustomers(query: string, country: string | null | undefined, limit?: number): Promise<Customer[]> {
  return (await customerIndex()).search(query, country, limit);
}

/**
 * Watches the customers collection from now on, and reads it into memory when `loadAfter` settles
 * or at the first search; returns the stop. Changes while the read runs wait for it and are laid
 * over what it read (a change already read is laid over again, to the same end).
 */
export function watchCustomers(db: TillDatabase, { loadAfter }: { loadAfter?: Promise<unknown> } = {}): () => void {
  let loading: Promise<CustomerIndex> | null = null;
  let loaded: CustomerIndex | null = null;
  let waiting: RxChangeEventBulk<Customer>[] = [];
  let stopped = false;
  const bump = (index: CustomerIndex, loadMs?: number): void => {
    if (stopped) return;
    useCustomerStore.setState((s) => ({ index, version: s.version + 1, loadMs: loadMs ?? s.loadMs }));
    // For the bench (tests/bench/till-customers.bench.ts); no effect on behaviour.
    mark('customersSize', index.size);
    if (loadMs !== undefined) mark('customersLoadMs', Math.round(loadMs));
  };
  const sub = db.customers.eventBulks$.subscribe((bulk) => {
    if (loaded) {
      apply(loaded, bulk);
      bump(loaded);
    } else if (loading) {
      waiting.push(bulk);
    }
    // Neither: the read, when it starts, finds the change in storage.
  });
  const start = (): Promise<CustomerIndex> =>
    (loading ??= (async () => {
      const started = performance.now();
      const docs = (await readStored(db.customers)) as RxDocumentData<Customer>[];
      const index = createCustomerIndex(docs.map(stripMeta));
      for (const bulk of waiting) apply(index, bulk);
      waiting = [];
      loaded = index;
      bump(index, performance.now() - started);
      return index;
    })().catch((error: unknown) => {
      // The next search tries again, reading storage afresh.
      loading = null;
      waiting = [];
      throw error;
    }));
  load = start;
  loadAfter?.then(
    () => {
      if (!stopped) start().catch((error: unknown) => console.error('customers not read into memory', error));
    },
    () => undefined,
  );
  return () => {
    stopped = true;
    sub.unsubscribe();
    if (load === start) load = null;
    useCustomerStore.setState({ index: null, version: 0, loadMs: null });
  };
}
