// Reprint a past receipt: look the sale up, show it marked as a copy, send it to the printer again.
import { useState } from 'react';
import type { Sale } from '../../shared/schemas/index.ts';
import { useConfigStore } from '../config/config-store.ts';
import { useLoginStore } from '../login/login-store.ts';
import { printReceipt, receiptFor, receiptNamesOf, receiptSettings, type ReceiptNames } from './receipt-print.ts';
import { foreignOriginalReceiptNo, originalReceipts } from './original-receipts.ts';
import { SaleLookupForm } from './sale-lookup-form.tsx';
import { originalReceiptNo } from './return-lookup.ts';
import { findSale } from './sale-lookup.ts';
import { useSyncStore } from '../sync/sync-store.ts';
import { tillRuntime } from './till-runtime.ts';
import { useTillUiStore } from './till-ui-store.ts';
import { failureSentence } from './failure-sentence.ts';

export function ReprintScreen() {
  const go = useTillUiStore((s) => s.go);
  const config = useConfigStore((s) => s.config);
  const cashier = useLoginStore((s) => s.cashier);
  const [sale, setSale] = useState<Sale | null>(null);
  const [names, setNames] = useState<ReceiptNames>({});
  const [message, setMessage] = useState<string | null>(null);
  // The taxes named as they were when the sale was made, not as they are now.
  const settings = receiptSettings(config, { reprint: true, ...names, ...(sale ? { saleAt: sale.createdAt } : {}), ...(cashier ? { cashierName: cashier.displayName } : {}) });
  const find = (text: string) => {
    setMessage(null);
    const { db, credentials } = tillRuntime();
    findSale(db, text).then(
      async (found) => {
        const local = found ? await receiptNamesOf(db, found) : {};
        // A return of another till's sale: the receipt number this till kept when it took the
        // return, else the server's (neither: the id is printed).
        const online = useSyncStore.getState().online;
        const foreign = found && !local.originalReceiptNo
          ? await foreignOriginalReceiptNo(found, { receipts: originalReceipts(credentials.deviceId), ...(online ? { server: (id: string) => originalReceiptNo(credentials, id) } : {}) })
          : undefined;
        setNames(foreign ? { ...local, originalReceiptNo: foreign } : local);
        setSale(found);
        if (!found) setMessage(`No sale ${text} on this till`);
      },
      (err: unknown) => setMessage(failureSentence(`Receipt ${text} could not be looked up`, err)),
    );
  };
  const print = () => {
    if (!sale) return;
    printReceipt(tillRuntime().bridge, sale, settings, false).then((o) => setMessage(o.message), (err: unknown) => setMessage(failureSentence('The receipt was not printed', err)));
  };
  return (
    <main className="stack" aria-label="Reprint">
      <h1>Reprint a receipt</h1>
      <SaleLookupForm label="Find receipt" onFind={find} onBack={() => go('sell')} />
      {sale && (
        <>
          <pre className="receipt" aria-label="Receipt">{receiptFor(sale, settings).text}</pre>
          <button type="button" className="primary" onClick={print}>Print copy</button>
        </>
      )}
      {message && <p role="status">{message}</p>}
    </main>
  );
}
