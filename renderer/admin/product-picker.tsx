// Finds a product by the start of its name or SKU, or a full barcode (the products search,
// GET /api/admin/products), and hands the one chosen to the form: the back office's one way of
// choosing a product. Enter never submits the form around it (a scanner ends each barcode with
// Enter, which would have sent a transfer or purchase order half made): it chooses the match when
// the text found exactly one, once the search has answered (a scanner's Enter comes before it).
import { useCallback, useEffect, useState } from 'react';
import type { ProductPage } from '../../shared/admin-api/catalog.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import { api, query } from '../reports/reports-api.ts';
import { useSearchWords } from './use-search.ts';

export function ProductPicker({ label, onPick, disabled = false }: { label: string; onPick(product: ProductRef): void; disabled?: boolean }) {
  const [text, setText] = useState('');
  /** The matches of the text `q` (trimmed), once the search answered. */
  const [found, setFound] = useState<{ q: string; products: ProductRef[] } | null>(null);
  /** The text Enter was pressed on, until its search has answered. */
  const [enterOn, setEnterOn] = useState<string | null>(null);
  const q = useSearchWords(text);
  useEffect(() => {
    if (!q) {
      setFound(null);
      return undefined;
    }
    // Only the answer for the text shown: a later text's effect ends this one.
    let current = true;
    void api<ProductPage>(`/api/admin/products${query({ q, limit: 8 })}`).then(
      (r) => current && setFound({ q, products: r.products.map((p) => ({ id: p.id, name: p.name, sku: p.sku, unit: p.unit })) }),
      () => current && setFound({ q, products: [] }),
    );
    return () => {
      current = false;
    };
  }, [q]);
  const pick = useCallback((p: ProductRef): void => {
    onPick(p);
    setText('');
    setFound(null);
    setEnterOn(null);
  }, [onPick]);
  // Enter on a text whose search has answered (at once, or when it answers): its match is chosen
  // if it found exactly one.
  useEffect(() => {
    if (enterOn === null || found?.q !== enterOn) return;
    setEnterOn(null);
    const [only, ...more] = found.products;
    if (only && more.length === 0) pick(only);
  }, [enterOn, found, pick]);
  return (
    <div className="product-picker">
      <label>{label}
        <input type="search" placeholder="Name, SKU or barcode" value={text} disabled={disabled}
          onChange={(e) => { setText(e.target.value); setEnterOn(null); }} onKeyDown={(e) => {
            if (e.key === 'Escape') setText('');
            if (e.key === 'Enter') {
              e.preventDefault();
              setEnterOn(text.trim() || null);
            }
          }} />
      </label>
      {found && (
        <ul aria-label={`${label}: matches`}>
          {found.products.length === 0 && <li className="muted">No product starts with “{found.q}”.</li>}
          {found.products.map((p) => (
            <li key={p.id}><button type="button" onClick={() => pick(p)}>{p.name} <span className="muted">{p.sku}</span></button></li>
          ))}
        </ul>
      )}
    </div>
  );
}
