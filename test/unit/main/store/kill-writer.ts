/**
 * Child process for the kill test: saves scan results into the store in a loop, four at a time, with a small
 * journal limit so that most of its time goes into data-file rewrites (the riskiest write), and prints `saved <tenant> <n>` each time a
 * recordResult resolves. The parent kills it with SIGKILL at some moment and checks what survived.
 *
 * A kill lands between system calls, and one large write(2) is never cut by it, so this writer's file system
 * writes in 4 KB pieces with a turn of the event loop between them, as a slow disk would: a kill then often
 * falls in the middle of a file write, which is what the test is about.
 *
 * Usage: tsx kill-writer.ts <dir>
 */
import { AppStore } from '../../../../main/store';
import { nodeStoreFs, type StoreFs } from '../../../../main/fs/atomic-fs';
import { account, listing, result, tenantId } from './helpers';

export const WRITER_TENANTS = 200;

/** The verdict the writer records for its n-th result; the parent checks stored results against it. */
export function writerVerdict(n: number) {
  return n % 3 === 0 ? 'separate-mfa' : n % 3 === 1 ? 'home-mfa-trusted' : 'blocked';
}

/** The observation time of the n-th result: later results are later in time. */
export function writerTime(n: number): string {
  return new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
}

const PIECE = 4096;

const pieceByPieceFs: StoreFs = {
  ...nodeStoreFs,
  async open(path, flags) {
    const handle = await nodeStoreFs.open(path, flags);
    return {
      ...handle,
      async write(data) {
        const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
        for (let offset = 0; offset < bytes.length; offset += PIECE) {
          await handle.write(bytes.subarray(offset, offset + PIECE));
          await new Promise((resolve) => setImmediate(resolve));
        }
      },
    };
  },
};

async function main(dir: string): Promise<void> {
  const { store } = await AppStore.open({ dir, fs: pieceByPieceFs, compactJournalBytes: 4 * 1024 });
  await store.upsertAccount(account());
  await store.upsertTenants(
    'acc-1',
    Array.from({ length: WRITER_TENANTS }, (_, i) => listing(i)),
  );
  process.stdout.write('ready\n');
  let n = 0;
  const worker = async () => {
    for (;;) {
      const mine = n++;
      const tenant = mine % WRITER_TENANTS;
      await store.recordResult('acc-1', tenantId(tenant), result(writerVerdict(mine), writerTime(mine)));
      process.stdout.write(`saved ${tenant} ${mine}\n`);
      if (mine % 97 === 0) await store.setNotes('acc-1', tenantId(tenant), `note ${mine}`);
      if (mine % 250 === 0) await store.flush();
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

if (process.argv[2]) {
  main(process.argv[2]).catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
