// Runs inside the till page during `npm run bench -- till` (bundled by till.bench.ts with esbuild
// and injected into the page): drives the real till UI and times it, and times the raw Dexie
// (IndexedDB) cost of the same operations on the same documents in the same browser.
import Dexie, { type Table } from 'dexie';
import type { Product, Sale } from '../../shared/schemas/index.ts';
import { when as waitFor } from './dom-wait.ts';

const when = (pred: () => boolean): Promise<void> => waitFor(pred, 'the till UI');

class RawDb extends Dexie {
  products!: Table<Product, string>;
  sales!: Table<Sale, string>;
  constructor() {
    super('aisle-bench-raw', { chromeTransactionDurability: 'strict' });
    this.version(1).stores({ products: 'id, sku, *barcodes, name', sales: 'id, seq' });
  }
}

const raw = new RawDb();
let docs: Product[] = [];


const rows = () => document.querySelectorAll('section[aria-label="Cart"] tbody tr').length;
const entry = () => document.getElementById('scan-entry') as HTMLInputElement;
/** A button by its accessible name: its aria-label, else its text ("Pay" shows "Pay F12", labelled "Pay"). */
const button = (name: string) => [...document.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);
/** "Void sale" asks for confirmation first. */
async function voidSale(): Promise<void> {
  button('Void sale')?.click();
  await when(() => button('Yes, void the sale') !== undefined);
  button('Yes, void the sale')?.click();
  await when(() => rows() === 0);
}

function key(k: string): void {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
}

function setEntry(value: string): void {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(entry(), value);
  entry().dispatchEvent(new Event('input', { bubbles: true }));
}

const api = {
  /** Documents stored by the till's RxDB products collection (its Dexie database, read raw). */
  async tillProductCount(): Promise<number> {
    const dbs = await indexedDB.databases();
    const info = dbs.find((d) => d.name?.includes('aisle-till') && d.name.includes('--products'));
    if (!info?.name) return 0;
    const name = info.name;
    return new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onerror = () => reject(open.error ?? new Error('open failed'));
      open.onsuccess = () => {
        const idb = open.result;
        const store = [...idb.objectStoreNames].find((n) => n === 'docs') ?? idb.objectStoreNames[0];
        if (!store) {
          idb.close();
          resolve(0);
          return;
        }
        const count = idb.transaction(store, 'readonly').objectStore(store).count();
        count.onsuccess = () => {
          idb.close();
          resolve(count.result);
        };
        count.onerror = () => reject(count.error ?? new Error('count failed'));
      };
    });
  },
  async fetchProducts(serverUrl: string, token: string): Promise<number> {
    docs = [];
    let checkpoint: unknown = null;
    for (;;) {
      const q = checkpoint ? `&checkpoint=${encodeURIComponent(JSON.stringify(checkpoint))}` : '';
      const res = await fetch(`${serverUrl}/api/sync/products/pull?limit=10000${q}`, { headers: { authorization: `Bearer ${token}` } });
      const page = (await res.json()) as { documents: (Product & { _deleted?: boolean })[]; checkpoint: unknown };
      if (page.documents.length === 0) break;
      for (const { _deleted: _d, ...doc } of page.documents) docs.push(doc);
      checkpoint = page.checkpoint;
    }
    return docs.length;
  },
  /** Raw bulkPut of the same documents, in the same page size the till pulls them. */
  async rawBulkPut(chunk = 10_000): Promise<number> {
    await raw.products.clear();
    const t = performance.now();
    for (let i = 0; i < docs.length; i += chunk) await raw.products.bulkPut(docs.slice(i, i + chunk));
    return performance.now() - t;
  },
  async rawReadAll(expected: number): Promise<number> {
    const t = performance.now();
    const all = await raw.products.toArray();
    if (all.length !== expected) throw new Error(`raw read ${all.length} of ${expected}`);
    return performance.now() - t;
  },
  async rawLookups(codes: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const code of codes) {
      const t = performance.now();
      await raw.products.where('barcodes').equals(code).first();
      out.push(performance.now() - t);
    }
    return out;
  },
  async rawPrefix(queries: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await raw.products.where('name').startsWithIgnoreCase(q).limit(12).toArray();
      out.push(performance.now() - t);
    }
    return out;
  },
  async rawSaleWrites(template: Sale, n: number): Promise<number[]> {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await raw.sales.put({ ...template, id: `bench-${i}-${Math.random()}`, seq: i + 1 });
      out.push(performance.now() - t);
    }
    return out;
  },
  /** Wedge scans (a burst of keys + Enter, focus on no field): Enter → the new line is in the DOM. */
  async scans(codes: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const code of codes) {
      if (rows() >= 20) {
        await voidSale();
      }
      (document.activeElement as HTMLElement | null)?.blur();
      const before = rows();
      for (const c of code) key(c);
      const t = performance.now();
      key('Enter');
      await when(() => rows() > before);
      out.push(performance.now() - t);
    }
    await voidSale();
    return out;
  },
  /** Scans `code` and says whether its line shows a promotion (then voids the sale). */
  async promotionShown(code: string): Promise<boolean> {
    (document.activeElement as HTMLElement | null)?.blur();
    const before = rows();
    for (const c of code) key(c);
    key('Enter');
    await when(() => rows() > before);
    const shown = document.querySelector('section[aria-label="Cart"] [aria-label="Promotion"]') !== null;
    await voidSale();
    return shown;
  },
  /** Typing in the entry box → the result list shows the matches. */
  async searches(queries: string[]): Promise<number[]> {
    const out: number[] = [];
    for (const q of queries) {
      setEntry('');
      await when(() => document.getElementById('search-results') === null);
      const t = performance.now();
      setEntry(q);
      await when(() => document.getElementById('search-results')?.dataset.query === q);
      out.push(performance.now() - t);
    }
    setEntry('');
    return out;
  },
  /**
   * Pay (cash, exact): click → sale committed (sealed and stored), and click → Paid shown. A short
   * pause between sales lets the previous sale's push and acknowledgement settle, as at a real till.
   */
  async pays(codes: string[]): Promise<{ committed: number[]; shown: number[] }> {
    const committed: number[] = [];
    const out: number[] = [];
    for (const code of codes) {
      setEntry(code);
      entry().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
      await when(() => rows() === 1);
      button('Pay')?.click();
      await when(() => button('Cash') !== undefined);
      const t = performance.now();
      button('Cash')?.click();
      await when(() => [...document.querySelectorAll('h1')].some((h) => h.textContent?.startsWith('Paid')));
      out.push(performance.now() - t);
      committed.push(Number(document.documentElement.dataset.lastCommitAt) - t);
      button('New sale')?.click();
      await when(() => document.getElementById('scan-entry') !== null);
      await new Promise((r) => setTimeout(r, 300));
    }
    return { committed, shown: out };
  },
};

declare global {
  interface Window {
    aisleBench: typeof api;
  }
}
window.aisleBench = api;
