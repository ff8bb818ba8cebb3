import { describe, expect, it } from 'vitest';
import { bypassesProxy, parsePacResult, proxyFromEnvironment, proxyFromPac } from '../../../../main/net/proxy';
import { challengeSchemes } from '../../../../main/net/proxy-auth';

const LOGIN = 'https://login.microsoftonline.com/common/oauth2/v2.0/token';

describe('which proxy a request takes', () => {
  it('HTTPS_PROXY (either case) for https, with credentials kept, a bare host:port read as http', async () => {
    expect(await proxyFromEnvironment({ HTTPS_PROXY: 'http://u:p@proxy.corp:8080' })(LOGIN)).toBe(
      'http://u:p@proxy.corp:8080',
    );
    expect(await proxyFromEnvironment({ https_proxy: 'proxy.corp:3128' })(LOGIN)).toBe('http://proxy.corp:3128');
    expect(await proxyFromEnvironment({ ALL_PROXY: 'http://all:1' })(LOGIN)).toBe('http://all:1');
    expect(await proxyFromEnvironment({})(LOGIN)).toBeNull();
  });

  it('NO_PROXY exempts a host by name, suffix, leading dot or wildcard, and by port when it names one', () => {
    const url = new URL(LOGIN);
    expect(bypassesProxy(url, 'microsoftonline.com')).toBe(true);
    expect(bypassesProxy(url, '.microsoftonline.com')).toBe(true);
    expect(bypassesProxy(url, '*.microsoftonline.com')).toBe(true);
    expect(bypassesProxy(url, 'login.microsoftonline.com:443')).toBe(true);
    expect(bypassesProxy(url, 'login.microsoftonline.com:8443')).toBe(false);
    expect(bypassesProxy(url, 'graph.microsoft.com, localhost')).toBe(false);
    expect(bypassesProxy(url, 'online.com')).toBe(false);
    expect(bypassesProxy(url, '*')).toBe(true);
    expect(proxyFromEnvironment({ HTTPS_PROXY: 'http://p:1', NO_PROXY: 'microsoftonline.com' })(LOGIN)).toBeNull();
  });

  it('reads the first usable entry of a PAC result, as Electron resolveProxy answers', async () => {
    expect(parsePacResult('PROXY proxy.corp:8080; DIRECT')).toBe('http://proxy.corp:8080');
    expect(parsePacResult('HTTPS secure.corp:443')).toBe('https://secure.corp:443');
    expect(parsePacResult('SOCKS5 s:1080; PROXY p:3128')).toBe('http://p:3128');
    expect(parsePacResult('DIRECT')).toBeNull();
    expect(parsePacResult('')).toBeNull();
    expect(await proxyFromPac(async () => 'PROXY pac.corp:80')(LOGIN)).toBe('http://pac.corp:80');
  });
});

describe('the sign-in methods a refusing proxy names', () => {
  it('reads the scheme of each challenge, not the parameters, spelled the usual way', () => {
    expect(challengeSchemes(['Negotiate', 'ntlm', 'Basic realm="corp, east", charset="UTF-8"'])).toEqual([
      'Negotiate',
      'NTLM',
      'Basic',
    ]);
    expect(challengeSchemes(['Digest realm="x", nonce="a1", qop="auth", Basic realm="x"'])).toEqual([
      'Digest',
      'Basic',
    ]);
    expect(challengeSchemes([])).toEqual([]);
    expect(challengeSchemes(['"quoted", =broken'])).toEqual([]);
  });
});
