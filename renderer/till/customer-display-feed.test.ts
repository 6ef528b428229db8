// The till ↔ customer display conversation over real BroadcastChannels (Node has them, with the
// browser's semantics: every other channel of the same name gets each message).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customerDisplayChannel, type CustomerDisplayMessage } from '../../shared/customer-display.ts';
import { emptySnapshot } from '../config/config-snapshot.ts';
import { useConfigStore } from '../config/config-store.ts';
import { followTill, useDisplayStore } from '../display/display-store.ts';
import type { CartLine } from './cart-math.ts';
import { useCartStore } from './cart-store.ts';
import { startCustomerDisplayFeed } from './customer-display-feed.ts';
import { usePayStore } from './pay-store.ts';

const line = (id: string, name: string, unitPrice: number): CartLine => ({
  lineId: id, productId: `p-${id}`, sku: id, name, qty: 1, unitPrice, listPrice: unitPrice, priceIncludesTax: true,
  taxes: [{ taxId: 'vat', rate: 20 }], discount: 0, unit: 'unit',
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

/** A bare channel standing for a display: what it hears, and a way to say something. */
function listener(tillId: string) {
  const channel = new BroadcastChannel(customerDisplayChannel(tillId));
  const heard: CustomerDisplayMessage[] = [];
  channel.onmessage = (event: MessageEvent<CustomerDisplayMessage>) => heard.push(event.data);
  cleanups.push(() => channel.close());
  return { heard, say: (m: CustomerDisplayMessage) => channel.postMessage(m) };
}

let cleanups: (() => void)[] = [];

describe('customer display feed', () => {
  beforeEach(() => {
    useConfigStore.setState({ config: { ...emptySnapshot(), site: { id: 's1', code: 'STORE1', name: 'Aisle Demo Store', kind: 'store', currency: 'EUR' } }, loaded: true });
  });
  afterEach(() => {
    for (const c of cleanups.reverse()) c();
    cleanups = [];
    useCartStore.getState().clear();
    usePayStore.getState().reset();
    useDisplayStore.setState({ view: null });
  });

  it('sends one view when the till starts, then nothing per scan until a display says hello', async () => {
    const display = listener('till-a');
    cleanups.push(startCustomerDisplayFeed('till-a', 'w1'));
    await settle();
    expect(display.heard).toEqual([{ v: 1, type: 'view', source: 'w1', live: false, view: { phase: 'idle', storeName: 'Aisle Demo Store', currency: 'EUR' } }]);
    useCartStore.setState({ lines: [line('a', 'Tea', 250)] });
    await settle();
    expect(display.heard).toHaveLength(1);
    display.say({ v: 1, type: 'hello', source: 'w1' });
    await settle();
    expect(display.heard.at(-1)).toMatchObject({ type: 'view', live: true, view: { phase: 'sale', total: 250, lines: [{ name: 'Tea' }] } });
    // Live now: a change is one message, however many store updates made it.
    useCartStore.setState({ lines: [line('a', 'Tea', 250), line('b', 'Honey', 600)] });
    useCartStore.getState().select('b');
    await settle();
    expect(display.heard).toHaveLength(3);
    expect(display.heard.at(-1)).toMatchObject({ view: { phase: 'sale', total: 850 } });
  });

  it('never reaches another till, and a hello for another window of the same till gets no answer', async () => {
    const other = listener('till-b');
    const same = listener('till-a');
    cleanups.push(startCustomerDisplayFeed('till-a', 'w1'));
    await settle();
    same.say({ v: 1, type: 'hello', source: 'w2' });
    other.say({ v: 1, type: 'hello' });
    useCartStore.setState({ lines: [line('a', 'Tea', 250)] });
    await settle();
    expect(other.heard.filter((m) => m.type === 'view')).toEqual([]);
    expect(same.heard.filter((m) => m.type === 'view')).toHaveLength(1); // the start view only
  });

  it('gives a display opened mid-sale the current lines, follows the sale, and welcomes again when the till window goes', async () => {
    const stopFeed = startCustomerDisplayFeed('till-a', 'w1');
    useCartStore.setState({ lines: [line('a', 'Tea', 250), line('b', 'Honey', 600)] });
    cleanups.push(followTill('till-a', 'w1'));
    await expect.poll(() => useDisplayStore.getState().view).toMatchObject({ phase: 'sale', total: 850, itemCount: 2 });
    usePayStore.getState().addPayment({ method: 'card', amount: 300 });
    await expect.poll(() => useDisplayStore.getState().view).toMatchObject({ phase: 'sale', paid: 300, remaining: 550 });
    stopFeed();
    await expect.poll(() => useDisplayStore.getState().view).toEqual({ phase: 'idle', storeName: 'Aisle Demo Store', currency: 'EUR' });
  });

  it('a display open before its till window starts follows it once it does', async () => {
    cleanups.push(followTill('till-a', null));
    await settle();
    expect(useDisplayStore.getState().view).toBeNull();
    useCartStore.setState({ lines: [line('a', 'Tea', 250)] });
    cleanups.push(startCustomerDisplayFeed('till-a', 'w9'));
    await expect.poll(() => useDisplayStore.getState().view).toMatchObject({ phase: 'sale', total: 250 });
    useCartStore.getState().clear();
    await expect.poll(() => useDisplayStore.getState().view).toMatchObject({ phase: 'idle' });
  });
});
