// Central reports API (issue 8): every route under /api/reports/ for managers and admins (401
// without a session, 403 for other roles), replay of dead letters for admins only, and logout.
// Each page's numbers come from one query module in sync-server/reports/.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NumericIdParams, ResolveBody } from '../../../shared/admin-api/ledger.ts';
import { ReportQuery } from '../../../shared/reports/report-query.ts';
import type { Db } from '../../db/db.ts';
import type { EventRegistry } from '../../events/registry.ts';
import { accountingTrialBalance, eventDetail, journalPage, profitAndLoss } from '../../reports/accounting.ts';
import { foldSalesAggregates } from '../../reports/aggregates.ts';
import { cashReport } from '../../reports/cash.ts';
import { dashboard } from '../../reports/dashboard.ts';
import { ExceptionResolveError, exceptionsReport, resolveException } from '../../reports/exceptions.ts';
import { parseFilters, ReportFilterError, type ReportFilters } from '../../reports/filters.ts';
import { existingTables } from '../../reports/optional-tables.ts';
import { overview } from '../../reports/overview.ts';
import { salesReport } from '../../reports/sales.ts';
import { promotionsReport } from '../../reports/promotions.ts';
import { productMoves, productStock, stockReport } from '../../reports/stock.ts';
import { ReplayError, replayDeadLetter, syncHealth } from '../../reports/sync-health.ts';
import { warehouseReport } from '../../reports/warehouse.ts';
import { registerReplicaStatus } from './replica-status.ts';
import { sha256Hex } from '../../security/secrets.ts';
import type { SessionUser } from '../../users/users.ts';
import { authenticateUser, bearerToken, SESSION_COOKIE } from '../auth.ts';
import { badRequest, forbidden, HttpError, notFound } from '../errors.ts';
import { isOperatorRequest } from '../../admin/actor.ts';

/** Who reads or acts: a user, or the local operator (no account: `userId` null, an admin). */
type ReportCaller = Pick<SessionUser, 'role'> & { userId: string | null };

/** Callers already authenticated by the reports hook, so that a handler does not query again. */
const authenticated = new WeakMap<FastifyRequest, ReportCaller>();

async function requireRole(db: Db, req: FastifyRequest, roles: readonly SessionUser['role'][]): Promise<ReportCaller> {
  if (isOperatorRequest(req)) return { userId: null, role: 'admin' };
  const user = authenticated.get(req) ?? (await authenticateUser(db, req));
  if (!roles.includes(user.role)) throw forbidden(`reports are for ${roles.join(' and ')} accounts; ${user.role} may not open them`);
  return user;
}

const manager = (db: Db, req: FastifyRequest): Promise<ReportCaller> => requireRole(db, req, ['manager', 'admin']);

/**
 * Filters from the query string; `site` may be a site id or code. The zone is the site's, or
 * with all sites the first site's by code (the UI says so when the sites' zones differ).
 */
async function filters(db: Db, q: ReportQuery): Promise<ReportFilters> {
  const wanted = q.site && q.site !== 'all' ? q.site : null;
  const [site] = await db.query<{ id: string; time_zone: string }>(
    'SELECT id, time_zone FROM sites WHERE $1::text IS NULL OR id = $1 OR code = $1 ORDER BY code LIMIT 1',
    [wanted],
  );
  try {
    const f = parseFilters(q, new Date(), site?.time_zone ?? 'UTC');
    if (f.siteId && !site) throw badRequest(`no site ${f.siteId}`);
    return f.siteId && site ? { ...f, siteId: site.id } : f;
  } catch (err) {
    if (err instanceof ReportFilterError) throw badRequest(err.message);
    throw err;
  }
}

/**
 * `read` is where report queries run: the primary, or a hot standby (DATABASE_REPLICA_URL).
 * Sign-in, folding, resolving and replaying always use the primary `db`.
 */
export function registerReports(app: FastifyInstance, db: Db, registry: EventRegistry, read: Db = db): void {
  registerReplicaStatus(app, db, read);
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const withFilters = { schema: { querystring: ReportQuery } };
  // Auth before work: the caller is checked first; then every committed till sale is folded into
  // the aggregates before a report reads them.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/reports/')) return;
    const roles: SessionUser['role'][] = req.routeOptions.url === '/api/reports/dead-letters/:id/replay' ? ['admin'] : ['manager', 'admin'];
    authenticated.set(req, await requireRole(db, req, roles));
    await foldSalesAggregates(db, { wait: true });
  });
  app.post('/api/auth/logout', async (req: FastifyRequest, reply: FastifyReply) => {
    const token = bearerToken(req) ?? req.cookies[SESSION_COOKIE];
    if (token) await db.query('DELETE FROM auth_sessions WHERE token_hash = $1', [sha256Hex(token)]);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { loggedOut: true };
  });

  app.get('/api/reports/me', async (req) => manager(db, req));

  app.get('/api/reports/filters', async (req) => {
    await manager(db, req);
    const sites = await read.query<{ id: string; code: string; name: string; kind: string; currency: string; timeZone: string }>(
      'SELECT id, code, name, kind, currency, time_zone AS "timeZone" FROM sites ORDER BY code',
    );
    const hasOrders = (await existingTables(read, ['orders'])).has('orders');
    const hasChannels = (await existingTables(read, ['channels'])).has('channels');
    // Channels by their names (the back office names them; the tills' own channel is 'pos').
    const channels = await read.query<{ code: string; name: string }>(
      `SELECT c.code, ${hasChannels ? `coalesce(n.name, CASE WHEN c.code = 'pos' THEN 'Tills (point of sale)' ELSE c.code END)` : `CASE WHEN c.code = 'pos' THEN 'Tills (point of sale)' ELSE c.code END`} AS name
         FROM (SELECT 'pos' AS code UNION SELECT DISTINCT channel FROM sales_daily ${hasOrders ? 'UNION SELECT DISTINCT channel FROM orders' : ''}) c
         ${hasChannels ? 'LEFT JOIN channels n ON n.code = c.code' : ''}
        ORDER BY 2`,
    );
    return { sites, channels };
  });

  typed.get('/api/reports/overview', withFilters, async (req) => {
    await manager(db, req);
    return overview(read, await filters(read, req.query));
  });

  typed.get('/api/reports/dashboard', withFilters, async (req) => {
    await manager(db, req);
    return dashboard(read, await filters(read, req.query));
  });

  typed.get('/api/reports/sales', withFilters, async (req) => {
    await manager(db, req);
    return salesReport(read, await filters(read, req.query), req.query.deadDays ?? 60);
  });

  typed.get('/api/reports/stock', withFilters, async (req) => {
    await manager(db, req);
    const f = await filters(read, req.query);
    return stockReport(read, f.siteId, f.timeZone);
  });

  typed.get('/api/reports/stock/product', withFilters, async (req) => {
    await manager(db, req);
    const search = req.query.q?.trim();
    if (!search) throw badRequest('q (a name, SKU or barcode) is required');
    return productStock(read, search, req.query.product || null, (await filters(read, req.query)).siteId);
  });

  typed.get('/api/reports/stock/moves', withFilters, async (req) => {
    await manager(db, req);
    const product = req.query.product;
    if (!product) throw badRequest('product (id, SKU or barcode) is required');
    const moves = await productMoves(read, product, (await filters(read, req.query)).siteId);
    if (!moves.product) throw notFound(`no product ${product}`);
    return moves;
  });

  typed.get('/api/reports/warehouse', withFilters, async (req) => {
    await manager(db, req);
    return warehouseReport(read, await filters(read, req.query));
  });

  typed.get('/api/reports/cash', withFilters, async (req) => {
    await manager(db, req);
    return cashReport(read, await filters(read, req.query));
  });

  typed.get('/api/reports/promotions', withFilters, async (req) => {
    await manager(db, req);
    return promotionsReport(read, await filters(read, req.query));
  });

  app.get('/api/reports/accounting/trial-balance', async (req) => {
    await manager(db, req);
    return accountingTrialBalance(read);
  });

  typed.get('/api/reports/accounting/profit-loss', withFilters, async (req) => {
    await manager(db, req);
    return profitAndLoss(read, await filters(read, req.query));
  });

  typed.get('/api/reports/accounting/journal', withFilters, async (req) => {
    await manager(db, req);
    const { limit, account, eventId, before } = req.query;
    return journalPage(read, await filters(read, req.query), {
      limit: limit ?? 100,
      ...(account ? { account } : {}),
      ...(eventId ? { eventId } : {}),
      ...(before ? { before } : {}),
    });
  });

  app.get<{ Params: { id: string } }>('/api/reports/events/:id', async (req) => {
    await manager(db, req);
    const event = await eventDetail(read, req.params.id);
    if (!event) throw notFound(`no event ${req.params.id}`);
    return event;
  });

  typed.get('/api/reports/exceptions', withFilters, async (req) => {
    await manager(db, req);
    return exceptionsReport(read, await filters(read, req.query), req.query.kind || null);
  });

  typed.post('/api/reports/exceptions/:id/resolve', { schema: { params: NumericIdParams, body: ResolveBody } }, async (req) => {
    const user = await manager(db, req);
    const note = req.body.note.trim();
    if (!note) throw badRequest('a resolution note is required');
    try {
      return await resolveException(db, req.params.id, user.userId, note);
    } catch (err) {
      if (err instanceof ExceptionResolveError) throw new HttpError(err.code === 'not_found' ? 404 : 409, err.code, err.message);
      throw err;
    }
  });

  typed.get('/api/reports/sync-health', withFilters, async (req) => {
    await manager(db, req);
    return syncHealth(read, (await filters(read, req.query)).siteId);
  });

  typed.post('/api/reports/dead-letters/:id/replay', { schema: { params: NumericIdParams } }, async (req) => {
    const user = await requireRole(db, req, ['admin']);
    try {
      return await replayDeadLetter(db, registry, req.params.id, user.userId);
    } catch (err) {
      if (err instanceof ReplayError) throw new HttpError(err.code === 'not_found' ? 404 : 409, err.code, err.message);
      throw err;
    }
  });
}
