// Coupon codes for the sale: typed or scanned into the field, checked offline against the format
// and the replicated list (docs/pricing.md, "Coupons"); the server counts the uses later.
import { useState, type FormEvent } from 'react';
import type { CouponRefusal } from '../../shared/pricing/price-cart.ts';
import { useCartStore } from './cart-store.ts';

const WHY: Record<CouponRefusal, string> = {
  format: 'is not a coupon code (letters, digits and dashes, 4 to 32)',
  unknown: 'is not a known coupon',
  not_applicable: 'is not valid here or today',
  duplicate: 'is already on this sale',
  no_discount: 'gives nothing on this sale',
};

export function CouponEntry() {
  const codes = useCartStore((s) => s.couponCodes);
  const pricing = useCartStore((s) => s.pricing);
  const applied = pricing?.coupons ?? [];
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    const refusal = useCartStore.getState().addCoupon(text);
    setError(refusal ? `Coupon ${text.trim().toUpperCase()} ${WHY[refusal]}` : null);
    if (!refusal) setText('');
  };

  return (
    <form className="coupon" aria-label="Coupon" onSubmit={submit}>
      {/* The field and its button on one row: the side column keeps every action in view at 1024×768. */}
      <label htmlFor="coupon-code">Coupon code</label>
      <div className="row coupon-field">
        <input id="coupon-code" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" />
        <button type="submit" aria-label="Apply coupon">
          Apply
        </button>
      </div>
      {codes.map((code) => (
        <span key={code} className="coupon-code">
          {code} {applied.some((c) => c.code === code) ? 'applied' : '(nothing to discount yet)'}
          <button type="button" aria-label={`Remove coupon ${code}`} onClick={() => useCartStore.getState().removeCoupon(code)}>
            ×
          </button>
        </span>
      ))}
      {error ? <p role="alert">{error}</p> : null}
    </form>
  );
}
