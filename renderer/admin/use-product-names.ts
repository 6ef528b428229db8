// Names of the products rules name by id (pricelists, promotions), asked once per product and
// kept for the page's life: lists show "Green tea (TEA-1)", never an id.
import { useEffect, useState } from 'react';
import type { Product } from '../../shared/admin-api/catalog.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import { api } from '../reports/reports-api.ts';

const known = new Map<string, Promise<string>>();

/** A product's name and SKU, asked once per page life. */
export function productName(id: string): Promise<string> {
  let p = known.get(id);
  if (!p) {
    p = api<Product>(`/api/admin/products/${encodeURIComponent(id)}`).then((r) => `${r.name} (${r.sku})`, () => 'a product no longer in the catalog');
    known.set(id, p);
  }
  return p;
}

/** Products named by id as the forms hold them (ProductRef), their names asked first. */
export async function productRefs(ids: readonly string[]): Promise<(id: string) => ProductRef> {
  const names = new Map(await Promise.all([...new Set(ids)].map(async (id) => [id, await productName(id)] as const)));
  return (id) => ({ id, name: names.get(id) ?? 'a product no longer in the catalog', sku: '', unit: '' });
}

/** Looks the products up; `name(id)` says "…" until it is known. */
export function useProductNames(ids: readonly string[]): (id: string) => string {
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const key = [...new Set(ids)].sort().join(',');
  useEffect(() => {
    let current = true;
    const wanted = key ? key.split(',') : [];
    void Promise.all(wanted.map(async (id) => [id, await productName(id)] as const)).then((pairs) => current && setNames(new Map(pairs)));
    return () => {
      current = false;
    };
  }, [key]);
  return (id) => names.get(id) ?? '…';
}
