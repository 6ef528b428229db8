// Session screens: open with a counted float, cash in/out with a reason, close with counted
// amounts per tender (expected vs counted, difference), and the X / Z reports. All offline.
// A till with parked sales does not close until each is resumed or discarded.
import { useState, type FormEvent } from 'react';
import { currencySymbol, formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { useCartStore } from './cart-store.ts';
import { cashMoveApprovalReasons, type CashMoveReason } from '../../shared/money/cash-move-rules.ts';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import { inSentence } from '../../shared/text/display-names.ts';
import { failureSentence } from './failure-sentence.ts';
import { ReportView } from './report-view.tsx';
import { printCashSlip, printSessionReport } from './till-documents.ts';
import { compareCounts, type SessionReport } from './session-report.ts';
import { currentReport, useSessionStore } from './session-store.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { parkedBeforeClose } from './parked-sale.ts';
import { ParkedSalesDialog } from './parked-sales-dialog.tsx';
import { useParkedSalesStore } from './parked-sales-store.ts';

function useCashMethods(): Set<string> {
  const tenders = useConfigStore((s) => s.config.tenders);
  return new Set(tenders.filter((t) => t.isCash).map((t) => t.method));
}

export function OpenSessionScreen() {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cashier = useLoginStore((s) => s.cashier);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoneyInput(text);
    if (amount === null || !cashier) return setError(`Count the float and enter it, e.g. ${formatMoneyWithSymbol(10000, currency)}`);
    setError(null);
    useSessionStore.getState().open(amount, cashier.id).catch((err: unknown) => setError(failureSentence('The session could not be opened', err)));
  };
  return (
    <main className="centered">
      <h1>Open session</h1>
      <form className="stack" onSubmit={submit} aria-label="Open session">
        <label>
          <span>Counted float ({currencySymbol(currency)})</span>
          <input value={text} onChange={(e) => setText(e.target.value)} autoFocus inputMode="decimal" autoComplete="off" />
        </label>
        <button type="submit" className="primary">
          Open session
        </button>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}

const CASH_MOVE_REASONS: Record<CashMoveReason, string> = {
  'movement-limit': 'above the limit per movement',
  'session-limit': 'above the limit per session',
  'below-zero': 'more than the drawer should hold',
};

export function CashMoveScreen() {
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cashier = useLoginStore((s) => s.cashier);
  const go = useTillUiStore((s) => s.go);
  const cashMethods = useCashMethods();
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const move = async (kind: 'cash_in' | 'cash_out') => {
    const amount = parseMoneyInput(text);
    if (amount === null || amount === 0 || !cashier) return setError('Enter an amount');
    if (!reason.trim()) return setError('Give a reason');
    const { config } = useConfigStore.getState();
    const report = currentReport(cashMethods);
    const expectedCash = report.expected.filter((t) => cashMethods.has(t.method)).reduce((a, t) => a + t.amount, 0);
    const movedThisSession = useSessionStore.getState().events.filter((e) => e.kind === 'cash_in' || e.kind === 'cash_out').reduce((a, e) => a + (e.amount ?? 0), 0);
    const reasons = cashMoveApprovalReasons({ kind, amount, movedThisSession, expectedCash }, config.approvals);
    let approvedBy: string | undefined;
    if (reasons.length > 0) {
      const what = kind === 'cash_in' ? 'Cash in' : 'Cash out';
      const user = await useTillUiStore.getState().requestApproval(`${what} of ${formatMoneyWithSymbol(amount, currency)} is ${reasons.map((r) => CASH_MOVE_REASONS[r]).join(' and ')} (expected cash ${formatMoneyWithSymbol(expectedCash, currency)})`);
      if (!user) return setError('Not approved');
      approvedBy = user.id;
    }
    const at = new Date().toISOString();
    try {
      await useSessionStore.getState().moveCash(kind, amount, reason.trim(), cashier.id, approvedBy);
    } catch (err) {
      return setError(failureSentence(`The ${kind === 'cash_in' ? 'cash in' : 'cash out'} was not recorded`, err));
    }
    const recorded = `${kind === 'cash_in' ? 'Cash in' : 'Cash out'} of ${formatMoneyWithSymbol(amount, currency)} recorded (${reason.trim()})`;
    useCartStore.getState().say('info', `${recorded}; printing the slip and opening the drawer…`);
    go('sell');
    // The slip goes to the printer (and the drawer opens) after the movement is recorded; the sell screen then says what happened.
    const outcome = await printCashSlip({ kind, amount, reason: reason.trim(), at }, config, cashier.displayName);
    useCartStore.getState().say(outcome.ok ? 'info' : 'error', `${recorded}. ${outcome.message}`);
  };
  return (
    <main className="centered">
      <h1>Cash in / out</h1>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); void move('cash_in'); }} aria-label="Cash movement">
        <label>
          Amount ({currencySymbol(currency)})
          <input value={text} onChange={(e) => setText(e.target.value)} autoFocus inputMode="decimal" autoComplete="off" />
        </label>
        <label>
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
        </label>
        <div className="row">
          <button type="button" className="primary" onClick={() => void move('cash_in')}>Cash in</button>
          <button type="button" className="primary" onClick={() => void move('cash_out')}>Cash out</button>
          <button type="button" onClick={() => go('sell')}>Back</button>
        </div>
        {error && <p role="alert">{error}</p>}
      </form>
    </main>
  );
}

export function XReportScreen() {
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const cashMethods = useCashMethods();
  useSessionStore((s) => s.sales);
  const go = useTillUiStore((s) => s.go);
  const report = currentReport(cashMethods);
  const print = usePrintX(report);
  return (
    <main className="stack">
      <ReportView title="X report" report={report} currency={currency} print={print} />
      <button type="button" onClick={() => go('sell')} autoFocus>Back</button>
    </main>
  );
}

export function CloseSessionScreen() {
  const tenders = useConfigStore((s) => s.config.tenders);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const cashier = useLoginStore((s) => s.cashier);
  const cashMethods = useCashMethods();
  const go = useTillUiStore((s) => s.go);
  const [counts, setCounts] = useState<Record<string, string>>({});
  const xReport = currentReport(cashMethods);
  const printX = usePrintX(xReport);
  const [error, setError] = useState<string | null>(null);
  // Parked sales hold no money but are customers' carts: the session closes once each is resumed or discarded (as Odoo's draft orders).
  const parked = useParkedSalesStore((s) => s.sales.length);
  const [showParked, setShowParked] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (parked > 0) return setError(null);
    const counted = [];
    // An empty field is a count forgotten, never 0.00: the difference it would book is real money.
    const empty = tenders.filter((t) => (counts[t.method] ?? '').trim() === '');
    if (empty.length > 0) {
      return setError(`Count ${empty.map((t) => inSentence(t.label)).join(' and ')} too, or enter 0`);
    }
    for (const t of tenders) {
      const amount = parseMoneyInput(counts[t.method] ?? '');
      if (amount === null) return setError(`Counted ${inSentence(t.label)} is not an amount`);
      counted.push({ method: t.method, amount });
    }
    if (!cashier) return setError('No cashier');
    useSessionStore.getState().close(counted, cashier.id, cashMethods).then((closed) => {
      // "Close and print Z report": the Z report goes to the receipt printer as soon as the close is recorded.
      void printSessionReport({ report: closed.report, config: useConfigStore.getState().config, cashierName: cashier.displayName, close: { closedAt: closed.closedAt, counted: closed.counted } });
      go('sell');
    }, (err: unknown) => setError(failureSentence('The session could not be closed', err)));
  };
  return (
    <main className="stack">
      <h1>Close session</h1>
      {parked > 0 && (
        <section className="close-parked" aria-label="Parked sales before closing">
          <p role="alert">{parkedBeforeClose(parked)}</p>
          <button type="button" onClick={() => setShowParked(true)}>Show parked sales</button>
        </section>
      )}
      {showParked && <ParkedSalesDialog onClose={() => setShowParked(false)} />}
      <form className="stack" onSubmit={submit} aria-label="Close session">
        {tenders.map((t, i) => (
          <label key={t.method}>
            Counted {inSentence(t.label)} ({currencySymbol(currency)})
            <input value={counts[t.method] ?? ''} onChange={(e) => setCounts({ ...counts, [t.method]: e.target.value })} autoFocus={i === 0} inputMode="decimal" autoComplete="off" />
          </label>
        ))}
        <div className="row">
          <button type="submit" className="primary" disabled={parked > 0}>Close and print Z report</button>
          <button type="button" onClick={() => go('sell')}>Back</button>
        </div>
        {error && <p role="alert">{error}</p>}
      </form>
      <ReportView title="X report" report={xReport} currency={currency} print={printX} />
    </main>
  );
}

/** Printing the X report shown on screen. */
function usePrintX(report: SessionReport): () => ReturnType<typeof printSessionReport> {
  const cashier = useLoginStore((s) => s.cashier);
  return () => printSessionReport({ report, config: useConfigStore.getState().config, ...(cashier ? { cashierName: cashier.displayName } : {}) });
}

export function ZReportScreen() {
  const closed = useSessionStore((s) => s.lastClosed);
  const currency = useConfigStore((s) => s.config.site?.currency ?? 'EUR');
  const cashier = useLoginStore((s) => s.cashier);
  if (!closed) return null;
  const printAgain = () =>
    printSessionReport({
      report: closed.report,
      config: useConfigStore.getState().config,
      ...(cashier ? { cashierName: cashier.displayName } : {}),
      close: { closedAt: closed.closedAt, counted: closed.counted },
      copy: true,
    });
  return (
    <main className="stack">
      <ReportView title="Z report" report={closed.report} currency={currency} comparison={compareCounts(closed.report.expected, closed.counted)} print={printAgain} printLabel="Print Z report again" />
      <button type="button" className="primary" autoFocus onClick={() => useSessionStore.getState().dismissZ()}>
        Done
      </button>
    </main>
  );
}
