/**
 * The private CA of a TLS-inspecting proxy, from where the platform keeps it: the OS certificate store where the
 * runtime can read it, and `NODE_EXTRA_CA_CERTS`. The transport trusts these on top of Node's own roots
 * (`trustedCaPem`, main/net/transport.ts): with an explicit `ca`, Node stops adding the extra file by itself, so
 * it is read here too.
 *
 * - OS store: `tls.getCACertificates('system')` (Node 22.15 / 23.5 and later; the Electron the app ships runs
 *   Node 24, https://www.electronjs.org/blog/electron-40-0). It reads the Windows and macOS trust stores, and on
 *   Linux the file and directory OpenSSL trusts (`SSL_CERT_FILE`, `SSL_CERT_DIR`) (Node's `tls` and
 *   `--use-system-ca` documentation, https://nodejs.org/api/tls.html#tlsgetcacertificatestype).
 * - `NODE_EXTRA_CA_CERTS`: a PEM file, read here whatever the Node version.
 *
 * What has run: both sources through a TLS-inspecting proxy on loopback under Node 20, the OS store as an injected
 * reader (test/integration/proxy.test.ts). What has not: the real OS store (Node 20 has no getCACertificates).
 */
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';

export interface CaSources {
  /** Node's reader of a certificate source, where the runtime has one. */
  getCACertificates?: (type: 'system') => string[];
  env: Record<string, string | undefined>;
  readFile(path: string): string;
}

export interface PlatformCa {
  /** The certificates, PEM, concatenated; null when there are none beyond Node's own roots. */
  pem: string | null;
  /** Where they came from, for the diagnostics. */
  from: ('system-store' | 'node-extra-ca-certs')[];
  /** What could not be read, in one sentence each (the app still runs with Node's roots). */
  problems: string[];
}

const nodeSources = (): CaSources => ({
  getCACertificates: (tls as { getCACertificates?: (type: 'system') => string[] }).getCACertificates,
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
});

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function platformCa(sources: CaSources = nodeSources()): PlatformCa {
  const certificates: string[] = [];
  const from: PlatformCa['from'] = [];
  const problems: string[] = [];
  if (sources.getCACertificates) {
    try {
      const system = sources.getCACertificates('system');
      if (system.length > 0) {
        certificates.push(...system);
        from.push('system-store');
      }
    } catch (error) {
      problems.push(`The system's certificate store could not be read (${(error as Error).message}).`);
    }
  }
  const extraFile = sources.env['NODE_EXTRA_CA_CERTS'];
  if (extraFile) {
    try {
      const extra = sources.readFile(extraFile).match(PEM_BLOCK) ?? [];
      if (extra.length > 0) {
        certificates.push(...extra);
        from.push('node-extra-ca-certs');
      } else {
        problems.push(`NODE_EXTRA_CA_CERTS names ${extraFile}, which holds no PEM certificate.`);
      }
    } catch {
      problems.push(`NODE_EXTRA_CA_CERTS names ${extraFile}, which could not be read.`);
    }
  }
  const unique = [...new Set(certificates.map((pem) => pem.trim()))];
  return { pem: unique.length > 0 ? unique.join('\n') : null, from, problems };
}
