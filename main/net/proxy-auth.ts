/**
 * A proxy that will not pass the app's requests until the app signs in to it (HTTP 407, RFC 9110 §15.5.8, with
 * its `Proxy-Authenticate` challenges, §11.7.1): which sign-in methods it named, and the words the user reads. The
 * one owner of those words: the transport raises them as a NetworkError of kind `proxy-auth` from either network
 * stack (main/net/transport.ts), and the sign-in, the scan, `--json` and "Copy what Entra answered" pass the
 * message on as it is.
 *
 * - Node's stack (https-proxy-agent) sends only what the proxy URL holds, as `Proxy-Authorization: Basic`; it
 *   cannot answer Negotiate, NTLM or Kerberos.
 * - The platform's stack (Electron's `net.fetch`, Chromium) answers integrated sign-in (NTLM, Negotiate/Kerberos)
 *   with the signed-in user's own credentials (https://www.electronjs.org/docs/latest/api/net), but it cannot ask
 *   the user for a proxy password: `net.fetch` gives its requests no `login` handler, so Electron cancels the
 *   challenge (lib/common/api/net-client-request.ts, "If there were no listeners, cancel the authentication
 *   request"), and `app.on('login')` does not fire for requests of the main process
 *   (https://github.com/electron/electron/issues/44249).
 */
import { NetworkError } from './http';

export interface ProxyRefusal {
  /** The proxy as `host:port`, never with its credentials; null when the stack does not say which proxy it was. */
  proxy: string | null;
  /** The sign-in methods the proxy named (the schemes of its `Proxy-Authenticate` challenges). */
  schemes: string[];
  /** Whether the request carried a user name and password (from the proxy URL) that the proxy refused. */
  credentialsSent: boolean;
  /** Which network stack met the refusal. */
  stack: 'node' | 'platform';
}

/** The hosts the app must reach, for the exception the user can ask IT for. */
const MICROSOFT_HOSTS = 'login.microsoftonline.com, management.azure.com and graph.microsoft.com';

const KNOWN_SCHEMES: Record<string, string> = {
  basic: 'Basic',
  digest: 'Digest',
  negotiate: 'Negotiate',
  ntlm: 'NTLM',
  kerberos: 'Kerberos',
  bearer: 'Bearer',
};
/** Schemes that sign in with the user's Windows or Kerberos identity rather than a typed password. */
const INTEGRATED = new Set(['Negotiate', 'NTLM', 'Kerberos']);
const TOKEN = /^[A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*$/;

/**
 * The scheme of each challenge in `Proxy-Authenticate` values (one header per challenge, or several joined with
 * commas): `Negotiate`, `NTLM`, `Basic realm="corp"` → Negotiate, NTLM, Basic. A comma-separated piece whose first
 * word is followed by `=` is a parameter of the challenge before it, not a scheme. Known schemes are spelled the
 * usual way, unknown ones kept as sent (bounded); at most five.
 */
export function challengeSchemes(values: readonly string[]): string[] {
  const schemes: string[] = [];
  for (const value of values) {
    for (const piece of value.split(',')) {
      const word = /^\s*([^\s=,]+)(\s*=)?/.exec(piece);
      if (!word || word[2] || !TOKEN.test(word[1]!)) continue;
      const scheme = KNOWN_SCHEMES[word[1]!.toLowerCase()] ?? word[1]!.slice(0, 24);
      if (!schemes.some((s) => s.toLowerCase() === scheme.toLowerCase())) schemes.push(scheme);
    }
  }
  return schemes.slice(0, 5);
}

function listed(schemes: readonly string[]): string {
  if (schemes.length <= 1) return schemes[0] ?? '';
  return `${schemes.slice(0, -1).join(', ')} or ${schemes[schemes.length - 1]}`;
}

/**
 * What the user reads: who refused, what it asked for, and what the user can do about it. Not "offline": the words
 * leave out "network", "connection" and "internet", which the window reads as being offline.
 */
export function proxyAuthMessage(refusal: ProxyRefusal): string {
  const who = refusal.proxy ? `The proxy ${refusal.proxy}` : 'A proxy on the way to Microsoft';
  const asked =
    refusal.schemes.length > 0
      ? `it asked for ${listed(refusal.schemes)} sign-in`
      : 'it did not say which sign-in it accepts';
  const lead = `${who} refused to pass on the app's requests until the app signs in to it (${asked}).`;
  const exception = `ask your IT team to let ${MICROSOFT_HOSTS} through without proxy sign-in`;
  const integrated = refusal.schemes.filter((s) => INTEGRATED.has(s));
  const basic = refusal.schemes.includes('Basic');
  if (refusal.stack === 'platform') {
    const why =
      basic && integrated.length === 0
        ? 'It wants a user name and password, which the app cannot ask you for.'
        : 'The system could not sign in to it with your sign-in on this computer.';
    return `${lead} ${why} ` + `Check that you are at your organisation or on its VPN and try again, or ${exception}.`;
  }
  if (refusal.credentialsSent) {
    return `${lead} It did not accept the user name and password in the proxy address: check them and try again.`;
  }
  if (basic) {
    const example = `http://user:password@${refusal.proxy ?? 'proxy:8080'}`;
    return `${lead} Put your proxy user name and password in the proxy address (HTTPS_PROXY=${example}) and try again.`;
  }
  const methods = integrated.length > 0 ? `${listed(integrated)} sign-in` : 'that sign-in';
  return (
    `${lead} This copy of the app cannot answer ${methods}; the installed app answers it through the system, as ` +
    `your browser does. Use the installed app, or ${exception}.`
  );
}

export function proxyAuthError(refusal: ProxyRefusal): NetworkError {
  return new NetworkError('proxy-auth', proxyAuthMessage(refusal));
}
