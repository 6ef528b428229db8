// Taxes: each tax with its rate, whether it is compound, how many products carry it and its rates
// over time; an admin changes a rate (a law change: it takes effect when saved) or a name (a name
// that says the rate changes with it). Tills get the change with their next sync; till sales made
// at the old rate meanwhile are judged by the sale's time (docs/ledger.md "Taxes judged against
// the catalog"), so the page says what happens to them before it saves.
import { useCallback, useEffect, useState } from 'react';
import type { TaxDetail, TaxList, TaxPatch } from '../../shared/admin-api/catalog.ts';
import { formatDateTime } from '../reports/format.ts';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';
import { useStoreMoney } from './use-store-money.ts';

const percent = (rate: number): string => `${Number(rate.toFixed(4))} %`;

/** "20 % since 2026-12-07 06:40, before that 19.6 %", oldest last; the first period is the one Aisle started with. */
function historyText(history: TaxDetail['history'], timeZone: string): string {
  const periods = history ?? [];
  if (periods.length <= 1) return 'unchanged';
  return periods
    .map((p, i) => (i === periods.length - 1 ? `before that ${percent(p.rate)}` : `${percent(p.rate)} since ${formatDateTime(p.from, timeZone)}`))
    .join(', ');
}

function RateForm({ tax, onDone, onCancel }: { tax: TaxDetail; onDone(): void; onCancel(): void }) {
  const [rate, setRate] = useState(String(tax.rate));
  const [name, setName] = useState(tax.name);
  const call = useAdminCall();
  const save = async (): Promise<void> => {
    const typed = rate.trim().replace(',', '.');
    const value = Number(typed);
    if (!/^\d+(\.\d{1,4})?$/.test(typed) || value > 100) return call.setError('Give the rate in percent, from 0 to 100 with at most 4 decimals, for example 20 or 5.5.');
    if (!name.trim()) return call.setError('Give the tax a name, for example "VAT 21%".');
    const body: TaxPatch = {
      ...(value !== tax.rate ? { rate: value } : {}),
      ...(name.trim() !== tax.name ? { name: name.trim() } : {}),
    };
    if (Object.keys(body).length === 0) return onCancel();
    if (body.rate !== undefined && !window.confirm(
      `Change ${tax.name} from ${percent(tax.rate)} to ${percent(value)} now? ${tax.products ?? 0} product(s) carry it. Tills charge the new rate once they sync; ` +
        'a till sale at the old rate in the next 7 days is listed as a warning under Exceptions, later ones as errors.',
    )) return;
    const saved = await call.run(() => api<TaxDetail>(`/api/admin/taxes/${encodeURIComponent(tax.id)}`, { method: 'PATCH', body }));
    if (saved) onDone();
  };
  return (
    <td colSpan={2}>
      <form className="toolbar" aria-label={`Change ${tax.name}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label>Name <input value={name} maxLength={100} size={14} onChange={(e) => setName(e.target.value)} /></label>
        <label>Rate (%) <input value={rate} inputMode="decimal" size={6} autoFocus onChange={(e) => setRate(e.target.value)} /></label>
        <button type="submit" className="primary" disabled={call.busy}>Save</button>
        <button type="button" onClick={onCancel}>Cancel</button>
      </form>
      {call.error && <p className="error" role="alert">{call.error}</p>}
    </td>
  );
}

export function TaxesPage({ canWrite }: { canWrite: boolean }) {
  const [taxes, setTaxes] = useState<TaxDetail[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const { timeZone } = useStoreMoney();
  const call = useAdminCall();
  const load = useCallback(async () => {
    const res = await call.run(() => api<TaxList>('/api/admin/taxes'));
    if (res) setTaxes(res.taxes);
  }, [call.run]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-label="Taxes">
      <h2>Taxes</h2>
      <p className="hint">
        A rate changes when you save it (for a new law, save it when the law takes effect). Products keep their taxes; prices
        that include tax stay the same and their tax share changes. Times are {timeZone}.
      </p>
      {call.error && <p className="error" role="alert">{call.error}</p>}
      <table className="data">
        <thead>
          <tr><th>Tax</th><th className="num">Rate</th><th>Applies</th><th className="num">Products</th><th>Rate history</th>{canWrite && <th />}</tr>
        </thead>
        <tbody>
          {taxes.map((t) => (
            <tr key={t.id}>
              {editing === t.id ? (
                <RateForm tax={t} onCancel={() => setEditing(null)} onDone={() => { setEditing(null); void load(); }} />
              ) : (
                <>
                  <td>{t.name}{t.active ? '' : ' (archived)'}</td>
                  <td className="num">{percent(t.rate)}</td>
                </>
              )}
              <td>{t.compound ? 'on the price and the taxes before it' : 'on the price'}</td>
              <td className="num">{t.products ?? 0}</td>
              <td>{historyText(t.history, timeZone)}</td>
              {canWrite && (
                <td>{editing !== t.id && <button type="button" onClick={() => setEditing(t.id)} aria-label={`Change ${t.name}`}>Change</button>}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
