// Sync health: every device (last seen, pending events and their age, exceptions) and the
// dead letters with their reason; admins replay a dead letter.
import { useState } from 'react';
import { deviceRoleLabel } from '../../../shared/text/display-names.ts';
import type { SyncHealth } from '../../../shared/reports/report-types.ts';
import { useAuthStore } from '../auth-store.ts';
import { DataTable } from '../data-table.tsx';
import { api } from '../reports-api.ts';
import { useNames } from '../names.ts';
import { createReportStore } from '../report-store.ts';
import { ReportStatus } from '../report-status.tsx';
import { useReport } from '../use-report.ts';

export const useSyncStore = createReportStore<SyncHealth>();

function age(since: string | null): string {
  if (!since) return '';
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(since)) / 60_000));
  return minutes < 60 ? `${minutes} min` : minutes < 2880 ? `${Math.round(minutes / 60)} h` : `${Math.round(minutes / 1440)} d`;
}

export function SyncPage() {
  const isAdmin = useAuthStore((s) => s.user?.role === 'admin');
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const { data, loading, error, reload } = useReport(useSyncStore, '/api/reports/sync-health');
  const names = useNames();
  const replay = async (id: number): Promise<void> => {
    try {
      const r = await api<{ outcome: string }>(`/api/reports/dead-letters/${id}/replay`, { method: 'POST' });
      setMessage({ text: `Dead letter ${id} replayed: ${r.outcome}.`, ok: true });
    } catch (err) {
      setMessage({ text: `Replay of dead letter ${id} failed: ${err instanceof Error ? err.message : String(err)}`, ok: false });
    }
    reload();
  };
  return (
    <div className="page">
      <h2>Sync health</h2>
      <p className="muted">Pending = receipts the server knows a till made but has not received yet (gaps in its sequence).</p>
      <ReportStatus loading={loading} error={error} />
      {message && <p role={message.ok ? 'status' : 'alert'}>{message.text}</p>}
      {data && (
        <>
          <DataTable
            title="Devices"
            rows={data.devices}
            rowKey={(r) => r.deviceId}
            empty="No paired devices."
            columns={[
              { label: 'Device', value: (r) => r.name },
              { label: 'Role', value: (r) => deviceRoleLabel(r.role) },
              { label: 'Site', value: (r) => names.site(r.site) },
              { label: 'Last seen', value: (r) => (r.revoked ? 'revoked' : r.lastSeenAt), format: 'datetime' },
              { label: 'Last event', value: (r) => r.lastEventAt, format: 'datetime' },
              { label: 'Events today', value: (r) => r.eventsToday, format: 'qty', total: true },
              { label: 'Pending', value: (r) => r.pending, format: 'qty', total: true },
              { label: 'Pending since', value: (r) => age(r.oldestPendingSince) },
              { label: 'Exceptions', value: (r) => r.openExceptions, format: 'qty', total: true },
              { label: 'Dead letters', value: (r) => r.deadLetters, format: 'qty', total: true },
            ]}
          />
          <DataTable
            title="Rejected events (dead letters)"
            rows={data.deadLetters}
            rowKey={(r) => String(r.id)}
            empty="No rejected events."
            columns={[
              { label: 'Id', value: (r) => r.id },
              { label: 'Received', value: (r) => r.createdAt, format: 'datetime' },
              { label: 'Device', value: (r) => r.device },
              { label: 'Collection', value: (r) => r.collection },
              { label: 'Event', value: (r) => r.eventId ?? '' },
              { label: 'Reason', value: (r) => r.reason },
              { label: 'Replay', value: (r) => (r.replayedAt ? `replayed (${r.replayOutcome ?? ''})` : r.replayOutcome ?? '') },
            ]}
            actions={isAdmin ? {
              label: 'Action',
              render: (r) => (r.replayedAt ? null : (
                <button type="button" onClick={() => void replay(r.id)} aria-label={`Replay dead letter ${r.id}`}>Replay</button>
              )),
            } : undefined}
          />
          {!isAdmin && <p className="muted">Only admins can replay rejected events.</p>}
        </>
      )}
    </div>
  );
}
