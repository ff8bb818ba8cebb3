/**
 * A scan's two hand-overs while the tenant listing is still being read: the listing saves each page's tenants as
 * it comes (ListingSaver), and what it saved joins the queue the probes take from (ProbeQueue), so that probing
 * starts with the first page instead of after the last.
 */
import type { TenantRecord } from '../../shared/model';
import { isProbedTenant } from '../../shared/tenant-category';
import type { TenantListing } from '../store';

/**
 * The tenants a scan probes, in the order the listing saves them (the home first), while the listing may still add
 * more. Each tenant is probed once per scan.
 */
export class ProbeQueue {
  /** Whether the home session showed MFA; set by the listing before it adds anything. */
  homeSessionMfa = false;
  private readonly items: TenantRecord[] = [];
  private head = 0;
  private readonly seen = new Set<string>();
  private closed = false;
  private waiting: (() => void)[] = [];

  constructor(private readonly onAdd: (records: TenantRecord[]) => void) {}

  /** Queues the records not queued yet (Azure Lighthouse tenants are never probed: shared/tenant-category.ts). */
  add(records: readonly TenantRecord[]): void {
    if (this.closed) return;
    const fresh = records.filter((r) => !this.seen.has(r.tenantId) && isProbedTenant(r));
    if (fresh.length === 0) return;
    for (const record of fresh) {
      this.seen.add(record.tenantId);
      if (record.isHome) this.items.splice(this.head, 0, record);
      else this.items.push(record);
    }
    this.onAdd(fresh);
    this.wake();
  }

  /** Nothing more comes: the workers end when the queue is empty. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Nothing more is probed: what is still queued stays so. */
  stop(): void {
    this.head = this.items.length;
    this.close();
  }

  /** The next tenant to probe, or null once the queue is closed and empty (or the scan was cancelled). */
  async next(signal: AbortSignal): Promise<TenantRecord | null> {
    for (;;) {
      if (signal.aborted) return null;
      if (this.head < this.items.length) return this.items[this.head++]!;
      if (this.closed) return null;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

/**
 * Saves listed tenants while the listing goes on, one store write at a time: the pages that come during a write
 * are saved together by the next one, so a fast listing costs few writes. Each write's records go to `saved`.
 */
export class ListingSaver {
  /** The tenants handed to the saver: those that fit the store's room. */
  readonly kept = new Set<string>();
  private pending: TenantListing[] = [];
  private running: Promise<void> | null = null;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly store: {
      upsertTenants(
        accountId: string,
        listing: TenantListing[],
        options: { complete: boolean },
      ): Promise<TenantRecord[]>;
    },
    private readonly accountId: string,
    private readonly saved: (records: readonly TenantRecord[]) => void,
  ) {}

  add(listing: readonly TenantListing[]): void {
    for (const t of listing) this.kept.add(t.tenantId);
    this.pending.push(...listing);
    this.running ??= this.drain();
  }

  /** Resolves when everything handed over is saved; rejects with the store's error if a write failed. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
    if (this.failure) throw this.failure.error;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 && !this.failure) {
        const batch = this.pending;
        this.pending = [];
        this.saved(await this.store.upsertTenants(this.accountId, batch, { complete: false }));
      }
    } catch (error) {
      this.failure = { error };
    } finally {
      this.running = null;
    }
  }
}
