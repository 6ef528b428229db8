// Taxes: each tax with its rate, whether it is compound, how many products carry it, its rates over
// time, its next rate if one is scheduled, and whether it is active or retired (and since when). An admin
// creates a tax; changes a rate at once or a name (a name that says the rate changes with it);
// schedules a tax's next rate from a store day and time (a law change: the tills switch at that
// moment on their own, so nobody has to save it at midnight) or cancels it; retires a tax no
// product carries any more (it is then offered neither on products nor in CSV imports) and
// restores one. Tills get every change with their next sync; till sales made at an old rate, or
// with a tax a product no longer carries, are judged by the sale's time (docs/ledger.md "Taxes
// judged against the catalog"), so the page says what happens to them before it saves.
import { Fragment, useCallback, useEffect, useState } from 'react';
import { type TaxDetail, taxInUseMessage, type TaxList, taxProductsText } from '../../shared/admin-api/catalog.ts';
import { formatStoreDate } from '../../shared/time/index.ts';
import { formatDateTime } from '../reports/format.ts';
import { api } from '../reports/reports-api.ts';
import { NewTaxForm, RateForm, ScheduleForm } from './tax-forms.tsx';
import { percent, scheduledText } from './tax-input.ts';
import { useAdminCall } from './use-admin-call.ts';
import { useStoreMoney } from './use-store-money.ts';

/** "20 % since 2026-12-07 06:40, before that 19.6 %", oldest last; the first period is the one Aisle started with. */
function historyText(history: TaxDetail['history'], timeZone: string): string {
  const periods = history ?? [];
  if (periods.length <= 1) return 'unchanged';
  return periods
    .map((p, i) => (i === periods.length - 1 ? `before that ${percent(p.rate)}` : `${percent(p.rate)} since ${formatDateTime(p.from, timeZone)}`))
    .join(', ');
}

/**
 * The history's periods, each kept on one line (a narrow window wraps between them, not inside "20 %").
 * The space between them stays outside the unwrapped spans: inside, it offered no place to wrap, and
 * the whole history held its column at full width, squeezing the others at 1024 px.
 */
function History({ history, timeZone }: { history: TaxDetail['history']; timeZone: string }) {
  const parts = historyText(history, timeZone).split(', ');
  return <>{parts.map((part, i) => <Fragment key={i}><span className="nowrap">{part}{i < parts.length - 1 ? ',' : ''}</span>{i < parts.length - 1 ? ' ' : ''}</Fragment>)}</>;
}

/**
 * "Active", "Retired 7 Dec 2026" (the store day it was retired; the time on hover), or "Retired"
 * when nothing recorded when. A narrow window wraps before the date, not inside it.
 */
function Status({ tax, timeZone }: { tax: TaxDetail; timeZone: string }) {
  if (tax.active) return <>Active</>;
  if (!tax.retiredAt) return <>Retired</>;
  return <span title={`Retired ${formatDateTime(tax.retiredAt, timeZone)} (${timeZone})`}>Retired <span className="nowrap">{formatStoreDate(tax.retiredAt, timeZone)}</span></span>;
}

const productsText = (t: TaxDetail): string => taxProductsText(t.products ?? 0, t.archivedProducts ?? 0);

/** The line under a tax with its scheduled next rate (and Cancel for admins): a row of its own, so it does not squeeze the columns. */
function NextRateRow({ tax, next, timeZone, columns, busy, onCancel }: {
  tax: TaxDetail; next: NonNullable<TaxDetail['scheduled']>; timeZone: string; columns: number; busy: boolean; onCancel?: () => void;
}) {
  return (
    <tr className={tax.active ? 'next-rate' : 'next-rate muted'} aria-label={`Next rate of ${tax.name}`}>
      <td colSpan={columns}>
        <div>
          <span>Next rate: <strong>{scheduledText(next, timeZone)}</strong></span>
          {onCancel && <button type="button" onClick={onCancel} aria-label={`Cancel the next rate of ${tax.name}`} disabled={busy}>Cancel</button>}
        </div>
      </td>
    </tr>
  );
}

export function TaxesPage({ canWrite }: { canWrite: boolean }) {
  const [taxes, setTaxes] = useState<TaxDetail[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [scheduling, setScheduling] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { timeZone } = useStoreMoney();
  const list = useAdminCall();
  const action = useAdminCall();
  const load = useCallback(async () => {
    const res = await list.run(() => api<TaxList>('/api/admin/taxes'));
    // Active taxes first, the retired ones below them, each in name order as the server lists them.
    if (res) setTaxes([...res.taxes].sort((a, b) => Number(b.active) - Number(a.active)));
  }, [list.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const retire = async (t: TaxDetail): Promise<void> => {
    setNotice(null);
    // The list says which products still carry it: say so at once rather than ask a question the server would refuse.
    if ((t.products ?? 0) > 0) return action.setError(taxInUseMessage(t.name, t.products ?? 0, t.archivedProducts ?? 0));
    if (!window.confirm(
      `Retire ${t.name}? It is no longer offered for products or in CSV imports. Sales already made with it keep it, and tills still name it ` +
        `on their receipts and reports.${t.scheduled ? ` Its scheduled change to ${percent(t.scheduled.rate)} is cancelled.` : ''} You can restore it later.`,
    )) return;
    const res = await action.run(() => api<TaxDetail>(`/api/admin/taxes/${encodeURIComponent(t.id)}`, { method: 'PATCH', body: { active: false } }));
    if (res) setNotice(`${t.name} is retired.`);
    await load();
  };

  const restore = async (t: TaxDetail): Promise<void> => {
    setNotice(null);
    if (!window.confirm(`Restore ${t.name} at ${percent(t.rate)}? It can be chosen for products and named in CSV imports again.`)) return;
    const res = await action.run(() => api<TaxDetail>(`/api/admin/taxes/${encodeURIComponent(t.id)}`, { method: 'PATCH', body: { active: true } }));
    if (res) setNotice(`${t.name} is active again.`);
    await load();
  };

  const cancelScheduled = async (t: TaxDetail): Promise<void> => {
    const next = t.scheduled;
    if (!next) return;
    setNotice(null);
    if (!window.confirm(`Cancel the change of ${t.name} to ${scheduledText(next, timeZone)}? It stays at ${percent(t.rate)}; tills drop the change with their next sync.`)) return;
    const res = await action.run(() => api<TaxDetail>(`/api/admin/taxes/${encodeURIComponent(t.id)}/scheduled-rate`, { method: 'DELETE' }));
    if (res) setNotice(`${t.name} stays at ${percent(t.rate)}: the change to ${percent(next.rate)} is cancelled.`);
    await load();
  };

  const schedule = (t: TaxDetail): void => {
    setNotice(null);
    action.setError(null);
    setScheduling(t.id);
  };
  const scheduled = taxes.find((t) => t.id === scheduling);

  const error = action.error ?? list.error;
  return (
    <section aria-label="Taxes">
      <h2>Taxes</h2>
      <p className="hint">
        <strong>Change</strong> changes a rate when you save it; <strong>Schedule</strong> sets the next rate from a day and time
        (a new law), and tills switch to it at that moment on their own. Products keep their taxes; prices that include tax stay
        the same and their tax share changes. A tax is retired once no product carries it. Times are {timeZone}.
      </p>
      {canWrite && !creating && (
        <div className="toolbar">
          <button type="button" className="primary" onClick={() => { setNotice(null); action.setError(null); setCreating(true); }}>New tax</button>
        </div>
      )}
      {creating && (
        <NewTaxForm
          onCancel={() => setCreating(false)}
          onDone={(tax) => { setCreating(false); setNotice(`${tax.name} at ${percent(tax.rate)} is created: choose it on products (Products, Edit) or name it in a CSV import.`); void load(); }}
        />
      )}
      {scheduled && (
        <ScheduleForm
          key={scheduled.id}
          tax={scheduled}
          timeZone={timeZone}
          onCancel={() => setScheduling(null)}
          onDone={(saved) => {
            setScheduling(null);
            if (saved.scheduled) setNotice(`${scheduled.name} goes to ${scheduledText(saved.scheduled, timeZone)}.`);
            void load();
          }}
        />
      )}
      {notice && <p className="ok" role="status">{notice}</p>}
      {error && <p className="error" role="alert">{error}</p>}
      <table className="data">
        <thead>
          <tr>
            <th>Tax</th><th className="num">Rate</th><th>Applies</th><th className="num">Products</th><th>Rate history</th><th>Status</th>
            {canWrite && <th />}
          </tr>
        </thead>
        <tbody>
          {taxes.map((t) => (
            <Fragment key={t.id}>
              <tr className={[t.active ? '' : 'muted', t.scheduled ? 'has-next' : ''].join(' ').trim() || undefined}>
                {editing === t.id ? (
                  <RateForm tax={t} onCancel={() => setEditing(null)} onDone={() => { setEditing(null); void load(); }} />
                ) : (
                  <>
                    <td className="tax-name">{t.name}</td>
                    <td className="num nowrap">{percent(t.rate)}</td>
                  </>
                )}
                <td><span className="nowrap">on the price</span>{t.compound ? ' and the taxes before it' : ''}</td>
                <td className="num nowrap">{productsText(t)}</td>
                <td><History history={t.history} timeZone={timeZone} /></td>
                <td><Status tax={t} timeZone={timeZone} /></td>
                {canWrite && (
                  <td className="actions">
                    {editing !== t.id && <button type="button" onClick={() => setEditing(t.id)} aria-label={`Change ${t.name}`}>Change</button>}
                    {t.active && <button type="button" onClick={() => schedule(t)} aria-label={`Schedule a rate for ${t.name}`}>Schedule</button>}
                    {t.active
                      ? <button type="button" onClick={() => void retire(t)} aria-label={`Retire ${t.name}`} disabled={action.busy}>Retire</button>
                      : <button type="button" onClick={() => void restore(t)} aria-label={`Restore ${t.name}`} disabled={action.busy}>Restore</button>}
                  </td>
                )}
              </tr>
              {t.scheduled && (
                <NextRateRow tax={t} next={t.scheduled} timeZone={timeZone} columns={canWrite ? 7 : 6} busy={action.busy} onCancel={canWrite ? () => void cancelScheduled(t) : undefined} />
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  );
}
