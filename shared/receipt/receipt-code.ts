// The receipt code printed as a QR code on every receipt and scanned at the till to start a
// return: `AISLE:R:<tillId>:<receiptNo>:<saleId>`. It names the sale without a lookup by number
// (the id) and stays readable to a person (till and receipt number). A `:` or `%` inside a part
// is percent-encoded (`%3A`, `%25`) so the code always has exactly five parts.
import type { Sale } from '../schemas/sale.ts';

export const RECEIPT_CODE_PREFIX = 'AISLE:R:';

export interface ReceiptCodeParts {
  tillId: string;
  receiptNo: string;
  saleId: string;
}

function encodePart(part: string): string {
  return part.replaceAll('%', '%25').replaceAll(':', '%3A');
}

/** Decodes `%25` and `%3A`; null for any other `%` sequence (not a code this module wrote). */
function decodePart(part: string): string | null {
  let out = '';
  for (let i = 0; i < part.length; i += 1) {
    const char = part[i];
    if (char !== '%') {
      out += char;
      continue;
    }
    const escape = part.slice(i + 1, i + 3).toUpperCase();
    if (escape === '25') out += '%';
    else if (escape === '3A') out += ':';
    else return null;
    i += 2;
  }
  return out;
}

/** The code for a sale's receipt. */
export function receiptCode(sale: Pick<Sale, 'tillId' | 'receiptNo' | 'id'>): string {
  return `${RECEIPT_CODE_PREFIX}${encodePart(sale.tillId)}:${encodePart(sale.receiptNo)}:${encodePart(sale.id)}`;
}

/**
 * The parts of a scanned receipt code, or null when the text is not one (scanners may add a
 * trailing CR/LF, which is ignored). Inverse of `receiptCode`.
 */
export function parseReceiptCode(text: string): ReceiptCodeParts | null {
  const code = text.trim();
  if (!code.startsWith(RECEIPT_CODE_PREFIX)) return null;
  const parts = code.slice(RECEIPT_CODE_PREFIX.length).split(':');
  if (parts.length !== 3) return null;
  const [tillId, receiptNo, saleId] = parts.map(decodePart);
  if (!tillId || !receiptNo || !saleId) return null;
  return { tillId, receiptNo, saleId };
}
