// One log line per request, written when its response has gone: method, URL (serve.ts redacts
// the SSE token), client address, status and response time, under the request's correlation id
// (`reqId`, the x-request-id echoed back). Fastify's default writes two — "incoming request" and
// "request completed" — so every request cost two serialisations and two writes of the log in
// every server process; on the channel-order path that was a measurable share of a worker's CPU
// (docs/server.md, "Several processes"). A change stream (routes/stream.ts) takes its response
// over from Fastify, which then never calls requestCompleted: the route logs when it opens and
// when it closes.
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
