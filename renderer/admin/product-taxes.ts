// The order of a product's taxes as the product form saves them. Order matters: a compound tax is
// charged on the price plus the taxes listed before it (shared/tax/line-tax.ts), and receipts list
// taxes in that order (product_taxes.position).

/**
 * The taxes ticked on the form, in the order to save them:
 * - the product's taxes that stay keep their order relative to each other — the form never changes
 *   what a tax already on the product is charged on unless the person changes the taxes themselves;
 * - newly ticked taxes that are not compound come after the product's own non-compound ones and
 *   before its first compound tax: a compound tax (a levy on top of VAT) is meant to be charged on the
 *   other taxes too, and a VAT listed after it would escape its base;
 * - newly ticked compound taxes come last, in the order they were ticked: each is charged on
 *   everything before it.
 * A product saved from an empty form therefore always lists its plain taxes before its compound ones;
 * one that came from a CSV import or the API with another order keeps it.
 * `chosen` is what is ticked, in the order it was ticked; ids repeated in it count once.
 */
export function orderTaxIds(existing: readonly string[], chosen: readonly string[], isCompound: (id: string) => boolean): string[] {
  const ticked = new Set(chosen);
  const kept = existing.filter((id, i) => ticked.has(id) && existing.indexOf(id) === i);
  const added = [...ticked].filter((id) => !existing.includes(id));
  const firstCompound = kept.findIndex(isCompound);
  const at = firstCompound === -1 ? kept.length : firstCompound;
  return [...kept.slice(0, at), ...added.filter((id) => !isCompound(id)), ...kept.slice(at), ...added.filter(isCompound)];
}

/** Whether two lists of tax ids are the same taxes in the same order (so nothing needs saving). */
export function sameTaxes(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
