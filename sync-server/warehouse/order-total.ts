// An order's total as every screen shows it: Σ round(qty × unit price) − discount over its lines, in
// minor units of its currency (half away from zero, as multiplyMinor rounds a line on the till;
// the lines' CHECK of migration 111 keeps a discount within its line's amount). One SQL expression
// for the back office's Channel orders and a customer's history, so the two never disagree.

/** The total of the order aliased `order` (a bigint). */
export function orderTotalSql(order: string): string {
  return `coalesce((SELECT sum(round(l.qty * l.unit_price) - l.discount) FROM order_lines l WHERE l.order_id = ${order}.id), 0)::bigint`;
}
