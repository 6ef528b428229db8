// One batcher of channel orders per host (issue 18 point 3). With `serve --workers N` the HTTP
// requests are spread over N processes, and each process batched only its own orders: with 20
// clients and four workers, batches of about 5, whose fixed cost per batch doubled the CPU per
// order (docs/warehouse.md, "what four processes pay per batch"). Now a worker that receives an
// order — checked and authenticated where it arrived — hands it to the batcher of one worker, the
// host's intake, over a socket of the host (intake-link.ts), and answers with what comes back. Only
// the order and its result (or error) cross. The cluster's primary names the intake and tells the
// workers where it listens (cli/order-router.ts); orders do not pass through the primary.
//
// Nothing is lost or doubled when the hand-over fails: when there is no intake, the connection to
// it fails or closes with the order in flight (the intake died), or no answer comes within
// HANDOVER_TIMEOUT_MS, the worker submits the order itself. An order carries its Idempotency-Key
// and external reference, so if the intake had committed it, that submission replays it; if not, it
// is new. Several hosts behind a proxy batch per host. AISLE_ORDER_HANDOVER=off keeps every
// worker's orders its own.
import cluster from 'node:cluster';
import type { OrderRequest } from '../../shared/channel-api/order-request.ts';
import { pgErrorCode } from '../db/db.ts';
import { forgetRevokedKey } from './channel-keys.ts';
import { WarehouseError, type WarehouseErrorCode } from './errors.ts';
import { IntakeLink, listenIntake } from './intake-link.ts';
import type { QueuedOrder } from './order-batch-outcome.ts';
import type { OrderResult, Principal } from './orders.ts';

/** An order as it crosses to the intake (its `now` as ISO). */
export interface HandedOrder {
  principal: Principal;
  idemKey: string;
  req: OrderRequest;
  hash: string;
  now: string;
}

/** What the intake made of it: its result or its error. */
export interface HandedResult {
  result?: OrderResult;
  error?: WireError;
}

/** An error as it crosses: a refusal by its code, any other error by its database code or HTTP status. */
interface WireError {
  code?: WarehouseErrorCode;
  message: string;
  pgCode?: string;
  statusCode?: number;
}

/** Primary → worker: you are the host's intake; listen for the other workers' orders at `path`. */
export interface IntakeRole {
  t: 'aisle-intake';
  path: string;
}

/** Intake → primary: listening at the path it was given (the primary then tells the other workers). */
export interface IntakeReady {
  t: 'aisle-intake-ready';
}

/** Primary → workers: the intake listens at `path` (null: there is none now, submit orders yourself). */
export interface IntakeAt {
  t: 'aisle-intake-at';
  path: string | null;
}

/** Longest wait for the intake's answer before the worker submits the order itself. */
export const HANDOVER_TIMEOUT_MS = 15_000;

function kindOf(msg: unknown): string | null {
  return typeof msg === 'object' && msg !== null && 't' in msg && typeof msg.t === 'string' ? msg.t : null;
}

export const isIntakeRole = (msg: unknown): msg is IntakeRole => kindOf(msg) === 'aisle-intake';
export const isIntakeReady = (msg: unknown): msg is IntakeReady => kindOf(msg) === 'aisle-intake-ready';
export const isIntakeAt = (msg: unknown): msg is IntakeAt => kindOf(msg) === 'aisle-intake-at';

export function handoverEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !['off', '0', 'false', 'no'].includes((env.AISLE_ORDER_HANDOVER ?? '').toLowerCase());
}

type Submit = (order: QueuedOrder) => Promise<OrderResult>;

let intake = false;
let attached = false;
/** This worker's connection to the intake (none when it is the intake, or there is none). */
let link: IntakeLink<HandedOrder, HandedResult> | null = null;

function errorOf(err: unknown): WireError {
  if (err instanceof WarehouseError) return { code: err.code, message: err.message };
  const pgCode = pgErrorCode(err);
  const statusCode = typeof err === 'object' && err !== null && 'statusCode' in err && typeof err.statusCode === 'number' ? err.statusCode : undefined;
  return { message: err instanceof Error ? err.message : String(err), ...(pgCode ? { pgCode } : {}), ...(statusCode ? { statusCode } : {}) };
}

/** The error the HTTP layer would have seen had the order been submitted here. */
function errorFrom(error: WireError, order: QueuedOrder): Error {
  // A revoked key this worker remembers: forget it here too.
  if (error.code === 'unauthorized' && order.principal.checkKey !== undefined) return forgetRevokedKey(order.principal.checkKey);
  if (error.code) return new WarehouseError(error.code, error.message);
  return Object.assign(new Error(error.message), { ...(error.pgCode ? { code: error.pgCode } : {}), ...(error.statusCode ? { statusCode: error.statusCode } : {}) });
}

/** The intake's side: batches an order another worker handed over; never fails (an error is an answer). */
function answer(local: Submit): (order: HandedOrder) => Promise<HandedResult> {
  return (order) => local({ ...order, now: new Date(order.now) }).then(
    (result) => ({ result }),
    (err: unknown) => ({ error: errorOf(err) }),
  );
}

/** Becomes the host's intake: listens at `path`, then tells the primary (which tells the others). */
function becomeIntake(path: string, local: Submit): void {
  intake = true;
  link?.close();
  link = null;
  listenIntake(path, answer(local)).then(
    () => process.send?.({ t: 'aisle-intake-ready' } satisfies IntakeReady),
    // Not listening: the other workers never hear of this intake and submit their orders themselves.
    (err: unknown) => process.stderr.write(`aisle: the order intake could not listen at ${path}: ${err instanceof Error ? err.message : String(err)}\n`),
  );
}

/**
 * In a cluster worker: listens for the primary's messages — the intake role, where the intake
 * listens. Once per process.
 */
export function attachOrderHandover(local: Submit): void {
  if (!cluster.isWorker || attached || !handoverEnabled()) return;
  attached = true;
  process.on('message', (msg: unknown) => {
    if (isIntakeRole(msg)) {
      becomeIntake(msg.path, local);
    } else if (isIntakeAt(msg) && !intake && msg.path !== link?.path) {
      // Orders in flight to an intake that is gone are submitted by their workers (null).
      link?.close();
      link = msg.path ? new IntakeLink(msg.path, HANDOVER_TIMEOUT_MS) : null;
    }
  });
}

/** Whether this process is its host's order intake (a cluster worker the primary named). */
export function isOrderIntake(): boolean {
  return intake;
}

/**
 * Submits `order` to the host's intake when this is a cluster worker that is not the intake, and
 * to `local` otherwise — or when the hand-over fails (see the top of this file).
 */
export async function handOverOrder(order: QueuedOrder, local: Submit): Promise<OrderResult> {
  if (!link) return local(order);
  const reply = await link.ask({ ...order, now: order.now.toISOString() });
  if (!reply) return local(order);
  if (reply.result) return reply.result;
  throw errorFrom(reply.error ?? { message: 'the order intake gave no answer' }, order);
}
