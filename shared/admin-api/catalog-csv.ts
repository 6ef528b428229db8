// Admin API: the catalog as a CSV file. Export (`GET /api/admin/products/export`) answers the file;
// import (`POST /api/admin/products/import`, body text/csv) answers a stream of NDJSON lines —
// progress while the server reads, checks and writes, then one result line naming every bad row.
// The columns and how a cell is read: shared/catalog/catalog-csv.ts.
import { Type, type Static } from 'typebox';

export const CatalogExportQuery = Type.Object(
  {
    /** The products page's search (name or SKU prefix, or a barcode); empty = every product. */
    q: Type.Optional(Type.String({ maxLength: 100 })),
    /** true: archived products only, false: active only; absent: both. */
    archived: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CatalogExportQuery = Static<typeof CatalogExportQuery>;

export const CatalogImportQuery = Type.Object(
  {
    /** Check every row and say what an import would do, without changing anything. */
    dryRun: Type.Optional(Type.Boolean()),
    /** The file's name, for the audit log. */
    file: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CatalogImportQuery = Static<typeof CatalogImportQuery>;

/** One bad row: its number as a spreadsheet shows it (the header is row 1) and why, in words. */
export const CatalogImportProblem = Type.Object({ row: Type.Integer({ minimum: 1 }), message: Type.String() });
export type CatalogImportProblem = Static<typeof CatalogImportProblem>;

export const CatalogImportPhase = Type.Union([Type.Literal('read'), Type.Literal('check'), Type.Literal('write'), Type.Literal('publish')]);
export type CatalogImportPhase = Static<typeof CatalogImportPhase>;

/** `done` of `total` rows through `phase` (phases run in the order above). */
export const CatalogImportProgress = Type.Object({ type: Type.Literal('progress'), phase: CatalogImportPhase, done: Type.Integer(), total: Type.Integer() });
export type CatalogImportProgress = Static<typeof CatalogImportProgress>;

/**
 * The outcome. `ok` false: nothing was imported and `problems` names every bad row. With `dryRun`
 * nothing was imported either way; the counts say what an import would do.
 */
export const CatalogImportResult = Type.Object({
  type: Type.Literal('result'),
  ok: Type.Boolean(),
  dryRun: Type.Boolean(),
  rows: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
  problems: Type.Array(CatalogImportProblem),
});
export type CatalogImportResult = Static<typeof CatalogImportResult>;

/** The server failed after the stream began (the import was rolled back). */
export const CatalogImportFailure = Type.Object({ type: Type.Literal('error'), error: Type.String(), message: Type.String() });
export type CatalogImportFailure = Static<typeof CatalogImportFailure>;

export const CatalogImportLine = Type.Union([CatalogImportProgress, CatalogImportResult, CatalogImportFailure]);
export type CatalogImportLine = Static<typeof CatalogImportLine>;

/** The largest file the import accepts (a 100k-product catalog is about 10 MB). */
export const CATALOG_IMPORT_MAX_BYTES = 100 * 1024 * 1024;
