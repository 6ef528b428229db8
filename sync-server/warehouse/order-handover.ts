// One batcher of channel orders per host (issue 18 point 3). With `serve --workers N` the HTTP
// requests are spread over N processes, and each process batched only its own orders: with 20
// clients and four workers, batches of about 5, whose fixed cost per batch doubled the CPU per
// order (docs/warehouse.md, "what four processes pay per batch"). Now a worker that receives an
// order — checked and authenticated where it arrived — hands it over Node's cluster IPC (worker →
// primary → the intake worker, cli/order-router.ts) to the batcher of one worker, the intake, and
// answers with what comes back. Only the order and its result (or error) cross.
//
// Nothing is lost or doubled when the hand-over fails: when the primary has no intake, the intake
// died with the order (the primary says so), or no answer comes within HANDOVER_TIMEOUT_MS, the
// worker submits the order itself. An order carries its Idempotency-Key and external reference, so
// if the intake had committed it, that submission replays it; if not, it is new. Several hosts
// behind a proxy batch per host. AISLE_ORDER_HANDOVER=off keeps every worker's orders its own.
import cluster from 'node:cluster';
import type { OrderRequest } from '../../shared/channel-api/order-request.ts';
import { pgErrorCode } from '../db/db.ts';
import { forgetRevokedKey } from './channel-keys.ts';
import { WarehouseError, type WarehouseErrorCode } from './errors.ts';
import type { QueuedOrder } from './order-batch-outcome.ts';
import type { OrderResult, Principal } from './orders.ts';

/** Worker → primary → intake: an order to batch. */
export interface HandedOrder {
  t: 'aisle-order';
  id: number;
  order: { principal: Principal; idemKey: string; req: OrderRequest; hash: string; now: string };
}

/** Intake → primary → worker: what became of it; `unavailable`: submit it yourself. */
export interface HandedResult {
  t: 'aisle-order-result';
  id: number;
  result?: OrderResult;
  error?: WireError;
  unavailable?: true;
}

/** An error as it crosses: a refusal by its code, any other error by its database code or HTTP status. */
interface WireError {
  code?: WarehouseErrorCode;
  message: string;
  pgCode?: string;
  statusCode?: number;
}

/** Primary → worker: you are the host's intake (batch your own orders and the others'). */
export interface IntakeRole {
  t: 'aisle-intake';
}

/** Longest wait for the intake's answer before the worker submits the order itself. */
export const HANDOVER_TIMEOUT_MS = 15_000;

function kindOf(msg: unknown): string | null {
  return typeof msg === 'object' && msg !== null && 't' in msg && typeof msg.t === 'string' ? msg.t : null;
}

export const isHandedOrder = (msg: unknown): msg is HandedOrder => kindOf(msg) === 'aisle-order';
export const isHandedResult = (msg: unknown): msg is HandedResult => kindOf(msg) === 'aisle-order-result';
export const isIntakeRole = (msg: unknown): msg is IntakeRole => kindOf(msg) === 'aisle-intake';

export function handoverEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !['off', '0', 'false', 'no'].includes((env.AISLE_ORDER_HANDOVER ?? '').toLowerCase());
}

type Submit = (order: QueuedOrder) => Promise<OrderResult>;

let intake = false;
let attached = false;
let nextId = 0;
const waiting = new Map<number, (reply: HandedResult | null) => void>();

function send(msg: HandedOrder | HandedResult, onError: () => void): void {
  if (!process.send || !process.connected) return onError();
  process.send(msg, undefined, undefined, (err: Error | null) => {
    if (err) onError();
  });
}

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

/**
 * In a cluster worker: listens for the primary's messages — the intake role, orders handed to this
 * worker (batched here with `local`), answers to orders this worker handed over. Once per process.
 */
export function attachOrderHandover(local: Submit): void {
  if (!cluster.isWorker || attached || !handoverEnabled()) return;
  attached = true;
  process.on('message', (msg: unknown) => {
    if (isIntakeRole(msg)) {
      intake = true;
    } else if (isHandedOrder(msg)) {
      const { id, order } = msg;
      local({ ...order, now: new Date(order.now) }).then(
        (result) => send({ t: 'aisle-order-result', id, result }, () => undefined),
        (err: unknown) => send({ t: 'aisle-order-result', id, error: errorOf(err) }, () => undefined),
      );
    } else if (isHandedResult(msg)) {
      waiting.get(msg.id)?.(msg);
    }
  });
}

/** Whether this process is its host's order intake (a cluster worker the primary named). */
export function isOrderIntake(): boolean {
  return intake;
}

/** The intake's answer to `order`, or null when the worker is to submit it itself. */
function askIntake(order: QueuedOrder): Promise<HandedResult | null> {
  const id = ++nextId;
  return new Promise((resolve) => {
    const done = (reply: HandedResult | null): void => {
      clearTimeout(timer);
      waiting.delete(id);
      resolve(reply);
    };
    const timer = setTimeout(() => done(null), HANDOVER_TIMEOUT_MS);
    waiting.set(id, done);
    send({ t: 'aisle-order', id, order: { ...order, now: order.now.toISOString() } }, () => done(null));
  });
}

/**
 * Submits `order` to the host's intake when this is a cluster worker that is not the intake, and
 * to `local` otherwise — or when the hand-over fails (see the top of this file).
 */
export async function handOverOrder(order: QueuedOrder, local: Submit): Promise<OrderResult> {
  if (!attached || intake) return local(order);
  const reply = await askIntake(order);
  if (!reply || reply.unavailable) return local(order);
  if (reply.result) return reply.result;
  throw errorFrom(reply.error ?? { message: 'the order intake gave no answer' }, order);
}
