// Ledger and POS read routes (issue 5): the server's Z report per session, the trial balance,
// the journal browser, exceptions, invoices, and the admin's chart of accounts.
// Managers and admins read; only admins change the chart. A till may read its own sessions.
// Request schemas: shared/admin-api/ledger.ts.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AccountCodeParams, AccountCreate, AccountPatch, AccountRoleBody, AccountRoleParams, ExceptionsQuery, InvoicesQuery, JournalQuery } from '../../../shared/admin-api/ledger.ts';
import { IdParams } from '../../../shared/admin-api/warehouse.ts';
import type { Db } from '../../db/db.ts';
import { assignRole, ChartError, createAccount, updateAccount } from '../../ledger/chart-admin.ts';
import { chartOfAccounts, journal, trialBalance } from '../../ledger/ledger-queries.ts';
import { listExceptions } from '../../pos/exception-queries.ts';
import { sessionReport } from '../../pos/session-report.ts';
import { authenticateDevice, authenticateUser, bearerToken } from '../auth.ts';
import { forbidden, HttpError, notFound } from '../errors.ts';
import { isOperatorRequest } from '../../admin/actor.ts';

// The local operator (the CLI's `aisle api`) counts as an admin.
async function manager(db: Db, req: FastifyRequest): Promise<void> {
  if (isOperatorRequest(req)) return;
  const user = await authenticateUser(db, req);
  if (user.role !== 'manager' && user.role !== 'admin') throw forbidden('managers and admins only');
}

async function admin(db: Db, req: FastifyRequest): Promise<void> {
  if (isOperatorRequest(req)) return;
  const user = await authenticateUser(db, req);
  if (user.role !== 'admin') throw forbidden('admins only');
}

/** Long pages are cut rather than refused, as before the schema (a caller asking 5,000 gets 1,000). */
const limitOf = (n: number | undefined, fallback = 100, max = 1000): number => Math.min(n ?? fallback, max);

function chartError(err: unknown): never {
  if (err instanceof ChartError) throw new HttpError(err.code === 'no_account' ? 404 : 409, err.code, err.message);
  throw err;
}

export function registerLedgerRoutes(fastify: FastifyInstance, db: Db): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get('/api/sessions/:id/report', { schema: { params: IdParams } }, async (req) => {
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

  app.get('/api/accounting/journal', { schema: { querystring: JournalQuery } }, async (req) => {
    await manager(db, req);
    const { limit, ...rest } = req.query;
    return { entries: await journal(db, { ...rest, limit: limitOf(limit) }) };
  });

  app.get('/api/accounting/accounts', async (req) => {
    await manager(db, req);
    return { accounts: await chartOfAccounts(db) };
  });

  app.post('/api/accounting/accounts', { schema: { body: AccountCreate } }, async (req, reply) => {
    await admin(db, req);
    await createAccount(db, req.body).catch(chartError);
    return reply.status(201).send({ code: req.body.code });
  });

  app.patch('/api/accounting/accounts/:code', { schema: { params: AccountCodeParams, body: AccountPatch } }, async (req) => {
    await admin(db, req);
    await updateAccount(db, req.params.code, req.body).catch(chartError);
    return { code: req.params.code };
  });

  app.put('/api/accounting/roles/:role', { schema: { params: AccountRoleParams, body: AccountRoleBody } }, async (req) => {
    await admin(db, req);
    await assignRole(db, req.params.role, req.body.accountCode).catch(chartError);
    return { role: req.params.role, accountCode: req.body.accountCode };
  });

  app.get('/api/exceptions', { schema: { querystring: ExceptionsQuery } }, async (req) => {
    await manager(db, req);
    const { status, limit, ...rest } = req.query;
    return { exceptions: await listExceptions(db, { ...rest, status: status ?? 'open', limit: limitOf(limit) }) };
  });

  app.get('/api/invoices', { schema: { querystring: InvoicesQuery } }, async (req) => {
    await manager(db, req);
    const rows = await db.query(
      `SELECT number, kind, sale_id AS "saleId", order_id AS "orderId", customer_id AS "customerId", issued_at AS "issuedAt", currency, total, tax_lines AS "taxLines", lines
       FROM invoices WHERE ($1::text IS NULL OR sale_id = $1) AND ($2::text IS NULL OR number = $2) ORDER BY number DESC LIMIT 200`,
      [req.query.saleId ?? null, req.query.number ?? null],
    );
    return { invoices: rows.map((r) => ({ ...r, total: Number((r as { total: string }).total) })) };
  });
}
