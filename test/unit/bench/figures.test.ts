import { describe, expect, it } from 'vitest';
import type { RequestRecord } from '../../../tools/entra-emulator';
import {
  analyseScanLog,
  formatTable,
  idealScanMs,
  marginalPerTenantMs,
  maxSpeedUp,
  median,
  num,
  sequentialRounds,
} from '../../../bench/figures';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** A request the emulator answered `endMs` after T0, having taken `durationMs`. */
function record(
  endpoint: RequestRecord['endpoint'],
  tenant: string | null,
  endMs: number,
  durationMs = 150,
): RequestRecord {
  return {
    at: new Date(T0 + endMs).toISOString(),
    method: endpoint === 'token' ? 'POST' : 'GET',
    host: 'example',
    path: '/',
    endpoint,
    tenant,
    status: 200,
    fault: null,
    durationMs,
  };
}

/** A probe as the app makes it: the token, then the three Graph reads together. */
function probe(tenant: string, startMs: number): RequestRecord[] {
  return [
    record('token', tenant, startMs + 150),
    record('methods', tenant, startMs + 302),
    record('sponsors', tenant, startMs + 303),
    record('organization', tenant, startMs + 305),
  ];
}

describe('sequentialRounds', () => {
  it('counts overlapping requests as one round and later ones as the next', () => {
    expect(
      sequentialRounds([
        { start: 0, end: 150 },
        { start: 151, end: 300 },
        { start: 152, end: 301 },
        { start: 155, end: 305 },
      ]),
    ).toBe(2);
  });

  it('counts requests made one after the other as separate rounds, in any order given', () => {
    expect(
      sequentialRounds([
        { start: 300, end: 450 },
        { start: 0, end: 150 },
        { start: 150, end: 300 },
      ]),
    ).toBe(3);
  });

  it('gives no rounds for no requests', () => {
    expect(sequentialRounds([])).toBe(0);
  });
});

describe('analyseScanLog', () => {
  it('reads requests per guest tenant, the critical path, the listing and the first probe', () => {
    const records = [
      record('tenants', 'contoso', 150),
      ...probe('contoso', 160),
      ...probe('t001', 161),
      ...probe('t002', 162),
      ...probe('t003', 470),
    ];
    const stats = analyseScanLog(records, { homeKey: 'contoso', startedAtEpochMs: T0 - 10 });
    expect(stats).toMatchObject({
      guestTenants: 3,
      requestsPerTenant: { mean: 4, min: 4, max: 4 },
      perEndpoint: { token: 1, methods: 1, sponsors: 1, organization: 1 },
      criticalPath: 2,
      listingRequests: 1,
      otherRequests: 0,
      firstProbeStartMs: 170,
    });
  });

  it('notices a retried token request and requests that are not part of a probe', () => {
    const records = [
      record('token', 't001', 150),
      ...probe('t001', 200),
      ...probe('t002', 0),
      record('openid-configuration', null, 10, 1),
    ];
    const stats = analyseScanLog(records, { homeKey: 'contoso', startedAtEpochMs: T0 });
    expect(stats.requestsPerTenant).toEqual({ mean: 4.5, min: 4, max: 5 });
    expect(stats.perEndpoint.token).toBe(1.5);
    expect(stats.otherRequests).toBe(1);
    expect(stats.criticalPath).toBe(2.5);
  });

  it('reports no first probe for a scan that probed nothing', () => {
    const stats = analyseScanLog([record('tenants', 'contoso', 150)], { homeKey: 'contoso', startedAtEpochMs: T0 });
    expect(stats.firstProbeStartMs).toBeNull();
    expect(stats.guestTenants).toBe(0);
    expect(Number.isNaN(stats.criticalPath)).toBe(true);
  });
});

describe('idealScanMs', () => {
  it('charges one critical path per wave of C tenants', () => {
    expect(idealScanMs(10, 8, 2, 150)).toBe(600);
    expect(idealScanMs(100, 8, 2, 150)).toBe(3_900);
    expect(idealScanMs(500, 8, 2, 150)).toBe(18_900);
    expect(idealScanMs(500, 1, 2, 150)).toBe(150_000);
  });
});

describe('maxSpeedUp', () => {
  it('is N over the number of waves, so ten tenants at C=8 allow at most 5×', () => {
    expect(maxSpeedUp(10, 8)).toBe(5);
    expect(maxSpeedUp(100, 8)).toBeCloseTo(7.69, 2);
    expect(maxSpeedUp(16, 8)).toBe(8);
    expect(maxSpeedUp(3, 1)).toBe(1);
  });
});

describe('helpers', () => {
  it('takes the median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('computes the time per added tenant between two sizes', () => {
    expect(marginalPerTenantMs({ tenants: 100, wallMs: 4_000 }, { tenants: 500, wallMs: 19_000 })).toBe(37.5);
  });

  it('prints n/a for missing or non-finite numbers', () => {
    expect(num(null)).toBe('n/a');
    expect(num(Number.NaN)).toBe('n/a');
    expect(num(1.234, 2)).toBe('1.23');
  });

  it('aligns numbers right and text left under a rule', () => {
    expect(
      formatTable(
        ['name', 'ms'],
        [
          ['short', 5],
          ['longer name', 1234],
        ],
      ),
    ).toBe(['name           ms', '-----------  ----', 'short           5', 'longer name  1234'].join('\n'));
  });
});
