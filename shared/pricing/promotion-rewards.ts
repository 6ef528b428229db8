// What one promotion takes off the lines it may touch, per line. Each reward is computed on what the
// lines still cost after the promotions applied before it (`remaining`), and never takes a line
// below zero. Spread discounts (bundles, order thresholds) are allocated with the largest-remainder
// method (shared/money/allocate.ts) over lines in line-id order, so the result does not depend on
// the order the lines were rung up in.
import { allocateByRatios } from '../money/allocate.ts';
import { fromBigInt, multiplyMinor } from '../money/minor-units.ts';
import type { Promotion, ProductTarget } from './pricing-rules.ts';
import { percentOf, shareOf } from './pricing-math.ts';

export interface WorkingLine {
  lineId: string;
  productId: string;
  category: string;
  qty: number;
  /** What the line still costs: qty × unit price − promotions applied so far. */
  remaining: number;
}

const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function targets(target: ProductTarget, line: Pick<WorkingLine, 'productId' | 'category'>): boolean {
  const ids = target.productIds ?? [];
  const cats = target.categories ?? [];
  if (ids.length === 0 && cats.length === 0) return true;
  return ids.includes(line.productId) || cats.includes(line.category);
}

/** Whole units a line contributes to unit-counting rewards (weighed goods count none). */
const units = (l: WorkingLine): number => (Number.isInteger(l.qty) && l.qty > 0 ? l.qty : 0);

/** Value of `n` of a line's units: its exact share of what the line still costs. */
const unitsValue = (l: WorkingLine, n: number): number => (n === l.qty ? l.remaining : shareOf(l.remaining, n, l.qty));

/** Cheapest unit first (remaining / qty compared exactly), then line id. */
function cheapestFirst(a: WorkingLine, b: WorkingLine): number {
  const left = BigInt(a.remaining) * BigInt(b.qty);
  const right = BigInt(b.remaining) * BigInt(a.qty);
  return left < right ? -1 : left > right ? 1 : byText(a.lineId, b.lineId);
}

/** Takes `count` units from `lines` in the given order: [line, units taken]. */
function takeUnits(lines: readonly WorkingLine[], count: number): [WorkingLine, number][] {
  const out: [WorkingLine, number][] = [];
  let left = count;
  for (const l of lines) {
    if (left <= 0) break;
    const n = Math.min(units(l), left);
    if (n > 0) out.push([l, n]);
    left -= n;
  }
  return out;
}

function addTo(out: Map<string, number>, lineId: string, amount: number): void {
  if (amount > 0) out.set(lineId, (out.get(lineId) ?? 0) + amount);
}

/** Spreads `total` over lines in proportion to `weights` (line-id order, largest remainder). */
function spread(out: Map<string, number>, total: number, parts: readonly { lineId: string; weight: number }[]): void {
  const ordered = [...parts].sort((a, b) => byText(a.lineId, b.lineId));
  const shares = allocateByRatios(BigInt(total), ordered.map((p) => BigInt(p.weight)));
  ordered.forEach((p, i) => addTo(out, p.lineId, fromBigInt(shares[i] ?? 0n)));
}

function buyXGetY(reward: Extract<Promotion['reward'], { kind: 'buy_x_get_y' }>, lines: readonly WorkingLine[], out: Map<string, number>): void {
  const counted = lines.filter((l) => units(l) > 0 && targets(reward.target, l));
  const total = counted.reduce((a, l) => a + units(l), 0);
  let pool: WorkingLine[];
  let free: number;
  if (reward.free.kind === 'cheapest') {
    pool = counted;
    free = Math.floor(total / (reward.buyQty + reward.getQty)) * reward.getQty;
  } else {
    const productId = reward.free.productId;
    pool = lines.filter((l) => l.productId === productId && units(l) > 0);
    // When the free product is one of the bought ones, a group is buy + get units; otherwise buy units earn get units.
    const overlaps = counted.some((l) => l.productId === productId);
    free = Math.floor(total / (overlaps ? reward.buyQty + reward.getQty : reward.buyQty)) * reward.getQty;
  }
  for (const [line, n] of takeUnits([...pool].sort(cheapestFirst), free)) addTo(out, line.lineId, unitsValue(line, n));
}

function bundle(reward: Extract<Promotion['reward'], { kind: 'bundle' }>, lines: readonly WorkingLine[], out: Map<string, number>): void {
  const wanted = new Map<string, number>();
  for (const item of reward.items) wanted.set(item.productId, (wanted.get(item.productId) ?? 0) + item.qty);
  let sets = Infinity;
  const pools = new Map<string, WorkingLine[]>();
  for (const [productId, qty] of wanted) {
    const pool = lines.filter((l) => l.productId === productId && units(l) > 0).sort(cheapestFirst);
    pools.set(productId, pool);
    sets = Math.min(sets, Math.floor(pool.reduce((a, l) => a + units(l), 0) / qty));
  }
  if (!Number.isFinite(sets) || sets <= 0) return;
  const parts: { lineId: string; weight: number }[] = [];
  for (const [productId, qty] of wanted) {
    for (const [line, n] of takeUnits(pools.get(productId) ?? [], sets * qty)) parts.push({ lineId: line.lineId, weight: unitsValue(line, n) });
  }
  const value = parts.reduce((a, p) => a + p.weight, 0);
  const discount = value - multiplyMinor(reward.price, sets, 'bundle price');
  if (discount > 0) spread(out, discount, parts);
}

type PerLineReward = Extract<Promotion['reward'], { kind: 'percent_off' | 'amount_off' }>;

/** Rewards computed line by line, each line on its own (no spreading, no counting across lines). */
export function isPerLineReward(reward: Promotion['reward']): reward is PerLineReward {
  return reward.kind === 'percent_off' || reward.kind === 'amount_off';
}

/** What a per-line reward takes off one line (0 when it does not target the line). */
export function lineDiscount(reward: PerLineReward, line: WorkingLine): number {
  if (!targets(reward.target, line)) return 0;
  return reward.kind === 'percent_off' ? percentOf(line.remaining, reward.percent) : Math.min(line.remaining, multiplyMinor(reward.amount, line.qty, 'amount off'));
}

/** The discount per line id (only lines with a positive discount appear). */
export function rewardDiscounts(promotion: Promotion, lines: readonly WorkingLine[]): Map<string, number> {
  const out = new Map<string, number>();
  const reward = promotion.reward;
  switch (reward.kind) {
    case 'percent_off':
    case 'amount_off':
      for (const l of lines) addTo(out, l.lineId, lineDiscount(reward, l));
      break;
    case 'buy_x_get_y':
      buyXGetY(reward, lines, out);
      break;
    case 'bundle':
      bundle(reward, lines, out);
      break;
    case 'order_threshold': {
      const counted = lines.filter((l) => targets(reward.target, l));
      const base = counted.reduce((a, l) => a + l.remaining, 0);
      if (base <= 0 || base < reward.minAmount) break;
      const discount = reward.amount !== undefined ? Math.min(reward.amount, base) : percentOf(base, reward.percent ?? 0);
      if (discount > 0) spread(out, discount, counted.map((l) => ({ lineId: l.lineId, weight: l.remaining })));
      break;
    }
  }
  return out;
}
