// Raw TCP (port 9100, "JetDirect") transport. One connection per exchange, closed gracefully
// before the next one opens (the printer driver runs exchanges one at a time): printers often
// accept a single client and drop idle ones. After the job we ask DLE EOT 1 and wait for the byte: a
// printer that vanished mid-job cannot answer, so the job is retried instead of silently lost.
import { Socket } from 'node:net';
import { statusRequest } from '../escpos/escpos-commands.ts';
import { TransportError, type PrinterTransport } from './transport.ts';

export interface TcpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  /** Time allowed for the job and the confirming status byte. */
  ioTimeoutMs?: number;
  /** Confirm each job with DLE EOT 1 (default true; turn off for print servers that never answer). */
  confirmWithStatus?: boolean;
}

/** Parse "tcp://host[:port]" (default port 9100). */
export function parseTcpUrl(url: string): { host: string; port: number } {
  const m = /^tcp:\/\/([^/:]+|\[[^\]]+\])(?::(\d+))?\/?$/i.exec(url);
  if (!m?.[1]) throw new TransportError('not-configured', `not a tcp://host:port printer address: ${url}`);
  const port = m[2] ? Number(m[2]) : 9100;
  if (port < 1 || port > 65535) throw new TransportError('not-configured', `bad port in ${url}`);
  return { host: m[1].replace(/^\[|\]$/g, ''), port };
}

export class TcpTransport implements PrinterTransport {
  readonly description: string;
  constructor(private readonly opts: TcpTransportOptions) {
    this.description = `tcp://${opts.host}:${String(opts.port)}`;
  }

  write(bytes: Uint8Array): Promise<void> {
    const confirm = this.opts.confirmWithStatus !== false;
    const request = confirm ? Buffer.concat([bytes, statusRequest(1)]) : Buffer.from(bytes);
    return this.exchange(request, confirm ? 1 : 0).then(() => undefined);
  }

  query(request: Uint8Array, replyLength: number): Promise<Uint8Array> {
    return this.exchange(Buffer.from(request), replyLength);
  }

  /** Connect, send, read `replyLength` bytes (0: wait for the send to flush), close. */
  private exchange(request: Buffer, replyLength: number): Promise<Uint8Array> {
    const { host, port } = this.opts;
    const connectTimeout = this.opts.connectTimeoutMs ?? 3000;
    const ioTimeout = this.opts.ioTimeoutMs ?? 10_000;
    return new Promise<Uint8Array>((resolve, reject) => {
      const socket = new Socket();
      const chunks: Buffer[] = [];
      let received = 0;
      let connected = false;
      let settled = false;
      const finish = (err: TransportError | null, value?: Uint8Array): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          socket.destroy();
          reject(err);
          return;
        }
        // A graceful close, and only then the next exchange: the printer serves one connection at a
        // time and must see this one end before the next one arrives.
        const grace = setTimeout(() => socket.destroy(), 1000);
        socket.once('close', () => {
          clearTimeout(grace);
          resolve(value ?? new Uint8Array());
        });
        socket.end();
      };
      let timer = setTimeout(() => {
        finish(new TransportError('printer-offline', `no connection to ${this.description} within ${String(connectTimeout)} ms`));
      }, connectTimeout);
      socket.on('error', (e: NodeJS.ErrnoException) => {
        const during = connected ? 'during the job' : 'while connecting';
        finish(new TransportError('printer-offline', `${this.description} ${during}: ${e.code ?? e.message}`, { cause: e }));
      });
      socket.on('close', () => {
        finish(new TransportError('printer-offline', `${this.description} closed the connection before the job was confirmed`));
      });
      socket.on('data', (d: Buffer) => {
        chunks.push(d);
        received += d.length;
        if (replyLength > 0 && received >= replyLength) finish(null, new Uint8Array(Buffer.concat(chunks).subarray(0, replyLength)));
      });
      socket.connect(port, host, () => {
        connected = true;
        clearTimeout(timer);
        timer = setTimeout(() => {
          finish(new TransportError('timeout', `${this.description} did not answer within ${String(ioTimeout)} ms`));
        }, ioTimeout);
        socket.write(request, (err) => {
          if (err) finish(new TransportError('printer-offline', `${this.description}: ${err.message}`, { cause: err }));
          else if (replyLength === 0) socket.end(() => finish(null));
        });
      });
    });
  }
}
