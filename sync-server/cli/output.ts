// CLI output: JSON on stdout with --json, readable text otherwise; errors to stderr, exit 1.

export class CliError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}

export function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? JSON.stringify(value) + '\n' : text + '\n');
}

export function fail(json: boolean, err: unknown): never {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : 'error';
  const message = err instanceof Error ? err.message : String(err);
  if (json) process.stdout.write(JSON.stringify({ error: code, message }) + '\n');
  process.stderr.write(`aisle: ${message}\n`);
  process.exit(1);
}
