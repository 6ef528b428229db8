// The customer display's state: the last view its till window sent, over the till's
// BroadcastChannel. On opening it says hello, and the till answers with what to show now — so a
// display opened mid-sale shows the sale at once. It follows one till window when told which.
import { create } from 'zustand';
import {
  CUSTOMER_DISPLAY_PROTOCOL,
  customerDisplayChannel,
  isCustomerDisplayMessage,
  type CustomerView,
} from '../../shared/customer-display.ts';

interface DisplayState {
  /** Null until a till window has spoken. */
  view: CustomerView | null;
}

export const useDisplayStore = create<DisplayState>(() => ({ view: null }));

/** Listens to the till `tillId` (only its window `windowId` when given); returns the stop. */
export function followTill(tillId: string, windowId: string | null): () => void {
  const channel = new BroadcastChannel(customerDisplayChannel(tillId));
  const hello = (): void => channel.postMessage({ v: CUSTOMER_DISPLAY_PROTOCOL, type: 'hello', ...(windowId ? { source: windowId } : {}) });
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const message = event.data;
    if (!isCustomerDisplayMessage(message) || message.type === 'hello') return;
    if (windowId && message.source !== windowId) return;
    if (message.type === 'bye') {
      // The till window closed or reloads: welcome the next customer with what we know of the store.
      const last = useDisplayStore.getState().view;
      useDisplayStore.setState({ view: last ? { phase: 'idle', storeName: last.storeName, currency: last.currency } : null });
      return;
    }
    useDisplayStore.setState({ view: message.view });
    // A till window that just started sends one view; ask it to keep us up to date.
    if (!message.live) hello();
  };
  hello();
  return () => channel.close();
}
