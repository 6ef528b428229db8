// Session screens: open with a counted float, cash in/out with a reason, close with counted
// amounts per tender (expected vs counted, difference), and the X / Z reports. All offline.
import { useState, type FormEvent } from 'react';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { parseMoneyInput } from './money-input.ts';
import { ReportView } from './report-view.tsx';
import { printCashSlip, printSessionReport } from './till-documents.ts';
import { compareCounts, type SessionReport } from './session-report.ts';
import { currentReport, useSessionStore } from './session-store.ts';
import { useTillUiStore } from './till-ui-store.ts';

function useCashMethods(): Set<string> {
  const tenders = useConfigStore((s) => s.config.tenders);
  return new Set(tenders.filter((t) => t.isCash).map((t) => t.method));
}

export function OpenSessionScreen() {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cashier = useLoginStore((s) => s.cashier);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const amount = parseMoneyInput(text);
    if (amount === null || !cashier) return setError('Count the float and enter it, e.g. 100.00');
    useSessionStore.getState().open(amount, cashier.id).catch((err: unknown) => setError(String(err)));
  };
  return (
    <main className="centered">
      <h1>Open session</h1>
      <form className="stack" onSubmit={submit} aria-label="Open session">
        <label>
          Counted float
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

export function CashMoveScreen() {
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const cashier = useLoginStore((s) => s.cashier);
  const go = useTillUiStore((s) => s.go);
  const move = (kind: 'cash_in' | 'cash_out') => {
    const amount = parseMoneyInput(text);
    if (amount === null || amount === 0 || !cashier) return setError('Enter an amount');
    if (!reason.trim()) return setError('Give a reason');
    const at = new Date().toISOString();
    useSessionStore.getState().moveCash(kind, amount, reason.trim(), cashier.id).then(() => {
      // The slip goes to the printer (and the drawer opens) after the movement is recorded.
      void printCashSlip({ kind, amount, reason: reason.trim(), at }, useConfigStore.getState().config, cashier.displayName);
      go('sell');
    }, (err: unknown) => setError(String(err)));
  };
  return (
    <main className="centered">
      <h1>Cash in / out</h1>
      <form className="stack" onSubmit={(e) => { e.preventDefault(); move('cash_in'); }} aria-label="Cash movement">
        <label>
          Amount
          <input value={text} onChange={(e) => setText(e.target.value)} autoFocus inputMode="decimal" autoComplete="off" />
        </label>
        <label>
          Reason
          <input value={reason} onChange={(e) => setReason(e.target.value)} autoComplete="off" />
        </label>
        <div className="row">
          <button type="button" className="primary" onClick={() => move('cash_in')}>Cash in</button>
          <button type="button" className="primary" onClick={() => move('cash_out')}>Cash out</button>
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
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const counted = [];
    for (const t of tenders) {
      const amount = parseMoneyInput(counts[t.method] ?? '0');
      if (amount === null) return setError(`Counted ${t.label} is not an amount`);
      counted.push({ method: t.method, amount });
    }
    if (!cashier) return setError('No cashier');
    useSessionStore.getState().close(counted, cashier.id, cashMethods).then((closed) => {
      // "Close and print Z report": the Z report goes to the receipt printer as soon as the close is recorded.
      void printSessionReport({ report: closed.report, config: useConfigStore.getState().config, cashierName: cashier.displayName, close: { closedAt: closed.closedAt, counted: closed.counted } });
      go('sell');
    }, (err: unknown) => setError(String(err)));
  };
  return (
    <main className="stack">
      <h1>Close session</h1>
      <form className="stack" onSubmit={submit} aria-label="Close session">
        {tenders.map((t, i) => (
          <label key={t.method}>
            Counted {t.label}
            <input value={counts[t.method] ?? ''} onChange={(e) => setCounts({ ...counts, [t.method]: e.target.value })} autoFocus={i === 0} inputMode="decimal" autoComplete="off" />
          </label>
        ))}
        <div className="row">
          <button type="submit" className="primary">Close and print Z report</button>
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
