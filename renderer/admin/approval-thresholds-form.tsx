// The tills' approval thresholds, company-wide: above them a supervisor's PIN is asked for a
// discount, a price override, a single cash in/out, or the cash moved in one session.
import { useEffect, useState } from 'react';
import type { ApprovalThresholds } from '../../shared/admin-api/sites.ts';
import { currencyMinorDigits } from '../../shared/money/format.ts';
import { api } from '../reports/reports-api.ts';
import { parseMoneyInput } from '../../shared/money/money-input.ts';
import { useAdminCall } from './use-admin-call.ts';

interface Draft { discount: string; override: string; cashMovement: string; perSession: string }

const percent = (text: string): number | null => {
  const n = Number(text.replace(',', '.'));
  return text.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 100 ? n : null;
};

export function ApprovalThresholdsForm({ canWrite, currency }: { canWrite: boolean; currency: string }) {
  const digits = currencyMinorDigits(currency);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const amount = (minor: number | undefined): string => (minor === undefined ? '' : (minor / 10 ** digits).toFixed(digits));

  useEffect(() => {
    void api<ApprovalThresholds>('/api/admin/approval-thresholds').then((t) =>
      setDraft({ discount: String(t.maxDiscountPercent), override: String(t.maxPriceOverridePercent), cashMovement: amount(t.maxCashMovement), perSession: amount(t.maxCashMovedPerSession) }),
    );
    // Loaded once: the currency only formats the amounts.
  }, []);
  if (!draft) return null;

  const save = async (d: Draft): Promise<void> => {
    const discount = percent(d.discount);
    const override = percent(d.override);
    const money = (text: string): number | null | undefined => (text.trim() === '' ? undefined : parseMoneyInput(text, digits));
    const cash = money(d.cashMovement);
    const session = money(d.perSession);
    const issues = [
      ...(discount === null ? ['Discount: a percent from 0 to 100.'] : []),
      ...(override === null ? ['Price override: a percent from 0 to 100.'] : []),
      ...(cash === null ? [`Cash in/out: an amount like 200.00 ${currency}, or empty for no limit.`] : []),
      ...(session === null ? [`Cash moved per session: an amount like 500.00 ${currency}, or empty for no limit.`] : []),
    ];
    if (issues.length || discount === null || override === null || cash === null || session === null) return call.setError(issues.join(' '));
    const body: ApprovalThresholds = { maxDiscountPercent: discount, maxPriceOverridePercent: override, ...(cash !== undefined ? { maxCashMovement: cash } : {}), ...(session !== undefined ? { maxCashMovedPerSession: session } : {}) };
    const res = await call.run(() => api<ApprovalThresholds>('/api/admin/approval-thresholds', { method: 'PUT', body }));
    if (res) setSaved('Saved: every till asks for a supervisor above these from its next sync.');
  };

  const field = (key: keyof Draft, value: string): void => setDraft((d) => (d ? { ...d, [key]: value } : d));
  return (
    <form className="panel grid" aria-label="Approval thresholds" onSubmit={(e) => { e.preventDefault(); void save(draft); }}>
      <h3 className="full">Supervisor approval at the tills (every store)</h3>
      <fieldset disabled={!canWrite} className="contents">
        <label>Discount above (%)<input inputMode="decimal" value={draft.discount} onChange={(e) => field('discount', e.target.value)} /></label>
        <label>Price lowered by more than (%)<input inputMode="decimal" value={draft.override} onChange={(e) => field('override', e.target.value)} /></label>
        <label>One cash in/out above ({currency})<input inputMode="decimal" placeholder="no limit" value={draft.cashMovement} onChange={(e) => field('cashMovement', e.target.value)} /></label>
        <label>Cash moved per session above ({currency})<input inputMode="decimal" placeholder="no limit" value={draft.perSession} onChange={(e) => field('perSession', e.target.value)} /></label>
      </fieldset>
      {saved && <p className="ok full" role="status">{saved}</p>}
      {call.error && <p className="error full" role="alert">{call.error}</p>}
      {canWrite && <div className="actions"><button type="submit" className="primary" disabled={call.busy}>Save thresholds</button></div>}
    </form>
  );
}
