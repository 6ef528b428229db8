// A store's till requests stock from another site (issue 16 point 5, docs/till.md "Request stock"):
// `POST /api/till/transfer-requests` with the till's device token. It is the back office's transfer
// request (transfers.ts requestTransfer: a shipment in state `requested` at the source, nothing
// reserved until the source accepts) to the till's own store, made by the store's authority at the
// till: a supervisor of that store (logged in, or approving with their PIN — managers and admins
// are tied to no site, so their PINs reach no till: shared/users/user-rules.ts), or a manager or
// admin. The till names them, like every approval it records; the server checks that they are
// active, of such a role, and — a supervisor — working at the till's store; the audit log says who
// asked from which till. Online only — the till says so when it is offline; nothing is queued.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../../../shared/admin-api/errors.ts';
import { TillTransferRequestBody, TransferRequested } from '../../../shared/admin-api/warehouse-moves.ts';
import { recordAudit } from '../../admin/audit.ts';
import type { Db } from '../../db/db.ts';
import { requestTransfer } from '../../warehouse/transfers.ts';
import { authenticateDevice, type DeviceIdentity } from '../auth.ts';
import { forbidden } from '../errors.ts';
import { asHttp } from './warehouse-routes.ts';

export function registerTillTransferRoutes(app: FastifyInstance, db: Db): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  // Authenticated before the body is validated (auth before work, tests/sync/auth-first).
  const devices = new WeakMap<FastifyRequest, DeviceIdentity>();
  const preValidation = async (req: FastifyRequest): Promise<void> => {
    const device = await authenticateDevice(db, req);
    if (device.role !== 'till') throw forbidden('only a store’s tills request stock here');
    devices.set(req, device);
  };
  r.post('/api/till/transfer-requests', { preValidation, schema: { body: TillTransferRequestBody, response: { 201: TransferRequested, ...errorResponses } } }, async (req, reply) => {
    const device = devices.get(req);
    if (!device) throw forbidden('only a store’s tills request stock here');
    const [user] = await db.query<{ username: string; display_name: string; role: string; active: boolean; here: boolean }>(
      'SELECT username, display_name, role, active, EXISTS (SELECT 1 FROM user_sites us WHERE us.user_id = u.id AND us.site_id = $2) AS here FROM users u WHERE id = $1',
      [req.body.requestedBy, device.siteId],
    );
    const allowed = user?.active === true && (user.role === 'manager' || user.role === 'admin' || (user.role === 'supervisor' && user.here));
    if (!user || !allowed) {
      throw forbidden(`${user?.display_name ?? 'This user'} may not request stock for this store: a supervisor of the store approves it with their PIN.`);
    }
    const [site] = await db.query<{ code: string }>('SELECT code FROM sites WHERE id = $1', [device.siteId]);
    const t = await asHttp(() => requestTransfer(db, {
      fromSite: req.body.fromSite, toSite: site?.code ?? '', lines: req.body.lines, ...(req.body.note ? { note: req.body.note } : {}),
    }, req.body.requestedBy));
    await recordAudit(db, { kind: 'user', userId: req.body.requestedBy, name: `${user.username} at till ${device.name}`, role: user.role === 'admin' ? 'admin' : 'manager' },
      { action: 'transfer.request', entity: 'picking', entityId: t.pickingId, summary: `${t.reference}: ${t.toSite} requested ${req.body.lines.length === 1 ? '1 line' : `${req.body.lines.length} lines`} from ${t.fromSite} at till ${device.name}`, after: req.body });
    return reply.status(201).send(t);
  });
}
