// A tax's next rate scheduled ahead (admin/tax-schedule.ts, migration 134), on PGlite and
// PostgreSQL through the real admin routes: refused with a sentence when it cannot be right (past,
// years ahead, no change, retired tax, a name taken, a manager); listed on the Taxes page and sent to
// the tills in the tax's config (`next`) at once; applied by the server at its instant — the rate
// and name change, the history dates the new rate from the scheduled instant exactly, the audit log
// says so in the scheduler's name, the tills' config no longer has `next` — by the scheduling
// process's timer and, for a change this process did not schedule, by the sweep; cancelled; dropped
// when the tax is retired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/admin-api/audit-devices.ts';
import type { TaxDetail, TaxList } from '../../shared/admin-api/catalog.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

interface ConfigDoc { id: string; kind: string; data: Record<string, unknown> }

const SECOND = 1000;
/** How the audit log writes an instant: "2026-12-31 23:00:05 UTC" (auditInstant). */
const utc = (at: string): string => {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${iso.slice(17, 23) === '00.000' ? '' : `:${iso.slice(17, 19)}`} UTC`;
};
const DAY = 24 * 3600 * SECOND;

describe.each(testDrivers)('a tax rate scheduled ahead on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let till: string;

  beforeAll(async () => {
    if (skip) return;
    // The sweep every 400 ms: a change scheduled around this process (SQL) applies within it.
    server = await startTestServer(kind, { products: 5, server: { taxRates: { intervalMs: 400 } } });
    admin = await server.login('admin', 'admin');
    till = (await server.pairDevice('till', 'STORE1')).token;
  }, 240_000);
  afterAll(async () => {
    await server?.close();
  });

  const createTax = async (name: string, rate: number): Promise<TaxDetail> => {
    const res = await server.api('/api/admin/taxes', { token: admin, body: { name, rate } });
    expect(res.status).toBe(201);
    return res.body as TaxDetail;
  };
  const schedule = (id: string, body: unknown, token = admin) => server.api(`/api/admin/taxes/${id}/scheduled-rate`, { method: 'PUT', token, body });
  const cancel = (id: string) => server.api(`/api/admin/taxes/${id}/scheduled-rate`, { method: 'DELETE', token: admin });
  const listed = async (id: string): Promise<TaxDetail | undefined> =>
    ((await server.api('/api/admin/taxes', { token: admin })).body as TaxList).taxes.find((t) => t.id === id);
  const pulled = async (id: string): Promise<ConfigDoc | undefined> =>
    ((await server.api('/api/sync/config/pull?limit=1000', { token: till })).body as { documents: ConfigDoc[] }).documents.find((d) => d.kind === 'tax' && d.id === id);
  const audits = async (id: string): Promise<AuditPage['entries']> =>
    ((await server.api(`/api/admin/audit?entity=tax&limit=20`, { token: admin })).body as AuditPage).entries.filter((e) => e.entityId === id);
  /** Polls the Taxes list until the tax has no scheduled rate (the server applied it), or 10 s. */
  async function applied(id: string): Promise<TaxDetail | undefined> {
    const until = Date.now() + 10 * SECOND;
    for (;;) {
      const t = await listed(id);
      if (!t?.scheduled || Date.now() > until) return t;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  /** An instant `ms` from now, written as an admin in Paris in winter would: local time with +01:00. */
  const parisIn = (ms: number): string => {
    const local = new Date(Date.now() + ms + 3600 * SECOND).toISOString().replace('Z', '');
    return `${local}+01:00`;
  };

  it.skipIf(skip)('refuses what cannot be right, with a sentence, and a manager', async () => {
    const vat = await createTax('Sched VAT 19%', 19);
    const other = await createTax('Sched other', 5);
    const manager = await server.login('manager', 'manager');
    expect((await schedule(vat.id, { rate: 16, from: parisIn(DAY) }, manager)).status).toBe(403);
    expect(await schedule(vat.id, { rate: 16, from: '2020-01-01T00:00:00+01:00' })).toMatchObject({
      status: 400, body: { message: '2020-01-01 00:00 +01:00 has passed: a scheduled rate starts in the future (to change the rate now, edit the tax\'s rate)' },
    });
    expect((await schedule(vat.id, { rate: 16, from: parisIn(800 * DAY) })).body).toMatchObject({ message: expect.stringMatching(/is more than two years ahead: check the year$/) });
    expect(await schedule(vat.id, { rate: 19, from: parisIn(DAY) })).toMatchObject({ status: 400, body: { message: '"Sched VAT 19%" is already at 19 %: schedule another rate or a new name' } });
    expect((await schedule(vat.id, { rate: 16, from: '1 January' })).status).toBe(400);
    expect((await schedule(vat.id, { rate: 160, from: parisIn(DAY) })).status).toBe(400);
    expect((await schedule('no-such-tax', { rate: 16, from: parisIn(DAY) })).status).toBe(404);
    expect(await schedule(vat.id, { rate: 16, from: parisIn(DAY), name: 'sched OTHER' })).toMatchObject({ status: 409, body: { error: 'name_taken' } });
    // A name another tax is scheduled to take is taken too.
    expect((await schedule(other.id, { rate: 6, from: parisIn(DAY), name: 'Sched other 6%' })).status).toBe(200);
    expect(await schedule(vat.id, { rate: 16, from: parisIn(DAY), name: 'Sched Other 6%' })).toMatchObject({
      status: 409, body: { error: 'name_taken', message: '"Sched other" is scheduled to be renamed "Sched other 6%".' },
    });
    expect((await server.api(`/api/admin/taxes/${vat.id}`, { method: 'PATCH', token: admin, body: { name: 'sched other 6%' } })).status).toBe(409);
    expect((await listed(vat.id))?.scheduled).toBeUndefined();
    // A retired tax cannot be scheduled; retiring one drops its schedule (no product carries these).
    expect((await server.api(`/api/admin/taxes/${other.id}`, { method: 'PATCH', token: admin, body: { active: false } })).status).toBe(200);
    expect((await listed(other.id))?.scheduled).toBeUndefined();
    expect((await audits(other.id))[0]?.summary).toBe('retired tax "Sched other" and cancelled its scheduled rate of 6 %');
    expect(await schedule(other.id, { rate: 6, from: parisIn(DAY) })).toMatchObject({ status: 409, body: { error: 'tax_retired' } });
  });

  it.skipIf(skip)('lists it, sends it to the tills, replaces it and cancels it', async () => {
    const vat = await createTax('Plan VAT 20%', 20);
    const from = parisIn(3 * DAY);
    const res = await schedule(vat.id, { rate: 21, from, name: 'Plan VAT 21%' });
    expect(res.status).toBe(200);
    const at = new Date(from).toISOString();
    expect((res.body as TaxDetail).scheduled).toEqual({ rate: 21, from: at, name: 'Plan VAT 21%' });
    expect((await listed(vat.id))).toMatchObject({ rate: 20, name: 'Plan VAT 20%', scheduled: { rate: 21, from: at, name: 'Plan VAT 21%' } });
    expect((await pulled(vat.id))?.data).toMatchObject({ name: 'Plan VAT 20%', rate: 20, next: { rate: 21, from: at, name: 'Plan VAT 21%' } });
    expect((await audits(vat.id))[0]).toMatchObject({ action: 'tax.schedule', summary: `scheduled "Plan VAT 20%" at 21 % as "Plan VAT 21%" from ${from.slice(0, 10)} ${from.slice(11, 16)}${from.slice(17, 19) === '00' ? '' : `:${from.slice(17, 19)}`} +01:00` });
    // A second one replaces it (the name stays this time).
    const later = parisIn(4 * DAY);
    expect((await schedule(vat.id, { rate: 22, from: later })).body).toMatchObject({ scheduled: { rate: 22, from: new Date(later).toISOString() } });
    expect((await pulled(vat.id))?.data.next).toEqual({ rate: 22, from: new Date(later).toISOString() });
    expect((await audits(vat.id))[0]?.summary).toMatch(/^rescheduled "Plan VAT 20%" at 22 % from .* \(was 21 %\)$/);
    const gone = await cancel(vat.id);
    expect(gone.status).toBe(200);
    expect((gone.body as TaxDetail).scheduled).toBeUndefined();
    expect((await pulled(vat.id))?.data.next).toBeUndefined();
    expect((await audits(vat.id))[0]).toMatchObject({ action: 'tax.unschedule', summary: `cancelled the rate of 22 % scheduled for "Plan VAT 20%" from ${utc(later)}` });
    expect(await cancel(vat.id)).toMatchObject({ status: 404, body: { error: 'no_scheduled_rate' } });
    expect((await listed(vat.id))).toMatchObject({ rate: 20, name: 'Plan VAT 20%' });
  });

  it.skipIf(skip)('applies it at its instant: rate, name, history from that instant, audit, the tills\' config', async () => {
    const vat = await createTax('Soon VAT 19%', 19);
    const from = parisIn(1500);
    expect((await schedule(vat.id, { rate: 16, from, name: 'Soon VAT 16%' })).status).toBe(200);
    expect((await listed(vat.id))?.rate).toBe(19);
    const after = await applied(vat.id);
    expect(Date.now()).toBeGreaterThanOrEqual(new Date(from).getTime());
    expect(after).toMatchObject({ rate: 16, name: 'Soon VAT 16%' });
    expect(after?.scheduled).toBeUndefined();
    expect(after?.history).toEqual([{ rate: 16, from: new Date(from).toISOString() }, { rate: 19, from: expect.any(String) }]);
    expect((await audits(vat.id))[0]).toMatchObject({
      action: 'tax.update', actor: 'admin',
      summary: `changed the rate of "Soon VAT 19%" from 19 % to 16 % and the name to "Soon VAT 16%", as scheduled for ${utc(from)}`,
    });
    const doc = await pulled(vat.id);
    expect(doc?.data).toMatchObject({ name: 'Soon VAT 16%', rate: 16 });
    expect(doc?.data.next).toBeUndefined();
  });

  it.skipIf(skip)('says so when the rate was set to the scheduled one at once meanwhile', async () => {
    const vat = await createTax('Twice VAT 8%', 8);
    expect((await schedule(vat.id, { rate: 9, from: parisIn(1200) })).status).toBe(200);
    expect((await server.api(`/api/admin/taxes/${vat.id}`, { method: 'PATCH', token: admin, body: { rate: 9 } })).status).toBe(200);
    expect(await applied(vat.id)).toMatchObject({ rate: 9 });
    expect((await audits(vat.id))[0]?.summary).toMatch(/^the rate of 9 % scheduled for "Twice VAT 8%" from .* UTC took effect: it was 9 % already$/);
  });

  it.skipIf(skip)('applies a change this process did not schedule, by its sweep, from the scheduled instant', async () => {
    const vat = await createTax('Swept VAT 10%', 10);
    // Written around the admin code (another process of the cluster scheduled it): no timer here.
    await server.db.query(`INSERT INTO tax_rate_changes (tax_id, rate, effective_at, scheduled_by) VALUES ($1, 12, now() + interval '700 milliseconds', 'Someone')`, [vat.id]);
    const [row] = await server.db.query<{ effective_at: Date | string }>('SELECT effective_at FROM tax_rate_changes WHERE tax_id = $1', [vat.id]);
    const after = await applied(vat.id);
    expect(after).toMatchObject({ rate: 12, name: 'Swept VAT 10%' });
    expect(after?.history?.[0]).toEqual({ rate: 12, from: new Date(row?.effective_at ?? 0).toISOString() });
    expect((await audits(vat.id))[0]).toMatchObject({ action: 'tax.update', actor: 'Someone' });
  });
});
