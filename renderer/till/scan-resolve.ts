// What a scan (or a code typed in the entry box) means to the till: add a product (with the
// weight, price or lot the barcode carries), open a return for a receipt, or a clear error.
// Pure over the catalog index, so it is tested without a browser. Never throws on bad input.
import { defaultScanConfig, parseScan, SCAN_ERROR, toGtin14, type InvalidScan, type ScanConfig } from '../../shared/barcode/index.ts';
import { multiplyMinor } from '../../shared/money/minor-units.ts';
import { parseReceiptCode } from '../../shared/receipt/index.ts';
import type { Product } from '../../shared/schemas/index.ts';
import type { CatalogIndex } from '../catalog/catalog-index.ts';
import { isMeasured } from './quantity-rules.ts';

export type ScanAction =
  | { kind: 'add'; product: Product; qty?: number; unitPrice?: number; lot?: string; serial?: string }
  | { kind: 'receipt'; saleId?: string; receiptNo?: string }
  | { kind: 'error'; message: string };

function unknown(code: string): ScanAction {
  return { kind: 'error', message: `Unknown barcode ${code}: not in this till's catalog` };
}

/** An AIM symbology id (`]E0`) a scanner may put before the data. */
const AIM_PREFIX = /^\][A-Za-z][0-9A-Za-z]/;

/**
 * What the cashier reads when nothing matched. Text typed to search (letters or spaces, no
 * scanner prefix) is a search with no result, not a bad barcode; a misread barcode says to scan
 * it again. Other codes keep the parser's reason, which names what was wrong.
 */
function noMatch(text: string, scan: InvalidScan): string {
  if (scan.code === SCAN_ERROR.UNRECOGNISED && scan.symbology.aimId === null && /[\p{L}\s]/u.test(text)) {
    return `No product matches “${text}”.`;
  }
  if (scan.code === SCAN_ERROR.BAD_CHECK_DIGIT) {
    return `Barcode ${text.replace(AIM_PREFIX, '')} did not scan right (check digit): scan it again or type it.`;
  }
  return `Unknown code ${text}: ${scan.reason}`;
}

/** A typed number as stored: its GTIN-14 when valid, else padded (an exact stored code may still match). */
function gtinCandidates(digits: string): string[] {
  return [toGtin14(digits) ?? digits.padStart(14, '0')];
}

/**
 * A price label. On a product sold by measure (kg, l, m) with a catalog price, the label is a
 * weighed quantity at that price, as Odoo reads it: 2.40 of apples at 3.20/kg is 0.750 kg, so the
 * line says "0.750 kg × 3.20/kg" and the server sees the catalog price. When no quantity to the
 * gram gives back the label's price exactly, the label's price is kept as one unit at that price.
 */
function priceLabel(product: Product, price: number): ScanAction {
  if (isMeasured(product.unit) && product.price > 0) {
    const qty = Math.round((price / product.price) * 1000) / 1000;
    if (qty > 0 && multiplyMinor(product.price, qty) === price) return { kind: 'add', product, qty };
  }
  return { kind: 'add', product, qty: 1, unitPrice: price };
}

export function resolveScan(raw: string, index: CatalogIndex, config: ScanConfig = defaultScanConfig): ScanAction {
  const text = raw.trim();
  const receipt = parseReceiptCode(text);
  if (receipt) return { kind: 'receipt', saleId: receipt.saleId, receiptNo: receipt.receiptNo };
  const scan = parseScan(text, config);
  switch (scan.kind) {
    case 'gtin': {
      const product = index.byBarcode(scan.gtin);
      return product ? { kind: 'add', product } : unknown(scan.scanned);
    }
    case 'gs1': {
      const product = scan.gtin ? index.byBarcode(scan.gtin) : undefined;
      if (!product) return unknown(scan.gtin ?? text);
      const weight = scan.fields.netWeightKg?.value;
      const price = scan.fields.price ? Number(scan.fields.price.digits) * 10 ** (2 - scan.fields.price.decimals) : undefined;
      return {
        kind: 'add',
        product,
        ...(weight !== undefined ? { qty: weight } : {}),
        ...(price !== undefined ? { unitPrice: Math.round(price) } : {}),
        ...(scan.fields.lot ? { lot: scan.fields.lot } : {}),
        ...(scan.fields.serial ? { serial: scan.fields.serial } : {}),
      };
    }
    case 'variable-measure': {
      const product = index.byBarcode(scan.lookupGtin);
      if (!product) return unknown(scan.gtin);
      if (scan.valueKind === 'weight') return { kind: 'add', product, qty: scan.value.value };
      return priceLabel(product, Math.round(Number(scan.value.digits) * 10 ** (2 - scan.value.decimals)));
    }
    case 'receipt':
      return { kind: 'receipt', receiptNo: scan.receiptRef };
    case 'location':
    case 'employee':
      return { kind: 'error', message: `That is a ${scan.kind} code, not a product` };
    case 'invalid': {
      const bySku = index.bySku(text);
      if (bySku) return { kind: 'add', product: bySku };
      if (/^\d+$/.test(text)) {
        for (const gtin of gtinCandidates(text)) {
          const product = index.byBarcode(gtin);
          if (product) return { kind: 'add', product };
        }
      }
      return { kind: 'error', message: noMatch(text, scan) };
    }
  }
}
