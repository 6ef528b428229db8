// The Products page's New product / Edit product form: name, SKU, barcodes, price (tax included or
// not), cost, taxes as ticks in the order they are charged, category, unit and tracking. What it
// holds and sends is in product-form.ts; the page saves it and shows the server's answer.
import type { Product, TaxDetail } from '../../shared/admin-api/catalog.ts';
import { draftTaxOrder, MAX_TAXES, offeredTaxes, type ProductDraft, UNITS } from './product-form.ts';
import { percent } from './tax-input.ts';

interface Props {
  draft: ProductDraft;
  /** The product as the form opened it; null for a new one. */
  product: Product | null;
  taxes: readonly TaxDetail[];
  currency: string;
  busy: boolean;
  onChange(draft: ProductDraft): void;
  onSave(): void;
  onCancel(): void;
}

export function ProductForm({ draft, product, taxes, currency, busy, onChange, onSave, onCancel }: Props) {
  const field = <K extends keyof ProductDraft>(key: K, value: ProductDraft[K]): void => onChange({ ...draft, [key]: value });
  return (
    <form className="panel grid" aria-label={product ? 'Edit product' : 'New product'} onSubmit={(e) => { e.preventDefault(); onSave(); }}>
      <label className="wide">Name<input value={draft.name} maxLength={200} onChange={(e) => field('name', e.target.value)} /></label>
      <label>SKU<input value={draft.sku} onChange={(e) => field('sku', e.target.value)} /></label>
      <label>Barcode<input value={draft.barcode} inputMode="numeric" onChange={(e) => field('barcode', e.target.value)} /></label>
      <label>Price ({currency}, {draft.priceIncludesTax ? 'tax included' : 'before tax'})<input value={draft.price} inputMode="decimal" onChange={(e) => field('price', e.target.value)} /></label>
      <label className="check"><input type="checkbox" checked={draft.priceIncludesTax} onChange={(e) => field('priceIncludesTax', e.target.checked)} /> Price includes tax</label>
      <label>Cost ({currency}, optional)<input value={draft.cost} inputMode="decimal" placeholder="0" onChange={(e) => field('cost', e.target.value)} /></label>
      <label>Category<input value={draft.category} onChange={(e) => field('category', e.target.value)} /></label>
      <TaxTicks draft={draft} product={product} taxes={taxes} onChange={(ids) => field('taxIds', ids)} />
      <label>Unit
        <select aria-label="Unit" value={draft.unit} onChange={(e) => field('unit', e.target.value as ProductDraft['unit'])}>{UNITS.map((u) => <option key={u}>{u}</option>)}</select>
      </label>
      <label>Tracking
        <select aria-label="Tracking" value={draft.tracking} onChange={(e) => field('tracking', e.target.value as ProductDraft['tracking'])}>
          <option value="none">none</option><option value="lot">lot</option><option value="serial">serial</option>
        </select>
      </label>
      <TaxNotes draft={draft} product={product} taxes={taxes} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>Save product</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  );
}

const taxLabel = (t: TaxDetail): string => `${t.name} · ${percent(t.rate)}${t.compound === true ? ' · compound' : ''}${t.active ? '' : ' (retired)'}`;

/**
 * The active taxes as ticks with their rates; a retired tax only where the product carries it,
 * ticked and marked "(retired)". It stays tickable so that it can be taken off (replaced): ticked
 * back it is only the product's own again, and saving other tax changes with it is refused by the
 * form, with the sentence of retiredTaxProblem.
 */
function TaxTicks({ draft, product, taxes, onChange }: { draft: ProductDraft; product: Product | null; taxes: readonly TaxDetail[]; onChange(ids: string[]): void }) {
  const offered = offeredTaxes(taxes, product);
  return (
    <fieldset className="tenders">
      <legend>Taxes (up to {MAX_TAXES})</legend>
      {offered.length === 0 && <span className="muted">No active tax: create one on the Taxes page.</span>}
      {offered.map((t) => (
        <label key={t.id}>
          <input type="checkbox" checked={draft.taxIds.includes(t.id)} onChange={(e) => onChange(e.target.checked ? [...draft.taxIds, t.id] : draft.taxIds.filter((id) => id !== t.id))} />
          {taxLabel(t)}
        </label>
      ))}
    </fieldset>
  );
}

/** In what order the ticked taxes are charged (a compound tax on the ones before it), and what a retired tax on the product means. */
function TaxNotes({ draft, product, taxes }: { draft: ProductDraft; product: Product | null; taxes: readonly TaxDetail[] }) {
  const name = (id: string): string => taxes.find((t) => t.id === id)?.name ?? id;
  const order = draftTaxOrder(draft, product, taxes);
  const retired = taxes.filter((t) => !t.active && (product?.taxIds.includes(t.id) ?? false));
  const compound = order.some((id) => taxes.find((t) => t.id === id)?.compound === true);
  return (
    <>
      {order.length > 1 && (
        <p className="hint">
          Charged in this order: {order.map(name).join(', then ')}{compound ? ' (a compound tax on the price and the taxes before it)' : ''}.
        </p>
      )}
      {retired.map((t) => (
        <p key={t.id} className="hint">
          “{t.name}” is retired: this product keeps it as long as its taxes stay as they are. To change them, untick “{t.name}” and tick the tax that replaces it.
        </p>
      ))}
    </>
  );
}
