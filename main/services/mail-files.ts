/**
 * Mail and files: composing a request email, opening it in the mail app or saving it as .eml (one, or the batch
 * for every organisation it fits, to the recipients the user reviewed: email-batch.ts), exporting the inventory (CSV, JSON) and the checklist (PDF), and "Copy what
 * Entra answered". File locations come from the dialogs in main, never from the renderer.
 */
import { writeFile } from 'node:fs/promises';
import { buildDiagnostics, countAnswers } from '../../shared/diagnostics';
import { buildMailto, composeEmail, defaultRecipients } from '../../shared/email';
import { entryKeyForTenant } from '../../shared/entry-keys';
import { checklistToHtml, inventoryToCsv, inventoryToJson } from '../../shared/export';
import type { Confidence, EmailDraft, EmailKind, EntryStatus } from '../../shared/model';
import { selectChecklist, selectEntries } from '../../shared/selectors';
import { UserFacingError, type IpcHandlers } from '../ipc-dispatch';
import { buildEml, emlFileName } from '../mail/eml';
import { accountSummary, currentEntries, describeError, storeCall, tenantRecord, type ServiceContext } from './context';
import { createEmailBatchHandlers } from './email-batch';

type MailFileHandlers = Pick<
  IpcHandlers,
  | 'composeEmail'
  | 'openEmail'
  | 'saveEmail'
  | 'prepareEmailBatch'
  | 'saveEmailBatch'
  | 'exportInventory'
  | 'exportChecklistPdf'
  | 'copyDiagnostics'
  | 'copyToClipboard'
>;

/** The draft of one request email to one tenant, with the tenant's Authenticator entry as the app shows it. */
function draftFor(
  ctx: ServiceContext,
  kind: EmailKind,
  accountId: string,
  tenantId: string,
  to?: string[],
  lostPhone?: boolean,
): EmailDraft {
  const account = accountSummary(ctx, accountId);
  const tenant = tenantRecord(ctx, accountId, tenantId);
  const settings = ctx.store.data().settings;
  const home = ctx.store.data().tenants.find((t) => t.accountId === accountId && t.isHome) ?? null;
  return composeEmail({
    kind,
    sender: { name: settings.senderName || account.displayName, address: account.username },
    home: {
      tenantId: account.homeTenantId,
      name: account.homeTenantName ?? account.homeDomain ?? account.homeTenantId,
      primaryDomain: account.homeDomain,
    },
    tenant,
    to: to ?? defaultRecipients(tenant),
    now: ctx.now(),
    ...entryFacts(currentEntries(ctx).find((e) => e.key === entryKeyForTenant(accountId, tenant.tenantId)) ?? null),
    lostPhone: lostPhone === true,
    // What the app can see of the home sign-in: the home token's MFA, and the methods read at home.
    homeSecurity: { sessionMfa: account.homeSessionMfa, methods: home?.methods?.map((m) => m.type) ?? null },
  });
}

/** The entry word for an email, with its confidence (an inferred entry is worded as such). */
function entryFacts(entry: { status: EntryStatus; confidence: Confidence } | null) {
  return { entry: entry?.status ?? null, entryConfidence: entry?.confidence ?? null };
}

/** Writes the file the user chose (nothing when the dialog was cancelled). */
async function saveTo(
  target: string | null,
  content: string | Buffer,
): Promise<{ saved: boolean; path: string | null }> {
  if (!target) return { saved: false, path: null };
  try {
    await writeFile(target, content);
  } catch (error) {
    throw new UserFacingError('failed', `The file could not be saved: ${describeError(error)}`);
  }
  return { saved: true, path: target };
}

export function mailFileHandlers(ctx: ServiceContext): MailFileHandlers {
  const { env, store, watch, scanner } = ctx;
  const sender = (accountId: string) => {
    const account = accountSummary(ctx, accountId);
    return { name: store.data().settings.senderName || account.displayName, address: account.username };
  };
  return {
    composeEmail: ({ kind, accountId, tenantId, to, lostPhone }) =>
      draftFor(ctx, kind, accountId, tenantId, to, lostPhone),

    copyToClipboard({ text }) {
      env.clipboard.writeText(text);
      return null;
    },

    copyDiagnostics({ accountId, tenantId }) {
      const account = store.data().accounts.find((a) => a.accountId === accountId) ?? null;
      if (!account) throw new UserFacingError('not-signed-in', 'That account is not signed in. Sign in again.');
      const tenants = tenantId
        ? [tenantRecord(ctx, accountId, tenantId)]
        : store.data().tenants.filter((t) => t.accountId === accountId);
      const progress = scanner.current?.accountId === accountId ? scanner.current : null;
      const input = {
        generatedAt: ctx.now(),
        appVersion: env.version,
        clientId: store.data().settings.clientId,
        account,
        scan: tenantId
          ? null
          : { progress, answers: [...(ctx.signInAnswers.get(accountId) ?? []), ...scanner.scanAnswers(accountId)] },
        tenants,
      };
      env.clipboard.writeText(buildDiagnostics(input));
      return { answers: countAnswers(input) };
    },

    async openEmail({ kind, accountId, tenantId, to, lostPhone }) {
      const draft = draftFor(ctx, kind, accountId, tenantId, to, lostPhone);
      const mailto = buildMailto(draft);
      if (!mailto.bodyIncluded) env.clipboard.writeText(draft.body);
      try {
        await env.openExternal(mailto.url);
      } catch (error) {
        throw new UserFacingError(
          'failed',
          `No mail app could be opened: ${describeError(error)}. Copy the text or save it as a file instead.`,
        );
      }
      if (kind === 'trust-request') await watch.recordTrustRequest(accountId, [draft.tenantId]);
      return { bodyCopiedToClipboard: !mailto.bodyIncluded };
    },

    async saveEmail({ kind, accountId, tenantId, to, lostPhone }) {
      const draft = draftFor(ctx, kind, accountId, tenantId, to, lostPhone);
      const tenant = tenantRecord(ctx, accountId, tenantId);
      const target = await env.dialogs.saveFile({
        title: 'Save email',
        defaultName: emlFileName(tenant, kind),
        extensions: ['eml'],
      });
      const eml = await buildEml(draft, sender(accountId), ctx.now());
      const saved = await saveTo(target, eml);
      if (saved.saved && kind === 'trust-request') await watch.recordTrustRequest(accountId, [tenant.tenantId]);
      return saved;
    },

    ...createEmailBatchHandlers({
      tenants: () => store.data().tenants,
      entries: () => currentEntries(ctx),
      settings: () => store.data().settings,
      account: (accountId) => accountSummary(ctx, accountId),
      draft: (kind, accountId, tenantId, to) => draftFor(ctx, kind, accountId, tenantId, to),
      chooseFolder: (options) => env.dialogs.chooseFolder(options),
      save: saveTo,
      setRecipients: (accountId, tenantId, recipients) =>
        storeCall(() => store.setRecipients(accountId, tenantId, recipients)),
      recordTrustRequest: (accountId, tenantIds) => watch.recordTrustRequest(accountId, tenantIds),
      now: ctx.now,
    }),

    async exportInventory({ format }) {
      const data = store.data();
      const entries = selectEntries(data);
      const target = await env.dialogs.saveFile({
        title: 'Export inventory',
        defaultName: `guest-mfa-inventory.${format}`,
        extensions: [format],
      });
      return saveTo(
        target,
        format === 'csv'
          ? inventoryToCsv(data.accounts, data.tenants, entries)
          : inventoryToJson(data.accounts, data.tenants, ctx.now(), entries),
      );
    },

    async exportChecklistPdf() {
      const data = store.data();
      const html = checklistToHtml(selectChecklist(data, selectEntries(data)), {
        title: 'Phone change checklist',
        generatedAt: ctx.now(),
        account: data.accounts.map((a) => a.username).join(', '),
      });
      const target = await env.dialogs.saveFile({
        title: 'Save checklist as PDF',
        defaultName: 'phone-change-checklist.pdf',
        extensions: ['pdf'],
      });
      if (!target) return { saved: false, path: null };
      return saveTo(target, await env.renderPdf(html));
    },
  };
}
