// Applies a scan or typed code to the till: add to the cart, open a return, or say what is wrong
// (message + error sound). Called by the wedge listener, the device bridge and the entry box.
// A locked till (or one nobody is logged in to) ignores scans; scans that arrive before the
// catalog is ready wait for it, in order, instead of being reported unknown.
import type { Product, StockLevel } from '../../shared/schemas/index.ts';
import { storeDay, zoneOrDefault } from '../../shared/time/index.ts';
import { taxInForce, type TaxRule } from '../../shared/tax/index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { playErrorSound } from './error-sound.ts';
import { defaultLot } from './lot-choice.ts';
import { orderByCode } from './pickup-queue.ts';
import { currentPickupQueue } from './pickup-store.ts';
import { isMeasured, quantityProblem } from './quantity-rules.ts';
import { resolveScan, type ScanAction } from './scan-resolve.ts';
import { tillRuntime } from './till-runtime.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { counted } from '../../shared/text/count.ts';

/**
 * A line's tax rules for the taxes `taxIds`, at the rates in force at `at`: a rate the back office
 * scheduled applies from its instant on, whether or not the till has synced since (tax-switch.ts
 * re-rates the open cart at that instant).
 */
export function taxRulesOf(taxIds: readonly string[], at: Date = new Date()): TaxRule[] {
  const taxes = useConfigStore.getState().config.taxes;
  return taxIds.map((taxId) => {
    const tax = taxes.get(taxId);
    return { taxId, rate: tax ? taxInForce(tax, at).rate : 0, ...(tax?.compound ? { compound: true } : {}) };
  });
}

/** The tax rules of a new line of `product`, at the rates in force at `at` (now). */
export function taxRulesFor(product: Product, at: Date = new Date()): TaxRule[] {
  return taxRulesOf(product.taxIds, at);
}

/** Today in the store's time zone (lots expire by store day). */
function storeToday(): string {
  const zone = useConfigStore.getState().config.site?.timeZone;
  return storeDay(new Date(), zoneOrDefault(zone));
}

/** The store's lots of a product, from the stock levels replicated to this till. */
export async function storeLevels(productId: string): Promise<StockLevel[]> {
  const docs = await tillRuntime().db.stock.find({ selector: { productId } }).exec();
  return docs.map((d) => d.toJSON() as StockLevel);
}

/** Gives a lot-tracked line the store's FEFO lot, unless a lot was scanned or chosen meanwhile. */
async function takeStoreLot(lineId: string, productId: string): Promise<void> {
  const line = useCartStore.getState().lines.find((l) => l.lineId === lineId);
  if (!line || line.lot !== undefined) return;
  const lot = defaultLot(await storeLevels(productId), line.qty, storeToday());
  if (lot !== undefined) useCartStore.getState().setLineLot(lineId, lot, 'store');
}

export interface AddToCartOptions {
  qty?: number;
  unitPrice?: number;
  lot?: string;
  serial?: string;
}

/**
 * Adds a product: a measured product (kg, l, m) with no weight from a scale barcode asks for it
 * first; a weight for a product sold by the piece is refused. A serial-numbered product asks for
 * the unit's serial (unless the GS1 label carried it); a lot-tracked one without a scanned lot
 * takes the store's first lot to expire (the cashier can change it in the line editor).
 */
export function addToCart(product: Product, options: AddToCartOptions = {}): void {
  if (product.tracking === 'serial' && options.serial === undefined) {
    void useTillUiStore.getState().requestSerial(product).then((serial) => {
      if (serial !== null) addToCart(product, { ...options, serial });
      document.getElementById('scan-entry')?.focus();
    });
    return;
  }
  if (product.tracking === 'serial' && options.qty !== undefined && options.qty !== 1) {
    return sayError(`${product.name}: one serial number is one unit`);
  }
  if (options.serial !== undefined && useCartStore.getState().lines.some((l) => l.productId === product.id && l.serial === options.serial)) {
    return sayError(`${product.name} serial ${options.serial} is already in this sale`);
  }
  if (isMeasured(product.unit) && options.qty === undefined && options.unitPrice === undefined) {
    void useTillUiStore.getState().requestWeight(product).then((qty) => {
      if (qty !== null) addToCart(product, { ...options, qty });
      document.getElementById('scan-entry')?.focus();
    });
    return;
  }
  const problem = options.qty === undefined ? null : quantityProblem(options.qty, product.unit);
  if (problem) return sayError(`${product.name}: ${problem}`);
  const lineId = useCartStore.getState().addProduct(product, taxRulesFor(product), options);
  if (product.tracking === 'lot' && options.lot === undefined) {
    takeStoreLot(lineId, product.id).catch((error: unknown) => {
      // The line stays without a lot: the server then books the store's FEFO lot itself.
      console.warn('could not read the store lots', error);
    });
  }
}

export function sayError(text: string): void {
  useCartStore.getState().say('error', text);
  try {
    playErrorSound();
  } catch (error) {
    // A muted or blocked audio device must never stop the till; the message is on screen.
    console.warn('error sound unavailable', error);
  }
}

/** Resolves `raw` against the catalog; null when the catalog is not ready yet. */
export function resolveAgainstCatalog(raw: string): ScanAction | null {
  const { index, ready } = useCatalogStore.getState();
  if (!index || !ready) return null;
  return resolveScan(raw, index);
}

const waiting: string[] = [];

/** Applies the scans that waited for the catalog; the till calls it when the catalog is ready. */
export function flushWaitingScans(): void {
  if (!useCatalogStore.getState().ready) return;
  for (const raw of waiting.splice(0)) applyScan(raw);
}

export function applyScan(raw: string): void {
  const login = useLoginStore.getState();
  if (!login.cashier || login.locked) return;
  const mode = useTillUiStore.getState().mode;
  // The pickups screen reads every scan as an order's code (a QR code, a picking label).
  if (mode === 'pickups') {
    useTillUiStore.getState().startPickups(raw);
    return;
  }
  const action = resolveAgainstCatalog(raw);
  if (!action) {
    waiting.push(raw);
    useCartStore.getState().say('info', `Catalog loading: ${counted(waiting.length, 'scan')} will be added when it is ready`);
    return;
  }
  if (action.kind === 'receipt') {
    useTillUiStore.getState().startReturn(action.saleId ?? action.receiptNo ?? null);
    return;
  }
  if (mode !== 'sell') {
    sayError('Finish the current screen before scanning products');
    return;
  }
  if (action.kind === 'error') {
    // Not a product: the code of an order waiting for collection opens it.
    if (orderByCode(currentPickupQueue(), raw)) {
      useTillUiStore.getState().startPickups(raw);
      return;
    }
    sayError(action.message);
    return;
  }
  addToCart(action.product, action);
}
