/**
 * Batches of request emails ("Save trust requests as .eml files"): which organisations a batch goes to, the
 * recipients the app can suggest for each (shared/email/recipients.ts), and saving one .eml per organisation to the
 * recipients the user reviewed in the batch dialog. An item without a recipient is saved all the same, as a draft
 * without `To:` to address in the mail app (docs/emails.md, "Drafts without a recipient"); an item for an
 * organisation the batch is not for is refused.
 */
import path from 'node:path';
import { entryKeyForTenant } from '../../shared/entry-keys';
import { normaliseTenantId } from '../../shared/identifiers';
import type { AccountSummary, AuthenticatorEntry, EmailDraft, EmailKind, TenantRecord } from '../../shared/model';
import { checkRecipients, suggestRecipients, type EmailBatchPlan } from '../../shared/email';
import type { ParsedArg, RequestResults } from '../../shared/ipc/contract';
import { emailCandidates } from '../../shared/verdicts';
import { UserFacingError } from '../ipc-dispatch';
import { batchEmlFileNames, buildEml } from '../mail/eml';

export interface EmailBatchDeps {
  tenants(): readonly TenantRecord[];
  /** The Authenticator entries as the app shows them (their words decide where an MFA reset fits). */
  entries(): readonly AuthenticatorEntry[];
  settings(): { senderName: string };
  account(accountId: string): AccountSummary;
  draft(kind: EmailKind, accountId: string, tenantId: string, to: string[]): EmailDraft;
  chooseFolder(options: { title: string }): Promise<string | null>;
  save(file: string, content: string | Buffer): Promise<unknown>;
  setRecipients(accountId: string, tenantId: string, recipients: string[]): Promise<unknown>;
  recordTrustRequest(accountId: string, tenantIds: string[]): Promise<void>;
  now(): Date;
}

/**
 * The organisations a batch of this kind goes to: exactly those whose drawer offers that email (shared/verdicts.ts
 * `tenantActions`, the same rule as the toolbar's count): a trust request where one is needed, a device-trust
 * request where the device is refused, an MFA reset only where an entry is in use.
 */
export function batchCandidates(
  tenants: readonly TenantRecord[],
  accountId: string,
  kind: EmailKind,
  entries: readonly AuthenticatorEntry[],
): TenantRecord[] {
  const status = new Map(entries.map((e) => [e.key, e.status]));
  return emailCandidates(
    tenants,
    accountId,
    kind,
    (t) => status.get(entryKeyForTenant(t.accountId, t.tenantId)) ?? null,
  );
}

export function createEmailBatchHandlers(deps: EmailBatchDeps) {
  const candidatesOrRefuse = (kind: EmailKind, accountId: string): TenantRecord[] => {
    deps.account(accountId);
    const candidates = batchCandidates(deps.tenants(), accountId, kind, deps.entries());
    if (candidates.length === 0) {
      throw new UserFacingError('not-found', 'No organisation needs this email at the moment. Run a scan first.');
    }
    return candidates;
  };

  return {
    prepareEmailBatch({ kind, accountId }: ParsedArg<'prepareEmailBatch'>): EmailBatchPlan {
      const all = deps.tenants();
      return { kind, tenants: candidatesOrRefuse(kind, accountId).map((t) => suggestRecipients(t, all)) };
    },

    async saveEmailBatch({
      kind,
      accountId,
      items,
      remember,
    }: ParsedArg<'saveEmailBatch'>): Promise<RequestResults['saveEmailBatch']> {
      const account = deps.account(accountId);
      const byId = new Map(candidatesOrRefuse(kind, accountId).map((t) => [t.tenantId, t]));
      const chosen: { tenant: TenantRecord; to: string[] }[] = [];
      const seen = new Set<string>();
      for (const item of items) {
        const tenant = byId.get(normaliseTenantId(item.tenantId));
        if (!tenant) {
          throw new UserFacingError(
            'invalid-argument',
            'One of the chosen organisations does not need this email (any more). Open the list again.',
          );
        }
        if (seen.has(tenant.tenantId)) continue;
        seen.add(tenant.tenantId);
        chosen.push({ tenant, to: checkRecipients(item.to).valid });
      }
      const folder = await deps.chooseFolder({ title: 'Choose a folder for the emails' });
      if (!folder) return { saved: false, path: null, count: 0, unaddressed: 0 };
      const from = { name: deps.settings().senderName || account.displayName, address: account.username };
      // Names unique within the batch: two domains can make the same file-safe name, and one must not overwrite the other.
      const names = batchEmlFileNames(
        chosen.map((c) => c.tenant),
        kind,
      );
      for (const [index, { tenant, to }] of chosen.entries()) {
        const draft = deps.draft(kind, accountId, tenant.tenantId, to);
        await deps.save(path.join(folder, names[index]!), await buildEml(draft, from, deps.now()));
      }
      if (remember) {
        for (const { tenant, to } of chosen) {
          // An empty `To:` is a draft to address later, not a choice to forget what was remembered.
          if (to.length === 0) continue;
          const same =
            to.length === tenant.recipients.length &&
            to.every((address, i) => address.toLowerCase() === tenant.recipients[i]?.toLowerCase());
          if (!same) await deps.setRecipients(accountId, tenant.tenantId, to);
        }
      }
      if (kind === 'trust-request') {
        await deps.recordTrustRequest(
          accountId,
          chosen.map((c) => c.tenant.tenantId),
        );
      }
      return {
        saved: true,
        path: folder,
        count: chosen.length,
        unaddressed: chosen.filter((c) => c.to.length === 0).length,
      };
    },
  };
}
