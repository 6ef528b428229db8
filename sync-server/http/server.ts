// The Fastify app: size limits, correlation ids, rate limits, JSON errors, and every route.
// `buildServer` does not listen, so tests run it on port 0 and `serve` on PORT.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { pgErrorCode, type Db } from '../db/db.ts';
import { unstorableReason } from '../db/storable-json.ts';
import { defaultRegistry, type EventRegistry } from '../events/registry.ts';
import { AccessLog } from './access-log.ts';
import { badRequest, HttpError } from './errors.ts';
import { type AjvIssue, validationMessage } from './validation-message.ts';
import { registerAdminRoutes } from './routes/admin-routes.ts';
import { trackRoutes } from './route-table.ts';
import { type RateLimit, registerAccess } from './routes/access.ts';
import { registerHealth } from './routes/health.ts';
import { registerReports } from './routes/reports-routes.ts';
import { foldSalesAggregates } from '../reports/aggregates.ts';
import { releaseUncollectedPickups } from '../warehouse/pickup-expiry.ts';
import { offerStockToWaiting } from '../warehouse/waiting-sweep.ts';
import { OrderInvoiceKick, registerOrderInvoiceKick, sweepOrderInvoices } from '../warehouse/order-invoice-sweep.ts';
import { sharedRun, startPeriodicJob } from './periodic-job.ts';
import { startTaxRateJob } from '../admin/tax-schedule.ts';
import { registerLedgerRoutes } from './routes/ledger-routes.ts';
import { registerStaticUi } from './routes/static-ui.ts';
import { registerWebDefaults } from './web-defaults.ts';
import { registerStock } from './routes/stock.ts';
import { registerStoredValueRoutes } from './routes/stored-value-routes.ts';
import { registerTillCustomerRoutes } from './routes/till-customer-routes.ts';
import { registerTillOrderRoutes } from './routes/till-order-routes.ts';
import { registerTillSaleRoutes } from './routes/till-sale-routes.ts';
import { registerDeviceTransferRoutes } from './routes/device-transfer-routes.ts';
import { registerStream } from './routes/stream.ts';
import { registerSync } from './routes/sync.ts';
import { registerWarehouseAdmin } from './routes/warehouse-admin-routes.ts';
import { registerWarehousePlanning } from './routes/warehouse-planning-routes.ts';
import { registerWarehouseOrders } from './routes/warehouse-routes.ts';
import { registerReturnRequestRoutes } from './routes/return-request-routes.ts';
import { registerWebhookRoutes } from './routes/webhook-routes.ts';
import { startWebhookWorker, type WebhookWorkerOptions } from '../webhooks/delivery.ts';
import { watchAvailability } from '../webhooks/availability-watch.ts';
import { markOperatorRequest } from '../admin/actor.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServerOptions {
  db: Db;
  /** Where report queries run: a hot standby (DATABASE_REPLICA_URL); default `db`. */
  reportsDb?: Db;
  logger?: FastifyServerOptions['logger'];
  /** Request body limit in bytes (413 above it). */
  bodyLimit?: number;
  rateLimits?: { pair?: RateLimit; login?: RateLimit; push?: RateLimit };
  registry?: EventRegistry;
  staticRoot?: string;
  heartbeatMs?: number;
  /** At most one availability hint per SSE stream per this many ms (default 3000; routes/stream.ts). */
  availabilityHintMs?: number;
  /** Push batches applied at once (default: cores + 1; see routes/sync.ts). */
  pushConcurrency?: number;
  /** Token of the local operator (the CLI on this machine; see sync-server/admin/actor.ts). */
  operatorToken?: string;
  /** How often queued till sales are folded into the report aggregates (ms; default 1000). */
  aggregateFoldMs?: number;
  /** Releasing uncollected click-and-collect orders (warehouse/pickup-expiry.ts): how often (ms; default
   *  60 s) and by which clock (tests move time); false: this process does not run it. */
  pickupExpiry?: { intervalMs?: number; now?: () => Date } | false;
  /** Offering free stock to waiting pickings that missed it (warehouse/waiting-sweep.ts): how often (ms;
   *  default 30 s) and by which clock; false: this process does not run it. */
  waitingSweep?: { intervalMs?: number; now?: () => Date } | false;
  /** Applying scheduled tax rates (admin/tax-schedule.ts): the sweep's interval (ms; default 60 s), or false: not in this server. */
  taxRates?: { intervalMs?: number } | false;
  /** Invoicing the orders of channels that invoice on order (warehouse/order-invoice-sweep.ts): the kick
   *  invoices this process's new orders right after their batch commits (`kick: false`: it does not),
   *  the sweep every `intervalMs` (default 30 s; false: not) those any process missed, by `now`;
   *  false: this process does neither. */
  orderInvoices?: { kick?: boolean; intervalMs?: number | false; now?: () => Date } | false;
  /** Serve https with this certificate and key (PEM); its fingerprint goes out with pairing codes. */
  tls?: { cert: string; key: string; fingerprint: string };
  /** The outbound webhook delivery worker of this process (false: none, e.g. a reports-only process). */
  webhooks?: WebhookWorkerOptions | false;
  /** Proxies whose X-Forwarded-For/-Proto/-Host are believed (web-defaults.ts trustProxyFromEnv); default none. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** Serve the renderer's *.map files (AISLE_SOURCEMAPS=1, development only); default: 404. */
  serveSourceMaps?: boolean;
}

export const DEFAULT_BODY_LIMIT = 10 * 1024 * 1024;

/** What a client-chosen request id may look like (a UUID, a trace id, a short token). */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

function isValidationError(err: unknown): err is { validation: AjvIssue[]; validationContext?: string } {
  return typeof err === 'object' && err !== null && 'validation' in err && Array.isArray(err.validation);
}

export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const { db } = options;
  const app = Fastify({
    ...(options.tls ? { https: { cert: options.tls.cert, key: options.tls.key } } : {}),
    logger: options.logger ?? false,
    // One line per request, on its response (access-log.ts).
    logController: new AccessLog(),
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // A client's x-request-id is echoed and logged only if it looks like an id (no log forging,
    // no megabyte ids); anything else gets a fresh one.
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Whose X-Forwarded-* headers count (AISLE_TRUST_PROXY): the client address, and https for Secure cookies.
    trustProxy: options.trustProxy ?? false,
    // verbose: a failed pattern carries its schema, whose description makes the refusal readable
    // ("code must be 1-32 characters of a-z 0-9 _ -", validation-message.ts).
    // multipleOfPrecision: 8.1 is not an exact multiple of 0.0001 in binary floating point (a tax
    // rate's 4 decimals); as the pushed events' validator (events/validate.ts).
    ajv: { customOptions: { verbose: true, multipleOfPrecision: 6 } },
  });
  trackRoutes(app);
  // Every input is checked before any route reads it: a NUL or lone surrogate in a path or query
  // value, or a body nested absurdly deep, would otherwise reach PostgreSQL (or a recursive
  // walker) and come back as a 500. Pushed documents are checked one by one instead
  // (events/apply-push.ts), so that one bad document is dead-lettered and never blocks its batch.
  // The local operator (the CLI's `aisle api`) may call every manager and admin route, not only
  // those registered with its token (admin/actor.ts).
  const { operatorToken } = options;
  if (operatorToken) app.addHook('onRequest', (req, _reply, done) => {
    markOperatorRequest(req, operatorToken);
    done();
  });
  app.addHook('preValidation', async (req) => {
    const parts: [string, unknown][] = [['path', req.params], ['query', req.query]];
    if (!req.routeOptions.url?.endsWith('/push')) parts.push(['body', req.body]);
    for (const [where, value] of parts) {
      const reason = unstorableReason(value);
      if (reason) throw badRequest(`the request ${where} is not valid: ${reason}`);
    }
  });
  app.setErrorHandler((err, req, reply) => {
    if (err instanceof HttpError) return reply.status(err.status).send({ error: err.code, message: err.message });
    if (isValidationError(err)) return reply.status(400).send({ error: 'invalid_request', message: validationMessage(err.validationContext, err.validation) });
    // PostgreSQL class 22 (data exception): a value out of range or of the wrong form, caught by
    // the database rather than by a schema — the request's fault, not the server's.
    if (pgErrorCode(err)?.startsWith('22')) return reply.status(400).send({ error: 'bad_request', message: 'a value in the request is out of range or not valid' });
    const status = typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : 500;
    if (status >= 500) {
      // Never the driver's error code or message: they describe the database, not the request.
      req.log.error({ err }, 'request failed');
      return reply.status(status).send({ error: 'internal_error', message: 'internal error' });
    }
    const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'bad_request';
    return reply.status(status).send({ error: status === 413 ? 'payload_too_large' : code, message: (err as Error).message });
  });
  await app.register(fastifyCookie);
  registerWebDefaults(app);
  await app.register(fastifyRateLimit, { global: false });

  const streams = new Set<() => void>();
  // Keeps the report aggregates current while nobody reads them.
  const folder = startPeriodicJob(() => foldSalesAggregates(db), options.aggregateFoldMs ?? 1000, (err) => app.log.error({ err }, 'folding report aggregates failed'));
  const expiryOptions = options.pickupExpiry === false ? null : (options.pickupExpiry ?? {});
  // The sweeps run in one process per interval, whichever claims it (periodic-job.ts): with
  // `serve --workers N` or several hosts, each would otherwise repeat the same work N times.
  const expiryMs = expiryOptions?.intervalMs ?? 60_000;
  const expiry = expiryOptions && startPeriodicJob(
    () => releaseUncollectedPickups(db, expiryOptions.now?.() ?? new Date()),
    expiryMs,
    (err) => app.log.error({ err }, 'releasing uncollected pickup orders failed'),
    sharedRun(db, 'pickup-expiry', expiryMs),
  );
  const sweepOptions = options.waitingSweep === false ? null : (options.waitingSweep ?? {});
  const sweepMs = sweepOptions?.intervalMs ?? 30_000;
  const sweep = sweepOptions && startPeriodicJob(
    () => offerStockToWaiting(db, sweepOptions.now?.() ?? new Date()),
    sweepMs,
    (err) => app.log.error({ err }, 'offering stock to waiting pickings failed'),
    sharedRun(db, 'waiting-sweep', sweepMs),
  );
  const invoiceOptions = options.orderInvoices === false ? null : (options.orderInvoices ?? {});
  const invoiceNow = (): Date => invoiceOptions?.now?.() ?? new Date();
  const invoiceFailed = (err: unknown, orderId: string): void => app.log.error({ err, orderId }, 'invoicing an order on order failed; the next sweep tries again');
  const kick = invoiceOptions && invoiceOptions.kick !== false ? new OrderInvoiceKick(db, invoiceNow, invoiceFailed) : null;
  const unregisterKick = kick && registerOrderInvoiceKick(db, kick);
  const invoiceMs = typeof invoiceOptions?.intervalMs === 'number' ? invoiceOptions.intervalMs : 30_000;
  const invoiceSweep = invoiceOptions && invoiceOptions.intervalMs !== false && startPeriodicJob(
    () => sweepOrderInvoices(db, invoiceNow, invoiceFailed),
    invoiceMs,
    (err) => app.log.error({ err }, 'sweeping orders to invoice on order failed'),
    sharedRun(db, 'order-invoice-sweep', invoiceMs),
  );
  // Scheduled tax rates take effect at their instant (admin/tax-schedule.ts).
  const taxRates = options.taxRates === false ? null : startTaxRateJob(db, (err) => app.log.error({ err }, 'applying scheduled tax rates failed'), options.taxRates?.intervalMs);
  const webhooks = options.webhooks === false ? null : startWebhookWorker(db, options.webhooks ?? {}, (err) => app.log.error({ err }, 'webhook delivery failed'), watchAvailability);
  app.addHook('onClose', async () => {
    for (const close of [...streams]) close();
    await folder.stop();
    await expiry?.stop();
    await sweep?.stop();
    unregisterKick?.();
    await kick?.stop();
    if (invoiceSweep) await invoiceSweep.stop();
    await taxRates?.stop();
    await webhooks?.stop();
  });
  const minute = 60_000;
  registerHealth(app, db, packageVersion());
  registerAccess(app, db, {
    pair: options.rateLimits?.pair ?? { max: 10, timeWindow: minute },
    login: options.rateLimits?.login ?? { max: 10, timeWindow: minute },
  });
  registerStock(app, db);
  registerLedgerRoutes(app, db);
  registerReports(app, db, options.registry ?? defaultRegistry, options.reportsDb);
  registerSync(app, db, options.registry ?? defaultRegistry, options.pushConcurrency, options.rateLimits?.push);
  registerWarehouseOrders(app, db);
  registerReturnRequestRoutes(app, db);
  registerWarehouseAdmin(app, db);
  registerWarehousePlanning(app, db);
  registerAdminRoutes(app, db, { ...(options.operatorToken === undefined ? {} : { operatorToken: options.operatorToken }), ...(options.tls ? { tlsFingerprint: options.tls.fingerprint } : {}) });
  registerWebhookRoutes(app, db, options.operatorToken);
  registerStoredValueRoutes(app, db, options.operatorToken);
  registerTillOrderRoutes(app, db);
  registerTillCustomerRoutes(app, db);
  registerTillSaleRoutes(app, db);
  registerDeviceTransferRoutes(app, db);
  registerStream(app, db, { heartbeatMs: options.heartbeatMs ?? 15_000, ...(options.availabilityHintMs === undefined ? {} : { availabilityHintMs: options.availabilityHintMs }) }, streams);
  await registerStaticUi(app, options.staticRoot ?? join(repoRoot, 'dist', 'renderer'), { sourceMaps: options.serveSourceMaps ?? false });
  return app;
}
