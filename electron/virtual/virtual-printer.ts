// A virtual ESC/POS network printer for `npm start` and the tests: a TCP listener on 127.0.0.1
// that keeps every job (one connection = one job), decodes it to human-readable text with our
// decoder, answers DLE EOT real-time status, and can be told to run out of paper, open its cover,
// go offline or drop connections mid-job. Jobs can also be read over a tiny HTTP page.
// Like real network printers it talks to ONE client at a time: a connection that arrives while
// another is open waits unread (the firmware's behaviour; the kernel has already accepted it) or,
// with `busy: 'refuse'`, is dropped at once. Both are counted, so tests see a host that opens
// parallel connections.
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { decodeEscPos, renderDecoded, type DecodedOp } from '../hardware/escpos/escpos-decoder.ts';

export type VirtualPrinterFault = 'none' | 'paper-near-end' | 'paper-out' | 'cover-open' | 'offline';

export interface VirtualPrinterJob {
  id: number;
  receivedAt: number;
  bytes: Uint8Array;
  /** false when the job arrived while a fault kept the printer from printing. */
  printed: boolean;
  ops: DecodedOp[];
  /** Human-readable rendering, or the decode error. */
  text: string;
  decodeError?: string;
}

export interface VirtualPrinterOptions {
  /** TCP port for ESC/POS (0 = any free port). */
  port?: number;
  /** Also serve the jobs over HTTP on this port (0 = any free port); omitted = no HTTP. */
  httpPort?: number;
  /** Paper width used for the rendering. */
  columns?: number;
  onJob?: (job: VirtualPrinterJob) => void;
  /** When set, the HTTP page also offers a form that injects scans (POST /scan, body = the code). */
  onInjectScan?: (raw: string) => void;
  /** A connection arriving while another is open: held until it closes (default) or refused. */
  busy?: 'wait' | 'refuse';
}

/** How clients used the one-conversation-at-a-time port. */
export interface VirtualPrinterConnectionStats {
  connections: number;
  /** Connections that arrived while another was open (held back or refused). */
  whileBusy: number;
  refused: number;
}

const HOST = '127.0.0.1';

export class VirtualPrinter {
  private server: Server | null = null;
  private http: HttpServer | null = null;
  private readonly jobList: VirtualPrinterJob[] = [];
  private readonly sockets = new Set<Socket>();
  /** The socket being served; others wait in `waiting` (FIFO) until it closes. */
  private active: Socket | null = null;
  private readonly waiting: Socket[] = [];
  private readonly stats: VirtualPrinterConnectionStats = { connections: 0, whileBusy: 0, refused: 0 };
  private fault: VirtualPrinterFault = 'none';
  private dropAfterBytes: number | null = null;
  private dropCount = 0;
  private silent = false;
  private nextId = 1;
  port = 0;
  httpPort = 0;

  constructor(private readonly opts: VirtualPrinterOptions = {}) {}

  get url(): string {
    return `tcp://${HOST}:${String(this.port)}`;
  }

  get jobsUrl(): string | null {
    return this.http ? `http://${HOST}:${String(this.httpPort)}/` : null;
  }

  jobs(): readonly VirtualPrinterJob[] {
    return this.jobList;
  }

  printedJobs(): VirtualPrinterJob[] {
    return this.jobList.filter((j) => j.printed);
  }

  /** Jobs are recorded when their connection closes, a moment after the sender saw success. */
  async waitForPrinted(count: number, timeoutMs = 2000): Promise<VirtualPrinterJob[]> {
    const until = Date.now() + timeoutMs;
    while (this.printedJobs().length < count) {
      if (Date.now() > until) throw new Error(`virtual printer: ${String(this.printedJobs().length)} of ${String(count)} jobs after ${String(timeoutMs)} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return this.printedJobs();
  }

  connectionStats(): VirtualPrinterConnectionStats {
    return { ...this.stats };
  }

  setFault(fault: VirtualPrinterFault): void {
    this.fault = fault;
  }

  /** The next `count` connections are cut after `afterBytes` bytes: the printer "disappears" mid-job. */
  dropConnections(count: number, afterBytes: number): void {
    this.dropCount = count;
    this.dropAfterBytes = afterBytes;
  }

  /** Never answer status requests (a print server that ignores DLE EOT, or a hung printer). */
  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  async start(): Promise<this> {
    const server = createServer((socket) => {
      this.accept(socket);
    });
    this.server = server;
    await listen(server, this.opts.port ?? 0);
    this.port = (server.address() as AddressInfo).port;
    if (this.opts.httpPort !== undefined) {
      const http = createHttpServer((req, res) => {
        if (req.method === 'POST' && req.url === '/scan' && this.opts.onInjectScan) {
          this.readForm(req, res, (form) => {
            const raw = (form.get('code') ?? '').trim();
            if (raw) this.opts.onInjectScan?.(raw);
          });
          return;
        }
        if (req.method === 'POST' && req.url === '/fault') {
          this.readForm(req, res, (form) => {
            const fault = form.get('fault');
            if (isFault(fault)) this.setFault(fault);
          });
          return;
        }
        const body = req.url === '/jobs.json' ? JSON.stringify(this.jobList.map(jobSummary)) : this.htmlPage();
        res.writeHead(200, {
          'content-type': req.url === '/jobs.json' ? 'application/json' : 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(body);
      });
      this.http = http;
      await listen(http, this.opts.httpPort);
      this.httpPort = (http.address() as AddressInfo).port;
    }
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all([closeServer(this.server), closeServer(this.http)]);
    this.server = null;
    this.http = null;
  }

  /** DLE EOT n reply byte for the current fault. */
  statusByte(n: number): number {
    const base = 0x12;
    const f = this.fault;
    const offline = f === 'paper-out' || f === 'cover-open' || f === 'offline';
    if (n === 1) return base | (offline ? 0x08 : 0);
    if (n === 2) return base | (f === 'cover-open' ? 0x04 : 0) | (f === 'paper-out' ? 0x20 : 0) | (f === 'offline' ? 0x40 : 0);
    if (n === 3) return base;
    if (n === 4) return base | (f === 'paper-near-end' ? 0x0c : 0) | (f === 'paper-out' ? 0x6c : 0);
    return base;
  }

  private accept(socket: Socket): void {
    this.sockets.add(socket);
    this.stats.connections += 1;
    if (!this.active) {
      this.active = socket;
      this.handle(socket);
      return;
    }
    this.stats.whileBusy += 1;
    if (this.opts.busy === 'refuse') {
      this.stats.refused += 1;
      this.sockets.delete(socket);
      socket.resetAndDestroy();
      return;
    }
    // Held: nothing is read or answered until the conversation before it ends.
    socket.pause();
    this.waiting.push(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      const i = this.waiting.indexOf(socket);
      if (i >= 0) this.waiting.splice(i, 1);
    });
  }

  private next(): void {
    this.active = null;
    const socket = this.waiting.shift();
    if (!socket) return;
    this.active = socket;
    this.handle(socket);
    socket.resume();
  }

  private handle(socket: Socket): void {
    const chunks: Buffer[] = [];
    let total = 0;
    let scanned = 0;
    let pending = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      const dropAt = this.dropCount > 0 ? this.dropAfterBytes : null;
      if (dropAt !== null && total + d.length >= dropAt) {
        this.dropCount -= 1;
        // Keep what "arrived" and vanish: no reply, a reset instead of a clean close.
        chunks.push(d.subarray(0, Math.max(0, dropAt - total)));
        total = dropAt;
        socket.resetAndDestroy();
        return;
      }
      chunks.push(d);
      total += d.length;
      pending = Buffer.concat([pending, d]);
      // Real-time requests are answered as they arrive, not when the job ends.
      for (; scanned + 2 < pending.length; scanned += 1) {
        if (pending[scanned] === 0x10 && pending[scanned + 1] === 0x04) {
          const n = pending[scanned + 2] ?? 0;
          if (!this.silent) socket.write(Uint8Array.of(this.statusByte(n)));
          scanned += 2;
        }
      }
    });
    socket.on('error', () => {
      // A client reset is an ordinary end of connection for a printer; the job keeps what arrived.
      socket.destroy();
    });
    // The client's FIN ends the conversation (the job is complete); a reset or close ends it too.
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.record(new Uint8Array(Buffer.concat(chunks)));
      this.next();
    };
    socket.on('end', end);
    socket.on('close', () => {
      this.sockets.delete(socket);
      end();
    });
  }

  private record(bytes: Uint8Array): void {
    if (isOnlyStatusRequests(bytes)) return;
    let ops: DecodedOp[] = [];
    let text: string;
    let decodeError: string | undefined;
    try {
      ops = decodeEscPos(bytes);
      text = renderDecoded(ops, this.opts.columns ?? 48);
    } catch (e) {
      decodeError = (e as Error).message;
      text = `(undecodable job: ${decodeError})`;
    }
    const printed = this.fault === 'none' || this.fault === 'paper-near-end';
    const job: VirtualPrinterJob = { id: this.nextId++, receivedAt: Date.now(), bytes, printed, ops, text };
    if (decodeError !== undefined) job.decodeError = decodeError;
    this.jobList.push(job);
    this.opts.onJob?.(job);
  }

  /** Reads a small urlencoded form, applies it, and redirects back to the page. */
  private readForm(req: IncomingMessage, res: ServerResponse, apply: (form: URLSearchParams) => void): void {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > 4096) req.destroy();
    });
    req.on('end', () => {
      apply(new URLSearchParams(body));
      res.writeHead(303, { location: '/' });
      res.end();
    });
  }

  private htmlPage(): string {
    const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${String(c.charCodeAt(0))};`);
    const jobs = [...this.jobList]
      .reverse()
      .map(
        (j) =>
          `<section><h2>Job ${String(j.id)} — ${new Date(j.receivedAt).toISOString()}${j.printed ? '' : ' (not printed: printer fault)'}</h2><pre>${esc(j.text)}</pre></section>`,
      )
      .join('\n');
    return `<!doctype html><meta charset="utf-8"><title>Aisle virtual printer</title>
<style>body{font-family:sans-serif;background:#eee}pre{background:#fff;display:inline-block;padding:1em;font-size:14px}</style>
<h1>Virtual receipt printer ${esc(this.url)}</h1>${this.opts.onInjectScan ? SCAN_FORM : ''}${FAULT_FORM}<p>${String(this.jobList.length)} job(s); status: ${this.fault}</p>${jobs}`;
  }
}

const SCAN_FORM =
  '<form method="post" action="/scan"><label>Virtual scanner: <input name="code" autocomplete="off" placeholder="4006381333931"></label> <button>Scan</button></form>';

const FAULTS: readonly VirtualPrinterFault[] = ['none', 'paper-near-end', 'paper-out', 'cover-open', 'offline'];
const isFault = (v: unknown): v is VirtualPrinterFault => FAULTS.includes(v as VirtualPrinterFault);
const FAULT_FORM = `<form method="post" action="/fault">Simulate: ${FAULTS.map((f) => `<button name="fault" value="${f}">${f}</button>`).join(' ')}</form>`;

function jobSummary(j: VirtualPrinterJob): Omit<VirtualPrinterJob, 'bytes' | 'ops'> & { size: number } {
  const { bytes, ops: _ops, ...rest } = j;
  return { ...rest, size: bytes.length };
}

function isOnlyStatusRequests(bytes: Uint8Array): boolean {
  if (bytes.length % 3 !== 0) return false;
  for (let i = 0; i < bytes.length; i += 3) if (bytes[i] !== 0x10 || bytes[i + 1] !== 0x04) return false;
  return true;
}

function listen(server: Server | HttpServer, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeServer(server: Server | HttpServer | null): Promise<void> {
  return new Promise((resolve) => {
    if (!server) {
      resolve();
      return;
    }
    server.close(() => {
      resolve();
    });
  });
}

/** Start a virtual printer (what `npm start` calls). */
export function startVirtualPrinter(opts: VirtualPrinterOptions = {}): Promise<VirtualPrinter> {
  return new VirtualPrinter(opts).start();
}
