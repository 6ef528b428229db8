// A Receipt as plain text for the screen (and logs, tests, the virtual printer): the same lines
// the printer gets, one string per paper row. Codes print as their text, wrapped to the width.
import type { Receipt, ReceiptLine } from './receipt-model.ts';
import { padStartCells, textWidth, wrapText } from './text-width.ts';

function centre(text: string, columns: number): string {
  const free = Math.max(0, columns - textWidth(text));
  return ' '.repeat(Math.floor(free / 2)) + text;
}

function renderLine(line: ReceiptLine, columns: number): string[] {
  switch (line.kind) {
    case 'text': {
      const rows = textWidth(line.text) <= columns ? [line.text] : wrapText(line.text, columns);
      if (line.align === 'center') return rows.map((row) => centre(row, columns));
      if (line.align === 'right') return rows.map((row) => padStartCells(row, columns));
      return rows.map((row) => row.trimEnd());
    }
    case 'rule':
      return [line.char.repeat(columns)];
    case 'blank':
      return [''];
    case 'qr':
    case 'barcode':
      return wrapText(line.data, columns).map((row) => centre(row, columns));
    case 'cut':
      return [];
  }
}

/** The receipt as text: rows joined by `\n`, none wider than `receipt.columns`. */
export function renderReceiptText(receipt: Receipt): string {
  return receipt.lines.flatMap((line) => renderLine(line, receipt.columns)).join('\n');
}
