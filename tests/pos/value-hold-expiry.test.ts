// Online authorisations expire (docs/stored-value.md "Offline allowances"), on PGlite and PostgreSQL:
// a till that asked for a hold and died never takes nor releases it; once `holdMinutes` (a company
// setting) have passed, the hold counts for nothing and the value is spendable again. The sale that
// used the lapsed hold, arriving late, is still applied — once, whatever the retries — with the
// lapse and any overdraft said; a hold the sale arrives in time for keeps the value to itself.
// Time passing is the hold's expiry moved into the past, as the clock would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GiftCard } from '../../shared/admin-api/stored-value.ts';
import type { AuthorizeResponse } from '../../shared/stored-value/authorization-api.ts';
import { newEventId } from '../../shared/ids.ts';
import type { Ack } from '../../shared/schemas/index.ts';
import { testDrivers } from '../support/test-db.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { simCatalog } from './pos-harness.ts';
import { ValueTill } from './stored-value-harness.ts';

describe.each(testDrivers)('authorisation holds expire on $kind', ({ kind, skip }) => {
  let server: TestServer;
  let admin: string;
  let newTill: () => Promise<ValueTill>;

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(kind, { products: 5 });
    admin = await server.login('admin', 'admin');
    const cashierId = await server.userId('alice');
    const [product] = await simCatalog(server.db, 1);
    if (!product) throw new Error('no product');
    newTill = async () => new ValueTill(server, await server.pairDevice('till', 'STORE1'), cashierId, product);
  });
  afterAll(async () => {
    await server?.close();
  });

  const card = async (number: string): Promise<GiftCard | undefined> =>
    ((await server.api(`/api/admin/gift-cards?number=${number}`, { token: admin })).body as { cards: GiftCard[] }).cards.find((c) => c.number === number);
  const problemsOf = async (till: ValueTill, saleId: string): Promise<string[]> => {
    const res = await server.api('/api/sync/acks/pull?limit=1000', { token: till.device.token });
    const ack = (res.body as { documents: Ack[] }).documents.find((a) => a.id === saleId);
    expect(ack, `ack of ${saleId}`).toBeDefined();
    return (ack?.problems ?? []).map((p) => p.code).filter((c) => !['negative_stock', 'seq_gap'].includes(c)).sort();
  };
  const authorize = async (till: ValueTill, number: string, amount: number): Promise<AuthorizeResponse> => {
    const res = await server.api('/api/stored-value/authorize', { token: till.device.token, body: { kind: 'gift_card', card: number, amount, saleId: newEventId(), ref: newEventId() } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as AuthorizeResponse;
  };
  /** The clock passes the hold's end. */
  const lapse = (holdId: string) => server.db.query(`UPDATE value_holds SET expires_at = now() - interval '1 second' WHERE id = $1`, [holdId]);

  it.skipIf(skip)('by default a hold never lapses: it ends with its sale, so no till spends what another was granted', async () => {
    const issued = await server.api('/api/admin/gift-cards', { token: admin, body: { amount: 3000, reason: 'no expiry by default' } });
    const { number } = issued.body as GiftCard;
    const holder = await newTill();
    const other = await newTill();
    const { decision, sale } = await holder.spend({ kind: 'gift_card', key: number, amount: 2500 }, { pushed: new Set() });
    expect(decision.kind).toBe('authorized');
    const [hold] = await server.db.query<{ never: boolean }>(`SELECT expires_at = 'infinity' AS never FROM value_holds WHERE sale_id = $1`, [sale.id]);
    expect(hold?.never).toBe(true);
    expect(await authorize(other, number, 1000)).toMatchObject({ approved: false, available: 500 });
    const rest = await authorize(other, number, 500);
    expect(rest).toMatchObject({ approved: true, balanceAfter: 0 });
    expect(rest.expiresAt).toBeUndefined();
    await holder.push([sale]);
    expect(await card(number)).toMatchObject({ balance: 500, held: 500 });
    // The other till voids its payment: only a release (or its sale) ends a hold.
    const released = await server.api('/api/stored-value/release', { token: other.device.token, body: { authorizationId: rest.authorizationId } });
    expect(released.body).toEqual({ released: true });
    expect(await card(number)).toMatchObject({ balance: 500, held: 0 });
    expect(await problemsOf(holder, sale.id)).toEqual([]);
  });

  it.skipIf(skip)('the hold time is a setting: validated, audited, kept when a change leaves it out', async () => {
    const get = async () => (await server.api('/api/admin/stored-value/settings', { token: admin })).body as { holdMinutes: number; offlineAllowance: unknown };
    const start = await get();
    expect(start.holdMinutes).toBe(0);
    const bad = await server.api('/api/admin/stored-value/settings', { token: admin, method: 'PUT', body: { ...start, holdMinutes: -1 } });
    expect(bad.status).toBe(400);
    expect((bad.body as { message: string }).message).toBe('HoldMinutes must be at least 0.');
    const set = await server.api('/api/admin/stored-value/settings', { token: admin, method: 'PUT', body: { ...start, holdMinutes: 30 } });
    expect(set.body).toMatchObject({ holdMinutes: 30 });
    const kept = await server.api('/api/admin/stored-value/settings', { token: admin, method: 'PUT', body: { offlineAllowance: start.offlineAllowance } });
    expect(kept.body).toMatchObject({ holdMinutes: 30 });
    const [audit] = await server.db.query<{ summary: string }>(`SELECT summary FROM admin_audit WHERE action = 'stored_value.settings' ORDER BY id DESC LIMIT 1`);
    expect(audit?.summary).toContain('authorisations hold 30 min');
  });

  it.skipIf(skip)('a dead till\'s hold lapses and the card is spendable again; the late sale is applied once, its lapse and overdraft said', async () => {
    const issued = await server.api('/api/admin/gift-cards', { token: admin, body: { amount: 5000, reason: 'hold expiry test' } });
    const { number } = issued.body as GiftCard;
    const dying = await newTill();
    const other = await newTill();

    const before = Date.now();
    const { decision, sale: late } = await dying.spend({ kind: 'gift_card', key: number, amount: 4000 }, { pushed: new Set() });
    expect(decision.kind).toBe('authorized');
    const [hold] = await server.db.query<{ id: string; expires_at: Date | string }>('SELECT id, expires_at FROM value_holds WHERE sale_id = $1', [late.id]);
    if (!hold) throw new Error('no hold');
    // 30 minutes, the setting of the test before.
    const minutes = (new Date(hold.expires_at).getTime() - before) / 60_000;
    expect(minutes).toBeGreaterThan(29.9);
    expect(minutes).toBeLessThan(30.5);
    expect(await authorize(other, number, 2000)).toMatchObject({ approved: false, available: 1000 });

    await lapse(hold.id);
    expect(await card(number)).toMatchObject({ balance: 5000, held: 0 });
    expect((await server.api(`/api/stored-value/balance?kind=gift_card&card=${number}`, { token: other.device.token })).body).toMatchObject({ known: true, balance: 5000, available: 5000 });
    const spent = await other.spend({ kind: 'gift_card', key: number, amount: 2000 }, { pushed: new Set() });
    expect(spent.decision).toMatchObject({ kind: 'authorized', balanceAfter: 3000 });
    await other.push([spent.sale]);
    expect(await problemsOf(other, spent.sale.id)).toEqual([]);
    expect(await card(number)).toMatchObject({ balance: 3000, held: 0 });

    // The dead till comes back: its sale is honoured, once, though it takes the card below zero.
    await dying.push([late]);
    await dying.push([late, late]);
    expect(await problemsOf(dying, late.id)).toEqual(['value_hold_expired', 'value_overdrawn']);
    expect(await card(number)).toMatchObject({ balance: -1000, held: 0 });
    const moves = await server.db.query<{ amount: string; offline: boolean }>(`SELECT amount, offline FROM value_moves WHERE event_id = $1`, [late.id]);
    expect(moves.map((m) => [Number(m.amount), m.offline])).toEqual([[-4000, true]]);
    expect(await server.db.query('SELECT id FROM value_holds WHERE sale_id = $1', [late.id])).toEqual([]);
  });

  it.skipIf(skip)('a till counts its authorised spend whose hold lapsed against its own offline allowance; the sales carry the lapse time and are accepted', async () => {
    const issued = await server.api('/api/admin/gift-cards', { token: admin, body: { amount: 10_000, reason: 'till counts lapsed holds' } });
    const { number } = issued.body as GiftCard;
    const till = await newTill();
    await till.pullAllowance();
    expect(till.allowance).toMatchObject({ mode: 'till', amount: 5000 });
    let clock = Date.now();
    till.now = () => new Date(clock);
    const asked = clock;
    const { decision, sale: authorised } = await till.spend({ kind: 'gift_card', key: number, amount: 4000 }, { pushed: new Set() });
    expect(decision.kind).toBe('authorized');
    // 30 minutes (the setting of the test before) from when the till asked, by the till's clock.
    const payment = authorised.payments.find((p) => p.method === 'gift_card');
    expect(payment?.holdExpiresAt).toBe(new Date(asked + 30 * 60_000).toISOString());

    // Offline, before the hold lapses: the server still sets the 40.00 aside, the whole allowance is there.
    till.offline = true;
    clock += 29 * 60_000;
    expect((await till.spend({ kind: 'gift_card', key: number, amount: 5001 }, { pushed: new Set() })).decision).toEqual({ kind: 'needs_override', room: 5000 });
    // Past it: the 40.00 counts against the allowance like an offline spend; 20.00 would have fitted without it.
    clock += 2 * 60_000;
    const refused = await till.spend({ kind: 'gift_card', key: number, amount: 2000 }, { pushed: new Set() });
    expect(refused.decision).toEqual({ kind: 'needs_override', room: 1000 });
    const within = await till.spend({ kind: 'gift_card', key: number, amount: 1000 }, { pushed: new Set() });
    expect(within.decision).toEqual({ kind: 'offline', room: 1000 });

    // The sales reach the server (the schema takes holdExpiresAt, inside the hash): nothing past the allowance.
    await till.push();
    for (const s of [authorised, within.sale]) expect(await problemsOf(till, s.id)).toEqual([]);
    expect(await card(number)).toMatchObject({ balance: 10_000 - 4000 - 1000, held: 0 });
  });

  it.skipIf(skip)('a hold whose sale arrives in time keeps the value to itself, and a lapsed hold no longer counts in the liability report', async () => {
    const issued = await server.api('/api/admin/gift-cards', { token: admin, body: { amount: 3000, reason: 'hold expiry test' } });
    const { number } = issued.body as GiftCard;
    const till = await newTill();
    const { sale } = await till.spend({ kind: 'gift_card', key: number, amount: 3000 }, { pushed: new Set() });
    const other = await newTill();
    expect(await authorize(other, number, 1)).toMatchObject({ approved: false, available: 0 });
    await till.push([sale]);
    expect(await problemsOf(till, sale.id)).toEqual([]);
    expect(await card(number)).toMatchObject({ balance: 0, held: 0 });

    const second = await server.api('/api/admin/gift-cards', { token: admin, body: { amount: 1000, reason: 'hold expiry test' } });
    const held = await authorize(other, (second.body as GiftCard).number, 600);
    expect(held.approved).toBe(true);
    expect(Date.parse(held.expiresAt ?? '')).toBeGreaterThan(Date.now());
    const report = async () => ((await server.api('/api/admin/stored-value/liability', { token: admin })).body as { lines: { kind: string; held: number }[] }).lines.find((l) => l.kind === 'gift_card')?.held;
    expect(await report()).toBe(600);
    await lapse(held.authorizationId ?? '');
    expect(await report()).toBe(0);
  });
});
