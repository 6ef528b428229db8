// Sites carry an IANA time zone, checked by the database and replicated to the site's devices.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishSites } from '../../sync-server/feed/config-docs.ts';
import { seedDemo } from '../../sync-server/seed/demo-seed.ts';
import { createTestDb, type TestDb, testDrivers } from '../support/test-db.ts';

describe.each(testDrivers)('site time zone on $kind', ({ kind, skip }) => {
  let t: TestDb;
  beforeAll(async () => {
    if (skip) return;
    t = await createTestDb(kind);
    await seedDemo(t.db, { products: 10 });
  });
  afterAll(async () => t?.close());

  it.skipIf(skip)('refuses a zone that does not exist and keeps the one it had', async () => {
    await expect(t.db.query("UPDATE sites SET time_zone = 'Mars/Olympus' WHERE code = 'STORE1'")).rejects.toThrow(/sites_time_zone_known/);
    const [row] = await t.db.query<{ time_zone: string }>("SELECT time_zone FROM sites WHERE code = 'STORE1'");
    expect(row?.time_zone).toBe('Europe/Paris');
  });

  it.skipIf(skip)('sends the zone to the site devices in the site config entry', async () => {
    await t.db.query("UPDATE sites SET time_zone = 'Asia/Tokyo' WHERE code = 'STORE1'");
    await t.db.transaction((tx) => publishSites(tx));
    const [doc] = await t.db.query<{ doc: { data: { timeZone: string; code: string } } }>(
      "SELECT doc FROM replicated_docs WHERE collection = 'config' AND doc->'data'->>'code' = 'STORE1'",
    );
    expect(doc?.doc.data.timeZone).toBe('Asia/Tokyo');
  });
});
