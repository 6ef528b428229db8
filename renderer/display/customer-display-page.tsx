// The customer display at /display?till=<device id>[&window=<till window>]: the second screen
// facing the customer, opened from the till ("Open customer display"). It shows a welcome between
// sales, the lines and a big total while the sale is rung up, and the change and thanks once paid.
// It holds no credentials and reaches no server: everything comes from its till window.
import { useEffect, useRef } from 'react';
import type { CustomerDisplayLine, CustomerView } from '../../shared/customer-display.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { loadCredentials } from '../pairing/device-credentials.ts';
import { followTill, useDisplayStore } from './display-store.ts';
import './customer-display.css';

/** The till to follow: from the address, else the till paired in this browser. */
function pairing(): { tillId: string | null; windowId: string | null } {
  const params = new URLSearchParams(window.location.search);
  const windowId = params.get('window');
  const fromUrl = params.get('till');
  if (fromUrl) return { tillId: fromUrl, windowId };
  const stored = loadCredentials();
  return { tillId: stored?.role === 'till' ? stored.deviceId : null, windowId };
}

function Lines({ lines, currency }: { lines: readonly CustomerDisplayLine[]; currency: string }) {
  const list = useRef<HTMLOListElement>(null);
  const money = (n: number) => formatMoneyWithSymbol(n, currency);
  // The newest line is the one the customer just watched being scanned.
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [lines]);
  return (
    <ol className="cd-lines" aria-label="Items" ref={list}>
      {lines.map((line) => (
        <li key={line.lineId} aria-label={`Item ${line.name}`}>
          <span className="cd-name">{line.name}</span>
          <span className="cd-amount">{money(line.total)}</span>
          <span className="cd-detail">
            {line.quantity} × {money(line.unitPrice)}
            {line.unit ? `/${line.unit}` : ''}
            {line.discount > 0 ? ` — you save ${money(line.discount)}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Figure({ label, value, big }: { label: string; value: string; big?: boolean }) {
  return (
    <div className={big ? 'cd-figure cd-big' : 'cd-figure'}>
      <span className="cd-label">{label}</span>
      <span className="cd-value" aria-label={label}>
        {value}
      </span>
    </div>
  );
}

function Sale({ view }: { view: Extract<CustomerView, { phase: 'sale' }> }) {
  const money = (n: number) => formatMoneyWithSymbol(n, view.currency);
  return (
    <div className="cd-body">
      <Lines lines={view.lines} currency={view.currency} />
      <section className="cd-side" aria-label="To pay">
        <Figure label="Total" value={money(view.total)} big />
        <p className="cd-count">
          {view.itemCount} {view.itemCount === 1 ? 'item' : 'items'}
          {view.discount > 0 ? ` — you save ${money(view.discount)}` : ''}
        </p>
        {view.paid > 0 && (
          <>
            <Figure label="Paid" value={money(view.paid)} />
            <Figure label="Left to pay" value={money(Math.max(view.remaining, 0))} />
          </>
        )}
      </section>
    </div>
  );
}

function Done({ view }: { view: Extract<CustomerView, { phase: 'done' }> }) {
  const money = (n: number) => formatMoneyWithSymbol(n, view.currency);
  const refund = view.kind === 'return';
  return (
    <div className="cd-body">
      <Lines lines={view.lines} currency={view.currency} />
      <section className="cd-side" aria-label={refund ? 'Refund complete' : 'Sale complete'}>
        <p className="cd-thanks" role="status">
          Thank you!
        </p>
        {refund ? (
          <Figure label="Refunded" value={money(-view.total)} big />
        ) : view.change > 0 ? (
          <>
            <Figure label="Your change" value={money(view.change)} big />
            <Figure label="Total" value={money(view.total + view.rounding)} />
            <Figure label="Paid" value={money(view.paid)} />
          </>
        ) : (
          <Figure label="Total" value={money(view.total + view.rounding)} big />
        )}
        {view.rounding !== 0 && <p className="cd-count">Includes cash rounding of {money(view.rounding)}</p>}
        <p className="cd-count">Receipt {view.receiptNo}</p>
      </section>
    </div>
  );
}

function Welcome({ storeName, waiting }: { storeName: string; waiting: boolean }) {
  return (
    <div className="cd-welcome" role="status">
      <p className="cd-hello">Welcome{storeName ? ` to ${storeName}` : ''}</p>
      <p className="cd-sub">{waiting ? 'Waiting for the till…' : 'Your items will appear here'}</p>
    </div>
  );
}

export function CustomerDisplayPage() {
  const view = useDisplayStore((s) => s.view);
  const { tillId, windowId } = pairing();

  useEffect(() => {
    if (!tillId) return;
    return followTill(tillId, windowId);
  }, [tillId, windowId]);

  useEffect(() => {
    document.title = view?.storeName ? `${view.storeName} — customer display` : 'Customer display';
  }, [view?.storeName]);

  if (!tillId) {
    return (
      <main className="customer-display">
        <div className="cd-welcome" role="alert">
          <p className="cd-sub">This screen is not paired with a till. On the till, press “Open customer display”.</p>
        </div>
      </main>
    );
  }
  return (
    <main className="customer-display" aria-label="Customer display">
      {view && view.phase !== 'idle' && (
        <header className="cd-header">
          <span>{view.storeName}</span>
        </header>
      )}
      {view?.phase === 'sale' && <Sale view={view} />}
      {view?.phase === 'done' && <Done view={view} />}
      {(!view || view.phase === 'idle') && <Welcome storeName={view?.storeName ?? ''} waiting={!view} />}
    </main>
  );
}
