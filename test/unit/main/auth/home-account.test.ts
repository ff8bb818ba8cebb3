import { describe, expect, it } from 'vitest';
import { homeTenantOf, isHomeProfile } from '../../../../main/auth/home-account';

describe('homeTenantOf', () => {
  it('reads the home tenant from homeAccountId, whichever tenant profile the AccountInfo is', () => {
    const home = {
      homeAccountId: 'oid-1.72F988BF-86F1-41AF-91AB-2D7CD011DB47',
      tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
    };
    const guest = { ...home, tenantId: '3c9e0000-5b2a-4d1e-8f00-000000000001' };
    expect(homeTenantOf(home)).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
    expect(homeTenantOf(guest)).toBe('72f988bf-86f1-41af-91ab-2d7cd011db47');
    expect(isHomeProfile(home)).toBe(true);
    expect(isHomeProfile(guest)).toBe(false);
  });

  it('falls back to the tenant id when homeAccountId has no tenant part', () => {
    expect(homeTenantOf({ homeAccountId: 'local-only', tenantId: 'ABC' })).toBe('abc');
  });
});
