// One log line per request, written when its response has gone: method, URL (serve.ts redacts
// the SSE token), client address, status and response time, under the request's correlation id
// (`reqId`, the x-request-id echoed back). Fastify's default writes two, "incoming request" and
// "request completed": this is half the log volume for the same facts. CPU is not the reason:
// pino writes one line in ≈ 3.5 µs and two in ≈ 5 µs, and the request's child logger takes
// 0.2 µs, about 1 % of what a worker spends on a channel order (measured 2026-12-06,
// docs/warehouse.md). A change stream (routes/stream.ts) takes its response over from Fastify,
// which then never calls requestCompleted: the route logs when the stream opens and closes.
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

export class AccessLog extends LogController {
  /** Nothing on arrival: the completed line carries the request. */
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
