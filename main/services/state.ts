/**
 * Main's state as the renderer gets it (`AppSnapshot`, shared/state.ts) and the one event that carries its
 * changes. The state is what the store keeps (the tenant records without the answers only diagnostics read), the
 * scan's progress, the notices, whether a sign-in waits for the browser, the update, the re-check schedule and the
 * "What changed" list. Views (entries, checklist, summary, counters, …) are not part of it: the renderer derives
 * them with shared/selectors.ts.
 *
 * Whatever changes (the store, the scan's progress, a notice, the watch or update service, a sign-in) calls
 * `changed()`; the publisher sends one `state` event per frame at most, holding only what changed since the
 * last one (shared/state.ts `diffState`). Also the handlers that read the state or the notices.
 */
import type { AppEvent } from '../../shared/ipc/contract';
import { allowedExternalUrl } from '../../shared/links';
import type { TenantRecord } from '../../shared/model';
import { diffState, isEmptyPatch, type AppSnapshot } from '../../shared/state';
import { UserFacingError, type IpcHandlers } from '../ipc-dispatch';
import { withoutAnswers } from '../scan/scanner';
import type { ServiceContext } from './context';

/** At most one state event per this many milliseconds (one animation frame at 60 Hz). */
export const STATE_FRAME_MS = 16;

/**
 * The share of main's time that building and diffing state events may take. A state of thousands of organisations
 * costs milliseconds to diff; during a scan that changes it all the time, events then come further apart (the time
 * the last one took, divided by this) instead of taking a core: at 5,000 organisations every frame's diff had made
 * the publisher's CPU grow with the scan's wall time.
 */
export const MAX_PUBLISH_SHARE = 0.1;

type StateHandlers = Pick<IpcHandlers, 'getAppInfo' | 'getState' | 'dismissNotice' | 'openExternalLink'>;

/** Main's side of the state: builds the snapshot, and sends its changes, coalesced. */
export class StatePublisher {
  /**
   * The state of the last event sent. Its scan's per-tenant states are the scanner's own map, which the scanner goes
   * on changing (the next diff is told which entries changed): `current()` hands out a copy.
   */
  private last: AppSnapshot | null = null;
  /** The copy of `last` that `current()` handed out, while `last` is that state. */
  private handedOut: { of: AppSnapshot; copy: AppSnapshot } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  /** Each stored record without its answers, made once per record (so an unchanged record stays the same object). */
  private readonly stripped = new WeakMap<TenantRecord, TenantRecord>();
  private strippedList: { from: readonly TenantRecord[]; tenants: TenantRecord[] } | null = null;
  /** No event before this time (`clock()`), so that publishing keeps to MAX_PUBLISH_SHARE. */
  private notBefore = 0;

  constructor(
    private readonly ctx: () => ServiceContext,
    private readonly emit: (event: AppEvent) => void,
    private readonly frameMs = STATE_FRAME_MS,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Takes the state as it is now as the first revision: changes from here on are sent. The first revision is the
   * time of the start, so a renderer that outlives these services (a browser host whose services restarted) sees
   * a gap and asks for the whole state.
   */
  start(): void {
    this.last ??= this.build(Date.now()).state;
  }

  /** The state now, at the revision of the last event sent (a change still waiting is sent first). */
  current(): AppSnapshot {
    this.flush();
    const last = (this.last ??= this.build(Date.now()).state);
    if (this.handedOut?.of !== last) {
      // The scanner changes its per-tenant map after this: the caller keeps the states as they are now.
      const copy = last.scan ? { ...last, scan: { ...last.scan, tenants: { ...last.scan.tenants } } } : last;
      this.handedOut = { of: last, copy };
    }
    return this.handedOut.copy;
  }

  /** Something in main's state changed: one event follows within a frame, with everything changed until then. */
  changed = (): void => {
    if (this.timer !== null || this.stopped) return;
    const wait = Math.max(this.frameMs, this.notBefore - this.clock());
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, wait);
  };

  /** Sends what changed now, if anything did. */
  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.last === null) return;
    // Main's own cost: building and diffing (what the receiver does with the event is not counted).
    const started = this.clock();
    const { state: next, scanTenants } = this.build(this.last.revision + 1);
    const patch = diffState(this.last, next, { scanTenants });
    this.notBefore = started + (this.clock() - started) / MAX_PUBLISH_SHARE;
    if (isEmptyPatch(patch)) return;
    this.last = next;
    this.emit({ type: 'state', patch });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private tenantsOf(records: readonly TenantRecord[]): TenantRecord[] {
    const before = this.strippedList;
    if (before?.from === records) return before.tenants;
    const tenants = records.map((record, at) => {
      // A result replaces one record and keeps the others in their places: those are taken as they were.
      if (before?.from[at] === record) return before.tenants[at]!;
      let light = this.stripped.get(record);
      if (!light) {
        light = withoutAnswers(record);
        this.stripped.set(record, light);
      }
      return light;
    });
    this.strippedList = { from: records, tenants };
    return tenants;
  }

  /** The state now, and the tenants whose scan state changed since the last build (null: compare them all). */
  private build(revision: number): { state: AppSnapshot; scanTenants: string[] | null } {
    const ctx = this.ctx();
    // What is saved: a result the renderer shows survives a crash (main/store/app-store.ts `settledData`).
    const data = ctx.store.settledData();
    const frame = ctx.scanner.progressFrame();
    const state: AppSnapshot = {
      revision,
      accounts: data.accounts,
      // The stored answers are read by "Copy what Entra answered" in main; the renderer never needs them.
      tenants: this.tenantsOf(data.tenants),
      manualEntries: data.manualEntries,
      entryTicks: data.entryTicks,
      entryConfirmations: data.entryConfirmations,
      checklist: data.checklist,
      settings: data.settings,
      scan: frame?.progress ?? null,
      notices: ctx.notices.all,
      signInPending: ctx.auth().signInPending,
      update: ctx.updates.current,
      broker: ctx.broker,
      watch: ctx.watch.snapshot(),
      changes: ctx.watch.changes,
    };
    return { state, scanTenants: frame?.changed ?? null };
  }
}

export function stateHandlers(ctx: ServiceContext, publisher: StatePublisher): StateHandlers {
  return {
    getAppInfo: () => ({ name: 'Guest MFA Inventory', version: ctx.env.version, platform: ctx.env.platform }),

    getState: () => publisher.current(),

    dismissNotice({ id }) {
      ctx.notices.clear(id);
      return null;
    },

    async openExternalLink({ url }) {
      const allowed = allowedExternalUrl(url);
      if (!allowed)
        throw new UserFacingError('invalid-argument', 'The app only opens Microsoft sign-in and help pages.');
      await ctx.env.openExternal(allowed);
      return null;
    },
  };
}
