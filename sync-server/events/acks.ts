// Acknowledgements (collection `acks`, scope device:<id>): the outcome of every pushed event,
// replicated back to the device that pushed it.
import type { AckStatus, Problem } from '../../shared/schemas/common.ts';
import type { Tx } from '../db/db.ts';
import { deviceScope, publishDocs } from '../feed/publish.ts';

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

/** Publishes acks in one feed write. An ack never moves to another device's scope: a forged id cannot steal or overwrite one. */
export async function writeAcks(tx: Tx, acks: readonly AckInput[]): Promise<void> {
  if (acks.length === 0) return;
  const existing = await tx.query<{ id: string; scope: string }>(`SELECT id, scope FROM replicated_docs WHERE collection = 'acks' AND id = ANY($1::text[])`, [acks.map((a) => a.id)]);
  const scopeOf = new Map(existing.map((e) => [e.id, e.scope]));
  const at = new Date().toISOString();
  const docs = acks
    .filter((a) => (scopeOf.get(a.id) ?? deviceScope(a.deviceId)) === deviceScope(a.deviceId))
    .map((a) => ({
      id: a.id,
      scope: deviceScope(a.deviceId),
      doc: {
        id: a.id, eventCollection: a.collection, status: a.status, deviceId: a.deviceId, at,
        problems: a.problems.slice(0, 50).map((p) => ({ ...p, message: p.message.slice(0, 1000), code: p.code.slice(0, 64) })),
      },
    }));
  await publishDocs(tx, 'acks', docs);
}
