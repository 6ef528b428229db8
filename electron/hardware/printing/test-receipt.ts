// The self-test receipt: exercises what goes wrong most often on a new printer — the € sign and
// accents (code page), the QR command, the cut — at the printer's own width.
import type { Receipt, ReceiptColumns } from '../../../shared/receipt/receipt-model.ts';

export function testReceipt(columns: ReceiptColumns, printerName: string, at: Date): Receipt {
  const fit = (s: string): string => s.slice(0, columns);
  return {
    columns,
    lines: [
      { kind: 'text', text: 'AISLE TEST PRINT', align: 'center', bold: true, doubleHeight: true },
      { kind: 'text', text: fit(printerName), align: 'center' },
      { kind: 'text', text: fit(at.toISOString().replace('T', ' ').slice(0, 19)), align: 'center' },
      { kind: 'rule', char: '=' },
      { kind: 'text', text: fit('Euro: 1,00 € 12,50 €') },
      { kind: 'text', text: fit('Accents: àâçéèêëîïôùûü ñ ß') },
      { kind: 'text', text: fit('Capitals: ÀÇÉÈÊÑÖÜ Å Ø Æ') },
      { kind: 'text', text: fit(`${String(columns)} columns:`) },
      { kind: 'text', text: '0123456789'.repeat(5).slice(0, columns) },
      { kind: 'rule', char: '-' },
      { kind: 'qr', data: 'AISLE:TEST' },
      { kind: 'text', text: 'If you read € above, all is well.'.slice(0, columns), align: 'center' },
      { kind: 'cut' },
    ],
  };
}
