// Ledger and POS read routes (issue 5): the server's Z report per session, the trial balance,
// the journal browser, exceptions, invoices, and the admin's chart of accounts.
// Managers and admins read; only admins change the chart. A till may read its own sessions.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../../db/db.ts';
import { assignRole, ChartError, createAccount, updateAccount } from '../../ledger/chart-admin.ts';
import { chartOfAccounts, journal, trialBalance } from '../../ledger/ledger-queries.ts';
import { listExceptions } from '../../pos/exception-queries.ts';
import { sessionReport } from '../../pos/session-report.ts';
import type { SessionUser } from '../../users/users.ts';
import { authenticateDevice, authenticateUser, bearerToken } from '../auth.ts';
import { badRequest, forbidden, HttpError, notFound } from '../errors.ts';

async function manager(db: Db, req: FastifyRequest): Promise<SessionUser> {
  const user = await authenticateUser(db, req);
  if (user.role !== 'manager' && user.role !== 'admin') throw forbidden('managers and admins only');
  return user;
}

async function admin(db: Db, req: FastifyRequest): Promise<SessionUser> {
  const user = await authenticateUser(db, req);
  if (user.role !== 'admin') throw forbidden('admins only');
  return user;
}

function limitOf(raw: string | undefined, fallback = 100, max = 1000): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw badRequest('limit must be a positive integer');
  return Math.min(n, max);
}

function optionalInt(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw badRequest(`${name} must be an integer`);
  return n;
}

function optionalDate(name: string, raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (Number.isNaN(Date.parse(raw))) throw badRequest(`${name} must be an ISO-8601 date`);
  return raw;
}

function chartError(err: unknown): never {
  if (err instanceof ChartError) throw new HttpError(err.code === 'no_account' ? 404 : 409, err.code, err.message);
  throw err;
}

const accountBody = {
  type: 'object',
  properties: {
    code: { type: 'string', pattern: '^[0-9A-Za-z._-]{1,20}$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    type: { type: 'string', enum: ['asset', 'liability', 'equity', 'revenue', 'expense'] },
  },
  required: ['code', 'name', 'type'],
  additionalProperties: false,
} as const;

export function registerLedgerRoutes(app: FastifyInstance, db: Db): void {
  app.get<{ Params: { id: string } }>('/api/sessions/:id/report', async (req) => {
    // Auth before work: a till (its own sessions only) or a manager, then the query.
    const device = bearerToken(req) ? await authenticateDevice(db, req).catch(() => null) : null;
    if (!device) await manager(db, req);
    const report = await sessionReport(db, req.params.id);
    if (device && report?.tillId !== device.deviceId) throw notFound(`no session ${req.params.id} for this till`);
    if (!report) throw notFound(`no session ${req.params.id}`);
    return report;
  });

  app.get('/api/accounting/trial-balance', async (req) => {
    await manager(db, req);
    return trialBalance(db);
  });

  app.get<{ Querystring: { from?: string; to?: string; account?: string; eventId?: string; siteId?: string; before?: string; limit?: string } }>(
    '/api/accounting/journal',
    async (req) => {
      await manager(db, req);
      const q = req.query;
      const from = optionalDate('from', q.from);
      const to = optionalDate('to', q.to);
      const before = optionalInt('before', q.before);
      return {
        entries: await journal(db, {
          limit: limitOf(q.limit),
          ...(from ? { from } : {}), ...(to ? { to } : {}), ...(before !== undefined ? { before } : {}),
          ...(q.account ? { account: q.account } : {}), ...(q.eventId ? { eventId: q.eventId } : {}), ...(q.siteId ? { siteId: q.siteId } : {}),
        }),
      };
    },
  );

  app.get('/api/accounting/accounts', async (req) => {
    await manager(db, req);
    return { accounts: await chartOfAccounts(db) };
  });

  app.post<{ Body: { code: string; name: string; type: 'asset' | 'liability' | 'equity' | 'revenue' | 'expense' } }>(
    '/api/accounting/accounts',
    { schema: { body: accountBody } },
    async (req, reply) => {
      await admin(db, req);
      await createAccount(db, req.body).catch(chartError);
      return reply.status(201).send({ code: req.body.code });
    },
  );

  app.patch<{ Params: { code: string }; Body: { name?: string; active?: boolean } }>(
    '/api/accounting/accounts/:code',
    { schema: { body: { type: 'object', properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, active: { type: 'boolean' } }, additionalProperties: false } } },
    async (req) => {
      await admin(db, req);
      await updateAccount(db, req.params.code, req.body).catch(chartError);
      return { code: req.params.code };
    },
  );

  app.put<{ Params: { role: string }; Body: { accountCode: string } }>(
    '/api/accounting/roles/:role',
    { schema: { body: { type: 'object', properties: { accountCode: { type: 'string', minLength: 1, maxLength: 20 } }, required: ['accountCode'], additionalProperties: false } } },
    async (req) => {
      await admin(db, req);
      await assignRole(db, req.params.role, req.body.accountCode).catch(chartError);
      return { role: req.params.role, accountCode: req.body.accountCode };
    },
  );

  app.get<{ Querystring: { status?: string; code?: string; siteId?: string; before?: string; limit?: string } }>('/api/exceptions', async (req) => {
    await manager(db, req);
    const status = req.query.status ?? 'open';
    if (status !== 'open' && status !== 'resolved' && status !== 'all') throw badRequest('status must be open, resolved or all');
    const before = optionalInt('before', req.query.before);
    return {
      exceptions: await listExceptions(db, {
        status, limit: limitOf(req.query.limit),
        ...(req.query.code ? { code: req.query.code } : {}), ...(req.query.siteId ? { siteId: req.query.siteId } : {}), ...(before !== undefined ? { before } : {}),
      }),
    };
  });

  app.get<{ Querystring: { saleId?: string; number?: string } }>('/api/invoices', async (req) => {
    await manager(db, req);
    const rows = await db.query(
      `SELECT number, kind, sale_id AS "saleId", order_id AS "orderId", customer_id AS "customerId", issued_at AS "issuedAt", currency, total, tax_lines AS "taxLines", lines
       FROM invoices WHERE ($1::text IS NULL OR sale_id = $1) AND ($2::text IS NULL OR number = $2) ORDER BY number DESC LIMIT 200`,
      [req.query.saleId ?? null, req.query.number ?? null],
    );
    return { invoices: rows.map((r) => ({ ...r, total: Number((r as { total: string }).total) })) };
  });
}
