// webhook_emit (migrations 085, 113): an event no enabled endpoint subscribes to writes nothing —
// no event, no delivery, no sequence number — so order intake of a channel without webhooks pays
// nothing for them; once an endpoint subscribes, a resource's events are numbered from there, and
// the numbers only grow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testDrivers } from '../support/test-db.ts';

describe.each(testDrivers)('webhook_emit on $kind', ({ kind, skip }) => {
  let t: TestDb;
  beforeAll(async () => {
    if (!skip) t = await createTestDb(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  const emit = async (type: string, resource: string, channel: string): Promise<string | null> =>
    (await t.db.query<{ id: string | null }>(`SELECT webhook_emit($1, $2, $3, '{}'::jsonb) AS id`, [type, resource, channel]))[0]?.id ?? null;
  const written = async (resource: string): Promise<{ sequences: number; events: number[] }> => ({
    sequences: (await t.db.query(`SELECT 1 FROM webhook_sequences WHERE resource = $1`, [resource])).length,
    events: (await t.db.query<{ sequence: number }>(`SELECT sequence FROM webhook_events WHERE resource = $1 ORDER BY sequence`, [resource])).map((r) => Number(r.sequence)),
  });

  it.skipIf(skip)('writes nothing for an event nobody wants, and numbers a resource\'s events from the first one sent', async () => {
    expect(await emit('order.created', 'order:wanted-later', 'web')).toBeNull();
    expect(await written('order:wanted-later')).toEqual({ sequences: 0, events: [] });

    // An endpoint of another channel, and one that wants other events, still want nothing of it.
    await t.db.query(`INSERT INTO webhook_endpoints (id, url, channel, event_types) VALUES ('ep-b2b', 'https://b2b.example/hook', 'b2b', '{order.created}'), ('ep-stock', 'https://web.example/stock', 'web', '{availability.changed}')`);
    expect(await emit('order.created', 'order:wanted-later', 'web')).toBeNull();
    expect(await written('order:wanted-later')).toEqual({ sequences: 0, events: [] });

    await t.db.query(`INSERT INTO webhook_endpoints (id, url, channel, event_types) VALUES ('ep-web', 'https://web.example/orders', 'web', '{order.created,order.shipped}')`);
    expect(await emit('order.created', 'order:wanted-later', 'web')).toMatch(/^msg_/);
    expect(await emit('order.reserved', 'order:wanted-later', 'web')).toBeNull();
    expect(await emit('order.shipped', 'order:wanted-later', 'web')).toMatch(/^msg_/);
    expect(await written('order:wanted-later')).toEqual({ sequences: 1, events: [1, 2] });
    expect(await t.db.query(`SELECT endpoint_id FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id WHERE e.resource = 'order:wanted-later'`)).toEqual([{ endpoint_id: 'ep-web' }, { endpoint_id: 'ep-web' }]);

    // Disabled: nothing again; enabled again: the numbers go on from where they were.
    await t.db.query(`UPDATE webhook_endpoints SET enabled = false WHERE id = 'ep-web'`);
    expect(await emit('order.shipped', 'order:wanted-later', 'web')).toBeNull();
    await t.db.query(`UPDATE webhook_endpoints SET enabled = true WHERE id = 'ep-web'`);
    expect(await emit('order.shipped', 'order:wanted-later', 'web')).toMatch(/^msg_/);
    expect((await written('order:wanted-later')).events).toEqual([1, 2, 3]);
  });
});
