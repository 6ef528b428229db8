// Count tasks: made here for a warehouse's stations (locations or products, blind or not), newest
// first, filtered by warehouse and state, paged; each with what it counts and where it stands —
// including adjustments that wait in the Approvals page. Managers see it read-only.
import { useCallback, useEffect, useState } from 'react';
import type { CountTask, CountTaskPage } from '../../shared/admin-api/warehouse-moves.ts';
import type { PickingState } from '../../shared/admin-api/warehouse.ts';
import { api, query } from '../reports/reports-api.ts';
import { navigate } from '../reports/page-shell.tsx';
import { CountTaskForm } from './count-task-form.tsx';
import { ChoiceFilter } from './choice-filter.tsx';
import { Pager } from './pager.tsx';
import { useAdminCall } from './use-admin-call.ts';
import { siteNamer, siteTime, useSites } from './use-sites.ts';
import { WarehouseFilter } from './warehouse-filter.tsx';
import { PICKING_STATES, pickingStateLabel } from './warehouse-labels.ts';
import { counted } from '../../shared/text/count.ts';

const PAGE = 50;

function what(t: CountTask): string {
  const places = t.locations.length > 3 ? `${t.locations.slice(0, 3).join(', ')} and ${t.locations.length - 3} more` : t.locations.join(', ');
  const names = t.products.slice(0, 2).map((p) => p.name).join(', ');
  const more = t.products.length > 2 ? ' …' : '';
  return [places, names ? `${names}${more}` : ''].filter(Boolean).join(' — ') || 'nothing listed (the picker reports what is found)';
}

export function CountTasksPage({ canWrite }: { canWrite: boolean }) {
  const sites = useSites();
  const warehouses = sites.filter((s) => s.kind === 'warehouse');
  const siteName = siteNamer(sites);
  const [warehouse, setWarehouse] = useState('');
  const [state, setState] = useState<PickingState | ''>('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<CountTaskPage | null>(null);
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const call = useAdminCall();

  const load = useCallback(async () => {
    const res = await call.run(() => api<CountTaskPage>(`/api/count-tasks${query({ warehouse, state, offset, limit: PAGE })}`));
    if (res) setPage(res);
  }, [warehouse, state, offset, call.run]);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section aria-label="Count tasks">
      <h2>Count tasks</h2>
      <div className="toolbar">
        <WarehouseFilter warehouses={warehouses} value={warehouse} onChange={(code) => { setWarehouse(code); setOffset(0); }} />
        <ChoiceFilter label="State" value={state} choices={PICKING_STATES.filter((s) => s !== 'waiting').map((s) => [s, pickingStateLabel(s)] as const)} onChange={(s) => { setState(s); setOffset(0); }} />
        {canWrite && <button type="button" className="primary" onClick={() => { setSaved(null); setCreating(true); }}>New count task</button>}
      </div>
      {saved && <p className="ok" role="status">{saved}</p>}
      {call.error && <p className="error" role="alert">{call.error}</p>}
      {creating && warehouses.length > 0 && (
        <CountTaskForm
          warehouses={warehouses}
          onCancel={() => setCreating(false)}
          onMade={(t) => {
            setCreating(false);
            // The status line once the list shows the new task.
            setSaved(null); void load().then(() => setSaved(`Created ${t.reference}: ${counted(t.lines, 'line')} to count${t.blind ? ', blind' : ', expected quantities shown'}. The warehouse's stations have it now.`));
          }}
        />
      )}
      <Pager total={page?.total ?? null} offset={offset} pageSize={PAGE} noun={['count task', 'count tasks']} onOffset={setOffset} />
      <table>
        <thead><tr><th>Reference</th><th>Warehouse</th><th>Counts</th><th className="num">Lines</th><th>Expected shown</th><th>Status</th><th>Created</th><th>Done</th></tr></thead>
        <tbody>
          {page?.countTasks.length === 0 && <tr><td colSpan={8} className="muted">No count task matches.</td></tr>}
          {page?.countTasks.map((t) => (
            <tr key={t.id} aria-label={`Count task ${t.reference}`}>
              <td>{t.reference}</td>
              <td>{siteName(t.warehouse)}</td>
              <td>{what(t)}</td>
              <td className="num">{t.lines}</td>
              <td>{t.blind ? 'No (blind)' : 'Yes'}</td>
              <td>
                {pickingStateLabel(t.state)}
                {t.pendingApprovals > 0 && (
                  <> — <a href="/admin/approvals" onClick={(e) => { e.preventDefault(); navigate('/admin/approvals'); }}>{counted(t.pendingApprovals, 'adjustment')} to approve</a></>
                )}
              </td>
              <td>{siteTime(sites, t.createdAt, t.warehouse)}</td>
              <td>{t.doneAt ? siteTime(sites, t.doneAt, t.warehouse) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
