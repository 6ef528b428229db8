// Receipts arrive over IPC and WebSocket from the renderer: checked here before they reach the
// encoder, so a malformed one is a `bad-request` result and not an exception deep in a driver.
import type { Receipt, ReceiptLine } from '../../shared/receipt/receipt-model.ts';
import { textWidth } from '../../shared/receipt/text-width.ts';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const optBool = (v: unknown): boolean => v === undefined || typeof v === 'boolean';

function lineProblem(l: unknown, columns: number): string | null {
  if (!isObj(l)) return 'is not an object';
  switch (l.kind) {
    case 'text':
      if (typeof l.text !== 'string') return 'text must be a string';
      if (textWidth(l.text) > columns) return `text is longer than ${String(columns)} columns`;
      if (!(l.align === undefined || l.align === 'left' || l.align === 'center' || l.align === 'right')) return 'bad align';
      return optBool(l.bold) && optBool(l.doubleHeight) ? null : 'bold/doubleHeight must be booleans';
    case 'rule':
      return l.char === '-' || l.char === '=' ? null : "rule char must be '-' or '='";
    case 'blank':
    case 'cut':
      return null;
    case 'qr':
    case 'barcode':
      return typeof l.data === 'string' && l.data.length > 0 ? null : 'data must be a non-empty string';
    default:
      return `unknown kind ${JSON.stringify(l.kind)}`;
  }
}

/** Why `value` is not a Receipt, or null when it is one. */
export function receiptProblem(value: unknown): string | null {
  if (!isObj(value)) return 'receipt must be an object';
  const { columns, lines } = value;
  if (columns !== 32 && columns !== 42 && columns !== 48) return 'columns must be 32, 42 or 48';
  if (!Array.isArray(lines)) return 'lines must be an array';
  if (lines.length > 2000) return 'too many lines';
  for (const [i, l] of lines.entries()) {
    const p = lineProblem(l, columns);
    if (p) return `lines[${String(i)}] ${p}`;
  }
  return null;
}

export function isReceipt(value: unknown): value is Receipt {
  return receiptProblem(value) === null;
}

export type { Receipt, ReceiptLine };
