// An order's invoices and credit notes in the back office's order detail (orders-page.tsx): number,
// what it is (a credit note names the invoice it credits), amount in its currency — a credit note
// negative, as it reduces what the customer owes — and when it was issued, in store time.
import type { OrderDocument } from '../../shared/channel-api/order-documents.ts';
import { formatMoneyWithSymbol } from '../../shared/money/format.ts';
import { formatStoreDateTime } from '../../shared/time/index.ts';

function kindText(d: OrderDocument): string {
  if (d.kind === 'invoice') return 'Invoice';
  return d.creditOf ? `Credit note of ${d.creditOf}` : 'Credit note';
}

export function OrderDocuments({ documents, zone }: { documents: readonly OrderDocument[]; zone: string }) {
  if (documents.length === 0) return <p>Invoices: none yet</p>;
  return (
    <section aria-label="Invoices" className="stack">
      <h3>Invoices</h3>
      <table>
        <thead>
          <tr><th>Number</th><th>Document</th><th className="num">Amount</th><th>Issued ({zone})</th></tr>
        </thead>
        <tbody>
          {documents.map((d) => (
            <tr key={d.number}>
              <td>{d.number}</td>
              <td>{kindText(d)}</td>
              <td className="num">{formatMoneyWithSymbol(d.kind === 'credit_note' ? -d.total : d.total, d.currency, 'en')}</td>
              <td>{formatStoreDateTime(d.issuedAt, zone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
