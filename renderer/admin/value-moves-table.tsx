// The movements of a gift card or of a customer's store credit and points, newest first, in words:
// when (store time), what moved it, where (store, till, receipt) and, for the back office's own
// changes, who and why.
import type { ValueMove } from '../../shared/admin-api/stored-value.ts';
import { formatDateTime } from '../reports/format.ts';
import type { StoreMoney } from './use-store-money.ts';

const KIND: Record<ValueMove['kind'], string> = {
  load: 'Sold at a till',
  issue: 'Back office',
  redeem: 'Spent',
  refund: 'Refunded by a return',
  earn: 'Earned',
  merge: 'Customer merge',
};

export function moveLabel(m: ValueMove): string {
  if (m.kind === 'issue') return m.amount >= 0 ? 'Given in the back office' : 'Taken back in the back office';
  if (m.kind === 'earn' && m.amount < 0) return 'Taken back by a return';
  if (m.kind === 'redeem' && m.amount > 0) return 'Spend refunded';
  return KIND[m.kind];
}

export function moveAmount(m: ValueMove, money: StoreMoney['money']): string {
  if (m.valueKind === 'points') return `${m.amount > 0 ? '+' : ''}${m.amount.toLocaleString('en')} points`;
  const text = money(Math.abs(m.amount), m.currency ?? undefined);
  return m.amount < 0 ? `−${text}` : `+${text}`;
}

function notes(m: ValueMove): string {
  const out: string[] = [];
  if (m.by) out.push(`by ${m.by}${m.reason ? `: ${m.reason}` : ''}`);
  if (m.offline) out.push('offline, within the till\'s allowance');
  if (m.overrideBy) out.push(`offline past the allowance, let through by ${m.overrideBy}`);
  return out.join('; ');
}

export function ValueMovesTable({ label, moves, m }: { label: string; moves: readonly ValueMove[]; m: StoreMoney }) {
  return (
    <table aria-label={label}>
      <thead><tr><th>When ({m.timeZone})</th><th>What</th><th className="num">Amount</th><th>Where</th><th>Notes</th></tr></thead>
      <tbody>
        {moves.length === 0 && <tr><td colSpan={5} className="muted">Nothing has moved yet.</td></tr>}
        {moves.map((v, i) => (
          <tr key={`${v.at}-${i}`}>
            <td>{formatDateTime(v.at, m.timeZone)}</td>
            <td>{moveLabel(v)}{v.valueKind === 'points' ? ' (points)' : v.valueKind === 'store_credit' ? ' (store credit)' : ''}</td>
            <td className="num">{moveAmount(v, m.money)}</td>
            <td>{[v.site, v.till, v.receiptNo ? `receipt ${v.receiptNo}` : null].filter(Boolean).join(' · ') || '—'}</td>
            <td>{notes(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
