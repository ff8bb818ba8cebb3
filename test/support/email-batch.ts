/**
 * Saves a batch of request emails the way the batch dialog does: the organisations and suggested recipients from
 * `prepareEmailBatch`, each organisation's proposed `To:` or, where the app knows none, the address the test
 * "types" (by default it@<its domain>), then `saveEmailBatch` with those recipients.
 */
import type { IpcHandlers } from '../../main/ipc-dispatch';
import type { BatchRecipients } from '../../shared/email';
import type { EmailKind } from '../../shared/model';

export async function saveBatch(
  handlers: IpcHandlers,
  arg: { kind: EmailKind; accountId: string },
  typed: (tenant: BatchRecipients) => string[] = (t) => [`it@${t.domain || 'partner.example'}`],
  options: { remember?: boolean } = {},
) {
  const plan = await handlers.prepareEmailBatch(arg);
  const items = plan.tenants.map((t) => ({ tenantId: t.tenantId, to: t.to.length > 0 ? t.to : typed(t) }));
  return handlers.saveEmailBatch({ ...arg, items, ...(options.remember !== undefined ? options : {}) });
}
