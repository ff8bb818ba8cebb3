/**
 * The partner-admin mode (docs/admin.md): reads the admin's tenant through Microsoft Graph v1.0, builds the
 * inbound report (shared/admin/report.ts), previews the change that would end the guests' separate MFA
 * registrations as its exact request, sends it only with the confirmation id of that preview, and re-reads the
 * policy to say whether it took. Tokens stay in AdminAuth; nothing here hands one out.
 */
import { randomBytes } from 'node:crypto';
import {
  buildAdminReport,
  defaultChange,
  GRAPH_V1,
  POLICY_PATH,
  readInboundTrust,
  registrationFromMethods,
  effectiveTrust,
  type AdminReads,
  type RawGuest,
  type RawPartner,
  type RawRegistration,
  type RawSignIn,
} from '../../shared/admin/report';
import type {
  AdminAccount,
  AdminApplyResult,
  AdminChangePreview,
  AdminRefusal,
  AdminReport,
  AdminSection,
  AdminStatus,
  SuggestedChange,
} from '../../shared/admin/types';
import { isGuid } from '../../shared/identifiers';
import { sanitizeInline } from '../../shared/sanitize';
import { ADMIN_WRITE_SCOPE, AdminNotSignedInError, type AdminAuth, type AdminToken } from '../auth/admin-auth';
import { rememberSecret, scrubKnownTokens } from '../net/answer-log';
import { NetworkError, type HttpTransport } from '../net/transport';

/** How long a preview's confirmation id stays valid. */
export const CONFIRMATION_TTL_MS = 10 * 60_000;
const MAX_PAGES = 200;
const DOMAIN_LOOKUPS_MAX = 50;
/** Guests whose methods are read one by one when the registration report cannot be read. */
const METHOD_READS_MAX = 300;

/** The permission each section needs, for telling "no consent" from "no role". */
const SECTION_SCOPE: Record<AdminSection, string> = {
  policy: 'Policy.Read.All',
  guests: 'User.Read.All',
  registrations: 'AuditLog.Read.All',
  signIns: 'AuditLog.Read.All',
  tenantInformation: 'CrossTenantInformation.ReadBasic.All',
};

const SECTION_NAME: Record<AdminSection, string> = {
  policy: 'the cross-tenant access settings',
  guests: 'the guest users',
  registrations: 'the guests’ MFA registrations',
  signIns: 'the sign-in logs',
  tenantInformation: 'the names of the home organisations',
};

/** Roles that suffice for each read (Microsoft's permission pages; docs/admin.md). */
const SECTION_ROLES: Record<AdminSection, string> = {
  policy: 'Security Reader, Global Reader or Security Administrator',
  guests: 'any member role (directory read is allowed to members by default)',
  registrations: 'Reports Reader, Security Reader, Global Reader or Security Administrator',
  signIns: 'Reports Reader, Security Reader, Global Reader or Security Administrator',
  tenantInformation: 'any role',
};

export const LICENCE_CODE = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';

type GraphAnswer =
  | { ok: true; status: number; body: unknown }
  | { ok: false; status: number | null; code: string | null; message: string };

export interface AdminServiceOptions {
  auth: AdminAuth;
  transport: HttpTransport;
  graphBaseUrl: string;
  now: () => Date;
}

export class AdminService {
  private report: AdminReport | null = null;
  private readonly previews = new Map<string, { change: SuggestedChange; expiresAt: number }>();

  constructor(private readonly options: AdminServiceOptions) {}

  private get base(): string {
    return `${this.options.graphBaseUrl.replace(/\/+$/, '')}/v1.0`;
  }

  /** The URL main sends to for a request shown with the public Graph address. */
  private target(url: string): string {
    return url.startsWith(GRAPH_V1) ? `${this.base}${url.slice(GRAPH_V1.length)}` : url;
  }

  async signIn(options: { clientId?: string; tenant?: string }): Promise<AdminAccount> {
    this.report = null;
    this.previews.clear();
    await this.options.auth.signIn(options);
    return this.account()!;
  }

  /** Ends an admin sign-in (or the write permission's sign-in) that waits for the browser. */
  cancelSignIn(): Promise<boolean> {
    return this.options.auth.cancelSignIn();
  }

  signOut(): void {
    this.options.auth.signOut();
    this.report = null;
    this.previews.clear();
  }

  account(): AdminAccount | null {
    const session = this.options.auth.session();
    if (!session) return null;
    return {
      username: sanitizeInline(session.username, 254),
      tenantId: session.tenantId,
      clientId: session.clientId,
      canWrite: this.options.auth.hasScope(ADMIN_WRITE_SCOPE),
    };
  }

  status(): AdminStatus {
    return { account: this.account(), report: this.report };
  }

  private async send(
    method: 'GET' | 'PATCH' | 'POST',
    url: string,
    token: AdminToken,
    body?: unknown,
  ): Promise<GraphAnswer> {
    rememberSecret(token.accessToken);
    let response;
    try {
      response = await this.options.transport.request({
        method,
        url,
        headers: {
          authorization: `Bearer ${token.accessToken}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        timeoutMs: 30_000,
      });
    } catch (error) {
      if (error instanceof NetworkError) {
        return { ok: false, status: null, code: null, message: scrubKnownTokens(error.message) };
      }
      throw error;
    }
    let parsed: unknown = null;
    if (response.body.trim() !== '') {
      try {
        parsed = JSON.parse(response.body);
      } catch {
        if (response.status < 300)
          return { ok: false, status: response.status, code: null, message: 'The answer was not JSON.' };
      }
    }
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, body: parsed };
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    return {
      ok: false,
      status: response.status,
      code: typeof error?.code === 'string' ? sanitizeInline(scrubKnownTokens(error.code), 200) : null,
      message: typeof error?.message === 'string' ? sanitizeInline(scrubKnownTokens(error.message), 500) : '',
    };
  }

  /** Every page of a collection, following `@odata.nextLink` only within Microsoft Graph. */
  private async collection(
    url: string,
    token: AdminToken,
  ): Promise<{ ok: true; value: unknown[] } | Extract<GraphAnswer, { ok: false }>> {
    const value: unknown[] = [];
    let next: string | null = url;
    for (let pages = 0; next && pages < MAX_PAGES; pages += 1) {
      const answer = await this.send('GET', next, token);
      if (!answer.ok) return answer;
      const body = answer.body as { value?: unknown; '@odata.nextLink'?: unknown } | null;
      if (Array.isArray(body?.value)) value.push(...body.value);
      const link = body?.['@odata.nextLink'];
      next = typeof link === 'string' && link.startsWith(`${this.base}/`) ? link : null;
    }
    return { ok: true, value };
  }

  private refusal(section: AdminSection, answer: Extract<GraphAnswer, { ok: false }>, token: AdminToken): AdminRefusal {
    const what = SECTION_NAME[section];
    const scope = SECTION_SCOPE[section];
    const base = { section, code: answer.code, status: answer.status };
    if (answer.status === 403 && answer.code === LICENCE_CODE) {
      return {
        ...base,
        kind: 'no-licence',
        message: `Microsoft Graph gives ${what} only to a tenant with a Microsoft Entra ID P1 or P2 licence, and this tenant has none. The rest of the report is complete; the counts that need ${what} are left out, not zero.`,
      };
    }
    if (answer.status === 403 || answer.status === 401) {
      const granted = token.scopes.some((s) => s.toLowerCase() === scope.toLowerCase());
      return granted
        ? {
            ...base,
            kind: 'no-role',
            message: `Your account may not read ${what}: it needs one of these roles here: ${SECTION_ROLES[section]}. Ask a Global Administrator to assign one (or activate it in Privileged Identity Management), then read again.`,
          }
        : {
            ...base,
            kind: 'no-consent',
            message: `The app was not granted ${scope}, which reading ${what} needs. An administrator can consent to it for the Microsoft Graph Command Line Tools (or your own app registration) in Enterprise applications, then sign in again.`,
          };
    }
    return {
      ...base,
      kind: 'failed',
      message: `Microsoft Graph did not answer with ${what}${answer.status ? ` (HTTP ${answer.status}${answer.code ? `, ${answer.code}` : ''})` : ''}: ${answer.message || 'no answer'}. Read again in a moment.`,
    };
  }

  private async token(): Promise<AdminToken> {
    try {
      return await this.options.auth.readToken();
    } catch (error) {
      if (error instanceof AdminNotSignedInError) throw error;
      throw error;
    }
  }

  async readReport(signInDays = 30): Promise<AdminReport> {
    const token = await this.token();
    const session = this.options.auth.session()!;
    const now = this.options.now();
    const refusals: AdminRefusal[] = [];
    const since = new Date(now.getTime() - signInDays * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const base = this.base;
    const [defaults, partners, guests, registrations, signIns] = await Promise.all([
      this.send('GET', `${base}${POLICY_PATH}/default`, token),
      this.collection(`${base}${POLICY_PATH}/partners`, token),
      this.collection(
        `${base}/users?$filter=${encodeURIComponent("userType eq 'Guest'")}&$select=id,displayName,mail,userPrincipalName,identities,externalUserState`,
        token,
      ),
      this.collection(`${base}/reports/authenticationMethods/userRegistrationDetails`, token),
      this.collection(`${base}/auditLogs/signIns?$filter=${encodeURIComponent(`createdDateTime ge ${since}`)}`, token),
    ]);
    let policy: AdminReads['policy'] = null;
    if (!defaults.ok) refusals.push(this.refusal('policy', defaults, token));
    else if (!partners.ok) refusals.push(this.refusal('policy', partners, token));
    else {
      policy = {
        defaultTrust: (defaults.body as { inboundTrust?: unknown } | null)?.inboundTrust ?? null,
        partners: partners.value as RawPartner[],
      };
    }
    if (!guests.ok) refusals.push(this.refusal('guests', guests, token));
    // Without the registration report (a licence, a role), each guest's methods tell the same where readable.
    let registrationRows: RawRegistration[] | null = registrations.ok
      ? (registrations.value as RawRegistration[])
      : null;
    if (!registrations.ok) {
      registrationRows = guests.ok ? await this.methodsOfGuests(guests.value as RawGuest[], token) : null;
      if (!registrationRows) refusals.push(this.refusal('registrations', registrations, token));
    }
    if (!signIns.ok) refusals.push(this.refusal('signIns', signIns, token));

    // Names of the home organisations (and the admin's own), then homes by mail domain for guests no sign-in names.
    const homeIds = new Set<string>([session.tenantId.toLowerCase()]);
    for (const signIn of signIns.ok ? (signIns.value as RawSignIn[]) : []) {
      if (signIn.crossTenantAccessType === 'b2bCollaboration' && isGuid(signIn.homeTenantId))
        homeIds.add(signIn.homeTenantId.toLowerCase());
    }
    const tenantInformation: AdminReads['tenantInformation'] = {};
    const homeByDomain: Record<string, string> = {};
    let infoRefused = false;
    const lookUp = async (
      url: string,
    ): Promise<{ tenantId?: unknown; displayName?: unknown; defaultDomainName?: unknown } | null> => {
      const answer = await this.send('GET', url, token);
      if (answer.ok) return answer.body as { tenantId?: unknown };
      if (answer.status === 403 && !infoRefused) {
        infoRefused = true;
        refusals.push(this.refusal('tenantInformation', answer, token));
      }
      return null;
    };
    const rawGuests = guests.ok ? (guests.value as RawGuest[]) : [];
    const signedInUsers = new Set(
      (signIns.ok ? (signIns.value as RawSignIn[]) : [])
        .filter((s) => s.crossTenantAccessType === 'b2bCollaboration')
        .map((s) => String(s.userId).toLowerCase()),
    );
    const domains = new Set<string>();
    for (const guest of rawGuests) {
      const entra =
        Array.isArray(guest.identities) &&
        guest.identities.some((i: { issuer?: unknown }) => i?.issuer === 'ExternalAzureAD');
      const mail = typeof guest.mail === 'string' ? guest.mail : '';
      const domain = mail.includes('@') ? mail.slice(mail.lastIndexOf('@') + 1).toLowerCase() : '';
      if (entra && domain && !signedInUsers.has(String(guest.id).toLowerCase()) && /^[a-z0-9.-]{1,253}$/.test(domain))
        domains.add(domain);
    }
    for (const domain of [...domains].slice(0, DOMAIN_LOOKUPS_MAX)) {
      const info = await lookUp(
        `${base}/tenantRelationships/findTenantInformationByDomainName(domainName='${domain}')`,
      );
      if (info && isGuid(info.tenantId)) {
        homeByDomain[domain] = info.tenantId.toLowerCase();
        homeIds.add(info.tenantId.toLowerCase());
      }
    }
    for (const id of homeIds) {
      const info = await lookUp(`${base}/tenantRelationships/findTenantInformationByTenantId(tenantId='${id}')`);
      if (info) tenantInformation[id] = info;
    }
    const own = tenantInformation[session.tenantId.toLowerCase()];
    this.report = buildAdminReport({
      tenantId: session.tenantId,
      tenantDisplayName: typeof own?.displayName === 'string' ? sanitizeInline(own.displayName) : null,
      generatedAt: now.toISOString(),
      signInDays,
      policy,
      guests: guests.ok ? rawGuests : null,
      registrations: registrationRows,
      signIns: signIns.ok ? (signIns.value as RawSignIn[]) : null,
      tenantInformation,
      homeByDomain,
      refusals,
    });
    return this.report;
  }

  /** Each guest's methods as registration rows; null when any read is refused (then the first refusal stands). */
  private async methodsOfGuests(guests: RawGuest[], token: AdminToken): Promise<RawRegistration[] | null> {
    if (guests.length > METHOD_READS_MAX) return null;
    const rows: RawRegistration[] = [];
    for (const guest of guests) {
      if (typeof guest.id !== 'string' || !isGuid(guest.id)) continue;
      const answer = await this.send('GET', `${this.base}/users/${guest.id}/authentication/methods`, token);
      if (!answer.ok) return null;
      rows.push(registrationFromMethods(guest.id, (answer.body as { value?: unknown } | null)?.value));
    }
    return rows;
  }

  /** The change for a partner (from the current report) or the default, as the exact request; not sent. */
  async preview(target: { target: 'partner'; tenantId: string } | { target: 'default' }): Promise<AdminChangePreview> {
    const report = this.report ?? (await this.readReport());
    if (!report.defaultTrust) {
      throw new AdminChangeError(
        'not-found',
        'The cross-tenant access settings could not be read, so no change can be prepared.',
      );
    }
    let change: SuggestedChange | null;
    if (target.target === 'partner') {
      const org = report.organisations.find((o) => o.tenantId === target.tenantId.toLowerCase());
      if (!org) throw new AdminChangeError('not-found', 'No guest of this tenant comes from that organisation.');
      change = org.suggestion;
      if (!change)
        throw new AdminChangeError(
          'not-found',
          `MFA done in ${org.displayName ?? org.tenantId} is already accepted here.`,
        );
    } else {
      if (report.defaultTrust.isMfaAccepted === true) {
        throw new AdminChangeError(
          'not-found',
          'The default already accepts MFA from other Microsoft Entra organisations.',
        );
      }
      change =
        report.defaultSuggestion ??
        defaultChange(report.defaultTrust, report.tenantDisplayName ?? 'This organisation', []);
    }
    const now = this.options.now().getTime();
    for (const [id, preview] of this.previews) if (preview.expiresAt <= now) this.previews.delete(id);
    const confirmationId = randomBytes(18).toString('base64url');
    this.previews.set(confirmationId, { change, expiresAt: now + CONFIRMATION_TTL_MS });
    return {
      confirmationId,
      change,
      requiredScope: ADMIN_WRITE_SCOPE,
      expiresAt: new Date(now + CONFIRMATION_TTL_MS).toISOString(),
    };
  }

  /** Sends the previewed request (once), then re-reads the policy and the report. */
  async apply(confirmationId: string): Promise<AdminApplyResult> {
    const preview = this.previews.get(confirmationId);
    this.previews.delete(confirmationId);
    if (!preview || preview.expiresAt <= this.options.now().getTime()) {
      throw new AdminChangeError(
        'not-found',
        'That confirmation is no longer valid: show the change again and confirm it.',
      );
    }
    const { change } = preview;
    const writeToken = await this.options.auth.writeToken();
    const answer = await this.send(
      change.request.method,
      this.target(change.request.url),
      writeToken,
      change.request.body,
    );
    if (!answer.ok) {
      const refused = answer.status === 403;
      return {
        applied: false,
        tookEffect: false,
        trustAfter: null,
        message: refused
          ? `Microsoft Graph refused the change (${answer.code ?? 'HTTP 403'}): changing cross-tenant access settings needs the Security Administrator role (or Global Administrator) and consent to ${ADMIN_WRITE_SCOPE}. Nothing was changed.`
          : `The change was not made (${answer.status ? `HTTP ${answer.status}` : 'no answer'}${answer.code ? `, ${answer.code}` : ''}): ${answer.message || 'no details'}.`,
      };
    }
    // Re-read what the policy now says for the target.
    const token = await this.token();
    const defaults = await this.send('GET', `${this.base}${POLICY_PATH}/default`, token);
    const defaultValues = readInboundTrust(
      defaults.ok ? (defaults.body as { inboundTrust?: unknown } | null)?.inboundTrust : null,
    );
    let trustAfter: AdminApplyResult['trustAfter'] = null;
    let tookEffect = false;
    if (change.tenantId) {
      const partner = await this.send('GET', `${this.base}${POLICY_PATH}/partners/${change.tenantId}`, token);
      if (partner.ok && defaults.ok) {
        const trust = (partner.body as { inboundTrust?: unknown } | null)?.inboundTrust;
        trustAfter = effectiveTrust(defaultValues, trust ? readInboundTrust(trust) : null);
        tookEffect = trustAfter.mfa.value;
      }
    } else if (defaults.ok) {
      trustAfter = defaultValues;
      tookEffect = defaultValues.isMfaAccepted === true;
    }
    await this.readReport(this.report?.signInDays ?? 30).catch(() => undefined);
    return {
      applied: true,
      tookEffect,
      trustAfter,
      message: tookEffect
        ? 'The change is in force: the policy now accepts MFA done in the guests’ home organisation. Their registrations here can be removed once they have signed in with it.'
        : 'Microsoft Graph accepted the change, but the policy read back does not show MFA trust yet. Changes can take a few minutes to apply; read again shortly.',
    };
  }

  current(): AdminReport | null {
    return this.report;
  }
}

export class AdminChangeError extends Error {
  constructor(
    readonly code: 'not-found' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'AdminChangeError';
  }
}
