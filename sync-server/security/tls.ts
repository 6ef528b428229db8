// TLS for the sync server (`serve --tls`, issue 14 point 8). Tokens, passwords and PINs cross the
// store's network: the server speaks https with the operator's certificate (AISLE_TLS_CERT and
// AISLE_TLS_KEY, PEM files) or, without one, a self-signed certificate made on first start and kept
// in `<AISLE_DATA_DIR>/tls/`. Devices cannot check a self-signed certificate against a CA, so its
// SHA-256 fingerprint is shown with every pairing code and the Electron shell pins it at pairing.
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, colon-separated upper-case hex (as browsers and Electron show it). */
  fingerprint: string;
  /** Where the certificate came from. */
  source: 'operator' | 'self-signed (new)' | 'self-signed';
}

export interface TlsOptions {
  /** Directory for the self-signed pair (`<AISLE_DATA_DIR>/tls`). */
  dir: string;
  certFile?: string;
  keyFile?: string;
}

export class TlsError extends Error {
  readonly code = 'tls';
}

export function certificateFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}

/** The certificate the server should present: the operator's, the one made earlier, or a new one. */
export async function loadOrCreateTls(options: TlsOptions): Promise<TlsMaterial> {
  if (options.certFile || options.keyFile) {
    if (!options.certFile || !options.keyFile) throw new TlsError('give both AISLE_TLS_CERT and AISLE_TLS_KEY (PEM files), or neither for a self-signed certificate');
    const cert = readPem(options.certFile, 'certificate');
    const key = readPem(options.keyFile, 'private key');
    return { cert, key, fingerprint: certificateFingerprint(cert), source: 'operator' };
  }
  const certPath = join(options.dir, 'cert.pem');
  const keyPath = join(options.dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    return { cert, key: readFileSync(keyPath, 'utf8'), fingerprint: certificateFingerprint(cert), source: 'self-signed' };
  }
  const made = await generate([{ name: 'commonName', value: `Aisle server ${hostname()}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 825 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: subjectAltNames() },
    ],
  });
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, made.private, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  writeFileSync(certPath, made.cert, { mode: 0o644 });
  return { cert: made.cert, key: made.private, fingerprint: certificateFingerprint(made.cert), source: 'self-signed (new)' };
}

/** The names devices may use for this machine: localhost, its host name and its IPv4/IPv6 addresses. */
function subjectAltNames(): { type: 2 | 7; value?: string; ip?: string }[] {
  const names: { type: 2 | 7; value?: string; ip?: string }[] = [{ type: 2, value: 'localhost' }, { type: 2, value: hostname() }];
  const ips = new Set(['127.0.0.1', '::1']);
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) ips.add(a.address);
  for (const ip of ips) names.push({ type: 7, ip });
  return names;
}

function readPem(file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new TlsError(`cannot read the TLS ${what} ${file}: ${(err as Error).message}`);
  }
  if (!text.includes('-----BEGIN')) throw new TlsError(`${file} is not a PEM ${what}`);
  return text;
}

/** The self-signed certificate of a data directory, if the server made one (the CLI trusts it). */
export function dataDirCertificate(dataDir: string): string | null {
  const certPath = join(dataDir, 'tls', 'cert.pem');
  return existsSync(certPath) ? readFileSync(certPath, 'utf8') : null;
}
