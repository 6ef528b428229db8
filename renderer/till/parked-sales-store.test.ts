// Parking and resuming against IndexedDB (fake-indexeddb) and the till's database: what is on disk
// after each step, and what a window killed between two writes leaves — never lost, never twice.
import { indexedDB, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newEventId } from '../../shared/ids.ts';
import type { Product } from '../../shared/schemas/index.ts';
import { buildCatalogIndex } from '../catalog/catalog-index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { openTillDatabase, type TillDatabase } from '../db/database.ts';
import { idbRecords } from '../db/idb-records.ts';
import { createScreenDeviceBridge } from '../device-bridge/screen-device-bridge.ts';
import { useCartStore } from './cart-store.ts';
import { currentOpenSale, openSaleRecords } from './open-sale-keeper.ts';
import { parkedSaleOf, PARKED_SALE_VERSION } from './parked-sale.ts';
import { discardParkedSale, parkSale, resumeParkedSale, useParkedSalesStore, watchParkedSales } from './parked-sales-store.ts';
import { usePayStore } from './pay-store.ts';
import { setTillRuntime } from './till-runtime.ts';

const product = (id: string, name: string, price: number): Product => ({
  id, sku: `SKU-${id}`, name, barcodes: [], price, priceIncludesTax: true, cost: 100, taxIds: [], category: 'food', unit: 'unit',
  tracking: 'none', active: true, updatedAt: '2026-12-01T00:00:00.000Z',
});
const bread = product('p-bread', 'Bread', 250);
const jam = product('p-jam', 'Jam', 400);
const alice = { id: 'u-alice', name: 'Alice Martin' };

describe('parked sales on the device', () => {
  let db: TillDatabase;
  let deviceId = '';
  let stop: () => void = () => undefined;
  const parkedStore = () => idbRecords<unknown>(`aisle-parked-sales-${deviceId.toLowerCase().replace(/[^a-z0-9]/g, '')}`, 'parked', indexedDB);
  const waitForList = async (n: number): Promise<void> => {
    for (let i = 0; i < 100 && !(useParkedSalesStore.getState().loaded && useParkedSalesStore.getState().sales.length === n); i++) await new Promise((r) => setTimeout(r, 10));
    expect(useParkedSalesStore.getState().sales.length).toBe(n);
  };

  beforeAll(async () => {
    db = await openTillDatabase(`parked-test-${Date.now()}`, { indexedDB, keyRange: IDBKeyRange });
  });
  afterAll(async () => {
    setTillRuntime(null);
    await db.remove();
  });
  beforeEach(() => {
    deviceId = `till-${newEventId()}`;
    setTillRuntime({
      db,
      credentials: { serverUrl: 'http://127.0.0.1:1', deviceId, token: 't', role: 'till', siteId: 'store-1', pairedAt: '2026-12-04T00:00:00.000Z' },
      bridge: createScreenDeviceBridge(),
    });
    useCatalogStore.setState({ index: buildCatalogIndex([bread, jam]), ready: true });
    useCartStore.getState().clear();
    usePayStore.getState().reset();
    stop = watchParkedSales(db, deviceId, indexedDB);
  });
  afterEach(() => stop());

  const ringUp = (...products: Product[]): void => {
    for (const p of products) useCartStore.getState().addProduct(p, []);
  };

  it('parks the sale on disk with its note and who parked it, and leaves an empty sale with a new id', async () => {
    ringUp(bread, bread, jam);
    const saleId = usePayStore.getState().saleId;
    const result = await parkSale(' blue coat ', alice);
    expect(result.ok).toBe(true);
    expect(currentOpenSale()).toBeNull();
    expect(usePayStore.getState().saleId).not.toBe(saleId);
    const stored = await parkedStore().entries();
    expect(stored.map((e) => e.key)).toEqual([saleId]);
    expect(stored[0]?.value).toMatchObject({ v: PARKED_SALE_VERSION, note: 'blue coat', parkedBy: alice, items: 3, total: 900 });
    await waitForList(1);
  });

  it('refuses a sale with a recorded payment and keeps it on screen, nothing parked', async () => {
    ringUp(bread);
    usePayStore.getState().addPayment({ method: 'card', amount: 100 });
    const result = await parkSale('', alice);
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^This sale cannot be parked: Card €1\.00 is recorded on it/) as unknown });
    expect(useCartStore.getState().lines).toHaveLength(1);
    expect(await parkedStore().entries()).toEqual([]);
  });

  it('resumes a parked sale under its own id, priced at the catalog price of now, and erases the parked copy', async () => {
    ringUp(bread, jam);
    const saleId = usePayStore.getState().saleId;
    await parkSale('blue coat', alice);
    // The price of jam changed while the sale was parked.
    useCatalogStore.setState({ index: buildCatalogIndex([bread, { ...jam, price: 450 }]), ready: true });
    const result = await resumeParkedSale(saleId, { parkCurrent: false, cashier: alice });
    expect(result.ok).toBe(true);
    expect(usePayStore.getState().saleId).toBe(saleId);
    expect(useCartStore.getState().lines.map((l) => [l.name, l.unitPrice])).toEqual([['Bread', 250], ['Jam', 450]]);
    expect(await parkedStore().entries()).toEqual([]);
    await waitForList(0);
    expect(useCartStore.getState().message?.text).toBe('Resumed “blue coat”: 2 lines, priced at today\'s prices.');
  });

  it('leaves out a line whose product left the catalog and says so, without crashing', async () => {
    ringUp(bread, jam);
    const saleId = usePayStore.getState().saleId;
    await parkSale('', alice);
    useCatalogStore.setState({ index: buildCatalogIndex([bread]), ready: true });
    const result = await resumeParkedSale(saleId, { parkCurrent: false, cashier: alice });
    expect(result.ok).toBe(true);
    expect(useCartStore.getState().lines.map((l) => l.name)).toEqual(['Bread']);
    expect(useCartStore.getState().message).toMatchObject({ kind: 'error', text: expect.stringContaining('Left out, no longer sold here: Jam.') as unknown });
  });

  it('with a sale on screen, refuses to resume unless told to park that one first', async () => {
    ringUp(bread);
    const first = usePayStore.getState().saleId;
    await parkSale('first', alice);
    ringUp(jam);
    const second = usePayStore.getState().saleId;
    const refused = await resumeParkedSale(first, { parkCurrent: false, cashier: alice });
    expect(refused).toEqual({ ok: false, error: 'A sale is on screen: park it or finish it before resuming “first”.' });
    expect(useCartStore.getState().lines.map((l) => l.name)).toEqual(['Jam']);
    const swapped = await resumeParkedSale(first, { parkCurrent: true, cashier: alice });
    expect(swapped.ok).toBe(true);
    expect(useCartStore.getState().lines.map((l) => l.name)).toEqual(['Bread']);
    expect((await parkedStore().entries()).map((e) => e.key)).toEqual([second]);
  });

  it('discards a parked sale', async () => {
    ringUp(bread);
    const saleId = usePayStore.getState().saleId;
    await parkSale('', alice);
    await discardParkedSale(saleId);
    expect(await parkedStore().entries()).toEqual([]);
    await waitForList(0);
  });

  it('drops a parked copy of a sale a killed window kept in progress (killed mid-park or mid-resume): the sale comes back once', async () => {
    ringUp(bread);
    const open = currentOpenSale();
    if (!open) throw new Error('no sale');
    // Killed after the parked record was written, before the sale in progress was erased.
    await parkedStore().put(open.saleId, parkedSaleOf(open, { note: 'blue coat', parkedBy: alice, currency: 'EUR' }));
    await openSaleRecords(deviceId, indexedDB).put('dead-window', open);
    stop();
    stop = watchParkedSales(db, deviceId, indexedDB);
    await waitForList(0);
    expect(await parkedStore().entries()).toEqual([]);
  });

  it('leaves a record it cannot read (a later version) on disk, unlisted', async () => {
    ringUp(bread);
    const open = currentOpenSale();
    if (!open) throw new Error('no sale');
    await parkedStore().put('later', { ...parkedSaleOf(open, { note: '', parkedBy: alice, currency: 'EUR' }), v: PARKED_SALE_VERSION + 1 });
    stop();
    stop = watchParkedSales(db, deviceId, indexedDB);
    await waitForList(0);
    expect((await parkedStore().entries()).map((e) => e.key)).toEqual(['later']);
  });
});
