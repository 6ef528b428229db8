// Config entries (shared/schemas/config-entry.ts) built from master data and published to the
// feed. Sites go to their own site's devices, the device entry to the device alone, the rest to
// everyone. Users carry their PIN hash only — never a raw PIN, never a password hash — and only
// to the devices of the sites where they work (publishUsers).
import type { UserRole } from '../../shared/admin-api/operations.ts';
import { type SiteKind, servedSiteKinds } from '../../shared/users/user-rules.ts';
import type { Tx } from '../db/db.ts';
import { sha256Hex } from '../security/secrets.ts';
import { publishPricing } from './pricing-docs.ts';
import { publishStoredValueConfig } from './stored-value-docs.ts';
import { deviceScope, type FeedDoc, publishDocs, scopeAll, siteScope } from './publish.ts';

export const APPROVALS_CONFIG_ID = 'approvals';

interface SiteRow {
  id: string; code: string; name: string; kind: string; currency: string; address: string | null; cash_rounding: number; time_zone: string; updated_at: Date;
  count_shows_expected: boolean; stations: { id: string; name: string }[] | null; quick_keys: unknown[] | null;
  receipt_header: string[]; receipt_footer: string[]; tenders: string[] | null; country: string | null;
}
interface TaxRow {
  id: string; name: string; rate: number; compound: boolean; active: boolean; updated_at: Date;
  next_rate: string | null; next_from: Date | string | null; next_name: string | null;
}
interface TenderRow { id: string; method: string; label: string; is_cash: boolean; active: boolean; updated_at: Date }
interface UserRow { id: string; username: string; display_name: string; role: UserRole; pin_hash: string | null; active: boolean; updated_at: Date }

const iso = (d: Date | string): string => new Date(d).toISOString();

export async function publishSites(tx: Tx, ids?: readonly string[]): Promise<void> {
  const rows = await tx.query<SiteRow>(
    `SELECT s.id, s.code, s.name, s.kind, s.currency, s.address, s.cash_rounding, s.time_zone, s.updated_at, s.count_shows_expected, s.quick_keys,
            s.receipt_header, s.receipt_footer, s.tenders, s.country,
            (SELECT jsonb_agg(jsonb_build_object('id', d.id, 'name', d.name) ORDER BY d.name, d.id) FROM devices d
             WHERE d.site_id = s.id AND d.role = 'scanner' AND d.revoked_at IS NULL) AS stations
     FROM sites s ${ids ? 'WHERE s.id = ANY($1::text[])' : ''}`,
    ids ? [[...ids]] : [],
  );
  const docs: FeedDoc[] = rows.map((s) => ({
    id: s.id,
    scope: siteScope(s.id),
    doc: {
      id: s.id,
      kind: 'site',
      data: {
        code: s.code, name: s.name, kind: s.kind, currency: s.currency, cashRounding: s.cash_rounding, timeZone: s.time_zone, ...(s.address ? { address: s.address } : {}),
        ...(s.kind === 'warehouse' ? { countShowsExpected: s.count_shows_expected, stations: s.stations ?? [] } : {}),
        // A store with a scanner station (ship from store): its stations know each other too.
        ...(s.kind === 'store' && s.stations ? { stations: s.stations } : {}),
        ...(s.quick_keys ? { quickKeys: s.quick_keys } : {}),
        ...(s.receipt_header.length ? { receiptHeader: s.receipt_header } : {}),
        ...(s.receipt_footer.length ? { receiptFooter: s.receipt_footer } : {}),
        ...(s.tenders ? { tenders: s.tenders } : {}),
        ...(s.country ? { country: s.country } : {}),
      },
      updatedAt: iso(s.updated_at),
    },
  }));
  await publishDocs(tx, 'config', docs);
}

/**
 * A retired tax stays in the tills' config, marked `active: false`, rather than being withdrawn: the
 * till names taxes from its config on receipts it reprints and on the session's X/Z report, which
 * may hold sales made with it, and a till whose product documents are not yet synced still charges
 * it at its rate rather than at 0 %. No product carries a retired tax (migration 126), so a synced
 * till sells with none.
 */
export async function publishTaxesAndTenders(tx: Tx): Promise<void> {
  const taxes = await tx.query<TaxRow>(
    `SELECT t.id, t.name, t.rate, t.compound, t.active, t.updated_at, c.rate::text AS next_rate, c.effective_at AS next_from, c.name AS next_name
     FROM taxes t LEFT JOIN tax_rate_changes c ON c.tax_id = t.id`,
  );
  const tenders = await tx.query<TenderRow>('SELECT id, method, label, is_cash, active, updated_at FROM tenders');
  const docs: FeedDoc[] = [
    ...taxes.map((t) => ({
      id: t.id,
      scope: scopeAll,
      doc: { id: t.id, kind: 'tax', data: { name: t.name, rate: t.rate, compound: t.compound, ...(t.active ? {} : { active: false }), ...nextRate(t) }, updatedAt: iso(t.updated_at) },
    })),
    ...tenders.map((t) => ({
      id: t.id,
      scope: scopeAll,
      deleted: !t.active,
      doc: { id: t.id, kind: 'tender', data: { method: t.method, label: t.label, isCash: t.is_cash }, updatedAt: iso(t.updated_at) },
    })),
  ];
  await publishDocs(tx, 'config', docs);
}

/** A tax's scheduled rate (migration 134), which a till switches to at its instant on its own (shared/tax/rate-at.ts). */
function nextRate(t: TaxRow): { next?: { rate: number; from: string; name?: string } } {
  if (t.next_rate === null || t.next_from === null) return {};
  return { next: { rate: Number(t.next_rate), from: new Date(t.next_from).toISOString(), ...(t.next_name ? { name: t.next_name } : {}) } };
}

/** The config entry id of a user's entry for one site (short enough for the config id field). */
export function siteUserEntryId(userId: string, siteId: string): string {
  return `u:${sha256Hex(`${userId}|${siteId}`).slice(0, 40)}`;
}


/**
 * Users go out twice. Everyone gets the company-wide entry (names for display, no PIN hash);
 * the devices of a site get, in the site's scope, an entry with the PIN hash of each user who
 * works there in a role the site's devices serve — nobody else's hash reaches a device
 * (docs/till.md, "PINs and a stolen device").
 */
export async function publishUsers(tx: Tx, ids?: readonly string[]): Promise<void> {
  const rows = await tx.query<UserRow & { sites: { id: string; kind: SiteKind }[] | null }>(
    `SELECT u.id, u.username, u.display_name, u.role, u.pin_hash, u.active, u.updated_at,
            (SELECT jsonb_agg(jsonb_build_object('id', s.id, 'kind', s.kind)) FROM user_sites us JOIN sites s ON s.id = us.site_id WHERE us.user_id = u.id) AS sites
     FROM users u ${ids ? 'WHERE u.id = ANY($1::text[])' : ''}`,
    ids ? [[...ids]] : [],
  );
  const docs: FeedDoc[] = [];
  for (const u of rows) {
    const data = { username: u.username, displayName: u.display_name, role: u.role, active: u.active };
    docs.push({ id: u.id, scope: scopeAll, doc: { id: u.id, kind: 'user', data, updatedAt: iso(u.updated_at) } });
    for (const site of u.sites ?? []) {
      if (!u.pin_hash || !servedSiteKinds(u.role).includes(site.kind)) continue;
      const id = siteUserEntryId(u.id, site.id);
      docs.push({ id, scope: siteScope(site.id), doc: { id, kind: 'user', data: { ...data, userId: u.id, pinHash: u.pin_hash }, updatedAt: iso(u.updated_at) } });
    }
  }
  // Entries of sites a user no longer works at (or of a PIN removed) are withdrawn.
  const wanted = new Set(docs.map((d) => d.id));
  const stale = await tx.query<{ id: string; scope: string; doc: object }>(
    `SELECT id, scope, doc #- '{data,pinHash}' AS doc FROM replicated_docs WHERE collection = 'config' AND NOT deleted AND doc->>'kind' = 'user' AND doc->'data' ? 'userId'
       ${ids ? `AND doc->'data'->>'userId' = ANY($1::text[])` : ''}`,
    ids ? [[...ids]] : [],
  );
  for (const old of stale) if (!wanted.has(old.id)) docs.push({ id: old.id, scope: old.scope, deleted: true, doc: old.doc });
  await publishDocs(tx, 'config', docs);
}

export async function publishApprovals(tx: Tx): Promise<void> {
  const [row] = await tx.query<{ value: object; updated_at: Date }>("SELECT value, updated_at FROM settings WHERE key = 'approvals'");
  if (!row) return;
  await publishDocs(tx, 'config', [
    { id: APPROVALS_CONFIG_ID, scope: scopeAll, doc: { id: APPROVALS_CONFIG_ID, kind: 'approvals', data: row.value, updatedAt: iso(row.updated_at) } },
  ]);
}

export async function publishDevice(tx: Tx, deviceId: string): Promise<void> {
  const [d] = await tx.query<{ id: string; name: string; role: string; site_id: string; paired_at: Date; revoked_at: Date | null }>(
    'SELECT id, name, role, site_id, paired_at, revoked_at FROM devices WHERE id = $1',
    [deviceId],
  );
  if (!d) return;
  await publishDocs(tx, 'config', [
    {
      id: d.id,
      scope: deviceScope(d.id),
      deleted: d.revoked_at !== null,
      doc: { id: d.id, kind: 'device', data: { name: d.name, role: d.role, siteId: d.site_id }, updatedAt: iso(d.paired_at) },
    },
  ]);
  // The site's stations know each other by name (who holds a picking).
  if (d.role === 'scanner') await publishSites(tx, [d.site_id]);
}

/** Republishes every config entry that is not per-device (after a seed or an import). */
/** Internal locations of each site (or of the given sites), for scanner stations' offline checks. */
export async function publishLocations(tx: Tx, siteIds?: readonly string[]): Promise<void> {
  const rows = await tx.query<{ id: string; site_id: string; name: string; full_name: string; barcode: string | null }>(
    `SELECT id, site_id, name, full_name, barcode FROM locations WHERE usage = 'internal' AND active ${siteIds ? 'AND site_id = ANY($1::text[])' : ''}`,
    siteIds ? [[...siteIds]] : [],
  );
  const now = new Date().toISOString();
  await publishDocs(tx, 'config', rows.map((l) => ({
    id: `location:${l.id}`,
    scope: siteScope(l.site_id),
    doc: { id: `location:${l.id}`, kind: 'location', data: { fullName: l.full_name, name: l.name, ...(l.barcode ? { barcode: l.barcode } : {}) }, updatedAt: now },
  })));
}

export async function publishAllConfig(tx: Tx): Promise<void> {
  await publishLocations(tx);
  await publishSites(tx);
  await publishTaxesAndTenders(tx);
  await publishUsers(tx);
  await publishApprovals(tx);
  await publishPricing(tx);
  await publishStoredValueConfig(tx);
}
