// The selling screen for a counter: entry box and cart (scrolling to the newest line, total always
// in view), quick keys for touch, line actions, customer, parking the sale, and the way to payment.
// Keyboard: F2 entry box, F4 quantity, F6 discount, F7 order discount, F9 lock, F12 pay.
// After every action the entry box gets the focus back, so the next scan or typed code lands there.
import { useEffect, useMemo, useRef, useState } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { CartView } from './cart-view.tsx';
import { useCartStore } from './cart-store.ts';
import { openCustomerDisplay } from './customer-display-feed.ts';
import { CouponEntry } from './coupon-entry.tsx';
import { CustomerPicker } from './customer-picker.tsx';
import { GiftCardDialog } from './gift-card-dialog.tsx';
import { LoyaltyPanel } from './loyalty-panel.tsx';
import { LineEditor } from './line-editor.tsx';
import { ProductGrid } from './product-grid.tsx';
import { ScanEntry } from './scan-entry.tsx';
import { paidSoFar, usePayStore } from './pay-store.ts';
import { pickupQueue } from './pickup-queue.ts';
import { usePickupStore } from './pickup-store.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { VoidSaleDialog } from './void-sale-dialog.tsx';
import { ParkSaleDialog, startParking } from './park-sale-dialog.tsx';
import { ParkedSalesDialog } from './parked-sales-dialog.tsx';
import { useParkedSalesStore } from './parked-sales-store.ts';
import { SerialDialog } from './serial-dialog.tsx';
import { WeightDialog } from './weight-dialog.tsx';

export function SellScreen() {
  const lines = useCartStore((s) => s.lines);
  const loads = useCartStore((s) => s.giftCardLoads.length);
  const [sellCard, setSellCard] = useState(false);
  const message = useCartStore((s) => s.message);
  const go = useTillUiStore((s) => s.go);
  const startReturn = useTillUiStore((s) => s.startReturn);
  const startPickups = useTillUiStore((s) => s.startPickups);
  const pickings = usePickupStore((s) => s.pickings);
  const handovers = usePickupStore((s) => s.handovers);
  // Orders the customer can collect now (those whose goods are still on their way are in the screen, not in the count).
  const waiting = useMemo(() => pickupQueue(pickings, handovers).filter((o) => o.lines.some((l) => l.ready > 0)).length, [pickings, handovers]);
  const lock = useLoginStore((s) => s.lock);
  const payments = usePayStore((s) => s.payments);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const [confirmVoid, setConfirmVoid] = useState(false);
  const [parking, setParking] = useState(false);
  const [showParked, setShowParked] = useState(false);
  const parked = useParkedSalesStore((s) => s.sales.length);
  const root = useRef<HTMLDivElement>(null);

  // A tap on any button (quick key, line action, tab) hands the focus back to the entry box,
  // unless that action opened a field or a dialog of its own.
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const onClick = (e: MouseEvent) => {
      if (!(e.target instanceof Element) || !e.target.closest('button')) return;
      setTimeout(() => {
        const active = document.activeElement;
        const typing = active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || active instanceof HTMLSelectElement;
        if (!typing && !document.querySelector('.modal-backdrop')) document.getElementById('scan-entry')?.focus();
      }, 0);
    };
    el.addEventListener('click', onClick);
    return () => el.removeEventListener('click', onClick);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'F2') {
        e.preventDefault();
        document.getElementById('scan-entry')?.focus();
      } else if (e.key === 'F12' && (useCartStore.getState().lines.length > 0 || useCartStore.getState().giftCardLoads.length > 0)) {
        e.preventDefault();
        go('pay');
      } else if (e.key === 'F9') {
        e.preventDefault();
        lock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go, lock]);

  return (
    <div className="sell" ref={root}>
      <div className="sell-main">
        <ScanEntry />
        {message && (
          <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind} key={message.at}>
            {message.text}
          </p>
        )}
        <CartView />
        <LineEditor />
      </div>
      <div className="sell-keys">
        <ProductGrid />
      </div>
      <aside className="sell-side" aria-label="Till actions">
        <CustomerPicker />
        <LoyaltyPanel />
        <CouponEntry />
        {payments.length > 0 && (
          <p role="status" aria-label="Payments recorded">
            Paid so far {formatMoneyWithSymbol(paidSoFar(payments), currency)} — finish or void on the pay screen
          </p>
        )}
        <button type="button" className="primary big pay-button" disabled={lines.length === 0 && loads === 0} onClick={() => go('pay')} aria-keyshortcuts="F12" aria-label="Pay">
          Pay <kbd aria-hidden="true">F12</kbd>
        </button>
        <div className="side-actions">
          <button type="button" onClick={() => setParking(startParking())}>
            Park sale
          </button>
          <button type="button" className={parked > 0 ? 'waiting' : undefined} onClick={() => setShowParked(true)} aria-label={`Parked sales (${parked})`}>
            Parked{parked > 0 ? ` (${parked})` : ''}
          </button>
          <button type="button" onClick={() => startReturn(null)}>
            Return
          </button>
          <button type="button" onClick={() => go('reprint')}>
            Reprint
          </button>
          <button type="button" onClick={() => setSellCard(true)}>
            Gift card
          </button>
          <button type="button" className={waiting > 0 ? 'waiting' : undefined} onClick={() => startPickups(null)} aria-label={`Pickups (${waiting} waiting)`}>
            Pickups{waiting > 0 ? ` (${waiting})` : ''}
          </button>
          <button type="button" onClick={() => go('aisle')}>
            Order elsewhere
          </button>
          <button type="button" onClick={() => go('request-stock')}>
            Request stock
          </button>
          <button type="button" onClick={() => go('cash')}>
            Cash in/out
          </button>
          <button type="button" onClick={() => go('xreport')}>
            X report
          </button>
          <button type="button" onClick={() => go('close')}>
            Close session
          </button>
          <button
            type="button"
            onClick={() => {
              if (!openCustomerDisplay()) useCartStore.getState().say('error', 'The customer display did not open: allow pop-ups for the till, then try again');
            }}
          >
            Open customer display
          </button>
        </div>
        {/* Far from Pay on purpose, and it asks first. */}
        <button type="button" className="danger void-sale" onClick={() => setConfirmVoid(true)} disabled={lines.length === 0 && loads === 0 && payments.length === 0}>
          Void sale
        </button>
      </aside>
      {confirmVoid && <VoidSaleDialog onClose={() => setConfirmVoid(false)} />}
      {sellCard && <GiftCardDialog onClose={() => setSellCard(false)} />}
      {parking && <ParkSaleDialog onClose={() => setParking(false)} />}
      {showParked && <ParkedSalesDialog onClose={() => setShowParked(false)} />}
      <WeightDialog />
      <SerialDialog />
    </div>
  );
}
