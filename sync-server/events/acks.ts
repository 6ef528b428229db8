// Acknowledgements (collection `acks`, scope device:<id>): the outcome of every pushed event,
// replicated back to the device that pushed it.
import type { AckStatus, Problem } from '../../shared/schemas/common.ts';
import type { Tx } from '../db/db.ts';
import { deviceScope, publishDocs } from '../feed/publish.ts';

export async function writeAck(tx: Tx, ack: { id: string; collection: string; status: AckStatus; problems: Problem[]; deviceId: string; at?: Date }): Promise<void> {
  const scope = deviceScope(ack.deviceId);
  // An ack never moves to another device's scope: a forged id cannot steal or overwrite one.
  const [existing] = await tx.query<{ scope: string }>(`SELECT scope FROM replicated_docs WHERE collection = 'acks' AND id = $1`, [ack.id]);
  if (existing && existing.scope !== scope) return;
  const doc = {
    id: ack.id,
    eventCollection: ack.collection,
    status: ack.status,
    problems: ack.problems.slice(0, 50).map((p) => ({ ...p, message: p.message.slice(0, 1000), code: p.code.slice(0, 64) })),
    deviceId: ack.deviceId,
    at: (ack.at ?? new Date()).toISOString(),
  };
  await publishDocs(tx, 'acks', [{ id: ack.id, scope, doc }]);
}

/** Many acks in one feed write (the batch push path); same rules as writeAck. */
export async function writeAcks(tx: Tx, acks: readonly { id: string; collection: string; status: AckStatus; problems: Problem[]; deviceId: string }[]): Promise<void> {
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
