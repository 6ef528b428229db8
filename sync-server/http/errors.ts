// HTTP errors: a named class with a status and a machine-readable code; the server's error
// handler turns it (and Fastify's own errors) into `{error, message}` JSON.

export class HttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = code;
  }
}

export const unauthorized = (message = 'missing, unknown or revoked token'): HttpError => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string): HttpError => new HttpError(403, 'forbidden', message);
export const notFound = (message: string): HttpError => new HttpError(404, 'not_found', message);
export const badRequest = (message: string): HttpError => new HttpError(400, 'bad_request', message);

/** A domain error that carries its own HTTP status and code (WarehouseError, WebhookError). */
interface StatusError extends Error {
  readonly status: number;
  readonly code: string;
}

/** Runs `fn`; an error of class `kind` becomes the HttpError of its status and code, anything else surfaces unchanged. */
export async function withHttpStatus<T>(kind: abstract new (...args: never[]) => StatusError, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof kind) throw new HttpError(err.status, err.code, err.message);
    throw err;
  }
}
