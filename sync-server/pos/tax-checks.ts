// A sale line's taxes judged against the catalog (docs/ledger.md "Taxes judged against the
// catalog"). The server recomputes a line's tax amounts (verify-sale.ts), but from the tax ids and
// rates the till sends: without this check a till selling at VAT 0 % instead of 20 %, leaving a
// product's tax off, or naming a tax that does not exist would balance perfectly. Each tax on the
// line must be the catalog's with the rate it had at the sale's time, and the line must carry the
// taxes the product carried then — by the rule of tax-history.ts (an outdated till is a warning,
// a rate or set never valid around then is critical). Like every check, it never refuses the sale.
//
// A return line that names its original (`returnOf`) is not judged here: it must refund the taxes
// the original line charged, whatever the catalog says today (refund-checks.ts compares them), or a
// sale made before a rate change could not be returned without an exception.
import type { LineTax, Problem, Sale, SaleLine } from '../../shared/schemas/index.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';
import { ratePercent as percent } from '../../shared/tax/index.ts';
import { judgeClaim, rateKey, sameRate, type Spell, taxSetKey } from './tax-history.ts';

export interface CatalogTax {
  name: string;
  /** The rate over time, oldest first (tax_rate_history); the last is the rate now. */
  rates: readonly Spell<number>[];
}

export interface TaxCheckContext {
  tax(taxId: string): CatalogTax | undefined;
  /** The store's time zone, for the dates in messages. */
  timeZone: string;
}

export interface TaxedProduct {
  name: string;
  /** The product's tax ids now (product_taxes). */
  taxIds: readonly string[];
  /** Its tax sets over time, oldest first (product_tax_history); empty: the set now, always. */
  taxSets: readonly Spell<readonly string[]>[];
}

const SYNC_HINT = 'the till had not received that change yet; check that it syncs';

function problem(code: string, severity: Problem['severity'], message: string): Problem {
  return { code, severity, message };
}

/** The rate of each tax on the line, judged against that tax's history. */
function rateProblems(head: string, line: SaleLine, at: number, ctx: TaxCheckContext, when: (t: number) => string): Problem[] {
  const out: Problem[] = [];
  for (const t of line.taxes) {
    const tax = ctx.tax(t.taxId);
    if (!tax) {
      out.push(problem('tax_unknown', 'critical', `${head} with a tax the catalog does not have (id "${t.taxId}", ${percent(t.rate)}): check the till's tax settings`));
      continue;
    }
    const j = judgeClaim(tax.rates, rateKey, (r) => sameRate(r, t.rate), at);
    if (j.verdict === 'outdated') {
      out.push(problem('tax_rate_outdated', 'warning', `${head} with "${tax.name}" at ${percent(t.rate)}, its rate until ${when(j.changedAt)}, when it became ${percent(j.inForce.value)}: ${SYNC_HINT}`));
    } else if (j.verdict === 'never') {
      const since = j.inForce.first ? '' : ` since ${when(j.inForce.from)}`;
      out.push(problem('tax_rate_mismatch', 'critical', `${head} with "${tax.name}" at ${percent(t.rate)}, but the catalog's rate for it is ${percent(j.inForce.value)}${since}: check the till's tax settings and the receipt`));
    }
  }
  return out;
}

/** Multiset difference: the ids of `a` left after taking out one of each id of `b`. */
function without(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((id) => {
    const i = left.indexOf(id);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

/** The line's set of taxes, judged against the product's sets over time. */
function setProblems(head: string, line: SaleLine, product: TaxedProduct, at: number, ctx: TaxCheckContext, when: (t: number) => string): Problem[] {
  const claimed = line.taxes.map((t) => t.taxId);
  const history = product.taxSets.length > 0 ? product.taxSets : [{ value: product.taxIds, from: 0 }];
  const key = taxSetKey(claimed);
  const j = judgeClaim(history, taxSetKey, (ids) => taxSetKey(ids) === key, at);
  if (j.verdict === 'current') return [];
  const severity: Problem['severity'] = j.verdict === 'outdated' ? 'warning' : 'critical';
  const named = (id: string): string => {
    const tax = ctx.tax(id);
    const rate = tax?.rates[tax.rates.length - 1]?.value;
    return `"${tax?.name ?? id}"${rate === undefined ? '' : ` (${percent(rate)})`}`;
  };
  const outdated = j.verdict === 'outdated';
  const since = outdated ? ` since ${when(j.changedAt)}` : j.inForce.first ? '' : ` since ${when(j.inForce.from)}`;
  const tail = outdated ? `: ${SYNC_HINT}` : ": check the till's catalog and the receipt";
  const out: Problem[] = [];
  for (const id of without(j.inForce.value, claimed)) {
    out.push(problem('tax_missing', severity, `${head} without ${named(id)}, which the catalog charges on it${since}${tail}`));
  }
  // A tax the catalog does not have is tax_unknown (rateProblems), not a second exception here.
  for (const id of without(claimed, j.inForce.value).filter((id) => ctx.tax(id))) {
    out.push(problem('tax_extra', severity, `${head} with ${named(id)}, which the catalog ${outdated ? 'no longer charges' : 'does not charge'} on it${since}${tail}`));
  }
  return out;
}

/** The problems of one sale line's taxes (none for a return line naming its original: see the header). */
export function checkLineTaxes(sale: Sale, line: SaleLine, product: TaxedProduct, ctx: TaxCheckContext): Problem[] {
  if (line.returnOf) return [];
  const parsed = Date.parse(sale.createdAt);
  const at = Number.isNaN(parsed) ? Date.now() : parsed;
  const when = (t: number): string => formatStoreDateTime(new Date(t), ctx.timeZone);
  const head = `${sale.kind === 'return' ? 'Return' : 'Receipt'} ${sale.receiptNo}: "${product.name}" ${sale.kind === 'return' ? 'refunded' : 'sold'}`;
  return [...rateProblems(head, line, at, ctx, when), ...setProblems(head, line, product, at, ctx, when)];
}

export interface ReturnedLine {
  returnNo: string;
  product: string;
  taxes: readonly Pick<LineTax, 'taxId' | 'rate'>[];
}

/**
 * A return line's taxes against those its original line (on receipt `receiptNo`) charged: each
 * tax at the same rate, none left off, none added — all critical, as the money of a refund is
 * (refund-checks.ts). `name` gives a tax's name.
 */
export function returnTaxProblems(ret: ReturnedLine, original: { receiptNo: string; taxes: readonly Pick<LineTax, 'taxId' | 'rate'>[] }, name: (taxId: string) => string): Problem[] {
  const head = `return ${ret.returnNo}: "${ret.product}" is refunded`;
  const tail = 'check the refund against the receipt';
  const out: Problem[] = [];
  for (const r of ret.taxes) {
    const o = original.taxes.find((t) => t.taxId === r.taxId);
    if (!o) out.push(problem('tax_extra', 'critical', `${head} with "${name(r.taxId)}" (${percent(r.rate)}), which receipt ${original.receiptNo} did not charge on it: ${tail}`));
    else if (!sameRate(o.rate, r.rate)) out.push(problem('tax_rate_mismatch', 'critical', `${head} with "${name(r.taxId)}" at ${percent(r.rate)}, but receipt ${original.receiptNo} charged it at ${percent(o.rate)}: ${tail}`));
  }
  for (const o of original.taxes) {
    if (!ret.taxes.some((r) => r.taxId === o.taxId)) out.push(problem('tax_missing', 'critical', `${head} without "${name(o.taxId)}" (${percent(o.rate)}), which receipt ${original.receiptNo} charged on it: ${tail}`));
  }
  return out;
}
