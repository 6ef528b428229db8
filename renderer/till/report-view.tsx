// X (mid-day) and Z (close) reports, computed locally; printable through the browser's print.
import { formatMoney } from '../../shared/money/format.ts';
import type { CloseComparison, SessionReport } from './session-report.ts';

export function ReportView({ title, report, currency, comparison }: { title: string; report: SessionReport; currency: string; comparison?: CloseComparison[] }) {
  const money = (n: number) => formatMoney(n, currency);
  return (
    <section className="report" aria-label={title}>
      <h2>{title}</h2>
      <dl>
        <dt>Opened</dt>
        <dd>{report.openedAt ? new Date(report.openedAt).toLocaleString() : '—'}</dd>
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
        <dt>Cash in</dt>
        <dd>{money(report.cashIn)}</dd>
        <dt>Cash out</dt>
        <dd>{money(report.cashOut)}</dd>
      </dl>
      <h3>Taxes</h3>
      <ul>
        {report.taxes.map((t) => (
          <li key={`${t.taxId}|${t.rate}`}>
            {t.taxId} {t.rate}%: {money(t.amount)}
          </li>
        ))}
      </ul>
      <h3>Payments</h3>
      <ul>
        {report.payments.map((p) => (
          <li key={p.method}>
            {p.method}: {money(p.amount)}
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
              <tr key={c.method} aria-label={`Tender ${c.method}`}>
                <td>{c.method}</td>
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
                {p.method}: {money(p.amount)}
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" onClick={() => window.print()}>
        Print report
      </button>
    </section>
  );
}
