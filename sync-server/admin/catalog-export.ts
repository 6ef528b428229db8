// The catalog as a CSV file (shared/catalog/catalog-csv.ts): every product, or those the products
// page's search finds. One query with barcodes and tax names aggregated, sorted by SKU; the file
// it makes imports back unchanged.
import type { CatalogExportQuery } from '../../shared/admin-api/catalog-csv.ts';
import { type CatalogCsvProduct, formatCatalogCsv } from '../../shared/catalog/catalog-csv.ts';
import type { Queryable } from '../db/db.ts';
import { catalogCurrency, productSearch } from './catalog.ts';

interface ExportRow {
  sku: string; name: string; barcodes: string[]; category: string; unit: string; price: number; price_includes_tax: boolean;
  tax_names: string[]; cost: number; tracking: string; active: boolean;
}

export async function exportCatalogCsv(q: Queryable, query: CatalogExportQuery): Promise<{ csv: string; count: number }> {
  const { where, params } = productSearch(query.q, query.archived);
  const rows = await q.query<ExportRow>(
    `SELECT p.sku, p.name, p.category, p.unit, p.price, p.price_includes_tax, p.cost, p.tracking, p.active,
       coalesce((SELECT array_agg(b.barcode ORDER BY b.barcode) FROM product_barcodes b WHERE b.product_id = p.id), '{}') AS barcodes,
       coalesce((SELECT array_agg(t.name ORDER BY pt.position, pt.tax_id) FROM product_taxes pt JOIN taxes t ON t.id = pt.tax_id WHERE pt.product_id = p.id), '{}') AS tax_names
     FROM products p WHERE ${where} ORDER BY p.sku`,
    params,
  );
  const products = rows.map((r): CatalogCsvProduct => ({
    sku: r.sku, name: r.name, barcodes: r.barcodes, category: r.category, unit: r.unit, price: Number(r.price), priceIncludesTax: r.price_includes_tax,
    taxNames: r.tax_names, cost: Number(r.cost), tracking: r.tracking, active: r.active,
  }));
  return { csv: formatCatalogCsv(products, await catalogCurrency(q)), count: products.length };
}
