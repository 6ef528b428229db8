// A site asks another for stock from one of its devices (issue 16 point 5): a store's till
// (`POST /api/till/transfer-requests`, docs/till.md "Request stock") or a store's or warehouse's
// scanner station (`POST /api/scanner/transfer-requests`, docs/scanner-station.md "Request stock"),
// with the device's token. Both are the back office's transfer request (transfers.ts
// requestTransfer: a shipment in state `requested` at the source, nothing reserved until the source
// accepts) to the device's own site, in the name of a person the device names. One function serves
// both; what differs is who of the site may ask:
// - at a till, a supervisor of that store (logged in, or approving with their PIN);
// - at a station, the station's users — a picker or a supervisor of that site: a request is only a
//   request (the source accepts or declines it), so the picker who sees the shelf empty may ask.
// Managers and admins may ask anywhere (they are tied to no site, so their PINs reach no device:
// shared/users/user-rules.ts). The server checks that the person is active, of such a role and
// working at the device's site; the audit log says who asked from which device. Online only — the
// devices say so when offline; nothing is queued.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { DeviceTransferRequestBody, TransferRequested } from '../../../shared/admin-api/warehouse-moves.ts';
import { counted } from '../../../shared/text/count.ts';
import { auditSiteNames, recordAudit } from '../../admin/audit.ts';
import type { Db } from '../../db/db.ts';
import type { DeviceRole } from '../../devices/pairing.ts';
import type { UserRole } from '../../users/users.ts';
import { requestTransfer } from '../../warehouse/transfers.ts';
import { authenticateDevice, type DeviceIdentity } from '../auth.ts';
import { forbidden } from '../errors.ts';
import { asHttp } from './warehouse-routes.ts';

/** Who may ask for stock from one kind of device, and how the device is named in the audit log. */
export interface RequestDesk {
  role: DeviceRole;
  path: string;
  /** Roles of the device's own site that may ask (managers and admins always may). */
  siteRoles: readonly UserRole[];
  /** "till" / "station": "sam at till Till 1". */
  noun: string;
  /** The 403 for a device of another role. */
  wrongDevice: string;
  /** The 403 for a person who may not ask, in the words of the person at the device. */
  refused: (name: string) => string;
}

export const REQUEST_DESKS: readonly RequestDesk[] = [
  {
    role: 'till',
    path: '/api/till/transfer-requests',
    siteRoles: ['supervisor'],
    noun: 'till',
    wrongDevice: 'only a store’s tills request stock here',
    refused: (name) => `${name} may not request stock for this store: a supervisor of the store approves it with their PIN.`,
  },
  {
    role: 'scanner',
    path: '/api/scanner/transfer-requests',
    siteRoles: ['picker', 'supervisor'],
    noun: 'station',
    wrongDevice: 'only scanner stations request stock here',
    refused: (name) => `${name} may not request stock for this site: a picker or supervisor who works here logs in at the station to ask.`,
  },
];

/** The request of one device for its own site, checked, made and audited. */
export async function requestStockAtDevice(db: Db, desk: RequestDesk, device: DeviceIdentity, body: DeviceTransferRequestBody): Promise<TransferRequested> {
  const [user] = await db.query<{ username: string; display_name: string; role: UserRole; active: boolean; here: boolean }>(
    'SELECT username, display_name, role, active, EXISTS (SELECT 1 FROM user_sites us WHERE us.user_id = u.id AND us.site_id = $2) AS here FROM users u WHERE id = $1',
    [body.requestedBy, device.siteId],
  );
  // A cashier never asks; the role is recorded in the audit row as it is.
  const role = user?.active === true && user.role !== 'cashier' && (user.role === 'manager' || user.role === 'admin' || (desk.siteRoles.includes(user.role) && user.here)) ? user.role : null;
  if (!user || !role) throw forbidden(desk.refused(user?.display_name ?? 'This user'));
  const [site] = await db.query<{ code: string }>('SELECT code FROM sites WHERE id = $1', [device.siteId]);
  const made = await asHttp(() => requestTransfer(db, {
    fromSite: body.fromSite, toSite: site?.code ?? '', lines: body.lines, ...(body.note ? { note: body.note } : {}),
  }, body.requestedBy));
  const at = `${desk.noun} ${device.name}`;
  const siteName = await auditSiteNames(db, [made.toSite, made.fromSite]);
  await recordAudit(db, { kind: 'user', userId: body.requestedBy, name: `${user.username} at ${at}`, role },
    { action: 'transfer.request', entity: 'picking', entityId: made.pickingId, summary: `${made.reference}: ${siteName(made.toSite)} requested ${counted(body.lines.length, 'line')} from ${siteName(made.fromSite)} at ${at}`, after: body });
  return made;
}

export function registerDeviceTransferRoutes(app: FastifyInstance, db: Db): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  for (const desk of REQUEST_DESKS) {
    // Authenticated before the body is validated (auth before work, tests/sync/auth-first).
    const devices = new WeakMap<FastifyRequest, DeviceIdentity>();
    const preValidation = async (req: FastifyRequest): Promise<void> => {
      const device = await authenticateDevice(db, req);
      if (device.role !== desk.role) throw forbidden(desk.wrongDevice);
      devices.set(req, device);
    };
    r.post(desk.path, { preValidation, schema: { body: DeviceTransferRequestBody, response: { 201: TransferRequested, ...errorResponses } } }, async (req, reply) => {
      const device = devices.get(req);
      if (!device) throw forbidden(desk.wrongDevice);
      return reply.status(201).send(await requestStockAtDevice(db, desk, device, req.body));
    });
  }
}
