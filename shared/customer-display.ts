// The customer display's contract, declared once: the page's address (the till opens it, the
// Electron shell lets exactly that address open as a second window) and the messages a till
// window and its display exchange over a BroadcastChannel named after the till's device id.
// The display is told what a customer may see — names, quantities, amounts — and nothing else:
// no PIN, no supervisor prompt, no cashier screen is ever mirrored.
import { type Static, Type } from 'typebox';
import { Check } from 'typebox/schema';

export const CUSTOMER_DISPLAY_PATH = '/display';

/** Protocol version carried by every message; a display ignores any other. */
export const CUSTOMER_DISPLAY_PROTOCOL = 1;

/** The display page of one till (`tillId` = its device id), following one of its windows when `windowId` is given. */
export function customerDisplayPath(tillId: string, windowId?: string): string {
  const query = `till=${encodeURIComponent(tillId)}${windowId ? `&window=${encodeURIComponent(windowId)}` : ''}`;
  return `${CUSTOMER_DISPLAY_PATH}?${query}`;
}

/** Name of the till's display window: opening it again brings back the same window. */
export function customerDisplayWindowName(tillId: string): string {
  return `aisle-display-${tillId.replace(/[^\w-]/g, '')}`;
}

/** The BroadcastChannel a till and its displays share; another till's messages never reach it. */
export function customerDisplayChannel(tillId: string): string {
  return `aisle-customer-display:${tillId}`;
}

// Closed objects on purpose (a stricter check, not a looser one): the display is a second screen
// facing the customer, so a message carrying any undeclared field (a PIN, a supervisor prompt) is
// refused whole rather than partly shown.
const CLOSED = { additionalProperties: false } as const;
const Minor = Type.Integer();
const Text = Type.String({ maxLength: 300 });

export const CustomerDisplayLine = Type.Object({
  lineId: Type.String({ maxLength: 100 }),
  name: Text,
  /** As the customer reads it: `2`, `0.750 kg`. */
  quantity: Type.String({ maxLength: 40 }),
  unitPrice: Minor,
  /** Measured goods: the unit the price is per (`kg`); absent for pieces. */
  unit: Type.Optional(Type.String({ maxLength: 10 })),
  discount: Minor,
  total: Minor,
}, CLOSED);
export type CustomerDisplayLine = Static<typeof CustomerDisplayLine>;

const Store = { storeName: Text, currency: Type.String({ minLength: 3, maxLength: 3 }) };

/** Between sales: a welcome. */
const IdleView = Type.Object({ phase: Type.Literal('idle'), ...Store }, CLOSED);
/** A sale being rung up (and paid in parts): its lines and what is left to pay. */
const SaleView = Type.Object({
  phase: Type.Literal('sale'),
  ...Store,
  lines: Type.Array(CustomerDisplayLine, { maxItems: 1000 }),
  itemCount: Type.Number(),
  discount: Minor,
  total: Minor,
  paid: Minor,
  remaining: Minor,
}, CLOSED);
/** The sale is paid (or the refund made): total, paid, change, and thanks. */
const DoneView = Type.Object({
  phase: Type.Literal('done'),
  ...Store,
  kind: Type.Union([Type.Literal('sale'), Type.Literal('return')]),
  receiptNo: Type.String({ maxLength: 60 }),
  lines: Type.Array(CustomerDisplayLine, { maxItems: 1000 }),
  itemCount: Type.Number(),
  total: Minor,
  /** Cash rounding the sale carries (0 without): the customer paid total + rounding. */
  rounding: Minor,
  paid: Minor,
  change: Minor,
}, CLOSED);

export const CustomerView = Type.Union([IdleView, SaleView, DoneView]);
export type CustomerView = Static<typeof CustomerView>;

const Version = Type.Literal(CUSTOMER_DISPLAY_PROTOCOL);

export const CustomerDisplayMessage = Type.Union([
  /**
   * Till window → displays: what to show now. `source` names the till window. `live` is false on
   * the one view a till window sends when it starts: it sends more only once a display has said hello.
   */
  Type.Object({ v: Version, type: Type.Literal('view'), source: Type.String({ maxLength: 100 }), live: Type.Boolean(), view: CustomerView }, CLOSED),
  /** Display → till windows: "I just opened, tell me what to show" (only `source` answers when given). */
  Type.Object({ v: Version, type: Type.Literal('hello'), source: Type.Optional(Type.String({ maxLength: 100 })) }, CLOSED),
  /** Till window → displays: this window is gone (closed or logged out of the device). */
  Type.Object({ v: Version, type: Type.Literal('bye'), source: Type.String({ maxLength: 100 }) }, CLOSED),
]);
export type CustomerDisplayMessage = Static<typeof CustomerDisplayMessage>;

/** A message from another window of the app, checked against the declaration above (no eval: CSP-safe). */
export function isCustomerDisplayMessage(data: unknown): data is CustomerDisplayMessage {
  return Check(CustomerDisplayMessage, data);
}
