// The one CSV writer (papaparse): RFC 4180 quoting, CRLF line ends, a byte-order mark so
// spreadsheet programs read the file as UTF-8, and cells a spreadsheet would run as a formula
// (= + - @ tab CR at the start) prefixed with ' — a product or customer name can never become a
// formula on someone's screen. Numbers stay numbers: a cell that is exactly a number (-12.50)
// is not a formula and is written as it is. Used by catalog exports (server) and report exports
// (browser).
import Papa from 'papaparse';

/** Cells a spreadsheet would evaluate; a cell already starting with ' before one gets one more, so it reads back. */
export const FORMULA_START = /^'*[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Would a spreadsheet run this cell as a formula? (Plain numbers, negative ones too, are not.) */
export function looksLikeFormula(cell: string): boolean {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell);
}

/** Takes the ' that writeCsv put in front of a formula-like cell off again (for readers of our own files). */
export function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && looksLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}

export function writeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const data = rows.map((r) => r.map((cell) => (looksLikeFormula(cell) ? `'${cell}` : cell)));
  const fields = header.map((cell) => (looksLikeFormula(cell) ? `'${cell}` : cell));
  // escapeFormulae is off: the rule above (numbers excepted) is applied here, once. papaparse ends
  // a header-only file with a line break already, and the last row without one.
  const text = Papa.unparse({ fields, data }, { newline: '\r\n', quotes: false, escapeFormulae: false });
  return '\ufeff' + text + (data.length > 0 ? '\r\n' : '');
}
