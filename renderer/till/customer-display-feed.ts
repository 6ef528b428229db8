// The till's side of the customer display: a BroadcastChannel named after the till's device id
// (two tills in one browser never share one), over which this till window tells its displays what
// to show (customer-view.ts) and answers a display that opens mid-sale with the current view.
// Until a display says hello the window sends one view at start and nothing more, so a till
// without a display pays nothing per scan.
import {
  CUSTOMER_DISPLAY_PROTOCOL,
  customerDisplayChannel,
  customerDisplayPath,
  customerDisplayWindowName,
  isCustomerDisplayMessage,
  type CustomerDisplayMessage,
  type CustomerView,
} from '../../shared/customer-display.ts';
import { newEventId } from '../../shared/ids.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useCartStore } from './cart-store.ts';
import { customerViewOf } from './customer-view.ts';
import { usePayStore } from './pay-store.ts';
import { tillRuntime } from './till-runtime.ts';

const WINDOW_KEY = 'aisle.till-window';

/** This till window's id: the same across reloads of the tab (sessionStorage), another in another tab. */
export function tillWindowId(storage: Storage = sessionStorage): string {
  const known = storage.getItem(WINDOW_KEY);
  if (known) return known;
  const id = newEventId();
  storage.setItem(WINDOW_KEY, id);
  return id;
}

function currentView(): CustomerView {
  const cart = useCartStore.getState();
  const pay = usePayStore.getState();
  const site = useConfigStore.getState().config.site;
  return customerViewOf({
    storeName: site?.name ?? '',
    currency: site?.currency ?? 'EUR',
    lines: cart.lines,
    orderDiscount: cart.orderDiscount,
    pointsDiscount: cart.pointsRedemption?.amount ?? 0,
    giftCardLoadTotal: cart.giftCardLoads.reduce((sum, l) => sum + l.amount, 0),
    payments: pay.payments,
    paid: pay.paid,
  });
}

/** Starts this window's feed; returns the stop (which tells the displays the window is gone). */
export function startCustomerDisplayFeed(tillId: string, windowId: string): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => undefined;
  const channel = new BroadcastChannel(customerDisplayChannel(tillId));
  const post = (message: CustomerDisplayMessage): void => channel.postMessage(message);
  let live = false;
  let pending = false;
  let last = '';
  const send = (force: boolean): void => {
    const view = currentView();
    const key = JSON.stringify(view);
    if (!force && key === last) return;
    last = key;
    post({ v: CUSTOMER_DISPLAY_PROTOCOL, type: 'view', source: windowId, live, view });
  };
  // Several store updates in one action make one message.
  const changed = (): void => {
    if (!live || pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      send(false);
    });
  };
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isCustomerDisplayMessage(message) || message.type !== 'hello') return;
    if (message.source !== undefined && message.source !== windowId) return;
    live = true;
    send(true);
  };
  const stops = [useCartStore.subscribe(changed), usePayStore.subscribe(changed), useConfigStore.subscribe(changed)];
  const bye = (): void => post({ v: CUSTOMER_DISPLAY_PROTOCOL, type: 'bye', source: windowId });
  const back = (event: PageTransitionEvent): void => {
    if (event.persisted) send(true);
  };
  const page = typeof window === 'undefined' ? null : window;
  page?.addEventListener('pagehide', bye);
  page?.addEventListener('pageshow', back);
  // A display already open learns that this window is here (and asks to follow it).
  send(true);
  return () => {
    for (const stop of stops) stop();
    page?.removeEventListener('pagehide', bye);
    page?.removeEventListener('pageshow', back);
    bye();
    channel.close();
  };
}

/**
 * Opens (or brings back) this till's customer display: a window following this till window. In
 * Electron the shell puts it full screen on the second screen (electron/main/customer-display-window.ts).
 * Returns false when the browser blocked the window.
 */
export function openCustomerDisplay(): boolean {
  const tillId = tillRuntime().credentials.deviceId;
  const opened = window.open(customerDisplayPath(tillId, tillWindowId()), customerDisplayWindowName(tillId), 'popup,width=1024,height=600');
  // The keyboard (and a wedge scanner typing as one) stays with the till, not the display.
  window.focus();
  return opened !== null;
}
