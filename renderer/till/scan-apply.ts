// Applies a scan or typed code to the till: add to the cart, open a return, or say what is wrong
// (message + error sound). Called by the wedge listener, the device bridge and the entry box.
// A locked till (or one nobody is logged in to) ignores scans; scans that arrive before the
// catalog is ready wait for it, in order, instead of being reported unknown.
import type { Product } from '../../shared/schemas/index.ts';
import type { TaxRule } from '../../shared/tax/index.ts';
import { useCatalogStore } from '../catalog/catalog-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { playErrorSound } from './error-sound.ts';
import { isMeasured, quantityProblem } from './quantity-rules.ts';
import { resolveScan, type ScanAction } from './scan-resolve.ts';
import { useTillUiStore } from './till-ui-store.ts';

export function taxRulesFor(product: Product): TaxRule[] {
  const taxes = useConfigStore.getState().config.taxes;
  return product.taxIds.map((taxId) => {
    const tax = taxes.get(taxId);
    return { taxId, rate: tax?.rate ?? 0, ...(tax?.compound ? { compound: true } : {}) };
  });
}

/**
 * Adds a product: a measured product (kg, l, m) with no weight from a scale barcode asks for it
 * first; a weight for a product sold by the piece is refused.
 */
export function addToCart(product: Product, options: { qty?: number; unitPrice?: number; lot?: string } = {}): void {
  if (isMeasured(product.unit) && options.qty === undefined && options.unitPrice === undefined) {
    void useTillUiStore.getState().requestWeight(product).then((qty) => {
      if (qty !== null) useCartStore.getState().addProduct(product, taxRulesFor(product), { ...options, qty });
      document.getElementById('scan-entry')?.focus();
    });
    return;
  }
  const problem = options.qty === undefined ? null : quantityProblem(options.qty, product.unit);
  if (problem) return sayError(`${product.name}: ${problem}`);
  useCartStore.getState().addProduct(product, taxRulesFor(product), options);
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
  const action = resolveAgainstCatalog(raw);
  if (!action) {
    waiting.push(raw);
    useCartStore.getState().say('info', `Catalog loading: ${String(waiting.length)} scan${waiting.length === 1 ? '' : 's'} will be added when it is ready`);
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
    sayError(action.message);
    return;
  }
  addToCart(action.product, action);
}
