// Gift cards and store credit (issue 17 point 4, docs/stored-value.md): the gift cards with their
// balance and what online authorisations hold, looked up by number (its last digits are enough),
// a card's movements; issuing a card with an amount and a reason. A customer's store credit and
// points, giving or taking back credit with a reason (never below zero), and its movements — each
// change in the audit log. Admins change; managers read.
import { useCallback, useEffect, useState } from 'react';
import type { AdminCustomer, CustomerPage } from '../../shared/admin-api/customers.ts';
import type { CustomerValue, GiftCard, GiftCardList, StoreCredit, ValueMoveList } from '../../shared/admin-api/stored-value.ts';
import { formatDateTime } from '../reports/format.ts';
import { api, query } from '../reports/reports-api.ts';
import { type CreditDraft, emptyCredit, emptyGiftCard, type GiftCardDraft, parseCreditChange, parseGiftCard } from './stored-value-forms.ts';
import { useAdminCall } from './use-admin-call.ts';
import { useNewestRequest, useSearchWords } from './use-search.ts';
import { type StoreMoney, useStoreMoney } from './use-store-money.ts';
import { ValueMovesTable } from './value-moves-table.tsx';

/** "6012 3456 7890 1234": read aloud or typed back more easily. */
export const groupedNumber = (n: string): string => n.replace(/(.{4})(?=.)/g, '$1 ');

function Problems({ problems }: { problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return <ul className="error full" role="alert" aria-label="Fix these first">{problems.map((p) => <li key={p}>{p}</li>)}</ul>;
}

function GiftCards({ canWrite, m }: { canWrite: boolean; m: StoreMoney }) {
  const [search, setSearch] = useState('');
  const [cards, setCards] = useState<GiftCard[] | null>(null);
  const [draft, setDraft] = useState<GiftCardDraft | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [moves, setMoves] = useState<{ card: GiftCard; list: ValueMoveList } | null>(null);
  const call = useAdminCall();
  const number = useSearchWords(search);
  const newest = useNewestRequest();

  const load = useCallback(async () => {
    const isNewest = newest();
    const res = await call.run(() => api<GiftCardList>(`/api/admin/gift-cards${query({ number: number || undefined })}`));
    if (res && isNewest()) setCards(res.cards);
  }, [number, call.run, newest]);
  useEffect(() => {
    void load();
  }, [load]);

  const showMoves = async (card: GiftCard): Promise<void> => {
    const list = await call.run(() => api<ValueMoveList>(`/api/admin/gift-cards/${encodeURIComponent(card.number)}/moves`));
    if (list) setMoves({ card, list });
  };
  const set = (patch: Partial<GiftCardDraft>): void => {
    setDraft((d) => (d ? { ...d, ...patch } : d));
    setProblems([]);
    call.setError(null);
  };
  const issue = async (d: GiftCardDraft): Promise<void> => {
    const parsed = parseGiftCard(d, m.digits);
    if (!parsed.ok) return setProblems(parsed.problems);
    const card = await call.run(() => api<GiftCard>('/api/admin/gift-cards', { method: 'POST', body: parsed.value }));
    if (!card) return;
    setSaved(`Issued ${m.money(parsed.value.amount, card.currency)} on gift card ${groupedNumber(card.number)}: its balance is ${m.money(card.balance, card.currency)}.`);
    setDraft(null);
    setSearch(card.number);
    await showMoves(card);
  };

  return (
    <section aria-label="Gift cards">
      <h2>Gift cards</h2>
      <div className="toolbar">
        <input type="search" aria-label="Card number" placeholder="Card number, or its last digits" value={search} onChange={(e) => setSearch(e.target.value)} />
        {canWrite && <button type="button" className="primary" onClick={() => { setSaved(null); setProblems([]); call.setError(null); setDraft(emptyGiftCard()); }}>Issue gift card</button>}
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {draft && (
        <form className="panel grid" aria-label="Issue a gift card" onSubmit={(e) => { e.preventDefault(); void issue(draft); }}>
          <Problems problems={problems} />
          <label className="wide">Card number<input value={draft.number} placeholder="empty: the server makes a new number" onChange={(e) => set({ number: e.target.value })} /></label>
          <label>Amount ({m.currency})<input value={draft.amount} inputMode="decimal" onChange={(e) => set({ amount: e.target.value })} /></label>
          <span />
          <label className="full">Reason<input value={draft.reason} maxLength={200} placeholder="goodwill, sold at head office…" onChange={(e) => set({ reason: e.target.value })} /></label>
          <p className="hint muted">The amount is owed to whoever holds the card (booked as a gift card liability) until it is spent at a till.</p>
          <div className="actions">
            <button type="submit" className="primary" disabled={call.busy}>Issue</button>
            <button type="button" onClick={() => { setDraft(null); setProblems([]); call.setError(null); }}>Cancel</button>
          </div>
        </form>
      )}
      <table>
        <thead><tr><th>Card</th><th className="num">Balance</th><th className="num">Held by tills</th><th>Issued</th><th>Last used ({m.timeZone})</th><th /></tr></thead>
        <tbody>
          {cards?.length === 0 && <tr><td colSpan={6} className="muted">{number ? `No gift card ends with “${number}”.` : 'No gift card yet.'}</td></tr>}
          {cards?.map((c) => (
            <tr key={c.number} aria-label={`Gift card ${c.number}`} aria-selected={moves?.card.number === c.number}>
              <td><code>{groupedNumber(c.number)}</code></td>
              <td className={`num${c.balance < 0 ? ' low' : ''}`}>{m.money(c.balance, c.currency)}</td>
              <td className="num">{c.held ? m.money(c.held, c.currency) : '—'}</td>
              <td>{formatDateTime(c.createdAt, m.timeZone).slice(0, 10)}</td>
              <td>{formatDateTime(c.updatedAt, m.timeZone)}</td>
              <td><button type="button" onClick={() => void showMoves(c)}>Movements</button></td>
            </tr>
          ))}
        </tbody>
      </table>
      {moves && (
        <section aria-label={`Movements of gift card ${moves.card.number}`} className="subsection">
          <h3>Gift card {groupedNumber(moves.card.number)}: {m.money(moves.card.balance, moves.card.currency)}</h3>
          <ValueMovesTable label="Card movements" moves={moves.list.moves} m={m} />
        </section>
      )}
    </section>
  );
}

function CustomerCredit({ canWrite, m }: { canWrite: boolean; m: StoreMoney }) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<AdminCustomer[] | null>(null);
  const [customer, setCustomer] = useState<AdminCustomer | null>(null);
  const [value, setValue] = useState<CustomerValue | null>(null);
  const [moves, setMoves] = useState<ValueMoveList | null>(null);
  const [draft, setDraft] = useState<CreditDraft>(emptyCredit());
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();
  const q = useSearchWords(text);

  useEffect(() => {
    if (!q) {
      setFound(null);
      return undefined;
    }
    // Only the answer for the text shown: a later text's effect ends this one.
    let current = true;
    void api<CustomerPage>(`/api/admin/customers${query({ q, limit: 8 })}`).then((r) => current && setFound(r.customers), () => current && setFound([]));
    return () => {
      current = false;
    };
  }, [q]);

  const open = useCallback(async (c: AdminCustomer) => {
    setCustomer(c);
    setText('');
    const [v, mv] = await Promise.all([
      call.run(() => api<CustomerValue>(`/api/admin/customers/${encodeURIComponent(c.id)}/value`)),
      call.run(() => api<ValueMoveList>(`/api/admin/customers/${encodeURIComponent(c.id)}/value-moves`)),
    ]);
    if (v) setValue(v);
    if (mv) setMoves(mv);
  }, [call.run]);

  const set = (patch: Partial<CreditDraft>): void => {
    setDraft((d) => ({ ...d, ...patch }));
    setProblems([]);
    call.setError(null);
  };
  const save = async (): Promise<void> => {
    if (!customer) return;
    setSaved(null);
    const parsed = parseCreditChange(customer.id, draft, m.digits);
    if (!parsed.ok) return setProblems(parsed.problems);
    const res = await call.run(() => api<StoreCredit>('/api/admin/store-credit/adjustments', { method: 'POST', body: parsed.value }));
    if (!res) return;
    const amount = m.money(Math.abs(parsed.value.amount), res.currency);
    setSaved(`${parsed.value.amount > 0 ? `Gave ${res.customerName} ${amount} of store credit` : `Took ${amount} of store credit back from ${res.customerName}`}: the balance is ${m.money(res.balance, res.currency)}. Tills have it on their next sync.`);
    setDraft(emptyCredit());
    await open(customer);
  };

  return (
    <section aria-label="Store credit" className="subsection">
      <h2>Store credit and points</h2>
      <div className="product-picker">
        <label>Customer<input type="search" placeholder="Name, e-mail or phone" value={text} onChange={(e) => setText(e.target.value)} /></label>
        {found && (
          <ul aria-label="Customers found">
            {found.length === 0 && <li className="muted">No customer matches “{text.trim()}”.</li>}
            {found.map((c) => <li key={c.id}><button type="button" onClick={() => void open(c)}>{c.name} <span className="muted">{[c.email, c.phone].filter(Boolean).join(' · ')}</span></button></li>)}
          </ul>
        )}
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {customer && value && (
        <section aria-label={`Value of ${customer.name}`}>
          <h3>{customer.name}</h3>
          <p aria-label="Balances">
            Store credit: <strong>{value.storeCredit.length ? value.storeCredit.map((c) => m.money(c.amount, c.currency)).join(', ') : m.money(0)}</strong>
            {' · '}Loyalty points: <strong>{value.points.toLocaleString('en')}</strong>
          </p>
          {canWrite && (
            <form className="panel grid" aria-label="Change store credit" onSubmit={(e) => { e.preventDefault(); void save(); }}>
              <Problems problems={problems} />
              <label>Change
                <select value={draft.direction} onChange={(e) => set({ direction: e.target.value as CreditDraft['direction'] })}>
                  <option value="give">Give credit</option>
                  <option value="take">Take credit back</option>
                </select>
              </label>
              <label>Amount ({m.currency})<input value={draft.amount} inputMode="decimal" onChange={(e) => set({ amount: e.target.value })} /></label>
              <label className="wide">Reason<input value={draft.reason} maxLength={200} placeholder="late delivery, given twice…" onChange={(e) => set({ reason: e.target.value })} /></label>
              <div className="actions"><button type="submit" className="primary" disabled={call.busy}>Save</button></div>
            </form>
          )}
          {moves && <ValueMovesTable label="Store credit and points movements" moves={moves.moves} m={m} />}
        </section>
      )}
    </section>
  );
}

export function GiftCardsPage({ canWrite }: { canWrite: boolean }) {
  const m = useStoreMoney();
  return (
    <>
      <GiftCards canWrite={canWrite} m={m} />
      <CustomerCredit canWrite={canWrite} m={m} />
    </>
  );
}
