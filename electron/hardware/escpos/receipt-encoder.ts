// Receipt → ESC/POS bytes. node-thermal-printer does the layout (alignment, emphasis, rules,
// QR and CODE128 commands) into a buffer; this module owns what the library gets wrong on real
// printers: PC858 is selected for €, text is kept inside PC858 so the library never switches
// code page behind our back, cuts are our own GS V (the library's cut() appends ESC @, which
// resets the code page) followed by a re-selection, the drawer kick is a full ESC p m t1 t2, and
// the QR command is ours (the library miscounts non-ASCII data).
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { Receipt, ReceiptLine } from '../../../shared/receipt/receipt-model.ts';
import { CP858_ESC_T, isCp858Encodable } from './cp858.ts';
import { INIT, concatBytes, drawerKick, feedAndCut, qrCode, selectCodePage, type DrawerKick } from './escpos-commands.ts';

export interface EncodeOptions {
  /** Append a drawer kick after the receipt. */
  openDrawer?: boolean;
  drawerKick?: DrawerKick;
  /** Lines fed before each cut so the last printed line clears the cutter (default 3). */
  feedBeforeCut?: number;
  /** Cut at the end when the receipt has no final cut line (default true). */
  cutAtEnd?: boolean;
}

export class ReceiptEncodingError extends Error {
  readonly code = 'bad-request';
  constructor(message: string) {
    super(message);
    this.name = 'ReceiptEncodingError';
  }
}

/** Characters PC858 cannot print become '?' (one column, where a wide character took two), so
 * the library never changes code page mid-line and the line never grows. */
export function toPrintableText(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0x3f;
    if (code < 0x20) out += ' ';
    else if (/\p{M}/u.test(ch)) continue; // a mark NFC could not compose: the base letter stands alone
    else out += isCp858Encodable(ch) ? ch : '?';
  }
  return out;
}

function qrCellSize(columns: Receipt['columns']): number {
  return columns === 32 ? 4 : 6;
}

function newPrinter(columns: number): ThermalPrinter {
  return new ThermalPrinter({
    type: PrinterTypes.EPSON,
    interface: '',
    width: columns,
    characterSet: CharacterSet.PC858_EURO,
  });
}

function appendLine(p: ThermalPrinter, line: ReceiptLine, receipt: Receipt, opts: EncodeOptions): void {
  switch (line.kind) {
    case 'text': {
      const text = toPrintableText(line.text).slice(0, receipt.columns);
      if (line.align === 'center') p.alignCenter();
      else if (line.align === 'right') p.alignRight();
      else p.alignLeft();
      // ESC ! (double height) also sets emphasis, so it goes first and ESC E after it.
      if (line.doubleHeight) p.setTextDoubleHeight();
      if (line.bold) p.bold(true);
      p.println(text);
      if (line.bold) p.bold(false);
      if (line.doubleHeight) p.setTextNormal();
      p.alignLeft();
      return;
    }
    case 'rule':
      p.alignLeft();
      p.drawLine(line.char);
      return;
    case 'blank':
      p.newLine();
      return;
    case 'qr': {
      const data = new TextEncoder().encode(line.data);
      if (data.length === 0 || data.length > MAX_QR_BYTES) {
        printAsText(p, line.data, receipt.columns);
        return;
      }
      p.alignCenter();
      p.add(Buffer.from(qrCode(data, qrCellSize(receipt.columns), 'M')));
      p.newLine();
      p.alignLeft();
      return;
    }
    case 'barcode':
      // CODE128 set B holds printable ASCII only; anything else still reaches the customer as text.
      if (!/^[\x20-\x7e]{1,80}$/.test(line.data)) {
        printAsText(p, line.data, receipt.columns);
        return;
      }
      p.alignCenter();
      p.code128(line.data, { height: 60 });
      p.println(line.data);
      p.alignLeft();
      return;
    case 'cut':
      p.add(Buffer.from(feedAndCut(opts.feedBeforeCut ?? 3)));
      // Some printers reinitialise after a cut; selecting PC858 again costs 3 bytes.
      p.setCharacterSet(CharacterSet.PC858_EURO);
      return;
  }
}

/** Byte capacity of a model 2 QR code at error correction M. */
const MAX_QR_BYTES = 2331;

/** A code the printer cannot draw is printed as centred text rows instead of failing the receipt. */
function printAsText(p: ThermalPrinter, data: string, columns: number): void {
  const text = toPrintableText(data);
  p.alignCenter();
  for (let at = 0; at < text.length; at += columns) p.println(text.slice(at, at + columns));
  p.alignLeft();
}

/** Encode one receipt: ESC @, PC858, the lines, a final cut, then the drawer kick if asked. */
export function encodeReceipt(receipt: Receipt, opts: EncodeOptions = {}): Uint8Array {
  if (![32, 42, 48].includes(receipt.columns)) {
    throw new ReceiptEncodingError(`unsupported paper width: ${String(receipt.columns)} columns`);
  }
  const p = newPrinter(receipt.columns);
  for (const line of receipt.lines) appendLine(p, line, receipt, opts);
  const last = receipt.lines[receipt.lines.length - 1];
  const parts: Uint8Array[] = [INIT, new Uint8Array(p.getBuffer())];
  if (last?.kind !== 'cut' && opts.cutAtEnd !== false) parts.push(feedAndCut(opts.feedBeforeCut ?? 3));
  if (opts.openDrawer) parts.push(drawerKick(opts.drawerKick));
  return concatBytes(parts);
}

/** A standalone drawer kick job: initialise, select the code page, kick. */
export function encodeDrawerKick(kick?: DrawerKick): Uint8Array {
  return concatBytes([INIT, selectCodePage(CP858_ESC_T), drawerKick(kick)]);
}
