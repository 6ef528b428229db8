// Builds a Receipt one row at a time, fitting every text row to the paper width on the way in,
// so no section of the layout can produce a line longer than `columns`.
import type { Receipt, ReceiptColumns, ReceiptLine } from './receipt-model.ts';
import { padEndCells, padStartCells, sanitizeText, textWidth, wrapText, wrapTextLimited } from './text-width.ts';

export interface RowStyle {
  bold?: boolean;
  doubleHeight?: boolean;
}

/** Narrowest left column worth keeping beside an amount; below it the amount gets its own row. */
const MIN_LEFT_CELLS = 8;
const CONTINUATION_INDENT = 2;

export class ReceiptBuilder {
  readonly columns: ReceiptColumns;
  private readonly lines: ReceiptLine[] = [];

  constructor(columns: ReceiptColumns) {
    this.columns = columns;
  }

  private push(text: string, style: RowStyle, align?: 'center'): void {
    const line: ReceiptLine = { kind: 'text', text };
    if (align) line.align = align;
    if (style.bold) line.bold = true;
    if (style.doubleHeight) line.doubleHeight = true;
    this.lines.push(line);
  }

  /** Centred text, wrapped. */
  centered(text: string, style: RowStyle = {}): this {
    const clean = sanitizeText(text);
    if (clean === '') return this;
    for (const row of wrapText(clean, this.columns)) this.push(row, style, 'center');
    return this;
  }

  /** Left-aligned text, wrapped under an indent of `indent` spaces, at most `maxRows` rows. */
  left(text: string, options: RowStyle & { indent?: number; maxRows?: number } = {}): this {
    const clean = sanitizeText(text);
    if (clean === '') return this;
    const indent = options.indent ?? 0;
    const rows = wrapTextLimited(clean, this.columns - indent, options.maxRows ?? Number.MAX_SAFE_INTEGER);
    for (const row of rows) this.push(' '.repeat(indent) + row, options);
    return this;
  }

  /**
   * `left` and `right` on one row, `right` flush with the edge. When they do not fit, `left`
   * wraps in the room beside `right`; when even that is too narrow, `right` gets a row of its own.
   */
  pair(left: string, right: string, options: RowStyle & { indent?: number; maxRows?: number } = {}): this {
    const indent = ' '.repeat(options.indent ?? 0);
    const l = sanitizeText(left);
    const r = sanitizeText(right, { keepSpaces: true }).trimEnd();
    const rightWidth = textWidth(r);
    const room = this.columns - indent.length - rightWidth - 1;
    const maxRows = options.maxRows ?? Number.MAX_SAFE_INTEGER;
    if (room >= Math.min(MIN_LEFT_CELLS, Math.max(1, textWidth(l)))) {
      const rows = l === '' ? [''] : wrapTextLimited(l, room, maxRows);
      rows.forEach((row, i) => {
        const text = i === 0 ? padEndCells(indent + row, this.columns - rightWidth) + r : indent + row;
        this.push(text, options);
      });
      return this;
    }
    if (l !== '') this.left(l, options);
    if (rightWidth <= this.columns) {
      this.push(padStartCells(r, this.columns), options);
      return this;
    }
    // Too long for any row (an id, not an amount): wrapped under the label, reading left to right.
    for (const row of wrapText(r, this.columns - CONTINUATION_INDENT)) this.push(' '.repeat(CONTINUATION_INDENT) + row, options);
    return this;
  }

  rule(char: '-' | '=' = '-'): this {
    this.lines.push({ kind: 'rule', char });
    return this;
  }

  blank(): this {
    this.lines.push({ kind: 'blank' });
    return this;
  }

  qr(data: string): this {
    this.lines.push({ kind: 'qr', data });
    return this;
  }

  cut(): this {
    this.lines.push({ kind: 'cut' });
    return this;
  }

  build(): Receipt {
    return { columns: this.columns, lines: [...this.lines] };
  }
}
