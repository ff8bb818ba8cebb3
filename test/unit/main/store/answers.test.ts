/**
 * The stored answers of a tenant (TenantRecord.answers, for "Copy what Entra answered"): kept with each result,
 * replaced by the next one, optional in files written before they existed, and a damaged list costs only
 * itself, never the tenant record.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EntraAnswer } from '../../../../shared/model';
import { AppStore, DATA_FILE } from '../../../../main/store';
import { salvage } from '../../../../main/store/recover';
import { account, at, listing, makeTempDir, result, tenantId } from './helpers';

function answer(status: number, body: string | null): EntraAnswer {
  return {
    at: at(1),
    request: 'token',
    method: 'POST',
    endpoint: `login.microsoftonline.com/${tenantId(1)}/oauth2/v2.0/token`,
    clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
    correlationId: 'c0ffee00-0000-0000-0000-000000000001',
    status,
    errorCode: status === 400 ? 'invalid_grant' : null,
    body,
    challenge: null,
    note: null,
  };
}

describe('stored answers of a tenant', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, cleanup } = await makeTempDir());
  });
  afterEach(async () => cleanup());

  it('are saved with a result, survive a restart and are replaced by the next result', async () => {
    const { store } = await AppStore.open({ dir });
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1)]);
    const first = [answer(400, '{"error":"invalid_grant"}')];
    await store.recordResult('acc-1', tenantId(1), { ...result('separate-mfa', at(1)), answers: first });
    await store.close();

    const { store: reopened } = await AppStore.open({ dir });
    expect(reopened.data().tenants[0]!.answers).toEqual(first);
    await reopened.recordResult('acc-1', tenantId(1), {
      ...result('separate-mfa', at(2)),
      answers: [answer(200, null)],
    });
    expect(reopened.data().tenants[0]!.answers).toEqual([answer(200, null)]);
    // A result without answers (an older caller) leaves the last ones in place.
    await reopened.recordResult('acc-1', tenantId(1), result('separate-mfa', at(3)));
    expect(reopened.data().tenants[0]!.answers).toEqual([answer(200, null)]);
    await reopened.close();
  });

  it('are optional: a file written before they existed loads every record', async () => {
    const { store } = await AppStore.open({ dir });
    await store.upsertAccount(account());
    await store.upsertTenants('acc-1', [listing(1), listing(2)]);
    await store.close();
    const file = join(dir, DATA_FILE);
    const data = JSON.parse(await readFile(file, 'utf8')) as { tenants: Record<string, unknown>[] };
    for (const tenant of data.tenants) delete tenant['answers'];
    await writeFile(file, JSON.stringify(data));
    const { store: reopened, notices } = await AppStore.open({ dir });
    expect(reopened.data().tenants).toHaveLength(2);
    expect(notices).toEqual([]);
    await reopened.close();
  });

  it('that are damaged are dropped on their own; the tenant record stays', () => {
    const { data: fresh } = salvage({});
    const record = {
      accountId: 'acc-1',
      tenantId: tenantId(1),
      displayName: 'Partner 1',
      defaultDomain: 'partner1.example',
      domains: [],
      isHome: false,
      source: 'arm',
      listed: true,
      classification: null,
      methods: null,
      methodsNote: null,
      sponsors: [],
      technicalContacts: [],
      observedAt: null,
      history: [],
      notes: 'keep me',
      recipients: [],
      lastInteractiveSignInAt: null,
      answers: [{ status: 'not a number' }, 'x'],
    };
    const { data } = salvage({ ...fresh, accounts: [account()], tenants: [record] });
    expect(data.tenants).toHaveLength(1);
    expect(data.tenants[0]!.notes).toBe('keep me');
    expect(data.tenants[0]!.answers).toBeUndefined();
  });
});
