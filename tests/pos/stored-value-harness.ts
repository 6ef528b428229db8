// Tills that spend stored value, for server tests: each builds and seals its sales as a till does
// (totals by shared/tax), asks the server before redeeming unless it is offline, and decides with
// the till's own rules (shared/stored-value: decideRedemption, offlineRoom) — so a test pushes
// exactly what tills would, through the same push API.
import { sealSale, type ChainHead } from '../../shared/chain/index.ts';
import { newEventId } from '../../shared/ids.ts';
import type { ConfigEntry, Payment, Sale, SaleLine } from '../../shared/schemas/index.ts';
import type { AuthorizeResponse } from '../../shared/stored-value/authorization-api.ts';
import { defaultOfflineAllowance, offlineRoom, type OfflineAllowance, type PendingSpend } from '../../shared/stored-value/offline-allowance.ts';
import { decideRedemption, type OnlineAnswer, type RedemptionDecision } from '../../shared/stored-value/redemption-decision.ts';
import { saleValueMoves, type ValueKind } from '../../shared/stored-value/sale-value.ts';
import { type LoyaltyProgram, pointsEarned, redemptionAmount } from '../../shared/stored-value/loyalty-program.ts';
import { computeOrder } from '../../shared/tax/index.ts';
import { computeCart, type CartLine } from '../../renderer/till/cart-math.ts';
import { holdExpiry, unprotectedSpends } from '../../renderer/till/hold-lapse.ts';
import type { SimProduct } from '../support/pos-events.ts';
import type { TestServer } from '../support/test-server.ts';
import { push } from './pos-harness.ts';

export interface Redemption {
  kind: ValueKind;
  /** Gift card number, or the customer for store credit and points. */
  key: string;
  amount: number;
}

export class ValueTill {
  head: ChainHead | null = null;
  readonly sales: Sale[] = [];
  offline = false;
  allowance: OfflineAllowance = defaultOfflineAllowance;
  /** The till's clock (a test moves it on to let a hold lapse). */
  now: () => Date = () => new Date();
  private clock = 0;

  constructor(
    private readonly server: TestServer,
    readonly device: { deviceId: string; token: string; siteId: string },
    private readonly cashierId: string,
    private readonly product: SimProduct,
    private readonly sessionId = newEventId(),
  ) {}

  /** The allowance as the till holds it: the replicated `allowance` config entry. */
  async pullAllowance(): Promise<OfflineAllowance> {
    const res = await this.server.api('/api/sync/config/pull?limit=10000', { token: this.device.token });
    const entry = (res.body as { documents: ConfigEntry[] }).documents.find((d) => d.kind === 'allowance');
    if (entry?.kind === 'allowance') this.allowance = entry.data;
    return this.allowance;
  }

  /** Offline spends, and authorised ones whose hold lapsed, in sales the server has not acknowledged: here, every sale not pushed yet. */
  pending(pushed: ReadonlySet<string>): PendingSpend[] {
    return this.sales
      .filter((s) => !pushed.has(s.id))
      .flatMap((s) => unprotectedSpends(saleValueMoves(s), this.now()).map((m) => ({ kind: m.kind, key: m.key, amount: -m.amount })));
  }

  async ask(saleId: string, ref: string, r: Redemption): Promise<OnlineAnswer> {
    if (this.offline) return { kind: 'unreachable' };
    const holder = r.kind === 'gift_card' ? { card: r.key } : { customerId: r.key };
    const askedAt = this.now();
    const res = await this.server.api('/api/stored-value/authorize', { token: this.device.token, body: { kind: r.kind, ...holder, amount: r.amount, saleId, ref } });
    if (res.status !== 200) throw new Error(`authorize failed: ${res.status} ${JSON.stringify(res.body)}`);
    const body = res.body as AuthorizeResponse;
    const holdExpiresAt = holdExpiry(body, askedAt);
    return body.approved && body.authorizationId
      ? { kind: 'approved', authorizationId: body.authorizationId, ...(body.balanceAfter !== undefined ? { balanceAfter: body.balanceAfter } : {}), ...(holdExpiresAt ? { holdExpiresAt } : {}) }
      : { kind: 'declined', available: body.available };
  }

  private lines(payable: number): { lines: SaleLine[]; total: number } {
    const qty = Math.max(1, Math.ceil(payable / this.product.price));
    const order = computeOrder({ lines: [{ qty, unitPrice: this.product.price, discount: 0, priceIncludesTax: this.product.priceIncludesTax, taxes: this.product.taxes }] });
    const computed = order.lines[0];
    if (!computed) throw new Error('no line');
    return { lines: [{ lineId: newEventId(), productId: this.product.id, qty, unitPrice: this.product.price, ...computed.amounts }], total: order.total };
  }

  seal(unsigned: Omit<Sale, 'seq' | 'prevHash' | 'hash' | 'receiptNo' | 'id' | 'tillId' | 'siteId' | 'sessionId' | 'cashierId' | 'createdAt' | 'currency'> & { id?: string }): Sale {
    const seq = (this.head?.seq ?? 0) + 1;
    const sale = sealSale({
      id: unsigned.id ?? newEventId(), tillId: this.device.deviceId, siteId: this.device.siteId, sessionId: this.sessionId, cashierId: this.cashierId,
      receiptNo: `${this.device.deviceId.slice(-6).toUpperCase()}-${String(seq).padStart(6, '0')}`,
      createdAt: new Date(Date.UTC(2026, 10, 23, 9, 0, 0) + this.clock++ * 1000).toISOString(), currency: 'EUR',
      ...unsigned,
    }, this.head);
    this.head = { seq: sale.seq, hash: sale.hash };
    this.sales.push(sale);
    return sale;
  }

  /**
   * Rings up goods worth at least the redemption and tries to pay part with stored value, the rest
   * by card. Returns the decision; the sale is sealed only when the till may take the value (or a
   * supervisor overrides), otherwise the customer pays it all by card.
   */
  async spend(r: Redemption, opts: { pushed: ReadonlySet<string>; override?: string; customerId?: string } ): Promise<{ decision: RedemptionDecision; sale: Sale }> {
    if (r.kind === 'points') throw new Error('points are redeemed as a discount: use redeemPoints');
    const saleId = newEventId();
    const paymentId = newEventId();
    const { lines, total } = this.lines(r.amount);
    const decision = decideRedemption(await this.ask(saleId, paymentId, r), r.amount, offlineRoom(this.allowance, this.pending(opts.pushed), r.kind, r.key));
    const taken = decision.kind === 'authorized' || decision.kind === 'offline' || (decision.kind === 'needs_override' && opts.override !== undefined);
    const value: Payment[] = !taken ? [] : [{
      paymentId, method: r.kind, amount: r.amount,
      ...(r.kind === 'gift_card' ? { card: r.key } : {}),
      ...(decision.kind === 'authorized' ? { authorization: decision.authorizationId, ...(decision.holdExpiresAt ? { holdExpiresAt: decision.holdExpiresAt } : {}) } : {}),
      ...(decision.kind === 'needs_override' && opts.override ? { overrideBy: opts.override } : {}),
    }];
    const rest = total - (taken ? r.amount : 0);
    const customerId = r.kind === 'gift_card' ? opts.customerId : r.key;
    const sale = this.seal({
      id: saleId, kind: 'sale', ...(customerId ? { customerId } : {}), lines, total,
      payments: [...value, ...(rest > 0 ? [{ paymentId: newEventId(), method: 'card', amount: rest }] : [])],
    });
    return { decision, sale };
  }

  /**
   * Rings up goods for the customer and redeems `points` for a discount when the till may (the
   * server's answer, or offline the allowance and the points it last saw), as the till's cart does
   * (renderer/till/cart-math.ts spreads the discount over the lines). Paid by card.
   */
  async redeemPoints(customerId: string, points: number, program: LoyaltyProgram, opts: { pushed: ReadonlySet<string>; knownPoints: number; override?: string; category?: string; goods?: number }): Promise<{ decision: RedemptionDecision; sale: Sale }> {
    const saleId = newEventId();
    const amount = redemptionAmount(program, points);
    if (amount === null) throw new Error(`${points} points is not a whole number of blocks`);
    const qty = Math.max(1, Math.ceil(Math.max(opts.goods ?? 0, amount * 2) / this.product.price));
    const line: CartLine = {
      lineId: newEventId(), productId: this.product.id, sku: 'SKU', name: 'Product', qty, unitPrice: this.product.price, listPrice: this.product.price,
      priceIncludesTax: this.product.priceIncludesTax, taxes: this.product.taxes.map((t) => ({ ...t })), discount: 0,
    };
    const pendingPoints = this.pending(opts.pushed).filter((p) => p.kind === 'points' && p.key === customerId).reduce((a, p) => a + p.amount, 0);
    const decision = decideRedemption(
      await this.ask(saleId, 'points', { kind: 'points', key: customerId, amount: points }), points,
      offlineRoom(this.allowance, this.pending(opts.pushed), 'points', customerId), opts.knownPoints - pendingPoints,
    );
    const taken = decision.kind === 'authorized' || decision.kind === 'offline' || (decision.kind === 'needs_override' && opts.override !== undefined);
    const totals = computeCart([line], 0, taken ? amount : 0);
    const earned = pointsEarned(program, totals.lines.map((l) => ({ productId: l.productId, category: opts.category, qty: l.qty, total: l.total })));
    const sale = this.seal({
      id: saleId, kind: 'sale', customerId, lines: totals.lines, total: totals.total,
      loyalty: {
        earnedPoints: earned,
        ...(taken ? { redeemedPoints: points, redeemedAmount: amount } : {}),
        ...(taken && decision.kind === 'authorized' ? { authorization: decision.authorizationId, ...(decision.holdExpiresAt ? { holdExpiresAt: decision.holdExpiresAt } : {}) } : {}),
        ...(taken && decision.kind === 'needs_override' && opts.override ? { overrideBy: opts.override } : {}),
      },
      payments: [{ paymentId: newEventId(), method: 'card', amount: totals.total }],
    });
    return { decision, sale };
  }

  /** Sells a gift card: `amount` loaded onto `number`, paid by card. */
  sellGiftCard(number: string, amount: number): Sale {
    return this.seal({ kind: 'sale', lines: [], total: 0, giftCardLoads: [{ loadId: newEventId(), number, amount }], payments: [{ paymentId: newEventId(), method: 'card', amount }] });
  }

  async push(sales: readonly Sale[] = this.sales): Promise<void> {
    await push(this.server, this.device.token, 'sales', sales);
  }
}
