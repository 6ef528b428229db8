// X (mid-day) and Z (close) reports, computed locally, shown in store time and printed on the
// receipt printer through the device bridge (till-documents.ts), never with window.print().
import { useState } from 'react';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { taxRateLabel } from '../../shared/receipt/index.ts';
import { tenderLabel } from '../../shared/text/display-names.ts';
import { DEFAULT_TIME_ZONE, formatStoreDateTime } from '../../shared/time/index.ts';
import { taxNamesAt } from '../config/config-snapshot.ts';
import { useConfigStore } from '../config/config-store.ts';
import type { PrintOutcome } from './receipt-print.ts';
import type { CloseComparison, SessionReport } from './session-report.ts';
import { useTillDocumentsStore, type TillDocumentKind } from './till-documents.ts';

export interface ReportViewProps {
  title: TillDocumentKind;
  report: SessionReport;
  currency: string;
  comparison?: CloseComparison[];
  /** Sends the report to the receipt printer. */
  print: () => Promise<PrintOutcome>;
  printLabel?: string;
}

export function ReportView({ title, report, currency, comparison, print, printLabel }: ReportViewProps) {
  const money = (n: number) => formatMoneyWithSymbol(n, currency);
  const timeZone = useConfigStore((s) => s.config.site?.timeZone ?? DEFAULT_TIME_ZONE);
  const taxes = useConfigStore((s) => s.config.taxes);
  // Named as the printed report names them (till-documents.ts): as in force now.
  const taxNames = taxNamesAt(taxes, new Date());
  const tenders = useConfigStore((s) => s.config.tenders);
  const valueTenders = useConfigStore((s) => s.config.valueTenders);
  // Names, not ids: "Cash", not "cash"; a gift card or store credit by its name too.
  const tenderName = (method: string) => [...tenders, ...valueTenders].find((t) => t.method === method)?.label ?? tenderLabel(method);
  const outcome = useTillDocumentsStore((s) => s.last[title]);
  const [printing, setPrinting] = useState(false);
  const onPrint = () => {
    setPrinting(true);
    void print().finally(() => setPrinting(false));
  };
  return (
    <section className="report" aria-label={title}>
      <h2>{title}</h2>
      <dl>
        <dt>Opened</dt>
        <dd>{report.openedAt ? formatStoreDateTime(report.openedAt, timeZone) : '—'}</dd>
        <dt>Float</dt>
        <dd>{money(report.float)}</dd>
        <dt>Sales</dt>
        <dd aria-label="Sales count">{report.salesCount}</dd>
        <dt>Sales total</dt>
        <dd aria-label="Sales total">{money(report.salesTotal)}</dd>
        <dt>Returns</dt>
        <dd aria-label="Returns count">{report.returnsCount}</dd>
        <dt>Returns total</dt>
        <dd aria-label="Returns total">{money(report.returnsTotal)}</dd>
        <dt>Discounts</dt>
        <dd>{money(report.discounts)}</dd>
        {report.rounding !== 0 && (
          <>
            <dt>Cash rounding</dt>
            <dd aria-label="Cash rounding">{money(report.rounding)}</dd>
          </>
        )}
        <dt>Cash in</dt>
        <dd>{money(report.cashIn)}</dd>
        <dt>Cash out</dt>
        <dd>{money(report.cashOut)}</dd>
      </dl>
      <h3>Taxes</h3>
      <ul>
        {report.taxes.map((t) => (
          <li key={`${t.taxId}|${t.rate}`}>
            {taxRateLabel(taxNames[t.taxId], t.rate)}: {money(t.amount)}
          </li>
        ))}
      </ul>
      <h3>Payments</h3>
      <ul>
        {report.payments.map((p) => (
          <li key={p.method}>
            {tenderName(p.method)}: {money(p.amount)}
          </li>
        ))}
      </ul>
      {comparison ? (
        <table aria-label="Counted against expected">
          <thead>
            <tr>
              <th scope="col">Tender</th>
              <th scope="col">Expected</th>
              <th scope="col">Counted</th>
              <th scope="col">Difference</th>
            </tr>
          </thead>
          <tbody>
            {comparison.map((c) => (
              <tr key={c.method} aria-label={`Tender ${tenderName(c.method)}`}>
                <td>{tenderName(c.method)}</td>
                <td>{money(c.expected)}</td>
                <td>{money(c.counted)}</td>
                <td>{money(c.difference)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <>
          <h3>Expected</h3>
          <ul>
            {report.expected.map((p) => (
              <li key={p.method}>
                {tenderName(p.method)}: {money(p.amount)}
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" onClick={onPrint} disabled={printing}>
        {printLabel ?? 'Print report'}
      </button>
      {outcome && <p role={outcome.ok ? 'status' : 'alert'}>{outcome.message}</p>}
    </section>
  );
}
