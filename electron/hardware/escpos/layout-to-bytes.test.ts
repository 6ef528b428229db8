// End to end inside the receipt pipeline: sales laid out by shared/receipt (the till's layout)
// go through the printer's validation and encoder, and come back out of both parsers intact.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { saleArb } from '../../../shared/chain/sale-arbitraries.ts';
import { layoutReceipt } from '../../../shared/receipt/receipt-layout.ts';
import type { ReceiptColumns } from '../../../shared/receipt/receipt-model.ts';
import type { ReceiptSettings } from '../../../shared/receipt/receipt-settings.ts';
import { receiptProblem } from '../receipt-validation.ts';
import { decodeEscPos, decodedTextLines } from './escpos-decoder.ts';
import { encodeReceipt, toPrintableText } from './receipt-encoder.ts';
import { nposCommands } from './testing/npos-parser.ts';

const settings = (columns: ReceiptColumns): ReceiptSettings => ({
  columns,
  site: { name: 'Aisle Épicerie Fine', address: '12 Rue de la Paix\n75002 Paris', receiptFooter: ['Merci et à bientôt !'] },
  tillName: 'Caisse 1',
  cashierName: 'Zoë',
  tenderLabels: { cash: 'Espèces' },
});

describe('layoutReceipt → printer bytes', () => {
  it('every laid-out sale is accepted, encodes, parses with npos and decodes to its own lines', () => {
    fc.assert(
      fc.property(saleArb(), fc.constantFrom<ReceiptColumns>(32, 42, 48), (sale, columns) => {
        const receipt = layoutReceipt(sale, settings(columns));
        expect(receiptProblem(receipt)).toBeNull();
        const bytes = encodeReceipt(receipt);
        expect(() => nposCommands(bytes)).not.toThrow();
        const ops = decodeEscPos(bytes);
        const expected = receipt.lines.flatMap((l) => {
          if (l.kind === 'text') return [toPrintableText(l.text).slice(0, columns)];
          if (l.kind === 'rule') return [l.char.repeat(columns)];
          if (l.kind === 'blank' || l.kind === 'qr') return [''];
          if (l.kind === 'barcode') return [l.data];
          return [];
        });
        expect(decodedTextLines(ops)).toEqual(expected);
        const qr = receipt.lines.find((l) => l.kind === 'qr');
        if (qr?.kind === 'qr') expect(ops).toContainEqual(expect.objectContaining({ op: 'qr', data: qr.data }));
      }),
      { numRuns: 60 },
    );
  });
});
