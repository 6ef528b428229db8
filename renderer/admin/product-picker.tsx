// Finds a product by the start of its name or SKU, or a full barcode (the products search,
// GET /api/admin/products), and hands the one chosen to the form: the back office's one way of
// choosing a product.
import { useEffect, useState } from 'react';
import type { ProductPage } from '../../shared/admin-api/catalog.ts';
import type { ProductRef } from '../../shared/admin-api/warehouse.ts';
import { api, query } from '../reports/reports-api.ts';

export function ProductPicker({ label, onPick, disabled = false }: { label: string; onPick(product: ProductRef): void; disabled?: boolean }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<ProductRef[] | null>(null);
  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setFound(null);
      return undefined;
    }
    let current = true;
    const timer = setTimeout(() => {
      void api<ProductPage>(`/api/admin/products${query({ q, limit: 8 })}`).then(
        (r) => current && setFound(r.products.map((p) => ({ id: p.id, name: p.name, sku: p.sku, unit: p.unit }))),
        () => current && setFound([]),
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text]);
  const pick = (p: ProductRef): void => {
    onPick(p);
    setText('');
    setFound(null);
  };
  return (
    <div className="product-picker">
      <label>{label}
        <input type="search" placeholder="Name, SKU or barcode" value={text} disabled={disabled}
          onChange={(e) => setText(e.target.value)} onKeyDown={(e) => { if (e.key === 'Escape') setText(''); }} />
      </label>
      {found && (
        <ul aria-label={`${label}: matches`}>
          {found.length === 0 && <li className="muted">No product starts with “{text.trim()}”.</li>}
          {found.map((p) => (
            <li key={p.id}><button type="button" onClick={() => pick(p)}>{p.name} <span className="muted">{p.sku}</span></button></li>
          ))}
        </ul>
      )}
    </div>
  );
}
