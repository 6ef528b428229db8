// Acknowledgements (collection `acks`, scope device:<id>): the outcome of every pushed event,
// replicated back to the device that pushed it.
import type { AckStatus, Problem } from '../../shared/schemas/common.ts';
import type { Tx } from '../db/db.ts';
import { deviceScope, hintAfterCommit, lockFeed } from '../feed/publish.ts';

export interface AckInput {
  id: string;
  /** The collection the event was pushed to (sent as `eventCollection`). */
  collection: string;
  status: AckStatus;
  problems: Problem[];
  deviceId: string;
}

export async function writeAck(tx: Tx, ack: AckInput): Promise<void> {
  await writeAcks(tx, [ack]);
}

/**
 * Publishes acks in one feed write. An ack never moves to another device's scope: a forged id cannot
 * steal or overwrite one (the upsert leaves an ack of another scope as it is). One statement, no
 * look-up first: acks are written inside the feed lock, where every round trip serialises pushes.
 */
export async function writeAcks(tx: Tx, acks: readonly AckInput[]): Promise<void> {
  if (acks.length === 0) return;
  const at = new Date().toISOString();
  const rows = acks.map((a) => ({
    id: a.id,
    scope: deviceScope(a.deviceId),
    doc: {
      id: a.id, eventCollection: a.collection, status: a.status, deviceId: a.deviceId, at,
      problems: a.problems.slice(0, 50).map((p) => ({ ...p, message: p.message.slice(0, 1000), code: p.code.slice(0, 64) })),
    },
  }));
  await lockFeed(tx);
  const written = await tx.query<{ scope: string }>(
    `INSERT INTO replicated_docs AS d (collection, id, scope, doc, deleted, change_seq)
     SELECT 'acks', r.id, r.scope, r.doc, false, NULL::bigint FROM jsonb_to_recordset($1::jsonb) AS r(id text, scope text, doc jsonb)
     ON CONFLICT (collection, id) DO UPDATE SET doc = EXCLUDED.doc, deleted = false, change_seq = NULL
       WHERE d.scope = EXCLUDED.scope
     RETURNING scope`,
    [JSON.stringify(rows)],
  );
  hintAfterCommit(tx, 'acks', written.map((w) => w.scope));
}
