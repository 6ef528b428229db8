// Coupon codes as a cashier types or scans them: compared upper-cased without surrounding spaces,
// and checked for their format before the replicated list is searched (what a till can do offline).
import { COUPON_CODE_PATTERN } from './pricing-rules.ts';

const FORMAT = new RegExp(COUPON_CODE_PATTERN);

export function normalizeCouponCode(code: string): string {
  return code.trim().toUpperCase();
}

export function isCouponCodeFormat(code: string): boolean {
  return FORMAT.test(normalizeCouponCode(code));
}
