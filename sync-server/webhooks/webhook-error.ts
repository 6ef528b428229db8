// Errors of the webhook module, with a code the HTTP layer maps to a status.
export type WebhookErrorCode = 'unknown_endpoint' | 'unknown_delivery' | 'internal';

export class WebhookError extends Error {
  readonly code: WebhookErrorCode;
  readonly status: number;
  constructor(code: WebhookErrorCode, message: string) {
    super(message);
    this.name = 'WebhookError';
    this.code = code;
    this.status = code === 'internal' ? 500 : 404;
  }
}
