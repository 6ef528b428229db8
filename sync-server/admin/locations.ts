// A site's stock locations for the back office: listed (internal ones, which carry labels) and
// created under the site's Stock or another internal location. A new location is published to
// the site's scanner stations in the same transaction (config entry kind 'location') and audited.
import { v7 as uuidv7 } from 'uuid';
import type { Location, LocationCreate, LocationList } from '../../shared/admin-api/sites.ts';
import type { Db, Queryable } from '../db/db.ts';
import { publishLocations } from '../feed/config-docs.ts';
import { lockFeed } from '../feed/publish.ts';
import { badRequest, HttpError } from '../http/errors.ts';
import type { Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { siteIdOf } from './sites.ts';

interface LocationRow { id: string; name: string; full_name: string; barcode: string | null; usage: string; active: boolean }

const toLocation = (r: LocationRow): Location => ({ id: r.id, name: r.name, fullName: r.full_name, barcode: r.barcode ?? r.full_name, usage: r.usage, active: r.active });

export async function listLocations(q: Queryable, code: string): Promise<LocationList> {
  const site = await siteIdOf(q, code);
  const rows = await q.query<LocationRow>(
    "SELECT id, name, full_name, barcode, usage, active FROM locations WHERE site_id = $1 AND usage = 'internal' ORDER BY full_name",
    [site.id],
  );
  return { site: { code, name: site.name }, locations: rows.map(toLocation) };
}

export async function createLocation(db: Db, actor: Actor, code: string, input: LocationCreate): Promise<Location> {
  const name = input.name.trim();
  return db.transaction(async (tx) => {
    const site = await siteIdOf(tx, code);
    const parentName = input.parent ?? `${code}/Stock`;
    const [parent] = await tx.query<{ id: string }>("SELECT id FROM locations WHERE site_id = $1 AND full_name = $2 AND usage = 'internal' AND active", [site.id, parentName]);
    if (!parent) throw badRequest(`there is no active location ${parentName} in ${code} to put it under`);
    const fullName = `${parentName}/${name}`;
    await lockFeed(tx);
    const [taken] = await tx.query<{ full_name: string }>('SELECT full_name FROM locations WHERE (site_id = $1 AND full_name = $2) OR barcode = $2', [site.id, fullName]);
    if (taken) throw new HttpError(409, 'location_exists', `${fullName} already exists`);
    const id = uuidv7();
    await tx.query("INSERT INTO locations (id, site_id, parent_id, name, full_name, usage, barcode) VALUES ($1, $2, $3, $4, $5, 'internal', $5)", [id, site.id, parent.id, name, fullName]);
    await publishLocations(tx, [site.id]);
    const location: Location = { id, name, fullName, barcode: fullName, usage: 'internal', active: true };
    await recordAudit(tx, actor, { action: 'location.create', entity: 'location', entityId: id, summary: `created location ${fullName}`, after: location });
    return location;
  });
}
