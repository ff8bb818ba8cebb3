/**
 * Reading main's `state` events in tests (shared/state.ts): the tenant records they carried and the scan's
 * progress, in the order main sent them.
 */
import type { AppEvent } from '../../shared/ipc/contract';
import type { ScanProgress, TenantRecord } from '../../shared/model';
import type { StatePatch } from '../../shared/state';

/** The state patches among the events. */
export function patchesIn(events: readonly AppEvent[]): StatePatch[] {
  return events.flatMap((e) => (e.type === 'state' ? [e.patch] : []));
}

/** Every tenant record a state event carried (added or changed), oldest first. */
export function tenantsPutIn(events: readonly AppEvent[]): TenantRecord[] {
  return patchesIn(events).flatMap((p) => p.tenants?.put ?? []);
}

/** The scan's progress as each state event that changed it said (without the per-tenant states). */
export function scanProgressIn(events: readonly AppEvent[]): Omit<ScanProgress, 'tenants'>[] {
  return patchesIn(events).flatMap((p) => (p.scan?.progress ? [p.scan.progress] : []));
}

/** The scan's whole progress after each state event that changed it (the per-tenant states folded in). */
export function scanProgressesIn(events: readonly AppEvent[]): ScanProgress[] {
  const out: ScanProgress[] = [];
  let tenants: ScanProgress['tenants'] = {};
  for (const patch of patchesIn(events)) {
    if (!patch.scan) continue;
    const { progress, tenants: changed, replace } = patch.scan;
    tenants = replace ? { ...changed } : { ...tenants, ...changed };
    if (progress) out.push({ ...progress, tenants });
  }
  return out;
}
