/**
 * The ARM and Graph clients against answers no real service should send: malformed and truncated JSON, every
 * wrong shape a seeded generator can think of, deep nesting, bodies over the transport's size limit, nextLink
 * loops and links to foreign hosts. They must return values or typed failures, never throw; what they return
 * is bounded, one-line text; and the bearer token goes nowhere but the service it was meant for.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransport, type HttpResponse } from '../../main/net/transport';
import { listTenants, type TenantListResult } from '../../main/scan/arm';
import {
  parseMethods,
  parseOrganization,
  parseSponsors,
  readMethods,
  readOrganization,
  readSponsors,
} from '../../main/scan/graph';
import { METHOD_TYPES } from '../../shared/model';
import { fakeTransport, json } from '../support/fake-transport';
import {
  CONTROL_STRINGS,
  deepJsonText,
  POLLUTION_JSON,
  prototypeFingerprint,
  seededRng,
  type Rng,
} from '../support/fuzz-values';

const ARM = 'https://management.azure.com';
const GRAPH = 'https://graph.microsoft.com';
const TOKEN = 'eyJ0eXAiOiJKV1QifQ.eyJzZWNyZXQiOnRydWV9.c2lnbmF0dXJl';
const fast = { policy: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterSeconds: 0 } };
// eslint-disable-next-line no-control-regex -- matching what must not survive
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const KEYS = [
  'value',
  'nextLink',
  'tenantId',
  'displayName',
  'defaultDomain',
  'domains',
  'countryCode',
  'tenantCategory',
  '@odata.type',
  'phoneNumber',
  'model',
  'mail',
  'userPrincipalName',
  'verifiedDomains',
  'name',
  'technicalNotificationMails',
  'error',
  'code',
  'message',
  '__proto__',
  'constructor',
  'prototype',
];
const STRINGS = [
  '',
  'Fabrikam',
  '00000001-0000-0000-0000-000000000000',
  'A1B2C3D4-0001-4E5F-8A9B-0C1D2E3F4A51',
  '#microsoft.graph.phoneAuthenticationMethod',
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
  '#microsoft.graph.fido2AuthenticationMethod',
  'https://evil.example/next',
  `${ARM}/tenants?page=2`,
  ...CONTROL_STRINGS,
];

/** A random JSON value: mostly objects with the keys the parsers look for, holding anything at all. */
function randomJson(rng: Rng, depth: number): unknown {
  const roll = rng.int(depth <= 0 ? 5 : 9);
  switch (roll) {
    case 0:
      return rng.pick(STRINGS);
    case 1:
      return rng.pick([0, -1, 1.5, 1e308, Number.MAX_SAFE_INTEGER]);
    case 2:
      return rng.pick([true, false, null]);
    case 3:
      return 'x'.repeat(rng.pick([300, 5_000, 20_000, 120_000]));
    case 4:
      return rng.pick(STRINGS) + '\r\n'.repeat(3) + rng.pick(STRINGS);
    case 5:
    case 6:
      return Array.from({ length: rng.int(6) }, () => randomJson(rng, depth - 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rng.int(7); i > 0; i -= 1) out[rng.pick(KEYS)] = randomJson(rng, depth - 1);
      return out;
    }
  }
}

/** A random answer body: valid JSON of a random shape, JSON cut off somewhere, or no JSON at all. */
function randomBody(rng: Rng): string {
  const text = JSON.stringify(randomJson(rng, 5)) ?? 'null';
  switch (rng.int(8)) {
    case 0:
      return text.slice(0, rng.int(text.length + 1));
    case 1:
      return rng.pick(['', '<html><body>Service Unavailable</body></html>', '\u0000\u0001\u0002', 'null', '[]', '"x"']);
    case 2:
      return `{"value":[${text}],"nextLink":${JSON.stringify(rng.pick(STRINGS))}}`;
    case 3:
      return `{"value":${text}}`;
    case 4:
      return rng.pick(POLLUTION_JSON);
    default:
      return text;
  }
}

function randomAnswer(rng: Rng): HttpResponse {
  const status = rng.pick([200, 200, 200, 200, 204, 400, 401, 403, 404, 429, 500, 503]);
  // Mostly absent: an honoured Retry-After costs a real wait of 50 ms at least.
  const retryAfter =
    rng.int(4) === 0 ? rng.pick(['0', '-1', 'soon', '99999999', 'Wed, 21 Oct 2015 07:28:00 GMT']) : undefined;
  return {
    status,
    headers: { 'content-type': 'application/json', ...(retryAfter !== undefined ? { 'retry-after': retryAfter } : {}) },
    body: randomBody(rng),
  };
}

function expectInertText(text: string, max: number, label: string): void {
  expect(typeof text, label).toBe('string');
  expect(Array.from(text).length, label).toBeLessThanOrEqual(max);
  expect(text, label).not.toMatch(UNSAFE);
}

function expectWellFormedTenantList(result: TenantListResult, label: string): void {
  if (!result.ok) {
    expect(['http', 'network', 'malformed'], label).toContain(result.failure.kind);
    expectInertText(result.message, 800, label);
    return;
  }
  expect(result.pages, label).toBeLessThanOrEqual(100);
  for (const tenant of result.tenants) {
    expect(tenant.tenantId, label).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expectInertText(tenant.displayName, 256, label);
    expectInertText(tenant.defaultDomain, 253, label);
    expect(tenant.domains.length, label).toBeLessThanOrEqual(500);
    for (const domain of tenant.domains) expectInertText(domain, 253, label);
  }
}

describe('ARM tenant list against hostile answers', () => {
  it('returns a value or a typed failure for hundreds of random answers, sending the token only to ARM', async () => {
    const rng = seededRng(0xa12);
    const prototypes = prototypeFingerprint();
    for (let i = 0; i < 400; i += 1) {
      const transport = fakeTransport({
        [ARM]: (request) => (request.url.startsWith(ARM) ? randomAnswer(rng) : json(500, {})),
      });
      const result = await listTenants(transport, ARM, TOKEN, fast);
      expectWellFormedTenantList(result, `case ${i}`);
      for (const request of transport.requests) expect(new URL(request.url).origin, `case ${i}`).toBe(ARM);
    }
    expect(prototypeFingerprint()).toBe(prototypes);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('survives deep nesting and refuses a page with too many entries', async () => {
    const deep = await listTenants(
      fakeTransport({ [ARM]: { status: 200, headers: {}, body: deepJsonText(200_000) } }),
      ARM,
      TOKEN,
    );
    expectWellFormedTenantList(deep, 'deep');
    const many = Array.from({ length: 10_001 }, () => ({ tenantId: '00000001-0000-0000-0000-000000000000' }));
    const tooMany = await listTenants(fakeTransport({ [ARM]: json(200, { value: many }) }), ARM, TOKEN, fast);
    expect(tooMany).toMatchObject({ ok: false, failure: { kind: 'malformed' } });
  });

  it('reads each page of a nextLink loop once, and says the list is partial', async () => {
    const page = (n: number, next: string | null) =>
      json(200, { value: [{ tenantId: `0000000${n}-0000-0000-0000-000000000000` }], nextLink: next });
    const self = fakeTransport({ [ARM]: page(1, `${ARM}/tenants?api-version=2022-12-01`) });
    expect(await listTenants(self, ARM, TOKEN)).toMatchObject({
      ok: true,
      pages: 1,
      incomplete: { reason: 'repeated-link' },
    });
    expect(self.requests).toHaveLength(1);

    const pingPong = fakeTransport({
      [`${ARM}/tenants?api-version=2022-12-01`]: page(1, `${ARM}/tenants?api-version=2022-12-01&$skiptoken=b`),
      [`${ARM}/tenants?api-version=2022-12-01&$skiptoken=b`]: page(2, `${ARM}/tenants?api-version=2022-12-01`),
    });
    const looped = await listTenants(pingPong, ARM, TOKEN);
    expect(looped.ok && looped.tenants).toHaveLength(2);
    expect(looped.ok && looped.incomplete?.reason).toBe('repeated-link');
    expect(pingPong.requests).toHaveLength(2);

    // Empty pages under ever new links: a few are read, then it stops.
    let n = 0;
    const endless = fakeTransport({
      [ARM]: () => json(200, { value: [], nextLink: `${ARM}/tenants?page=${(n += 1)}` }),
    });
    expect(await listTenants(endless, ARM, TOKEN)).toMatchObject({
      ok: true,
      incomplete: { reason: 'no-new-tenants' },
    });
    expect(endless.requests.length).toBeLessThanOrEqual(11);

    // New tenants on every page, forever: the page cap ends it.
    let m = 0;
    const growing = fakeTransport({
      [ARM]: () => {
        m += 1;
        const id = `${m.toString(16).padStart(8, '0')}-0000-0000-0000-000000000000`;
        return json(200, { value: [{ tenantId: id }], nextLink: `${ARM}/tenants?page=${m}` });
      },
    });
    const capped = await listTenants(growing, ARM, TOKEN);
    expect(capped).toMatchObject({ ok: true, pages: 1000, incomplete: { reason: 'page-limit', pages: 1000 } });
    expect(capped.ok && capped.tenants).toHaveLength(1000);
  });

  it('never follows a nextLink off ARM, however it is disguised', async () => {
    const foreign = [
      'https://evil.example/tenants',
      'http://management.azure.com/tenants',
      'https://management.azure.com.evil.example/tenants',
      'https://management.azure.com:8443/tenants',
      'https://management.azure.com@evil.example/tenants',
      'https://evil.example\\@management.azure.com/tenants',
      'https://evil.example#@management.azure.com/',
      'https://xn--mnagement-9za.azure.com/tenants',
      'https://managеment.azure.com/tenants',
      '//evil.example/tenants',
      '/tenants?page=2',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:application/json,{}',
      `ftp://management.azure.com/tenants`,
    ];
    for (const nextLink of foreign) {
      const transport = fakeTransport({
        [ARM]: json(200, { value: [{ tenantId: '00000001-0000-0000-0000-000000000000' }], nextLink }),
        'https://': json(200, { value: [] }),
        'http://': json(200, { value: [] }),
      });
      const result = await listTenants(transport, ARM, TOKEN);
      expect(result.ok && result.tenants, nextLink).toHaveLength(1);
      expect(
        transport.requests.map((r) => r.url),
        nextLink,
      ).toEqual([`${ARM}/tenants?api-version=2022-12-01`]);
    }
  });
});

describe('Graph parsers against hostile answers', () => {
  const types = new Set<string>([...METHOD_TYPES, 'other']);

  it('return null or bounded, one-line values for random bodies', () => {
    const rng = seededRng(0x6a1);
    for (let i = 0; i < 3_000; i += 1) {
      const body = rng.int(4) === 0 ? { value: [randomJson(rng, 4), randomJson(rng, 4)] } : randomJson(rng, 5);
      const label = `case ${i}`;
      const methods = parseMethods(body);
      if (methods !== null) {
        expect(methods.length, label).toBeLessThanOrEqual(100);
        for (const method of methods) {
          expect(types.has(method.type), label).toBe(true);
          expectInertText(method.displayName, 300, label);
          if (method.detail !== undefined) expectInertText(method.detail, 300, label);
        }
      }
      const sponsors = parseSponsors(body);
      if (sponsors !== null) {
        expect(sponsors.length, label).toBeLessThanOrEqual(100);
        for (const sponsor of sponsors) {
          expectInertText(sponsor.displayName, 320, label);
          if (sponsor.mail !== null) expectInertText(sponsor.mail, 320, label);
        }
      }
      const organization = parseOrganization(body);
      if (organization !== null) {
        if (organization.displayName !== null) expectInertText(organization.displayName, 300, label);
        expect(organization.verifiedDomains.length, label).toBeLessThanOrEqual(100);
        for (const domain of organization.verifiedDomains) expectInertText(domain, 300, label);
        for (const mail of organization.technicalNotificationMails) expectInertText(mail, 320, label);
      }
    }
  });

  it('take deep nesting and prototype keys as data', () => {
    const deep = JSON.parse(deepJsonText(100_000)) as unknown;
    expect(() => [parseMethods(deep), parseSponsors(deep), parseOrganization(deep)]).not.toThrow();
    const prototypes = prototypeFingerprint();
    for (const json of POLLUTION_JSON) {
      const item = JSON.parse(json) as object;
      parseMethods({ value: [item, { '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', ...item }] });
      parseSponsors({ value: [item] });
      parseOrganization({ value: [item] });
    }
    expect(prototypeFingerprint()).toBe(prototypes);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('Graph reads against hostile answers', () => {
  it('answer ok, denied, consent or failed with a one-line message for random answers', async () => {
    const rng = seededRng(0x7ead);
    for (let i = 0; i < 300; i += 1) {
      const transport = fakeTransport({ [GRAPH]: () => randomAnswer(rng) });
      const read = rng.pick([readMethods, readSponsors, readOrganization]);
      const result = await read(transport, GRAPH, TOKEN, fast);
      expect(['ok', 'denied', 'consent', 'failed'], `case ${i}`).toContain(result.status);
      if (result.status !== 'ok') expectInertText(result.message, 900, `case ${i}`);
      for (const request of transport.requests) expect(new URL(request.url).origin).toBe(GRAPH);
    }
  });

  it('neutralise the service error text they pass on', async () => {
    const transport = fakeTransport({
      [GRAPH]: json(403, {
        error: { code: 'Denied\r\nBcc: attacker@evil.example\u202e', message: `${'line\r\n'.repeat(500)}end` },
      }),
    });
    const denied = await readMethods(transport, GRAPH, TOKEN, fast);
    expect(denied.status).toBe('denied');
    expect(denied.status !== 'ok' && denied.message).toContain('Denied Bcc: attacker@evil.example');
    expectInertText(denied.status !== 'ok' ? denied.message : '', 400, 'denied');

    const failing = fakeTransport({
      [GRAPH]: json(500, { error: { code: 'x', message: `a\u0000b\r\n${'m'.repeat(9_000)}` } }),
    });
    const failed = await readSponsors(failing, GRAPH, TOKEN, fast);
    expect(failed.status).toBe('failed');
    expectInertText(failed.status !== 'ok' ? failed.message : '', 900, 'failed');
  });
});

describe('through the real transport', () => {
  let server: http.Server;
  let base: string;
  let lastHeaders: http.IncomingHttpHeaders = {};
  let answer: (res: http.ServerResponse) => void = (res) => res.end('{}');

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      lastHeaders = req.headers;
      answer(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const transportFor = (maxResponseBytes: number) =>
    createTransport({ routes: { 'management.azure.com': base, 'graph.microsoft.com': base }, maxResponseBytes });

  it('refuses an answer over the size limit as a failure, without retrying it', async () => {
    const transport = transportFor(64 * 1024);
    let served = 0;
    answer = (res) => {
      served += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"value":[${'{"tenantId":"00000001-0000-0000-0000-000000000000"},'.repeat(20_000)}{}]}`);
    };
    const tenants = await listTenants(transport, ARM, TOKEN, fast);
    expect(tenants).toMatchObject({ ok: false, failure: { kind: 'network', networkKind: 'too-large' } });
    expect(served).toBe(1);
    const methods = await readMethods(transport, GRAPH, TOKEN, fast);
    expect(methods).toMatchObject({ status: 'failed' });
    transport.close();
  });

  it('turns a token Node cannot put in a header into a failed read, and sends nothing', async () => {
    const transport = transportFor(1024 * 1024);
    let served = 0;
    answer = (res) => {
      served += 1;
      res.end('{"value":[]}');
    };
    for (const token of ['abc\r\nX-Injected: 1', 'abc\u0000', 'tök€n']) {
      const read = await readOrganization(transport, GRAPH, token, fast);
      expect(read.status, JSON.stringify(token)).toBe('failed');
      const list = await listTenants(transport, ARM, token, fast);
      expect(list.ok, JSON.stringify(token)).toBe(false);
    }
    expect(served).toBe(0);
    expect(lastHeaders['x-injected']).toBeUndefined();
    transport.close();
  });
});
