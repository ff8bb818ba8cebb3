/**
 * TEST TOOLING, not product code: an in-memory implementation of every IPC request (`IpcHandlers`) over the
 * fixture snapshot in `test/fixtures/ui-snapshot.ts`, for developing, testing and screenshotting the renderer
 * in the browser test host without Entra, MSAL or the real main services.
 *
 * It behaves like main where the renderer can tell: results and typed errors, a simulated scan that streams
 * `scan-progress` and `tenant-updated` events over about 1.5 s through the host's `emit`, a sign-in that waits
 * like the system browser would and can be cancelled, saved files that report a path. The email text is a
 * stand-in written for the screenshots; the real text comes from `shared/email`.
 */
import type { IpcHandlers } from '../../main/ipc-dispatch';
import { UserFacingError } from '../../main/ipc-dispatch';
import type { AppEvent, AppSnapshot, IpcError, RequestName } from '../../shared/ipc/contract';
import { isAllowedExternalUrl, securityInfoUrl } from '../../shared/links';
import type {
  ChecklistState,
  Classification,
  EmailDraft,
  EntryConfirmation,
  EmailKind,
  ScanProgress,
  TenantRecord,
  TenantScanState,
  Verdict,
} from '../../shared/model';
import { isTrustRequestCandidate } from '../../shared/verdicts';
import { verdictLabel } from '../../shared/verdicts';
import { buildDiagnostics, countAnswers } from '../../shared/diagnostics';
import { informativeVerdict } from '../../shared/entries';
import { buildAuthenticatorEntries, buildPhoneChangeChecklist } from '../../shared/inventory';
import { FIXTURE_ACCOUNT, fixtureSnapshot, fixtureTenantId } from '../fixtures/ui-snapshot';

export interface FixtureHandlerOptions {
  /** Pushes an event to the page (the test host's `emit`). */
  emit: (event: AppEvent) => void;
  /** Starting state; the full fixture when omitted. */
  snapshot?: AppSnapshot;
  /** How long the simulated scan takes in total. */
  scanDurationMs?: number;
  /** How long the simulated browser sign-in waits before it succeeds. */
  signInDelayMs?: number;
  now?: () => number;
}

export interface FixtureControl {
  handlers: IpcHandlers;
  /** The current in-memory state (what `getState` returns). */
  state(): AppSnapshot;
  /** Replaces the state (and forgets pending failures) and tells the page to refetch. */
  reset(snapshot: AppSnapshot): void;
  /** Makes the next call of `name` fail with this error. */
  failNext(name: RequestName, error: IpcError): void;
  /**
   * `offline`: the next scans fail as if the network were gone; `home-mfa`: as if Azure refused the tenant list
   * for want of MFA, until "Sign in with MFA" (signInWithMfa) succeeds.
   */
  setScanOutcome(outcome: 'ok' | 'offline' | 'home-mfa'): void;
  /** While held, a running scan stays where it is (tenants keep showing "Checking…"): for screenshots. */
  holdScan(held: boolean): void;
  /** `fail`: sign-ins end with an error (as a refused or abandoned browser sign-in would). */
  setSignInOutcome(outcome: 'ok' | 'fail'): void;
  /** Every request received, in order. */
  readonly calls: { name: RequestName; arg: unknown }[];
  /** The last text copied to the clipboard. */
  clipboard(): string | null;
  /** Links the page asked to open in the system browser. */
  readonly openedLinks: string[];
}

const SCAN_ORDER: Verdict[] = [
  'separate-mfa',
  'registration-required',
  'stronger-method',
  'home-mfa-trusted',
  'no-mfa-required',
  'blocked',
  'not-a-guest',
  'needs-sign-in',
  'error',
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function clone<T>(value: T): T {
  return structuredClone(value);
}

function stamp(classification: Classification, at: string): Classification {
  return { ...classification, evidence: { ...classification.evidence, timestamp: at } };
}

/** What a rescan finds for a tenant (mostly what it found before; unchecked tenants get an answer). */
function rescanResult(tenant: TenantRecord, at: string): Classification {
  if (tenant.classification) return stamp(tenant.classification, at);
  return {
    verdict: 'home-mfa-trusted',
    leftoverRegistration: false,
    confidence: 'certain',
    evidence: {
      aadsts: null,
      errorCode: null,
      subError: null,
      correlationId: null,
      traceId: null,
      timestamp: at,
      amr: ['pwd', 'rsa', 'mfa'],
      acrs: [],
      claimsChallenge: null,
      policyIds: [],
      message: null,
    },
    explanation: `${tenant.displayName} accepted the MFA you did at home without asking again.`,
    action: `Nothing to do: you need no Authenticator entry for ${tenant.displayName}.`,
  };
}

function withResult(tenant: TenantRecord, classification: Classification, at: string): TenantRecord {
  const last = tenant.history[tenant.history.length - 1];
  const changed =
    !last ||
    last.verdict !== classification.verdict ||
    last.leftoverRegistration !== classification.leftoverRegistration;
  return {
    ...tenant,
    classification,
    observedAt: at,
    methods: tenant.methods ?? (classification.verdict === 'home-mfa-trusted' ? [] : null),
    methodsNote: tenant.methods ? null : tenant.methodsNote,
    history: changed
      ? [
          ...tenant.history,
          { verdict: classification.verdict, leftoverRegistration: classification.leftoverRegistration, at },
        ]
      : tenant.history,
  };
}

/** The ticks, answers and checklist progress a snapshot's entries and checklist show. */
function marksOf(snapshot: AppSnapshot): {
  ticks: Record<string, boolean>;
  confirmations: Record<string, EntryConfirmation>;
  progress: ChecklistState;
} {
  const ticks: Record<string, boolean> = {};
  const confirmations: Record<string, EntryConfirmation> = {};
  for (const entry of snapshot.entries) {
    if (entry.ticked) ticks[entry.key] = true;
    if (entry.confirmation) confirmations[entry.key] = entry.confirmation;
  }
  const progress: ChecklistState = {};
  for (const item of snapshot.phoneChange) {
    const done = item.steps.filter((step) => step.done);
    if (done.length > 0) progress[item.entryKey] = Object.fromEntries(done.map((step) => [step.id, true]));
  }
  return { ticks, confirmations, progress };
}

function fileSafe(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9.-]+/g, '-');
}

function stubEmail(kind: EmailKind, tenant: TenantRecord, to: string[], senderName: string): EmailDraft {
  const account = FIXTURE_ACCOUNT;
  const c = tenant.classification;
  const ev = c?.evidence;
  const observed = [
    `  Tenant:          ${tenant.displayName} (${tenant.tenantId})`,
    `  Result:          ${c ? verdictLabel(c.verdict) : 'Not checked yet'}`,
    ev?.aadsts ? `  Error code:      AADSTS${ev.aadsts}` : null,
    ev?.correlationId ? `  Correlation id:  ${ev.correlationId}` : null,
    ev?.timestamp ? `  Time (UTC):      ${ev.timestamp.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` : null,
  ].filter((line): line is string => line !== null);
  const greeting = 'Hello,';
  const sign = `Kind regards,\n${senderName || account.displayName}\n${account.username}`;
  if (kind === 'trust-request') {
    return {
      kind,
      tenantId: tenant.tenantId,
      to,
      subject: `Request: accept MFA from ${account.homeTenantName} for guest ${account.username}`,
      body: [
        greeting,
        '',
        `I work with ${tenant.displayName} as a guest from ${account.homeTenantName}. Each sign-in to your ` +
          'organisation asks me for a second, separate MFA registration, although I already complete MFA at home.',
        `Could your Entra ID administrator trust MFA from our tenant (${account.homeTenantId})?`,
        '',
        'What happens today',
        ...observed,
        '',
        'The setting (Microsoft Entra admin center)',
        '  Entra ID > External Identities > Cross-tenant access settings > Organizational settings >',
        `  Add organization: ${account.homeTenantId} > Inbound access > Trust settings >`,
        '  Customize settings > "Trust multifactor authentication from Microsoft Entra tenants".',
        '',
        'The same with Microsoft Graph PowerShell',
        `  New-MgPolicyCrossTenantAccessPolicyPartner -TenantId ${account.homeTenantId} \``,
        '    -InboundTrust @{ IsMfaAccepted = $true }',
        '',
        'Requires Microsoft Entra ID P1. In the sign-in logs, a working setting shows',
        '"MFA requirement satisfied by claim in the token".',
        '',
        sign,
      ].join('\n'),
    };
  }
  if (kind === 'mfa-reset') {
    return {
      kind,
      tenantId: tenant.tenantId,
      to,
      subject: `Request: MFA reset for guest ${account.username}`,
      body: [
        greeting,
        '',
        `I am changing my phone and will lose the Authenticator entry I use for ${tenant.displayName}.`,
        'Could you require me to register my MFA methods again, or issue a Temporary Access Pass?',
        '',
        `  Account: ${account.username} (guest in ${tenant.displayName}, ${tenant.tenantId})`,
        `  Security info: ${securityInfoUrl(tenant.tenantId)}`,
        '',
        sign,
      ].join('\n'),
    };
  }
  return {
    kind,
    tenantId: tenant.tenantId,
    to,
    subject: `Request: remove guest account ${account.username}`,
    body: [
      greeting,
      '',
      `I no longer need my guest account in ${tenant.displayName}. Could you remove it?`,
      '',
      `  Account: ${account.username} (guest in ${tenant.displayName}, ${tenant.tenantId})`,
      '',
      sign,
    ].join('\n'),
  };
}

/** Builds the in-memory handlers and the controls a test uses to steer them. */
export function createFixtureHandlers(options: FixtureHandlerOptions): FixtureControl {
  const now = options.now ?? Date.now;
  const scanDurationMs = options.scanDurationMs ?? 1500;
  const signInDelayMs = options.signInDelayMs ?? 1500;
  let state: AppSnapshot = clone(options.snapshot ?? fixtureSnapshot(now()));
  // What main keeps in its store for the entries (ticks, answers, checklist progress); the entries and the
  // checklist are derived from them and the tenants with the shared functions, as main derives them.
  let marks = marksOf(state);
  const rederive = () => {
    state.entries = buildAuthenticatorEntries({
      accounts: state.accounts,
      tenants: state.tenants,
      manualEntries: state.manualEntries,
      ticks: marks.ticks,
      confirmations: marks.confirmations,
      clientId: state.settings.clientId,
    });
    state.phoneChange = buildPhoneChangeChecklist(state.entries, marks.progress);
  };
  rederive();
  let scanOutcome: 'ok' | 'offline' | 'home-mfa' = 'ok';
  let signInOutcome: 'ok' | 'fail' = 'ok';
  const failures = new Map<RequestName, IpcError>();
  const calls: { name: RequestName; arg: unknown }[] = [];
  const openedLinks: string[] = [];
  let clipboard: string | null = null;
  let scanGeneration = 0;
  let scanHeld = false;
  let signInWaiter: { cancel: () => void } | null = null;

  const emit = (event: AppEvent) => options.emit(clone(event));
  const isoNow = () => new Date(now()).toISOString();

  const findTenant = (accountId: string, tenantId: string): TenantRecord => {
    const tenant = state.tenants.find((t) => t.accountId === accountId && t.tenantId === tenantId);
    if (!tenant) throw new UserFacingError('not-found', 'That organisation is no longer in your inventory.');
    return tenant;
  };
  const replaceTenant = (next: TenantRecord) => {
    state.tenants = state.tenants.map((t) =>
      t.accountId === next.accountId && t.tenantId === next.tenantId ? next : t,
    );
    rederive();
    emit({ type: 'tenant-updated', tenant: next });
    return clone(next);
  };
  const requireAccount = (accountId: string) => {
    if (!state.accounts.some((a) => a.accountId === accountId))
      throw new UserFacingError('not-signed-in', 'That account is not signed in any more. Sign in again.');
  };
  const pushScan = (scan: ScanProgress) => {
    state.scan = scan;
    emit({ type: 'scan-progress', progress: scan });
  };

  async function runScan(accountId: string, generation: number): Promise<void> {
    // Most urgent first (the inventory's default order), so the rows on screen are the first ones checked.
    const urgency = (t: TenantRecord) => (t.classification ? SCAN_ORDER.indexOf(t.classification.verdict) : 99);
    const guests = state.tenants
      .filter((t) => t.accountId === accountId && !t.isHome && t.listed)
      .sort((a, b) => urgency(a) - urgency(b) || a.displayName.localeCompare(b.displayName));
    const tenants: Record<string, TenantScanState> = {};
    for (const t of guests) tenants[t.tenantId] = 'queued';
    let scan: ScanProgress = {
      accountId,
      running: true,
      cancelled: false,
      done: 0,
      total: guests.length,
      tenants,
      startedAt: isoNow(),
      finishedAt: null,
      error: null,
    };
    pushScan(scan);
    if (scanOutcome === 'offline') {
      await sleep(400);
      if (generation !== scanGeneration) return;
      pushScan({
        ...scan,
        running: false,
        finishedAt: isoNow(),
        tenants: {},
        error:
          'The app could not reach Microsoft (login.microsoftonline.com). Check your internet connection, then scan again.',
      });
      return;
    }
    if (scanOutcome === 'home-mfa') {
      await sleep(300);
      if (generation !== scanGeneration) return;
      pushScan({
        ...scan,
        running: false,
        finishedAt: isoNow(),
        tenants: {},
        total: 0,
        error:
          'Azure now asks for multifactor authentication (MFA) before it lists the organisations you are a guest in, and your sign-in did not include MFA. Sign in with MFA, and the scan runs again.',
        homeMfaRequired: true,
      });
      return;
    }
    const step = Math.max(20, Math.floor(scanDurationMs / Math.max(1, guests.length)));
    const width = 3;
    for (let i = 0; i < guests.length; i += 1) {
      if (generation !== scanGeneration) return;
      const current = guests[i]!;
      scan = { ...scan, tenants: { ...scan.tenants, [current.tenantId]: 'probing' } };
      const ahead = guests.slice(i + 1, i + width);
      for (const t of ahead) if (scan.tenants[t.tenantId] === 'queued') scan.tenants[t.tenantId] = 'probing';
      pushScan(scan);
      await sleep(step);
      while (scanHeld && generation === scanGeneration) await sleep(20);
      if (generation !== scanGeneration) return;
      const latest = state.tenants.find((t) => t.tenantId === current.tenantId && t.accountId === accountId);
      if (latest) {
        const at = isoNow();
        replaceTenant(withResult(latest, rescanResult(latest, at), at));
      }
      const failed = latest?.classification?.verdict === 'error';
      scan = {
        ...scan,
        done: scan.done + 1,
        tenants: { ...scan.tenants, [current.tenantId]: failed ? 'failed' : 'done' },
      };
      pushScan(scan);
    }
    pushScan({ ...scan, running: false, finishedAt: isoNow() });
  }

  const handlers: IpcHandlers = {
    getAppInfo: () => ({ name: 'Guest MFA Inventory', version: '0.1.0-fixture', platform: 'linux' }),
    getState: () => clone(state),
    async signIn() {
      state.signInPending = true;
      emit({ type: 'sign-in', state: 'waiting', message: null });
      const cancelled = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), signInDelayMs);
        signInWaiter = {
          cancel: () => {
            clearTimeout(timer);
            resolve(true);
          },
        };
      });
      signInWaiter = null;
      state.signInPending = false;
      if (cancelled) {
        emit({ type: 'sign-in', state: 'cancelled', message: null });
        throw new UserFacingError('cancelled', 'Sign-in was cancelled.');
      }
      if (signInOutcome === 'fail') {
        const message =
          'The sign-in in your browser did not complete (AADSTS50126: wrong user name or password). ' +
          'Try again and check which account you pick.';
        emit({ type: 'sign-in', state: 'failed', message });
        throw new UserFacingError('failed', message);
      }
      if (!state.accounts.some((a) => a.accountId === FIXTURE_ACCOUNT.accountId)) {
        const full = fixtureSnapshot(now());
        state = { ...full, settings: state.settings, notices: state.notices };
      }
      emit({ type: 'sign-in', state: 'finished', message: null });
      emit({ type: 'state-changed' });
      return clone(FIXTURE_ACCOUNT);
    },
    async signInWithMfa({ accountId }) {
      requireAccount(accountId);
      state.signInPending = true;
      emit({ type: 'sign-in', state: 'waiting', message: null });
      await sleep(signInDelayMs / 2);
      state.signInPending = false;
      if (scanOutcome === 'home-mfa') scanOutcome = 'ok';
      emit({ type: 'sign-in', state: 'finished', message: null });
      return clone({ ...FIXTURE_ACCOUNT, homeSessionMfa: true });
    },
    cancelSignIn() {
      signInWaiter?.cancel();
      return null;
    },
    signOut({ accountId }) {
      requireAccount(accountId);
      state.accounts = state.accounts.filter((a) => a.accountId !== accountId);
      state.tenants = state.tenants.filter((t) => t.accountId !== accountId);
      state.entries = state.entries.filter((e) => e.accountId !== accountId);
      state.phoneChange = state.phoneChange.filter((p) => p.accountId !== accountId);
      if (state.scan?.accountId === accountId) state.scan = null;
      emit({ type: 'state-changed' });
      return null;
    },
    updateSettings({ recheck, watchAfterTrustRequest, ...patch }) {
      state.settings = { ...state.settings, ...patch };
      if (recheck !== undefined || watchAfterTrustRequest !== undefined) {
        const watch = state.watch ?? {
          settings: { recheck: 'off', watchAfterTrustRequest: true },
          watched: [],
          nextRunAt: null,
          running: null,
        };
        state.watch = {
          ...watch,
          settings: {
            recheck: recheck ?? watch.settings.recheck,
            watchAfterTrustRequest: watchAfterTrustRequest ?? watch.settings.watchAfterTrustRequest,
          },
        };
      }
      return clone(state.settings);
    },
    startScan({ accountId }) {
      requireAccount(accountId);
      if (state.scan?.running) throw new UserFacingError('busy', 'A scan is already running.');
      scanGeneration += 1;
      const generation = scanGeneration;
      void runScan(accountId, generation);
      return clone(state.scan!);
    },
    cancelScan() {
      if (!state.scan?.running) return null;
      scanGeneration += 1;
      const tenants = Object.fromEntries(
        Object.entries(state.scan.tenants).map(([id, s]) => [id, s === 'done' || s === 'failed' ? s : 'queued']),
      ) as Record<string, TenantScanState>;
      pushScan({ ...state.scan, running: false, cancelled: true, finishedAt: isoNow(), tenants });
      return null;
    },
    async signInToTenant({ accountId, tenantId }) {
      const tenant = findTenant(accountId, tenantId);
      await sleep(900);
      const at = isoNow();
      let classification = rescanResult(tenant, at);
      let methods = tenant.methods;
      if (classification.verdict === 'needs-sign-in') {
        classification = { ...rescanResult({ ...tenant, classification: null }, at) };
        methods = [];
      } else if (classification.verdict === 'registration-required') {
        classification = {
          ...classification,
          verdict: 'separate-mfa',
          evidence: { ...classification.evidence, aadsts: 50076 },
          explanation: `${tenant.displayName} asks for its own MFA; you registered it just now.`,
          action: `Keep the ${tenant.displayName} entry in Authenticator, or ask its IT to trust your home MFA.`,
        };
        methods = [
          {
            type: 'microsoftAuthenticator',
            displayName: 'iPhone 13 (Megan)',
            detail: 'Microsoft Authenticator · push notifications',
            createdDateTime: at,
          },
        ];
      }
      const next = withResult({ ...tenant, methods, lastInteractiveSignInAt: at }, classification, at);
      return replaceTenant({ ...next, methods, methodsNote: methods ? null : next.methodsNote });
    },
    addTenant({ accountId, query }) {
      requireAccount(accountId);
      const lower = query.toLowerCase();
      if (lower.startsWith('nosuch'))
        throw new UserFacingError('not-found', `No Microsoft Entra organisation uses the domain “${query}”.`);
      const exists = state.tenants.find(
        (t) => t.accountId === accountId && (t.tenantId === lower || t.domains.includes(lower)),
      );
      if (exists) throw new UserFacingError('failed', `${exists.displayName} is already in your inventory.`);
      const isGuid = /^[0-9a-f-]{36}$/.test(lower);
      const label = isGuid ? 'Unnamed organisation' : lower.split('.')[0]!;
      const record: TenantRecord = {
        accountId,
        tenantId: isGuid ? lower : fixtureTenantId(9000 + state.tenants.length),
        displayName: label.charAt(0).toUpperCase() + label.slice(1),
        defaultDomain: isGuid ? '' : lower,
        domains: isGuid ? [] : [lower],
        isHome: false,
        source: 'added-by-user',
        listed: true,
        classification: null,
        methods: null,
        methodsNote: 'Not checked yet.',
        sponsors: [],
        technicalContacts: [],
        observedAt: null,
        history: [],
        notes: '',
        recipients: [],
        lastInteractiveSignInAt: null,
      };
      state.tenants = [...state.tenants, record];
      emit({ type: 'tenant-updated', tenant: record });
      return clone(record);
    },
    removeTenant({ accountId, tenantId }) {
      findTenant(accountId, tenantId);
      state.tenants = state.tenants.filter((t) => !(t.accountId === accountId && t.tenantId === tenantId));
      emit({ type: 'state-changed' });
      return null;
    },
    setTenantNotes({ accountId, tenantId, notes }) {
      const tenant = findTenant(accountId, tenantId);
      state.tenants = state.tenants.map((t) => (t === tenant ? { ...t, notes } : t));
      return clone(findTenant(accountId, tenantId));
    },
    setTenantRecipients({ accountId, tenantId, recipients }) {
      const tenant = findTenant(accountId, tenantId);
      state.tenants = state.tenants.map((t) => (t === tenant ? { ...t, recipients } : t));
      return clone(findTenant(accountId, tenantId));
    },
    addManualEntry({ organisation, label, note }) {
      const entry = { id: `m-${now().toString(36)}`, organisation, label, note, createdAt: isoNow() };
      state.manualEntries = [...state.manualEntries, entry];
      rederive();
      emit({ type: 'state-changed' });
      return clone(entry);
    },
    removeManualEntry({ id }) {
      if (!state.manualEntries.some((m) => m.id === id))
        throw new UserFacingError('not-found', 'That entry was already removed.');
      state.manualEntries = state.manualEntries.filter((m) => m.id !== id);
      rederive();
      emit({ type: 'state-changed' });
      return null;
    },
    setEntryTicked({ key, ticked }) {
      marks.ticks = { ...marks.ticks, [key]: ticked };
      rederive();
      return null;
    },
    setEntryConfirmation({ key, answer }) {
      const entry = state.entries.find((e) => e.key === key);
      if (!entry) throw new UserFacingError('not-found', 'That entry is no longer in your list.');
      if (entry.kind !== 'tenant')
        throw new UserFacingError('invalid-argument', 'Only a partner organisation’s entry takes an answer.');
      const tenant = findTenant(entry.accountId!, entry.tenantId!);
      const rest = { ...marks.confirmations };
      delete rest[key];
      marks.confirmations =
        answer === null ? rest : { ...rest, [key]: { answer, at: isoNow(), verdict: informativeVerdict(tenant) } };
      rederive();
      emit({ type: 'state-changed' });
      return clone(state.entries.find((e) => e.key === key)!);
    },
    setChecklistStep({ key, step, done }) {
      marks.progress = { ...marks.progress, [key]: { ...marks.progress[key], [step]: done } };
      rederive();
      return null;
    },
    composeEmail({ kind, accountId, tenantId, to }) {
      const tenant = findTenant(accountId, tenantId);
      const recipients =
        to ??
        (tenant.recipients.length > 0
          ? tenant.recipients
          : tenant.sponsors.flatMap((s) => (s.mail ? [s.mail] : [])).concat(tenant.technicalContacts));
      return stubEmail(kind, tenant, recipients, state.settings.senderName);
    },
    copyToClipboard({ text }) {
      clipboard = text;
      return null;
    },
    copyDiagnostics({ accountId, tenantId }) {
      requireAccount(accountId);
      const input = {
        generatedAt: new Date(now()),
        appVersion: '0.1.0-fixture',
        clientId: state.settings.clientId,
        account: state.accounts.find((a) => a.accountId === accountId) ?? null,
        scan: tenantId ? null : { progress: state.scan, answers: [] },
        tenants: tenantId ? [findTenant(accountId, tenantId)] : state.tenants.filter((t) => t.accountId === accountId),
      };
      clipboard = buildDiagnostics(input);
      return { answers: countAnswers(input) };
    },
    openEmail({ kind, accountId, tenantId, to }) {
      const tenant = findTenant(accountId, tenantId);
      const draft = stubEmail(kind, tenant, to ?? tenant.recipients, state.settings.senderName);
      const long = draft.body.length > 1200;
      if (long) clipboard = draft.body;
      return { bodyCopiedToClipboard: long };
    },
    saveEmail({ kind, accountId, tenantId }) {
      const tenant = findTenant(accountId, tenantId);
      return {
        saved: true,
        path: `/home/megan/Documents/${fileSafe(tenant.defaultDomain || tenant.tenantId)}-${kind}.eml`,
      };
    },
    saveEmailBatch({ kind, accountId }) {
      requireAccount(accountId);
      const count = state.tenants.filter(
        (t) => t.accountId === accountId && !t.isHome && (kind !== 'trust-request' || isTrustRequestCandidate(t)),
      ).length;
      return { saved: true, path: `/home/megan/Documents/${kind}-emails`, count };
    },
    exportInventory({ format }) {
      return { saved: true, path: `/home/megan/Documents/guest-mfa-inventory.${format}` };
    },
    exportChecklistPdf() {
      return { saved: true, path: '/home/megan/Documents/phone-change-checklist.pdf' };
    },
    openExternalLink({ url }) {
      if (!isAllowedExternalUrl(url))
        throw new UserFacingError('forbidden-sender', 'The app only opens Microsoft sign-in and help pages.');
      openedLinks.push(url);
      return null;
    },
    dismissNotice({ id }) {
      state.notices = state.notices.filter((n) => n.id !== id);
      return null;
    },
    checkForUpdates() {
      return (
        state.update ?? {
          status: 'unsupported',
          currentVersion: '0.1.0',
          version: null,
          percent: null,
          checkedAt: null,
          message: 'This copy of the app does not update itself (a development build).',
        }
      );
    },
    installUpdate() {
      return { installing: state.update?.status === 'ready' };
    },
    dismissChanges({ ids }) {
      state.changes = ids ? (state.changes ?? []).filter((c) => !ids.includes(c.id)) : [];
      return null;
    },
  };

  // Record every call and apply one-shot failures before the real fixture behaviour.
  const wrapped = {} as Record<RequestName, (arg: unknown) => unknown>;
  for (const name of Object.keys(handlers) as RequestName[]) {
    const inner = handlers[name] as (arg: unknown) => unknown;
    wrapped[name] = (arg: unknown) => {
      calls.push({ name, arg });
      const failure = failures.get(name);
      if (failure) {
        failures.delete(name);
        throw new UserFacingError(failure.code, failure.message);
      }
      return inner(arg);
    };
  }

  return {
    handlers: wrapped as unknown as IpcHandlers,
    state: () => clone(state),
    reset(snapshot) {
      scanGeneration += 1;
      scanHeld = false;
      failures.clear();
      state = clone(snapshot);
      marks = marksOf(state);
      rederive();
      emit({ type: 'state-changed' });
    },
    failNext(name, error) {
      failures.set(name, error);
    },
    setScanOutcome(outcome) {
      scanOutcome = outcome;
    },
    holdScan(held) {
      scanHeld = held;
    },
    setSignInOutcome(outcome) {
      signInOutcome = outcome;
    },
    calls,
    clipboard: () => clipboard,
    openedLinks,
  };
}
