// Recompute-and-verify for a till sale or return, without the database: the server trusts
// nothing the till computed, but it never drops a sale either — every mismatch becomes a Problem
// (an exception a manager sees, acknowledged down to the till) and the sale is still applied.
// Checks needing other events (seq continuity, hash chain, returned quantities, late sales) live
// in the database-side checks because their answer depends on what else has arrived. A line's
// taxes are recomputed from the ids and rates the till sent, and those are judged against the
// catalog's history by tax-checks.ts.
import type { Problem, Sale } from '../../shared/schemas/index.ts';
import { computeLineTaxes, type TaxRule } from '../../shared/tax/index.ts';
import { multiplyMinor, saleCashRounding } from '../../shared/money/index.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { amountToPay, giftCardLoadTotal } from '../../shared/stored-value/sale-value.ts';
import { type CatalogTax, checkLineTaxes, type TaxedProduct } from './tax-checks.ts';

export interface CatalogProduct extends TaxedProduct {
  price: number;
  priceIncludesTax: boolean;
}

export interface VerifyContext {
  product(productId: string): CatalogProduct | undefined;
  /** Whether a tax applies to base + earlier taxes (from the tax table); false when unknown. */
  isCompound(taxId: string): boolean;
  /** Allowed deviation of a line's unit price from the catalog price, in percent. */
  priceTolerancePercent: number;
  /** Tenders that are cash (the `tenders` table's `is_cash`): only their part of a sale is rounded. */
  isCashTender(method: string): boolean;
  /** The sale's site cash-rounding step in minor units (`sites.cash_rounding`); 1 or undefined = none. */
  cashRoundingStep(siteId: string): number | undefined;
  /** A tax of the catalog with its rates over time (archived ones too); undefined: no such tax. */
  tax(taxId: string): CatalogTax | undefined;
  /** The sale's site time zone (`sites.time_zone`), for dates in messages. */
  timeZone(siteId: string): string;
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

function problem(code: string, severity: Problem['severity'], message: string): Problem {
  return { code, severity, message };
}

function verifySigns(sale: Sale): Problem[] {
  const sign = sale.kind === 'sale' ? 1 : -1;
  const wrong = sale.lines.filter((l) => Math.sign(l.qty) === -sign);
  return wrong.length === 0
    ? []
    : [problem('sign_mismatch', 'warning', `${sale.kind} ${sale.receiptNo} has ${wrong.length} line(s) with the wrong sign of quantity`)];
}

function verifyLine(sale: Sale, line: Sale['lines'][number], ctx: VerifyContext): Problem[] {
  const out: Problem[] = [];
  const product = ctx.product(line.productId);
  if (!product) {
    out.push(problem('unknown_product', 'critical', `line ${line.lineId}: product ${line.productId} is not in the catalog`));
  } else if (product.price > 0 && line.pricelistItemId === undefined && line.orderLineId === undefined && line.returnOf === undefined) {
    // A pricelist price is checked against the pricelist (pricing-checks.ts), not the catalog; a
    // collected order's line against the order's price (pickup-handover.ts); a return of a receipt's
    // line against what that line was sold at (refund-checks.ts).
    // An override is judged from the list price the till claims (shared/pricing), so that claim is checked here.
    const listed = line.priceOverride ? line.priceOverride.originalPrice : line.unitPrice;
    const deviation = (Math.abs(listed - product.price) * 100) / product.price;
    if (deviation > ctx.priceTolerancePercent) {
      out.push(
        problem('price_deviation', 'warning', `line ${line.lineId}: ${line.priceOverride ? 'original' : 'unit'} price ${listed} differs from catalog ${product.price} by ${deviation.toFixed(2)} %`),
      );
    }
  }
  if (product) out.push(...checkLineTaxes(sale, line, product, { tax: (id) => ctx.tax(id), timeZone: ctx.timeZone(sale.siteId) }));
  const rules: TaxRule[] = line.taxes.map((t) => ({ taxId: t.taxId, rate: t.rate, compound: ctx.isCompound(t.taxId) }));
  try {
    const amount = multiplyMinor(line.unitPrice, line.qty, 'line amount') - line.discount;
    const expected = computeLineTaxes(amount, rules, product?.priceIncludesTax ?? true);
    const taxesMatch =
      expected.taxes.length === line.taxes.length && expected.taxes.every((t, i) => t.amount === line.taxes[i]?.amount);
    if (expected.total !== line.total || !taxesMatch) {
      out.push(
        problem('total_mismatch', 'critical', `line ${line.lineId} of ${sale.receiptNo}: till says total ${line.total}, taxes [${line.taxes.map((t) => t.amount).join(', ')}]; server computes ${expected.total}, [${expected.taxes.map((t) => t.amount).join(', ')}]`),
      );
    }
  } catch (error) {
    out.push(problem('total_mismatch', 'critical', `line ${line.lineId} of ${sale.receiptNo} cannot be recomputed: ${(error as Error).message}`));
  }
  return out;
}

/** The sale's rounding must be what the site's rule gives for its cash part (0 without cash). */
function verifyRounding(sale: Sale, ctx: VerifyContext): Problem[] {
  const step = ctx.cashRoundingStep(sale.siteId);
  const claimed = sale.rounding ?? 0;
  try {
    const expected = saleCashRounding(amountToPay(sale), sale.payments, (m) => ctx.isCashTender(m), step);
    if (claimed === expected) return [];
    const money = (n: number): string => formatMoneyWithSymbol(n, sale.currency);
    const rule = step && step > 1 ? `rounds cash to ${money(step)}, half-up,` : 'does not round cash, it';
    return [problem('rounding_mismatch', 'warning', `receipt ${sale.receiptNo}: cash rounding is ${money(claimed)}, but the store ${rule} which gives ${money(expected)}`)];
  } catch (error) {
    return [problem('rounding_mismatch', 'warning', `receipt ${sale.receiptNo}: cash rounding ${claimed} cannot be checked: ${(error as Error).message}`)];
  }
}

export function verifySale(sale: Sale, ctx: VerifyContext): Problem[] {
  const out: Problem[] = [...verifySigns(sale)];
  for (const line of sale.lines) out.push(...verifyLine(sale, line, ctx));
  const linesTotal = sum(sale.lines.map((l) => l.total));
  const paid = sum(sale.payments.map((p) => p.amount));
  if (linesTotal !== sale.total) {
    out.push(problem('total_mismatch', 'critical', `${sale.receiptNo}: Σ line totals ${linesTotal} ≠ total ${sale.total}`));
  }
  const rounding = sale.rounding ?? 0;
  const loads = giftCardLoadTotal(sale);
  if (paid !== sale.total + rounding + loads) {
    out.push(problem('total_mismatch', 'critical', `${sale.receiptNo}: Σ payments ${paid} ≠ total ${sale.total}${rounding ? ` + rounding ${rounding}` : ''}${loads ? ` + gift cards sold ${loads}` : ''}`));
  }
  out.push(...verifyRounding(sale, ctx));
  for (const p of sale.payments) {
    if (p.tendered !== undefined && p.change !== undefined && p.tendered - p.change !== p.amount) {
      out.push(problem('change_mismatch', 'warning', `${sale.receiptNo}: payment ${p.paymentId} tendered ${p.tendered} − change ${p.change} ≠ ${p.amount}`));
    }
  }
  return out;
}
