// A channel's routing in the back office: which sites ship its delivery orders — warehouses only,
// stores first (ship from store), the site with most of the order, or the channel's own list of
// sites, nearest first — and that list, in order (docs/channels.md, "Routing and ship from store").
import { useState } from 'react';
import { type Channel, type ChannelPatch, ROUTING_POLICIES, type RoutingPolicy } from '../../shared/admin-api/channels.ts';
import { ROUTING_LABELS } from '../../shared/admin-api/choice-labels.ts';
import type { Site } from '../../shared/admin-api/sites.ts';
import { api } from '../reports/reports-api.ts';
import { useAdminCall } from './use-admin-call.ts';

const listMeaning: Record<RoutingPolicy, string> = {
  'warehouse-first': 'Stores never ship this channel’s orders; the list below is not used.',
  'store-first': 'Only the sites listed ship, stores before warehouses (every site when the list is empty).',
  'stock-richest': 'Only the sites listed ship (every site when the list is empty).',
  nearest: 'The sites listed ship, the first one first. List at least one.',
};

export function ChannelRouting({ channel, sites, canWrite, onChanged }: { channel: Channel; sites: Site[]; canWrite: boolean; onChanged(): void }) {
  const [policy, setPolicy] = useState<RoutingPolicy>(channel.routing);
  const [list, setList] = useState<string[]>(channel.routingSites.map((s) => s.code));
  const [adding, setAdding] = useState('');
  const call = useAdminCall();
  const nameOf = (code: string): string => {
    const site = sites.find((s) => s.code === code) ?? channel.routingSites.find((s) => s.code === code);
    return site ? `${site.name} (${site.kind})` : code;
  };
  const addable = sites.filter((s) => !list.includes(s.code));
  const chosen = addable.some((s) => s.code === adding) ? adding : (addable[0]?.code ?? '');

  const move = (i: number, by: -1 | 1): void => {
    const next = [...list];
    const [item] = next.splice(i, 1);
    if (item === undefined) return;
    next.splice(i + by, 0, item);
    setList(next);
  };
  const save = async (): Promise<void> => {
    if (policy === 'nearest' && list.length === 0) return call.setError('Nearest ships from the sites listed: add the sites nearest to this channel’s customers first.');
    const body: ChannelPatch = { routing: policy, routingSites: list };
    const res = await call.run(() => api<Channel>(`/api/admin/channels/${channel.code}`, { method: 'PATCH', body }));
    if (res) onChanged();
  };

  return (
    <form className="routing" aria-label={`Routing of ${channel.name}`} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <fieldset disabled={!canWrite} className="contents">
        <div className="toolbar">
          <label className="inline">Ship delivery orders from
            <select value={policy} onChange={(e) => setPolicy(e.target.value as RoutingPolicy)}>
              {ROUTING_POLICIES.map((p) => <option key={p} value={p}>{ROUTING_LABELS[p]}</option>)}
            </select>
          </label>
          <span className="muted">{listMeaning[policy]}</span>
        </div>
        <ol className="route-sites" aria-label={`Sites of ${channel.name}, in order`}>
          {list.length === 0 && <li className="muted empty">No site listed.</li>}
          {list.map((code, i) => (
            <li key={code} aria-label={nameOf(code)}>
              <span>{nameOf(code)}</span>
              {canWrite && (
                <>
                  <button type="button" disabled={i === 0} aria-label={`Move ${nameOf(code)} up`} onClick={() => move(i, -1)}>↑</button>
                  <button type="button" disabled={i === list.length - 1} aria-label={`Move ${nameOf(code)} down`} onClick={() => move(i, 1)}>↓</button>
                  <button type="button" aria-label={`Remove ${nameOf(code)}`} onClick={() => setList(list.filter((c) => c !== code))}>Remove</button>
                </>
              )}
            </li>
          ))}
        </ol>
        {canWrite && (
          <div className="toolbar">
            <label className="inline">Site to add
              <select value={chosen} onChange={(e) => setAdding(e.target.value)}>
                {addable.map((s) => <option key={s.code} value={s.code}>{s.name} ({s.kind})</option>)}
              </select>
            </label>
            <button type="button" disabled={!chosen} onClick={() => setList([...list, chosen])}>Add site</button>
            <button type="submit" disabled={call.busy}>Save routing</button>
          </div>
        )}
      </fieldset>
      {call.error && <p className="error" role="alert">{call.error}</p>}
    </form>
  );
}
