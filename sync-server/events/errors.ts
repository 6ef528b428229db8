// Outcomes that stop an event from being applied. Throwing RejectEventError from a handler rolls
// the event back (savepoint), dead-letters it and acknowledges it as rejected.

export class RejectEventError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RejectEventError';
    this.code = code;
  }
}
