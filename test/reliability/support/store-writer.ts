/**
 * A second program on the same data folder, for the one-writer tests: opens the real store, makes sure the
 * account and 40 tenants exist, writes one note per tenant in its range and prints `saved <tenant>` each time a
 * write is confirmed. With `hold` it then keeps the store open until it is killed. When the folder is locked it
 * prints `refused <message>` and exits 3.
 *
 * Usage: tsx store-writer.ts <dir> <label> <first tenant> <count> [hold]
 */
import { AppStore, isStoreError } from '../../../main/store';

export const WRITER_TENANTS = 40;
export const writerTenantId = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
export const writerNote = (label: string, n: number) => `${label} wrote the note of tenant ${n}`;

async function main(dir: string, label: string, first: number, count: number, hold: boolean): Promise<void> {
  let store: AppStore;
  try {
    ({ store } = await AppStore.open({ dir }));
  } catch (error) {
    if (isStoreError(error, 'in-use')) {
      process.stdout.write(`refused ${error.message}\n`);
      process.exit(3);
    }
    throw error;
  }
  process.stdout.write(`open ${process.pid}\n`);
  if (!store.data().accounts.some((a) => a.accountId === 'acc-1')) {
    await store.upsertAccount({
      accountId: 'acc-1',
      username: 'ada@contoso.example',
      displayName: 'Ada Guest',
      homeTenantId: '11111111-1111-1111-1111-111111111111',
      homeTenantName: 'Contoso',
      homeDomain: 'contoso.example',
      homeSessionMfa: true,
    });
    await store.upsertTenants(
      'acc-1',
      Array.from({ length: WRITER_TENANTS }, (_, n) => ({
        tenantId: writerTenantId(n),
        displayName: `Partner ${n}`,
        defaultDomain: `partner${n}.example`,
        domains: [],
        isHome: false,
        source: 'arm' as const,
        listed: true,
      })),
    );
  }
  for (let n = first; n < first + count; n += 1) {
    await store.setNotes('acc-1', writerTenantId(n), writerNote(label, n));
    process.stdout.write(`saved ${n}\n`);
  }
  if (hold) {
    process.stdout.write('holding\n');
    setInterval(() => undefined, 60_000);
    return;
  }
  await store.close();
  process.stdout.write('closed\n');
}

const [dir, label, first, count, hold] = process.argv.slice(2);
if (dir && label && first && count) {
  main(dir, label, Number(first), Number(count), hold === 'hold').catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
