/**
 * Which proxy a request goes through. One small interface, `ProxyResolver`, fed by whatever knows the answer where
 * the app runs: `HTTPS_PROXY` / `NO_PROXY` under Node (`proxyFromEnvironment`), and Electron's
 * `session.resolveProxy` in the packed app (the system proxy, PAC included), whose answer is a PAC result string
 * (`parsePacResult`). The transport asks it for every request and tunnels through the answer with
 * https-proxy-agent (CONNECT); credentials in the proxy URL (`http://user:pass@proxy:8080`) are sent as
 * `Proxy-Authorization: Basic`.
 */

/** The proxy URL (`http://host:port`, `https://host:port`, with optional credentials) for a URL; null: direct. */
export type ProxyResolver = (url: string) => Promise<string | null> | string | null;

function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[name] ?? env[name.toLowerCase()];
}

/** Whether `NO_PROXY` exempts a host (entries: `*`, `host`, `.suffix` or `suffix`, each with an optional `:port`). */
export function bypassesProxy(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.split(/[,\s]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const [name, entryPort] = entry.startsWith('[')
      ? [entry.slice(1, entry.indexOf(']')), entry.split(']:')[1]]
      : entry.split(':');
    if (entryPort && entryPort !== port) continue;
    const suffix = (name ?? '').replace(/^\*?\./, '');
    if (host === suffix || host.endsWith(`.${suffix}`)) return true;
  }
  return false;
}

/** The proxy `HTTPS_PROXY` (or `ALL_PROXY`) names for an https URL, unless `NO_PROXY` exempts its host. */
export function proxyFromEnvironment(env: Record<string, string | undefined> = process.env): ProxyResolver {
  return (url) => {
    const target = new URL(url);
    const proxy = envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'ALL_PROXY');
    if (!proxy || bypassesProxy(target, envValue(env, 'NO_PROXY'))) return null;
    return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
  };
}

/**
 * The first usable entry of a PAC result (`PROXY host:port; HTTPS host:port; DIRECT`), as Chromium's
 * `session.resolveProxy` answers: `PROXY` → `http://`, `HTTPS` → `https://`, `DIRECT` → null. SOCKS entries are
 * skipped (the transport tunnels through HTTP proxies only).
 */
export function parsePacResult(result: string): string | null {
  for (const entry of result.split(';')) {
    const [kind, address] = entry.trim().split(/\s+/);
    const word = (kind ?? '').toUpperCase();
    if (word === 'DIRECT') return null;
    if ((word === 'PROXY' || word === 'HTTPS') && address) {
      return `${word === 'HTTPS' ? 'https' : 'http'}://${address}`;
    }
  }
  return null;
}

/** A resolver over Electron's `session.resolveProxy` (or anything that answers with a PAC result string). */
export function proxyFromPac(resolveProxy: (url: string) => Promise<string>): ProxyResolver {
  return async (url) => parsePacResult(await resolveProxy(url));
}
