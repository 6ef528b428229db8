// The receipt model: what a receipt says, independent of how it is drawn.
// `layoutReceipt` (receipt-layout.ts) turns a sale into these lines for a paper width; the screen
// renders them as text and the ESC/POS driver (electron/) turns them into printer bytes.

/** Paper widths in characters of font A: 58 mm ≈ 32, 80 mm ≈ 42 or 48. */
export type ReceiptColumns = 32 | 42 | 48;

export type ReceiptAlign = 'left' | 'center' | 'right';

export type ReceiptLine =
  /** A line of text already fitted to the width (never longer than `columns`). */
  | { kind: 'text'; text: string; align?: ReceiptAlign; bold?: boolean; doubleHeight?: boolean }
  /** A full-width rule made of `char`. */
  | { kind: 'rule'; char: '-' | '=' }
  /** An empty line. */
  | { kind: 'blank' }
  /** A code for returns: the printer draws it as a QR code, the screen as text. */
  | { kind: 'qr'; data: string }
  /** A 1D barcode (CODE128) of `data`. */
  | { kind: 'barcode'; data: string }
  /** Cut the paper here. */
  | { kind: 'cut' };

export interface Receipt {
  columns: ReceiptColumns;
  lines: ReceiptLine[];
}
