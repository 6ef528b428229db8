// Our own ESC/POS decoder: bytes → the operations a printer would perform, strictly (an unknown
// or truncated command is an error, not skipped). Used by the virtual printer to show jobs and
// by tests to check what the encoder sends. Text is decoded with the code page in force, so a
// code page reset (ESC @ after a cut) shows up as undecodable '\uFFFD' characters.
import { CP858_ESC_T, decodeCp858Byte } from './cp858.ts';

export type DecodedAlign = 'left' | 'center' | 'right';

export type DecodedOp =
  | { op: 'init' }
  | { op: 'code-page'; n: number }
  | { op: 'text'; text: string; align: DecodedAlign; bold: boolean; doubleHeight: boolean; doubleWidth: boolean }
  | { op: 'qr'; data: string; model: number; cellSize: number; correction: number }
  | { op: 'barcode'; system: number; data: string }
  | { op: 'cut'; partial: boolean; feed: number }
  | { op: 'drawer-kick'; pin: 2 | 5; onMs: number; offMs: number }
  | { op: 'feed'; lines: number }
  | { op: 'status-request'; n: number }
  | { op: 'setting'; name: string; value: number };

export class EscPosDecodeError extends Error {
  readonly code = 'escpos-decode';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${String(offset)}`);
    this.name = 'EscPosDecodeError';
  }
}

interface PrintMode {
  align: DecodedAlign;
  bold: boolean;
  doubleHeight: boolean;
  doubleWidth: boolean;
  codePage: number;
}

const freshMode = (): PrintMode => ({ align: 'left', bold: false, doubleHeight: false, doubleWidth: false, codePage: 0 });

class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  get done(): boolean {
    return this.at >= this.bytes.length;
  }
  byte(): number {
    const b = this.bytes[this.at];
    if (b === undefined) throw new EscPosDecodeError('truncated command', this.at);
    this.at += 1;
    return b;
  }
  take(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new EscPosDecodeError('truncated command data', this.at);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

const ascii = (b: Uint8Array): string => String.fromCharCode(...b);

/** Decode a whole job. Throws EscPosDecodeError on anything it does not understand. */
export function decodeEscPos(bytes: Uint8Array): DecodedOp[] {
  const r = new Reader(bytes);
  const ops: DecodedOp[] = [];
  let mode = freshMode();
  let pendingQr = { data: '', model: 2, cellSize: 3, correction: 49 };
  let text = '';
  const flushText = (): void => {
    ops.push({ op: 'text', text, align: mode.align, bold: mode.bold, doubleHeight: mode.doubleHeight, doubleWidth: mode.doubleWidth });
    text = '';
  };

  while (!r.done) {
    const start = r.at;
    const b = r.byte();
    if (b === 0x0a) {
      flushText();
      continue;
    }
    if (b >= 0x20 && b !== 0x7f) {
      if (b < 0x80) text += String.fromCharCode(b);
      else text += mode.codePage === CP858_ESC_T ? decodeCp858Byte(b) : '\uFFFD';
      continue;
    }
    if (text.length > 0 && b !== 0x1b && b !== 0x1d) {
      throw new EscPosDecodeError(`control byte 0x${b.toString(16)} inside text`, start);
    }
    if (b === 0x1b) {
      const fn = r.byte();
      switch (fn) {
        case 0x40:
          mode = freshMode();
          ops.push({ op: 'init' });
          break;
        case 0x74:
          mode.codePage = r.byte();
          ops.push({ op: 'code-page', n: mode.codePage });
          break;
        case 0x61: {
          const n = r.byte() % 48;
          mode.align = n === 1 ? 'center' : n === 2 ? 'right' : 'left';
          break;
        }
        case 0x45:
          mode.bold = (r.byte() & 1) === 1;
          break;
        case 0x21: {
          const n = r.byte();
          mode.bold = (n & 0x08) !== 0;
          mode.doubleHeight = (n & 0x10) !== 0;
          mode.doubleWidth = (n & 0x20) !== 0;
          break;
        }
        case 0x70: {
          const m = r.byte();
          const t1 = r.byte();
          const t2 = r.byte();
          if (![0, 1, 48, 49].includes(m)) throw new EscPosDecodeError(`drawer kick with bad pin m=${String(m)}`, start);
          ops.push({ op: 'drawer-kick', pin: m % 48 === 1 ? 5 : 2, onMs: t1 * 2, offMs: t2 * 2 });
          break;
        }
        case 0x64:
          ops.push({ op: 'feed', lines: r.byte() });
          break;
        case 0x32:
          ops.push({ op: 'setting', name: 'line-spacing-default', value: 0 });
          break;
        case 0x33:
        case 0x2d:
        case 0x4d:
        case 0x47:
          ops.push({ op: 'setting', name: `ESC ${String.fromCharCode(fn)}`, value: r.byte() });
          break;
        default:
          throw new EscPosDecodeError(`unknown command ESC 0x${fn.toString(16)}`, start);
      }
      continue;
    }
    if (b === 0x1d) {
      const fn = r.byte();
      switch (fn) {
        case 0x56: {
          const m = r.byte();
          if (m === 0 || m === 1 || m === 48 || m === 49) ops.push({ op: 'cut', partial: m % 48 === 1, feed: 0 });
          else if (m === 65 || m === 66) ops.push({ op: 'cut', partial: m === 66, feed: r.byte() });
          else throw new EscPosDecodeError(`bad cut mode ${String(m)}`, start);
          break;
        }
        case 0x21: {
          const n = r.byte();
          mode.doubleHeight = (n & 0x0f) > 0;
          mode.doubleWidth = (n & 0xf0) > 0;
          break;
        }
        case 0x28: {
          if (r.byte() !== 0x6b) throw new EscPosDecodeError('unknown GS ( function', start);
          const pL = r.byte();
          const pH = r.byte();
          const body = r.take(pL + pH * 256);
          const [cn, fnk, ...rest] = body;
          if (cn !== 0x31) throw new EscPosDecodeError(`GS ( k symbol ${String(cn)} is not QR`, start);
          if (fnk === 0x41) pendingQr.model = (rest[0] ?? 0x32) - 0x30;
          else if (fnk === 0x43) pendingQr.cellSize = rest[0] ?? 3;
          else if (fnk === 0x45) pendingQr.correction = rest[0] ?? 49;
          else if (fnk === 0x50) pendingQr.data = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(3));
          else if (fnk === 0x51) {
            ops.push({ op: 'qr', ...pendingQr });
            pendingQr = { data: '', model: 2, cellSize: 3, correction: 49 };
          } else throw new EscPosDecodeError(`unknown QR function ${String(fnk)}`, start);
          break;
        }
        case 0x6b: {
          const m = r.byte();
          if (m <= 6) {
            let data = '';
            for (let c = r.byte(); c !== 0; c = r.byte()) data += String.fromCharCode(c);
            ops.push({ op: 'barcode', system: m, data });
          } else if (m >= 65 && m <= 79) {
            const raw = ascii(r.take(r.byte()));
            // CODE128 data starts with a code set selector ({A, {B or {C).
            ops.push({ op: 'barcode', system: m, data: m === 73 ? raw.replace(/^\{[ABC]/, '') : raw });
          } else throw new EscPosDecodeError(`bad barcode system ${String(m)}`, start);
          break;
        }
        case 0x48:
        case 0x66:
        case 0x77:
        case 0x68:
          ops.push({ op: 'setting', name: `GS ${String.fromCharCode(fn)}`, value: r.byte() });
          break;
        default:
          throw new EscPosDecodeError(`unknown command GS 0x${fn.toString(16)}`, start);
      }
      continue;
    }
    if (b === 0x10) {
      if (r.byte() !== 0x04) throw new EscPosDecodeError('unknown DLE command', start);
      ops.push({ op: 'status-request', n: r.byte() });
      continue;
    }
    throw new EscPosDecodeError(`unexpected control byte 0x${b.toString(16)}`, start);
  }
  if (text.length > 0) flushText();
  return ops;
}

/** Printed text lines only, in order (what a customer reads). */
export function decodedTextLines(ops: readonly DecodedOp[]): string[] {
  return ops.flatMap((o) => (o.op === 'text' ? [o.text] : []));
}

/** A human-readable rendering of a job, as it would come out of a `columns`-wide printer. */
export function renderDecoded(ops: readonly DecodedOp[], columns: number): string {
  const out: string[] = [];
  const place = (s: string, align: DecodedAlign): string => {
    const pad = Math.max(0, columns - s.length);
    if (align === 'center') return ' '.repeat(Math.floor(pad / 2)) + s;
    if (align === 'right') return ' '.repeat(pad) + s;
    return s;
  };
  for (const o of ops) {
    if (o.op === 'text') out.push(place(o.text, o.align).trimEnd());
    else if (o.op === 'qr') out.push(place(`[QR ${o.data}]`, 'center'));
    else if (o.op === 'barcode') out.push(place(`[CODE128 ${o.data}]`, 'center'));
    else if (o.op === 'cut') out.push(`${'✂ '.padEnd(columns, '·')}`);
    else if (o.op === 'drawer-kick') out.push(`[drawer kick: pin ${String(o.pin)}, ${String(o.onMs)}/${String(o.offMs)} ms]`);
  }
  return out.join('\n');
}
