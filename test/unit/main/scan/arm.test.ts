import { describe, expect, it } from 'vitest';
import {
  describeListingStop,
  describeUnreadableEntries,
  listTenants,
  MAX_LISTING_PAGES,
  MAX_PAGES_WITHOUT_NEW_TENANTS,
} from '../../../../main/scan/arm';
import { NetworkError, type HttpRequest } from '../../../../main/net/transport';
import { fakeTransport, json } from '../../../support/fake-transport';

const ARM = 'https://management.azure.com';
const tenant = (n: number) => ({
  id: `/tenants/0000000${n}-0000-0000-0000-000000000000`,
  tenantId: `0000000${n}-0000-0000-0000-000000000000`,
  displayName: `Org ${n}`,
  defaultDomain: `org${n}.example`,
  domains: [`org${n}.example`, `org${n}.onmicrosoft.com`],
  tenantCategory: 'Home',
  countryCode: 'DE',
});
const noWait = { policy: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxRetryAfterSeconds: 30 } };

describe('ARM tenant list', () => {
  it('follows nextLink pages and sends the token only to ARM', async () => {
    const transport = fakeTransport({
      [`${ARM}/tenants?api-version=2022-12-01`]: json(200, {
        value: [tenant(1), tenant(2)],
        nextLink: `${ARM}/tenants?api-version=2022-12-01&$skiptoken=abc`,
      }),
      [`${ARM}/tenants?api-version=2022-12-01&$skiptoken=abc`]: json(200, { value: [tenant(3)], nextLink: null }),
    });
    const result = await listTenants(transport, ARM, 'token-1');
    expect(result.ok && result.tenants.map((t) => t.displayName)).toEqual(['Org 1', 'Org 2', 'Org 3']);
    expect(result.ok && result.pages).toBe(2);
    expect(transport.requests.every((r) => r.headers?.['authorization'] === 'Bearer token-1')).toBe(true);
  });

  it('does not follow a nextLink to another host', async () => {
    const transport = fakeTransport({
      [`${ARM}/tenants`]: json(200, { value: [tenant(1)], nextLink: 'https://evil.example/steal' }),
    });
    const result = await listTenants(transport, ARM, 'secret-token');
    expect(result.ok && result.tenants).toHaveLength(1);
    expect(transport.requests.map((r) => new URL(r.url).host)).toEqual(['management.azure.com']);
  });

  it('keeps an entry with a readable id and names what was wrong; counts and names entries without one', async () => {
    const transport = fakeTransport({
      [`${ARM}/tenants`]: json(200, {
        value: [tenant(1), { tenantId: 'not-a-guid' }, 42, null, { ...tenant(2), domains: 'x' }],
      }),
    });
    const result = await listTenants(transport, ARM, 't');
    if (!result.ok) throw new Error('expected a listing');
    expect(result.tenants.map((t) => t.tenantId)).toEqual([
      '00000001-0000-0000-0000-000000000000',
      '00000002-0000-0000-0000-000000000000',
    ]);
    // The kept entry lost only the unreadable field.
    expect(result.tenants[1]).toMatchObject({ displayName: 'Org 2', domains: [] });
    expect(result.skipped).toBe(3);
    expect(result.unreadableCount).toBe(4);
    expect(result.unreadable).toEqual([
      { tenantId: null, problem: "the entry's tenant id is not a valid id" },
      { tenantId: null, problem: 'the entry is a number, not an organisation' },
      { tenantId: null, problem: 'the entry is empty (null), not an organisation' },
      { tenantId: '00000002-0000-0000-0000-000000000000', problem: 'domains could not be read (kept with the rest)' },
    ]);
    expect(describeUnreadableEntries(result.unreadable, 30)).toMatch(/^30 entries .*; and 26 more\)$/);
  });

  it('retries a 429 honouring Retry-After, then succeeds', async () => {
    const transport = fakeTransport({
      [`${ARM}/tenants`]: [
        json(429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '0' }),
        json(200, { value: [tenant(1)] }),
      ],
    });
    const result = await listTenants(transport, ARM, 't', noWait);
    expect(result.ok).toBe(true);
    expect(transport.requests).toHaveLength(2);
  });

  it('reports a malformed answer and a network failure as failures with a message', async () => {
    const malformed = fakeTransport({ [`${ARM}/tenants`]: { status: 200, headers: {}, body: '{"value": [' } });
    const broken = await listTenants(malformed, ARM, 't', noWait);
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.message).toMatch(/could not be read/);

    const offline = fakeTransport({ [`${ARM}/tenants`]: new NetworkError('refused', 'connect ECONNREFUSED') });
    const down = await listTenants(offline, ARM, 't', noWait);
    expect(!down.ok && down.failure.kind).toBe('network');
    expect(offline.requests).toHaveLength(3);
  });

  it('refuses a wrongly shaped page instead of guessing', async () => {
    const transport = fakeTransport({ [`${ARM}/tenants`]: json(200, { tenants: [tenant(1)] }) });
    const result = await listTenants(transport, ARM, 't');
    expect(!result.ok && result.message).toMatch(/unexpected form/);
  });
});

describe('ARM tenant list time limit', () => {
  it('gives up on a listing page that does not answer in time instead of trying again', async () => {
    const transport = fakeTransport({
      [`${ARM}/tenants`]: new NetworkError('timeout', 'management.azure.com did not answer within 20 s'),
    });
    const result = await listTenants(transport, ARM, 't', { ...noWait, timeoutMs: 20_000 });
    expect(!result.ok && result.failure.kind).toBe('network');
    expect(transport.requests).toHaveLength(1);
    expect(transport.requests[0]!.timeoutMs).toBe(20_000);
  });
});

describe('ARM tenant list refused with a claims challenge', () => {
  // The shape of https://learn.microsoft.com/entra/identity-platform/claims-challenge; the claims are the MFA
  // request that mandatory MFA for Azure needs (docs/architecture.md, "ARM claims challenge").
  const claims = '{"access_token":{"amr":{"essential":true,"values":["mfa"]}}}';
  const header =
    'Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", ' +
    `error="insufficient_claims", claims="${Buffer.from(claims).toString('base64')}"`;

  it('reads the challenge into a typed failure and does not retry', async () => {
    const transport = fakeTransport({
      [`${ARM}/tenants`]: json(
        401,
        { error: { code: 'InvalidAuthenticationToken', message: 'The access token requires claims.' } },
        { 'www-authenticate': header },
      ),
    });
    const result = await listTenants(transport, ARM, 't', noWait);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.challenge).toEqual({ claims, error: 'insufficient_claims' });
    expect(result.message).toMatch(/multifactor authentication/);
    expect(transport.requests).toHaveLength(1);
  });

  it('a 401 without a challenge stays an ordinary failure', async () => {
    const transport = fakeTransport({
      [`${ARM}/tenants`]: json(
        401,
        { error: { code: 'ExpiredAuthenticationToken', message: 'expired' } },
        {
          'www-authenticate': 'Bearer error="invalid_token"',
        },
      ),
    });
    const result = await listTenants(transport, ARM, 't', noWait);
    expect(!result.ok && result.challenge).toBeUndefined();
    expect(!result.ok && result.message).toContain('expired');
  });
});

/** An ARM that lists `total` tenants, `size` per page, with a skiptoken per page; `next` can bend the links. */
function pagedArm(total: number, size = 50, next?: (offset: number, request: HttpRequest) => string | null) {
  const id = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
  return fakeTransport({
    [`${ARM}/tenants`]: (request) => {
      const offset = Number(new URL(request.url).searchParams.get('$skiptoken') ?? '0');
      const value = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => ({
        tenantId: id(offset + i),
        displayName: `Org ${offset + i}`,
        defaultDomain: `org${offset + i}.example`,
      }));
      const following =
        next?.(offset + size, request) ??
        (offset + size < total ? `${ARM}/tenants?api-version=2022-12-01&$skiptoken=${offset + size}` : null);
      return json(200, { value, ...(following ? { nextLink: following } : {}) });
    },
  });
}

describe('ARM tenant list: complete or saying it is not', () => {
  it('reads all 105 pages of 5,201 tenants and calls the list complete', async () => {
    const transport = pagedArm(5201);
    const result = await listTenants(transport, ARM, 't');
    expect(result.ok && result.tenants).toHaveLength(5201);
    expect(result.ok && result.pages).toBe(105);
    expect(result.ok && result.incomplete).toBeNull();
    expect(MAX_LISTING_PAGES).toBeGreaterThanOrEqual(200); // the store's 10,000 tenants at 50 per page
  });

  it('hands each page over as it comes, while later pages are still to be read', async () => {
    const transport = pagedArm(120);
    const seen: { tenants: string[]; requestsSoFar: number }[] = [];
    const result = await listTenants(transport, ARM, 't', {
      maxTenants: 110,
      onPage: (tenants) =>
        seen.push({ tenants: tenants.map((t) => t.tenantId), requestsSoFar: transport.requests.length }),
    });
    // The first page is handed over before the second is asked for; the cap holds page by page too.
    expect(seen.map((page) => page.requestsSoFar)).toEqual([1, 2, 3]);
    expect(seen.map((page) => page.tenants.length)).toEqual([50, 50, 10]);
    const handed = seen.flatMap((page) => page.tenants);
    expect(new Set(handed).size).toBe(110);
    expect(result.ok && result.tenants.map((t) => t.tenantId)).toEqual(handed);
  });

  it('stops at a nextLink naming a page already read, keeping what came, and says the list is partial', async () => {
    // Page 3 links back to page 2.
    const transport = pagedArm(500, 50, (offset) =>
      offset === 150 ? `${ARM}/tenants?api-version=2022-12-01&$skiptoken=50` : null,
    );
    const result = await listTenants(transport, ARM, 't');
    expect(result.ok && result.tenants).toHaveLength(150);
    expect(result.ok && result.incomplete).toEqual({ reason: 'repeated-link', pages: 3 });
    expect(transport.requests).toHaveLength(3);
  });

  it('stops a server that sends a new nextLink forever at the page cap', async () => {
    // Every page brings new tenants and a new link: only the cap ends it.
    const transport = pagedArm(Number.MAX_SAFE_INTEGER, 2);
    const result = await listTenants(transport, ARM, 't', { maxPages: 40 });
    expect(result.ok && result.tenants).toHaveLength(80);
    expect(result.ok && result.incomplete).toEqual({ reason: 'page-limit', pages: 40 });
    expect(transport.requests).toHaveLength(40);
    expect(result.ok && describeListingStop(result.incomplete!)).toMatch(/beyond 40 pages/);
  });

  it('stops new links that bring nothing new after a few pages', async () => {
    let round = 0;
    // After the real 3 pages, the server sends page 1 again and again under fresh links.
    const transport = pagedArm(150, 50, (offset, request) =>
      offset >= 150 || request.url.includes('round=')
        ? `${ARM}/tenants?api-version=2022-12-01&$skiptoken=0&round=${(round += 1)}`
        : null,
    );
    const result = await listTenants(transport, ARM, 't');
    expect(result.ok && result.tenants).toHaveLength(150);
    expect(result.ok && result.incomplete?.reason).toBe('no-new-tenants');
    expect(transport.requests.length).toBeLessThanOrEqual(3 + MAX_PAGES_WITHOUT_NEW_TENANTS);
  });

  it('calls a listing cut by an off-host nextLink partial, and one beyond the tenant cap too', async () => {
    const foreign = await listTenants(
      pagedArm(200, 50, (offset) => (offset === 100 ? 'https://evil.example/tenants?page=3' : null)),
      ARM,
      't',
    );
    expect(foreign.ok && foreign.tenants).toHaveLength(100);
    expect(foreign.ok && foreign.incomplete).toEqual({ reason: 'foreign-link', pages: 2 });

    const capped = await listTenants(pagedArm(1000), ARM, 't', { maxTenants: 120 });
    expect(capped.ok && capped.tenants).toHaveLength(120);
    expect(capped.ok && capped.incomplete).toEqual({ reason: 'tenant-limit', pages: 3 });
  });
});
