// Re-publishes the acks of events whose open problems changed after they were applied (a
// later event revealed or settled something about them), so tills always show the current
// verdict of every receipt they pushed.
import type { AckStatus, Problem } from '../../shared/schemas/index.ts';
import type { Tx } from '../db/db.ts';
import { writeAck } from '../events/acks.ts';

export async function refreshAcks(tx: Tx, eventIds: readonly string[]): Promise<void> {
  if (eventIds.length === 0) return;
  const events = await tx.query<{ id: string; collection: string; device_id: string }>(
    'SELECT id, collection, device_id FROM events WHERE id = ANY($1::text[])',
    [[...eventIds]],
  );
  const problems = await tx.query<Problem & { event_id: string }>(
    `SELECT event_id, code, message, severity FROM event_problems WHERE event_id = ANY($1::text[]) AND resolved_at IS NULL ORDER BY id`,
    [[...eventIds]],
  );
  for (const e of events) {
    const open = problems.filter((p) => p.event_id === e.id).map(({ code, message, severity }) => ({ code, message, severity }));
    const status: AckStatus = open.length > 0 ? 'exception' : 'applied';
    await tx.query('UPDATE events SET status = $2 WHERE id = $1', [e.id, status]);
    await writeAck(tx, { id: e.id, collection: e.collection, status, problems: open, deviceId: e.device_id });
  }
}
