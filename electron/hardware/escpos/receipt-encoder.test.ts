import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CharacterSet, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { Receipt, ReceiptColumns } from '../../../shared/receipt/receipt-model.ts';
import { decodeCp858 } from './cp858.ts';
import { decodeEscPos, decodedTextLines, EscPosDecodeError, renderDecoded } from './escpos-decoder.ts';
import { encodeReceipt, ReceiptEncodingError } from './receipt-encoder.ts';
import { nposCommands } from './testing/npos-parser.ts';

function sampleReceipt(columns: ReceiptColumns): Receipt {
  const priceLine = (name: string, price: string): string => name + price.padStart(columns - name.length);
  return {
    columns,
    lines: [
      { kind: 'text', text: 'Épicerie Müller', align: 'center', bold: true, doubleHeight: true },
      { kind: 'text', text: 'Rue de la Paix 3 — Genève'.replace('—', '-'), align: 'center' },
      { kind: 'rule', char: '=' },
      { kind: 'text', text: priceLine('Crème brûlée', '4,50 €') },
      { kind: 'text', text: priceLine('Jamón ibérico', '12,00 €') },
      { kind: 'text', text: priceLine('Smørrebrød', '7,25 €') },
      { kind: 'rule', char: '-' },
      { kind: 'text', text: priceLine('TOTAL', '23,75 €'), bold: true },
      { kind: 'blank' },
      { kind: 'qr', data: 'AISLE:R:T1-000042:0190f3a2' },
      { kind: 'barcode', data: 'T1-000042' },
      { kind: 'text', text: 'Merci, à bientôt !', align: 'center' },
      { kind: 'cut' },
    ],
  };
}

function expectedText(r: Receipt): string[] {
  return r.lines.flatMap((l) => {
    if (l.kind === 'text') return [l.text];
    if (l.kind === 'rule') return [l.char.repeat(r.columns)];
    if (l.kind === 'blank') return [''];
    if (l.kind === 'qr') return [''];
    if (l.kind === 'barcode') return [l.data];
    return [];
  });
}

describe.each([32, 42, 48] as const)('receipt bytes for %i-column paper', (columns) => {
  const receipt = sampleReceipt(columns);
  const bytes = encodeReceipt(receipt, { openDrawer: true, drawerKick: { pin: 2, onMs: 100, offMs: 400 } });

  it('parses with npos (independent parser) into known commands only', () => {
    const cmds = nposCommands(bytes);
    const names = new Set(cmds.map((c) => c.name));
    expect([...names].sort()).toEqual(
      ['ESC @', 'ESC t', 'ESC a', 'ESC E', 'ESC !', 'TEXT', 'GS (k', 'GS H', 'GS f', 'GS w', 'GS h', 'GS k', 'GS V', 'ESC p'].sort(),
    );
    // Exactly one ESC @, first: nothing resets the code page mid-receipt.
    expect(cmds.filter((c) => c.name === 'ESC @')).toHaveLength(1);
    expect(cmds[0]?.name).toBe('ESC @');
    // Every code page selection is PC858 (ESC t 19).
    for (const c of cmds.filter((x) => x.name === 'ESC t')) expect([...c.bytes]).toEqual([0x1b, 0x74, 19]);
  });

  it('npos text runs decode through PC858 to the receipt text, € and accents included', () => {
    const text = nposCommands(bytes)
      .filter((c) => c.name === 'TEXT')
      .map((c) => decodeCp858(c.bytes))
      .join('');
    for (const line of expectedText(receipt).filter((l) => l.length > 0)) expect(text).toContain(line);
    expect(text).toContain('€');
    expect(text).not.toContain('?');
  });

  it('ends with a well-formed five-byte drawer kick after the cut (npos and own decoder agree)', () => {
    const cmds = nposCommands(bytes);
    const kick = cmds[cmds.length - 1];
    expect(kick?.name).toBe('ESC p');
    expect([...(kick?.bytes ?? [])]).toEqual([0x1b, 0x70, 0, 50, 200]);
    expect(cmds.slice(-3).map((c) => c.name)).toEqual(['GS V', 'ESC t', 'ESC p']);
    const ops = decodeEscPos(bytes);
    expect(ops[ops.length - 1]).toEqual({ op: 'drawer-kick', pin: 2, onMs: 100, offMs: 400 });
  });

  it('own decoder recovers every line, the QR, the barcode and the cut', () => {
    const ops = decodeEscPos(bytes);
    expect(decodedTextLines(ops)).toEqual(expectedText(receipt));
    expect(ops).toContainEqual({ op: 'qr', data: 'AISLE:R:T1-000042:0190f3a2', model: 2, cellSize: columns === 32 ? 4 : 6, correction: 49 });
    expect(ops).toContainEqual({ op: 'barcode', system: 73, data: 'T1-000042' });
    expect(ops.filter((o) => o.op === 'cut')).toEqual([{ op: 'cut', partial: true, feed: 3 }]);
    const title = ops.find((o) => o.op === 'text' && o.text === 'Épicerie Müller');
    expect(title).toMatchObject({ align: 'center', bold: true, doubleHeight: true });
    for (const line of decodedTextLines(ops)) expect(line.length).toBeLessThanOrEqual(columns);
  });

  it('renders a human-readable copy no wider than the paper', () => {
    const text = renderDecoded(decodeEscPos(bytes), columns);
    expect(text).toContain('[QR AISLE:R:T1-000042:0190f3a2]');
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(columns);
  });
});

describe('code page across cuts', () => {
  it('keeps € printable after a cut (two receipts in one job)', () => {
    const bytes = encodeReceipt({
      columns: 32,
      lines: [{ kind: 'text', text: '1,00 €' }, { kind: 'cut' }, { kind: 'text', text: '2,00 € – çà' }, { kind: 'cut' }],
    });
    expect(decodedTextLines(decodeEscPos(bytes))).toEqual(['1,00 €', '2,00 € ? çà']);
  });

  it('shows why the library cut is not used: its ESC @ leaves € undecodable', () => {
    const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '', width: 32, characterSet: CharacterSet.PC858_EURO });
    p.println('1,00 €');
    p.cut();
    p.println('2,00 €');
    expect(decodedTextLines(decodeEscPos(new Uint8Array(p.getBuffer())))).toEqual(['1,00 €', '2,00 \uFFFD']);
  });

  it("shows why the library drawer kick is not used: its 3-byte ESC p swallows what follows", () => {
    const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '', width: 32 });
    p.openCashDrawer();
    p.println('AB');
    // ESC p 0, ESC p 1: the first kick eats the second's bytes as its timings; the stream desynchronises.
    expect(() => decodeEscPos(new Uint8Array(p.getBuffer()))).toThrow(EscPosDecodeError);
  });
});

describe('receipt encoding', () => {
  it('round-trips any PC858 text line through the own decoder', () => {
    const alphabet = fc.constantFrom(...'abcXYZ 0123456789,.-€éèêàçüöäßñÑÉÅøæ£¥'.split(''));
    fc.assert(
      fc.property(fc.constantFrom<ReceiptColumns>(32, 42, 48), fc.array(fc.string({ unit: alphabet, minLength: 1, maxLength: 32 }), { minLength: 1, maxLength: 8 }), (columns, texts) => {
        const receipt: Receipt = { columns, lines: texts.map((text) => ({ kind: 'text', text })) };
        expect(decodedTextLines(decodeEscPos(encodeReceipt(receipt)))).toEqual(texts);
      }),
      { numRuns: 150 },
    );
  });

  it('encodes non-ASCII QR data as UTF-8 with the right length (the library miscounts it)', () => {
    const ops = decodeEscPos(encodeReceipt({ columns: 42, lines: [{ kind: 'qr', data: 'AISLE:R:Caisse-é:N°1:€' }] }));
    expect(ops).toContainEqual(expect.objectContaining({ op: 'qr', data: 'AISLE:R:Caisse-é:N°1:€' }));
  });

  it('prints a barcode it cannot draw as text instead of failing the receipt', () => {
    const ops = decodeEscPos(encodeReceipt({ columns: 32, lines: [{ kind: 'barcode', data: 'Réf-42' }] }));
    expect(ops.some((o) => o.op === 'barcode')).toBe(false);
    expect(decodedTextLines(ops)).toEqual(['Réf-42']);
  });

  it('refuses an unsupported paper width', () => {
    expect(() => encodeReceipt({ columns: 40 as ReceiptColumns, lines: [] })).toThrow(ReceiptEncodingError);
  });
});
