// The words for the choices a back-office page offers (a channel's routing and invoicing, a user's
// role, a site's kind, an order's state …), declared once: the page that sets a choice shows them
// in its select or list, and the audit log shows the same words for the stored value, so a manager
// reads "Warehouses only (by priority)" in both places, never "warehouse-first".
import type { DeviceRole, UserRole } from './operations.ts';
import type { InvoicePolicy, RoutingPolicy } from './channels.ts';
import type { OrderState } from './channel-orders.ts';
import type { ReturnRequestState } from '../channel-api/return-requests.ts';
import type { CountDecision, PickingState } from './warehouse.ts';
import type { Site } from './sites.ts';
import type { Promotion } from '../pricing/pricing-rules.ts';
import type { OfflineAllowance } from '../stored-value/offline-allowance.ts';

/** Channels page, "Ship delivery orders from". */
export const ROUTING_LABELS: Record<RoutingPolicy, string> = {
  'warehouse-first': 'Warehouses only (by priority)',
  'store-first': 'Stores first, then warehouses',
  'stock-richest': 'The site holding most of the order',
  nearest: 'The sites listed, nearest first',
};

/** Channels page, "Invoice orders". */
export const INVOICE_POLICY_LABELS: Record<InvoicePolicy, string> = {
  delivery: 'On delivery',
  order: 'On order',
};

/** Users page, "Role". */
export const ROLE_LABELS: Record<UserRole, string> = { cashier: 'Cashier', supervisor: 'Supervisor', picker: 'Picker', manager: 'Manager', admin: 'Admin' };

/** Devices page, the role of a pairing code. */
export const DEVICE_ROLE_LABELS: Record<DeviceRole, string> = { till: 'Till', scanner: 'Scanner station' };
export const DEVICE_ROLES = Object.keys(DEVICE_ROLE_LABELS) as DeviceRole[];

/** Sites page, "Kind". */
export const SITE_KIND_LABELS: Record<Site['kind'], string> = { store: 'Store', warehouse: 'Warehouse' };
export const SITE_KINDS = Object.keys(SITE_KIND_LABELS) as Site['kind'][];

/** Orders page, "State". */
export const ORDER_STATE_LABELS: Record<OrderState, string> = { open: 'Open', done: 'Delivered', cancelled: 'Cancelled' };

/** Orders page, an order's returns by post. */
export const RETURN_REQUEST_STATE_LABELS: Record<ReturnRequestState, string> = {
  expected: 'Expected',
  partly_received: 'Partly received',
  received: 'Received',
  cancelled: 'Cancelled',
};

/** Transfers, count tasks and an order's warehouse work: people read "Waiting for stock", not "waiting". */
export const PICKING_STATE_LABELS: Record<PickingState, string> = {
  requested: 'Requested',
  waiting: 'Waiting for stock',
  ready: 'Ready',
  in_progress: 'In progress',
  done: 'Done',
  cancelled: 'Cancelled',
};

/** Approvals page: a count adjustment waits for a manager, who approves or rejects it. */
export const COUNT_APPROVAL_STATE_LABELS: Record<'pending' | CountDecision['state'], string> = { pending: 'Waiting for approval', approved: 'Approved', rejected: 'Rejected' };

/** Promotions page, the kind of reward. */
export const REWARD_LABELS: Record<Promotion['reward']['kind'], string> = {
  percent_off: 'Percentage off',
  amount_off: 'Amount off each unit',
  buy_x_get_y: 'Buy X get Y free',
  bundle: 'Bundle price',
  order_threshold: 'Spend at least … get … off',
};

/** Loyalty page, the offline allowance's "Counted". */
export const ALLOWANCE_MODE_LABELS: Record<OfflineAllowance['mode'], string> = {
  till: 'Per till (all cards and customers together)',
  card: 'Per card or customer, on each till',
};
export const ALLOWANCE_MODES = Object.keys(ALLOWANCE_MODE_LABELS) as OfflineAllowance['mode'][];

/** Fields that name one choice whatever the entry is about. */
const byField: Record<string, Readonly<Record<string, string>>> = {
  routing: ROUTING_LABELS,
  invoicePolicy: INVOICE_POLICY_LABELS,
};

/**
 * Fields whose choices depend on what the entry is about (its `entity`): a user's role or a pairing
 * code's (logged on its site), an order's state or a picking's, a site's kind or a promotion's reward's.
 */
const byEntityField: Record<string, Readonly<Record<string, string>>> = {
  'user.role': ROLE_LABELS,
  'site.role': DEVICE_ROLE_LABELS,
  'site.kind': SITE_KIND_LABELS,
  'promotion.kind': REWARD_LABELS,
  'settings.mode': ALLOWANCE_MODE_LABELS,
  'order.state': ORDER_STATE_LABELS,
  'picking.state': PICKING_STATE_LABELS,
  'count-approval.state': COUNT_APPROVAL_STATE_LABELS,
};

/**
 * The page's words for a stored choice — `routing` "warehouse-first" → "Warehouses only (by
 * priority)" — or null when the field is not a choice or the value is not one of its words (an
 * entry written before a choice was added is shown as stored).
 */
export function choiceLabel(field: string, value: unknown, entity?: string): string | null {
  if (typeof value !== 'string') return null;
  const words = (entity !== undefined ? byEntityField[`${entity}.${field}`] : undefined) ?? byField[field];
  return words && Object.hasOwn(words, value) ? (words[value] ?? null) : null;
}
