// A sale in progress whose online authorisation lapsed before it was completed (issue 17 point 5,
// docs/stored-value.md "Holds last until their sale arrives"): an admin who sets `holdMinutes` lets
// the server's hold go after that time, so the amount is no longer set aside for this sale. Before
// the sale is committed the till decides each such redemption again, like a new one
// (value-redeem.ts): online the server authorises it anew (or says what is left: the cashier voids
// it and takes another tender); offline the till takes it within its allowance as an offline spend,
// and above it only with a supervisor's override — otherwise the sale waits for the network.
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import type { Payment } from '../../shared/schemas/index.ts';
import { maskCardNumber } from '../../shared/stored-value/card-number.ts';
import { POINTS_REDEEM_REF, type SaleValueMove } from '../../shared/stored-value/sale-value.ts';
import type { ConfigSnapshot, KnownUser } from '../config/config-snapshot.ts';
import { useCartStore, type PointsRedemption } from './cart-store.ts';
import { lapsedAuthorisations } from './hold-lapse.ts';
import { usePayStore } from './pay-store.ts';
import { openSaleMoves, type OpenSaleValue } from './value-pending.ts';
import { decideValueRedemption } from './value-redeem.ts';

export type RenewalOutcome =
  /** `notes`: what changed, for the cashier (empty when no hold had lapsed). */
  | { ok: true; notes: string[] }
  /** The sale cannot be completed as it is: the message says why and what to do. */
  | { ok: false; message: string };

export interface RenewalDeps {
  /** Asks a supervisor's PIN (the approval dialog); null when refused. */
  approve(reason: string): Promise<KnownUser | null>;
  now?: () => Date;
}

type Change = { authorization?: string | undefined; holdExpiresAt?: string | undefined; overrideBy?: string | undefined; balanceAfter?: number | undefined };

/** The fields of a redemption after it was decided again: an authorisation replaces the lapsed one; offline or overridden it has none. */
function changed<T extends Payment | PointsRedemption>(before: T, change: Change): T {
  const { authorization: _a, holdExpiresAt: _h, overrideBy: _o, ...rest } = before;
  return {
    ...rest,
    ...(change.authorization ? { authorization: change.authorization } : {}),
    ...(change.authorization && change.holdExpiresAt ? { holdExpiresAt: change.holdExpiresAt } : {}),
    ...(change.overrideBy ? { overrideBy: change.overrideBy } : {}),
    ...(change.balanceAfter !== undefined ? { balanceAfter: change.balanceAfter } : {}),
  } as T;
}

function openSale(): OpenSaleValue {
  const cart = useCartStore.getState();
  return { customerId: cart.customer?.id, payments: usePayStore.getState().payments, points: cart.pointsRedemption };
}

function apply(m: SaleValueMove, change: Change): void {
  if (m.ref === POINTS_REDEEM_REF) {
    // Set directly: setPointsRedemption would release the old authorisation, which a renewal keeps
    // (the server answers a renewal with the same id) or no longer relies on (offline).
    const points = useCartStore.getState().pointsRedemption;
    if (points) useCartStore.setState({ pointsRedemption: changed(points, change) });
    return;
  }
  usePayStore.setState({ payments: usePayStore.getState().payments.map((p) => (p.paymentId === m.ref ? changed(p, change) : p)) });
}

/** Decides again every redemption of the sale in progress whose hold has lapsed; call before committing it. */
export async function renewLapsedHolds(config: ConfigSnapshot, deps: RenewalDeps): Promise<RenewalOutcome> {
  const now = deps.now ?? (() => new Date());
  const currency = config.site?.currency ?? 'EUR';
  const notes: string[] = [];
  const lapsed = lapsedAuthorisations(openSaleMoves(openSale()), now());
  for (const m of lapsed) {
    const open = openSale();
    const customer = useCartStore.getState().customer;
    const isPoints = m.ref === POINTS_REDEEM_REF;
    const amount = -m.amount;
    const figure = (n: number) => (isPoints ? `${n} points` : formatMoneyWithSymbol(n, currency));
    const what = m.kind === 'gift_card' ? `Gift card ${maskCardNumber(m.key ?? '')}` : m.kind === 'points' ? `${customer?.name ?? 'The customer'}'s points` : `${customer?.name ?? 'The customer'}'s store credit`;
    const undo = isPoints ? 'remove the points' : 'void the payment';
    // Decided like a new redemption, with this one left out of the sale in progress.
    const without: OpenSaleValue = isPoints ? { ...open, points: null } : { ...open, payments: open.payments.filter((p) => p.paymentId !== m.ref) };
    const { decision, knownBalance } = await decideValueRedemption(
      { kind: m.kind, ...(m.kind === 'gift_card' && m.key ? { card: m.key } : {}), customer, amount, saleId: usePayStore.getState().saleId, ref: m.ref },
      config, without, now,
    );
    const after = knownBalance !== undefined ? { balanceAfter: knownBalance - amount } : {};
    switch (decision.kind) {
      case 'authorized':
        apply(m, { authorization: decision.authorizationId, holdExpiresAt: decision.holdExpiresAt, ...(decision.balanceAfter !== undefined ? { balanceAfter: decision.balanceAfter } : {}) });
        notes.push(`${what}: ${figure(amount)} authorised again (the server's hold had lapsed)`);
        break;
      case 'offline':
        apply(m, after);
        notes.push(`${what}: ${figure(amount)} taken offline, within this till's allowance (the server's hold had lapsed)`);
        break;
      case 'declined':
        return { ok: false, message: `${what}: the server stopped holding ${figure(amount)} for this sale and only ${figure(decision.available)} is available now: ${undo} and take another tender` };
      case 'needs_override': {
        const reason = `${what}: the server stopped holding ${figure(amount)} for this sale and cannot be reached; ${figure(amount)} is more than this till may take offline (${figure(decision.room)} left)`;
        const supervisor = await deps.approve(reason);
        if (!supervisor) return { ok: false, message: `${reason}. Reconnect and press Complete sale again, ask a supervisor, or ${undo}.` };
        apply(m, { overrideBy: supervisor.id, ...after });
        notes.push(`${what}: ${figure(amount)} taken offline, approved by ${supervisor.displayName}`);
        break;
      }
    }
  }
  return { ok: true, notes };
}
