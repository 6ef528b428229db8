// Sites for the back office: stores and warehouses listed with their device settings, created
// (with their location tree), and changed. Every change republishes the site's config entry in
// the same transaction (feed/config-docs.ts publishSites), so the site's paired devices get it on
// their next pull — the SSE hint makes that pull happen at once — and is written to the audit log
// with the values before and after.
import type { Site, SiteCreate, SitePatch, Tender } from '../../shared/admin-api/sites.ts';
import { isTimeZone } from '../../shared/time/index.ts';
import { type Db, pgErrorCode, type Queryable, type SqlParam, type Tx } from '../db/db.ts';
import { publishLocations, publishSites } from '../feed/config-docs.ts';
import { lockFeed, publishQuery } from '../feed/publish.ts';
import { PICKING_DOCS_BY_ID } from '../warehouse/picking-docs.ts';
import { badRequest, HttpError, notFound } from '../http/errors.ts';
import { addSite } from '../seed/demo-seed.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { changedFields } from './changes.ts';
import { auditFieldList } from '../../shared/admin-api/audit-fields.ts';

interface SiteRow {
  id: string; code: string; name: string; kind: Site['kind']; currency: string; time_zone: string; address: string | null;
  receipt_header: string[]; receipt_footer: string[]; tenders: string[] | null; cash_rounding: number; quick_keys: Site['quickKeys']; country: string | null; pickup_hold_days: number; devices: number; updated_at: Date;
}

const SITE_SELECT = `SELECT s.id, s.code, s.name, s.kind, s.currency, s.time_zone, s.address, s.receipt_header, s.receipt_footer, s.tenders,
       s.cash_rounding, s.quick_keys, s.country, s.pickup_hold_days, s.updated_at,
       (SELECT count(*)::int FROM devices d WHERE d.site_id = s.id AND d.revoked_at IS NULL) AS devices
  FROM sites s`;

const toSite = (r: SiteRow): Site => ({
  id: r.id, code: r.code, name: r.name, kind: r.kind, currency: r.currency, timeZone: r.time_zone, address: r.address ?? '',
  receiptHeader: r.receipt_header, receiptFooter: r.receipt_footer, tenders: r.tenders, cashRounding: Number(r.cash_rounding),
  quickKeys: r.quick_keys, country: r.country, pickupHoldDays: Number(r.pickup_hold_days), devices: Number(r.devices), updatedAt: new Date(r.updated_at).toISOString(),
});

export async function listSites(q: Queryable): Promise<Site[]> {
  const rows = await q.query<SiteRow>(`${SITE_SELECT} ORDER BY s.kind, s.code`);
  return rows.map(toSite);
}

async function siteRow(q: Queryable, code: string): Promise<SiteRow> {
  const [row] = await q.query<SiteRow>(`${SITE_SELECT} WHERE s.code = $1`, [code]);
  if (!row) throw notFound(`there is no site with code ${code}`);
  return row;
}

/** The site's id, for callers that have its code (404 when there is none). */
export async function siteIdOf(q: Queryable, code: string): Promise<{ id: string; name: string }> {
  const row = await siteRow(q, code);
  return { id: row.id, name: row.name };
}

/** ISO 4217 codes the runtime knows; a typo such as "EUE" is refused before it reaches a receipt. */
function checkCurrency(currency: string): void {
  if (!Intl.supportedValuesOf('currency').includes(currency)) throw badRequest(`${currency} is not an ISO 4217 currency code (for example EUR, USD, GBP)`);
}

function checkTimeZone(zone: string): void {
  if (!isTimeZone(zone)) throw badRequest(`"${zone}" is not a known time zone: use an IANA name such as Europe/Paris or America/New_York`);
}

async function checkTenders(q: Queryable, methods: readonly string[] | null | undefined): Promise<void> {
  if (!methods) return;
  const known = await q.query<{ method: string }>('SELECT method FROM tenders WHERE active AND method = ANY($1::text[])', [[...methods]]);
  const missing = methods.filter((m) => !known.some((k) => k.method === m));
  if (missing.length) throw badRequest(`unknown or inactive tender ${missing.join(', ')}`);
}

async function checkQuickKeySkus(q: Queryable, keys: SitePatch['quickKeys']): Promise<void> {
  const skus = [...new Set((keys ?? []).flatMap((k) => k.skus ?? []))];
  if (skus.length === 0) return;
  const known = await q.query<{ sku: string }>('SELECT sku FROM products WHERE active AND sku = ANY($1::text[])', [skus]);
  const missing = skus.filter((s) => !known.some((k) => k.sku === s));
  if (missing.length) throw badRequest(`quick keys name products that do not exist or are archived: SKU ${missing.join(', ')}`);
}

/** A zone Intl knows but PostgreSQL does not (the column's check, migration 060) is refused too. */
function zoneConflict(err: unknown, zone: string | undefined): never {
  if (pgErrorCode(err) === '23514' && zone !== undefined && String((err as Error).message).includes('time_zone')) {
    throw badRequest(`"${zone}" is not a time zone the database knows: use an IANA name such as Europe/Paris`);
  }
  throw err;
}

export async function createSite(db: Db, actor: Actor, input: SiteCreate): Promise<Site> {
  checkCurrency(input.currency);
  checkTimeZone(input.timeZone);
  const name = input.name.trim();
  return db
    .transaction(async (tx) => {
      await lockFeed(tx);
      const [taken] = await tx.query<{ name: string }>('SELECT name FROM sites WHERE code = $1', [input.code]);
      if (taken) throw new HttpError(409, 'site_code_taken', `the code ${input.code} is already used by "${taken.name}"`);
      const { siteId } = await addSite(tx, input.code, name, input.kind, [], { timeZone: input.timeZone, currency: input.currency });
      await publishSites(tx, [siteId]);
      await publishLocations(tx, [siteId]);
      const site = toSite(await siteRow(tx, input.code));
      await recordAudit(tx, actor, { action: 'site.create', entity: 'site', entityId: site.code, summary: `created ${site.kind} "${site.name}" (${site.code})`, after: site });
      return site;
    })
    .catch((err: unknown) => zoneConflict(err, input.timeZone));
}

const COLUMNS: Record<keyof SitePatch, { column: string; cast?: string }> = {
  name: { column: 'name' },
  currency: { column: 'currency' },
  timeZone: { column: 'time_zone' },
  address: { column: 'address' },
  receiptHeader: { column: 'receipt_header', cast: 'text[]' },
  receiptFooter: { column: 'receipt_footer', cast: 'text[]' },
  tenders: { column: 'tenders', cast: 'text[]' },
  cashRounding: { column: 'cash_rounding' },
  quickKeys: { column: 'quick_keys', cast: 'jsonb' },
  country: { column: 'country' },
  pickupHoldDays: { column: 'pickup_hold_days' },
};

/** Receipt lines without trailing blanks; empty lines at the ends dropped. */
function tidyLines(lines: readonly string[]): string[] {
  const out = lines.map((l) => l.trimEnd());
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

function columnValue(key: keyof SitePatch, patch: SitePatch): SqlParam {
  if (key === 'name') return patch.name?.trim() ?? null;
  if (key === 'address') return patch.address?.trim() || null;
  if (key === 'tenders') return patch.tenders ?? null;
  if (key === 'receiptHeader' || key === 'receiptFooter') return tidyLines(patch[key] ?? []);
  if (key === 'quickKeys') return patch.quickKeys === null ? null : JSON.stringify(patch.quickKeys);
  return patch[key] ?? null;
}

export async function updateSite(db: Db, actor: Actor, code: string, patch: SitePatch): Promise<Site> {
  if (patch.currency !== undefined) checkCurrency(patch.currency);
  if (patch.timeZone !== undefined) checkTimeZone(patch.timeZone);
  return db
    .transaction(async (tx: Tx) => {
      await checkTenders(tx, patch.tenders);
      await checkQuickKeySkus(tx, patch.quickKeys);
      // The feed lock first, as every writer of rows devices read (feed/publish.ts lockFeed).
      await lockFeed(tx);
      const beforeRow = await siteRow(tx, code);
      const before = toSite(beforeRow);
      const sets: string[] = [];
      const params: SqlParam[] = [beforeRow.id];
      for (const key of Object.keys(patch) as (keyof SitePatch)[]) {
        if (patch[key] === undefined) continue;
        const { column, cast } = COLUMNS[key];
        params.push(columnValue(key, patch));
        sets.push(`${column} = $${params.length}${cast ? `::${cast}` : ''}`);
      }
      await tx.query(`UPDATE sites SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1`, params);
      await publishSites(tx, [beforeRow.id]);
      // The tills' pickup queue shows each order's collection date, which the hold days move.
      if (patch.pickupHoldDays !== undefined) await republishPickupQueue(tx, beforeRow.id);
      const after = toSite(await siteRow(tx, code));
      const change = changedFields(before, after, ['updatedAt', 'devices']);
      const fields = Object.keys(change.after);
      await recordAudit(tx, actor, {
        action: 'site.update', entity: 'site', entityId: code,
        summary: `changed ${auditFieldList(fields)} of "${after.name}" (${code})`, ...change,
      });
      return after;
    })
    .catch((err: unknown) => zoneConflict(err, patch.timeZone));
}

async function republishPickupQueue(tx: Tx, siteId: string): Promise<void> {
  const open = await tx.query<{ id: string }>(
    `SELECT p.id FROM pickings p JOIN orders o ON o.id = p.order_id WHERE o.pickup_site_id = $1 AND o.state = 'open' AND p.state IN ('ready', 'in_progress')`,
    [siteId],
  );
  if (open.length > 0) await publishQuery(tx, 'pickings', PICKING_DOCS_BY_ID, [open.map((p) => p.id)]);
}

/** Every tender there is; a site offers all active ones or the ones its `tenders` lists. */
export async function listTenders(q: Queryable): Promise<Tender[]> {
  const rows = await q.query<{ method: string; label: string; is_cash: boolean; active: boolean }>('SELECT method, label, is_cash, active FROM tenders ORDER BY label');
  return rows.map((t) => ({ method: t.method, label: t.label, isCash: t.is_cash, active: t.active }));
}
