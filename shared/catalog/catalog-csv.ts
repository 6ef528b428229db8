// The catalog as a CSV file: its columns, one product written as a row, and a file read back into
// rows with every bad cell named ("Row 12: price must be a number, like 2.50"). Pure: the server
// reads imports and writes exports with it; what needs the database (existing SKUs, barcodes owned
// by other products) is checked there (sync-server/admin/catalog-import.ts).
//
// Rows are numbered as a spreadsheet shows them: the header is row 1. A column left out of the
// file leaves that field of existing products as it is. Lists (barcodes, taxes) are separated by
// `|`. Money is in the stores' currency with its decimals (2.50), never minor units.
import Papa from 'papaparse';
import type { CatalogImportProblem } from '../admin-api/catalog-csv.ts';
import { printedGtin, toGtin14 } from '../barcode/gtin.ts';
import { unescapeFormula, writeCsv } from '../csv/write-csv.ts';
import { formatMoney, currencyMinorDigits } from '../money/format.ts';
import { parseMoneyInput } from '../money/money-input.ts';

export const CATALOG_CSV_COLUMNS = ['sku', 'name', 'barcodes', 'category', 'unit', 'price', 'price_includes_tax', 'taxes', 'cost', 'tracking', 'archived'] as const;
export type CatalogCsvColumn = (typeof CATALOG_CSV_COLUMNS)[number];

export const CATALOG_UNITS = ['unit', 'kg', 'g', 'l', 'ml', 'm'] as const;
export const CATALOG_TRACKING = ['none', 'lot', 'serial'] as const;
export type CatalogUnit = (typeof CATALOG_UNITS)[number];
export type CatalogTracking = (typeof CATALOG_TRACKING)[number];

/** Separates the barcodes, and the taxes, within one cell. */
export const LIST_SEPARATOR = '|';
const MAX_MONEY = 1_000_000_000;

/** A product as a row: the fields of the product model, taxes by name. */
export interface CatalogCsvProduct {
  sku: string;
  name: string;
  /** GTIN-14 as stored. */
  barcodes: readonly string[];
  category: string;
  unit: string;
  price: number;
  priceIncludesTax: boolean;
  taxNames: readonly string[];
  cost: number;
  tracking: string;
  active: boolean;
}

/**
 * A row read from a file. A field is undefined when its column is not in the file (existing
 * products keep that value; new ones take the default).
 */
export interface CatalogCsvRow {
  row: number;
  sku: string;
  name?: string;
  /** GTIN-14, sorted, without repeats. */
  barcodes?: string[];
  category?: string;
  unit?: CatalogUnit;
  price?: number;
  priceIncludesTax?: boolean;
  taxNames?: string[];
  cost?: number;
  tracking?: CatalogTracking;
  archived?: boolean;
}

export interface CatalogCsvFile {
  columns: CatalogCsvColumn[];
  /** Rows without a problem; rows with one are in `problems` instead. */
  rows: CatalogCsvRow[];
  problems: CatalogImportProblem[];
  /** Data rows in the file (blank lines aside). */
  total: number;
}


export function formatCatalogCsv(products: Iterable<CatalogCsvProduct>, currency: string): string {
  const data: string[][] = [];
  for (const p of products) {
    data.push([
      p.sku, p.name, p.barcodes.map(printedGtin).join(LIST_SEPARATOR), p.category, p.unit, formatMoney(p.price, currency), String(p.priceIncludesTax),
      p.taxNames.join(LIST_SEPARATOR), formatMoney(p.cost, currency), p.tracking, String(!p.active),
    ]);
  }
  // Formula-like cells come back with their ' taken off (unescapeFormula in readRow).
  return writeCsv(CATALOG_CSV_COLUMNS, data);
}

const isColumn = (name: string): name is CatalogCsvColumn => (CATALOG_CSV_COLUMNS as readonly string[]).includes(name);

function readBoolean(text: string, column: string, fallback: boolean): boolean | string {
  const t = text.trim().toLowerCase();
  if (t === '') return fallback;
  if (t === 'true' || t === 'yes' || t === '1') return true;
  if (t === 'false' || t === 'no' || t === '0') return false;
  return `${column} must be true or false, not "${text.trim()}"`;
}

function readMoney(text: string, column: string, digits: number, fallback?: number): number | string {
  const t = text.trim();
  if (t === '') return fallback ?? `${column} is required`;
  if (t.startsWith('-') && parseMoneyInput(t.slice(1), 20) !== null) return `${column} cannot be negative`;
  const amount = parseMoneyInput(t, digits);
  if (amount === null) {
    if (parseMoneyInput(t, 20) !== null) return digits === 0 ? `${column} must be a whole amount, not ${t}` : `${column} has more than ${digits} decimals (${t})`;
    return `${column} must be a number, like ${(2.5).toFixed(digits)}, not "${t}"`;
  }
  if (amount > MAX_MONEY) return `${column} ${t} is too large`;
  return amount;
}

function readChoice<T extends string>(text: string, column: string, choices: readonly T[], fallback: T): T | { problem: string } {
  const t = text.trim().toLowerCase();
  if (t === '') return fallback;
  const found = choices.find((c) => c === t);
  return found ?? { problem: `${column} must be one of ${choices.join(', ')}, not "${text.trim()}"` };
}

const list = (cell: string): string[] => cell.split(LIST_SEPARATOR).map((s) => s.trim()).filter(Boolean);

/** One data row's cells → a row, or the reasons it is bad (each a phrase without the row number). */
function readRow(cells: readonly string[], columns: readonly CatalogCsvColumn[], digits: number, row: number): CatalogCsvRow | string[] {
  const bad: string[] = [];
  const out: CatalogCsvRow = { row, sku: '' };
  columns.forEach((column, i) => {
    const cell = unescapeFormula(cells[i] ?? '');
    switch (column) {
      case 'sku': {
        const sku = cell.trim();
        if (!sku) bad.push('SKU is empty');
        else if (/\s/.test(sku)) bad.push(`SKU "${sku}" contains a space`);
        else if (sku.length > 64) bad.push('SKU is longer than 64 characters');
        out.sku = sku;
        break;
      }
      case 'name': {
        const name = cell.trim();
        if (!name) bad.push('name is empty');
        else if (name.length > 200) bad.push('name is longer than 200 characters');
        out.name = name;
        break;
      }
      case 'barcodes': {
        const codes = new Set<string>();
        for (const code of list(cell)) {
          const gtin = toGtin14(code);
          if (gtin) codes.add(gtin);
          else bad.push(`barcode ${code} is not a valid EAN/UPC (wrong length or check digit)`);
        }
        if (codes.size > 20) bad.push(`more than 20 barcodes (${codes.size})`);
        out.barcodes = [...codes].sort();
        break;
      }
      case 'category': {
        const category = cell.trim();
        if (category.length > 100) bad.push('category is longer than 100 characters');
        out.category = category;
        break;
      }
      case 'unit': {
        const unit = readChoice(cell, 'unit', CATALOG_UNITS, 'unit');
        if (typeof unit === 'object') bad.push(unit.problem);
        else out.unit = unit;
        break;
      }
      case 'tracking': {
        const tracking = readChoice(cell, 'tracking', CATALOG_TRACKING, 'none');
        if (typeof tracking === 'object') bad.push(tracking.problem);
        else out.tracking = tracking;
        break;
      }
      case 'price':
      case 'cost': {
        const amount = readMoney(cell, column, digits, column === 'cost' ? 0 : undefined);
        if (typeof amount === 'string') bad.push(amount);
        else out[column] = amount;
        break;
      }
      case 'price_includes_tax':
      case 'archived': {
        const value = readBoolean(cell, column, column === 'price_includes_tax');
        if (typeof value === 'string') bad.push(value);
        else if (column === 'archived') out.archived = value;
        else out.priceIncludesTax = value;
        break;
      }
      case 'taxes': {
        const names = [...new Set(list(cell))];
        if (names.length > 5) bad.push(`more than 5 taxes (${names.length})`);
        out.taxNames = names;
        break;
      }
    }
  });
  return bad.length ? bad : out;
}

/**
 * Reads a catalog file (comma, semicolon or tab separated; UTF-8 with or without a byte-order
 * mark). File-level problems (no sku column, an unknown column) are reported on row 1.
 */
export function parseCatalogCsv(text: string, currency: string): CatalogCsvFile {
  const digits = currencyMinorDigits(currency);
  const parsed = Papa.parse<string[]>(text.startsWith('\ufeff') ? text.slice(1) : text, { delimitersToGuess: [',', ';', '\t'], skipEmptyLines: false });
  const [header = [], ...records] = parsed.data;
  const problems: CatalogImportProblem[] = [];
  const columns: CatalogCsvColumn[] = [];
  for (const raw of header) {
    const name = raw.trim().toLowerCase();
    if (!isColumn(name)) problems.push({ row: 1, message: `Row 1: unknown column "${raw.trim()}" (the columns are ${CATALOG_CSV_COLUMNS.join(', ')})` });
    else if (columns.includes(name)) problems.push({ row: 1, message: `Row 1: column ${name} appears twice` });
    else columns.push(name);
  }
  if (header.length === 0 || header.every((h) => !h.trim())) return { columns: [], rows: [], problems: [{ row: 1, message: 'Row 1: the file is empty: it needs a header row naming the columns' }], total: 0 };
  if (!columns.includes('sku')) problems.push({ row: 1, message: 'Row 1: there is no sku column: every row needs the SKU it creates or updates' });
  if (problems.length) return { columns, rows: [], problems, total: records.length };

  // A quote left open swallows the rest of the file: say where it starts.
  const quoteErrors = new Map<number, string>();
  for (const e of parsed.errors) if (e.row !== undefined && e.type === 'Quotes') quoteErrors.set(e.row, 'a quoted cell is not closed (a " is missing)');

  const rows: CatalogCsvRow[] = [];
  let total = 0;
  records.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    total++;
    const quote = quoteErrors.get(i + 1);
    if (quote) return void problems.push({ row, message: `Row ${row}: ${quote}` });
    if (cells.length !== header.length) {
      return void problems.push({ row, message: `Row ${row}: has ${cells.length} cells where the header has ${header.length} (a comma inside a name needs the name in quotes)` });
    }
    const result = readRow(cells, columns, digits, row);
    if (Array.isArray(result)) for (const reason of result) problems.push({ row, message: `Row ${row}: ${reason}` });
    else rows.push(result);
  });
  return { columns, rows, problems, total };
}
