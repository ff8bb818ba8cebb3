/**
 * The scan: list the account's tenants, probe each with bounded concurrency, classify, save each result as it
 * arrives, and stream progress. One tenant's failure never stops the others; cancel stops new probes and
 * aborts the ones in flight, keeping everything already saved.
 */
import type { AccountInfo } from '@azure/msal-node';
import { randomUUID } from 'node:crypto';
import type { ClassifyContext, InteractiveSignInFacts } from '../../shared/classify';
import type {
  AccountSummary,
  AuthMethod,
  Classification,
  EntraAnswer,
  Notice,
  ScanProgress,
  TenantObservation,
  TenantRecord,
  TenantScanState,
} from '../../shared/model';
import { CONSUMERS_TENANT_ID, isPersonalAccountId } from '../../shared/identifiers';
import { amrShowsMfa } from '../auth/claims';
import { homeTenantOf } from '../auth/home-account';
import { refusesResource, type AuthService, type ProbeSession, type TokenWithClaims } from '../auth/auth-service';
import {
  homeRefusalMessage,
  listingFailedMessage,
  listingProblemTitle,
  type ListingProblem,
  type ListingState,
} from '../../shared/listing';
import { recordingTransport, requestOf, toEntraAnswer, type AnswerLog, type RawAnswer } from '../net/answer-log';
import type { HttpTransport } from '../net/transport';
import { describeListingStop, describeUnreadableEntries, listTenants, type ArmTenant, type ListingStop } from './arm';
import { probeTenant, type ProbeDeps, type RequestTracker } from './probe';
import type { RetryPolicy, Sleep } from '../net/retry';

import { LIMITS, type TenantListing, type TenantResult } from '../store';
import { SETTINGS_LIMITS } from '../../shared/settings';
import { accountSummaryOf, sameSummary } from './account-summary';
import { ListingRoom, listingOf } from './listing-room';
import { ListingSaver, ProbeQueue } from './probe-queue';

/** The part of the app store the scanner writes to. */
export interface ScanStore {
  data(): { readonly tenants: readonly TenantRecord[]; readonly accounts: readonly AccountSummary[] };
  upsertAccount(account: AccountSummary): Promise<void>;
  upsertTenants(accountId: string, listing: TenantListing[], options?: { complete?: boolean }): Promise<TenantRecord[]>;
  recordResult(accountId: string, tenantId: string, result: TenantResult): Promise<TenantRecord>;
  flush(): Promise<void>;
}

export type Classify = (observation: TenantObservation, context: ClassifyContext) => Classification;

export interface ScannerDeps {
  auth: AuthService;
  transport: HttpTransport;
  tracker: RequestTracker;
  store: ScanStore;
  armBaseUrl: string;
  graphBaseUrl: string;
  classify: Classify;
  settings: () => { concurrency: number; probeTimeoutSeconds: number };
  /**
   * The progress (`current`) changed. Called at every step; the caller coalesces (main sends one state event per
   * frame). Saved results reach the renderer through the store, not through here.
   */
  onProgress?: () => void;
  now?: () => Date;
  policy?: RetryPolicy;
  sleep?: Sleep;
  /** Called when the scan ends, e.g. to write the token cache once. */
  afterScan?: () => Promise<void>;
  /** MSAL's answers by correlation id (the network client records into it), for "Copy what Entra answered". */
  answers?: AnswerLog;
  /** Diagnostic log; never receives tokens. */
  log?: (message: string) => void;
  /** Lasting notices (a partial tenant listing): `set` adds or replaces the notice with that id. */
  notices?: {
    set(id: string, notice: Pick<Notice, 'intent' | 'title' | 'message'>): void;
    clear(id: string): void;
  };
}

/** The id of the notice that says an account's last tenant listing was partial (cleared by a whole one). */
export function partialListingNoticeId(accountId: string): string {
  return `listing-partial:${accountId}`;
}

/** The id of the notice that says an account's last scan could not read the tenant list at all. */
export function unavailableListingNoticeId(accountId: string): string {
  return `listing-unavailable:${accountId}`;
}

/** Answers kept per tenant (the latest check's; a probe with retries makes a few more than three). */
export const ANSWERS_PER_TENANT = 16;

/** A scan is already running. */
export class ScanBusyError extends Error {
  constructor() {
    super('A scan is already running. Wait for it or cancel it.');
    this.name = 'ScanBusyError';
  }
}

/** The whole scan could not start or list tenants (e.g. the sign-in expired, the network is down). */
export class ScanFailedError extends Error {
  constructor(
    message: string,
    readonly offline: boolean,
    /** `home-mfa-required`: ARM answered with a claims challenge; a home sign-in with MFA would pass. */
    readonly reason: 'offline' | 'signed-out' | 'listing' | 'home-mfa-required' | 'cancelled' = offline
      ? 'offline'
      : 'listing',
  ) {
    super(message);
    this.name = 'ScanFailedError';
  }
}

/** The words for a listing refused with a claims challenge (Azure's mandatory MFA). */
export const HOME_MFA_REQUIRED_MESSAGE =
  'Azure now asks for multifactor authentication (MFA) before it lists the organisations you are a guest in, and your sign-in did not include MFA. Sign in with MFA, and the scan runs again.';

/** A record as the renderer gets it: without the stored answers, which only diagnostics read. */
export function withoutAnswers(record: TenantRecord): TenantRecord {
  if (!record.answers) return record;
  const { answers: _answers, ...rest } = record;
  return rest;
}

/** Of the answers to one MSAL request: the token endpoint's, and anything that failed (not discovery's 200s). */
function tokenAnswers(raw: RawAnswer[]): RawAnswer[] {
  return raw.filter((a) => requestOf(a.url) === 'token' || a.status === null || a.status >= 400);
}

/**
 * Whether the last methods list read stays after this probe, for the verdict and for what is stored alike: a read
 * that failed (network, throttling, a broken answer) says nothing about the methods, so the last list stays, as
 * for sponsors and contacts. A refusal (denied, consent) does say something: the list is no longer readable
 * there, so it becomes unknown.
 */
function keepsLastMethods(
  observation: TenantObservation,
  previous: TenantRecord | undefined,
): previous is TenantRecord & { methods: AuthMethod[] } {
  return observation.methods.status === 'failed' && Boolean(previous?.methods);
}

/** What to store for one tenant from its observation (keeping earlier facts the probe could not re-read). */
export function resultFromObservation(
  observation: TenantObservation,
  classification: Classification,
  previous: TenantRecord | undefined,
): TenantResult {
  const { methods, sponsors, organization } = observation;
  let storedMethods: AuthMethod[] | null;
  let methodsNote: string | null;
  if (methods.status === 'ok') {
    storedMethods = methods.value;
    methodsNote = methods.note ?? null;
  } else if (methods.status === 'skipped' && previous?.methods) {
    storedMethods = previous.methods;
    methodsNote = `Not re-read in this scan; last read ${previous.observedAt ?? 'earlier'}.`;
  } else if (keepsLastMethods(observation, previous)) {
    storedMethods = previous.methods;
    methodsNote = `${methods.message} Showing the list last read ${previous.observedAt ?? 'earlier'}.`;
  } else {
    storedMethods = null;
    methodsNote = methods.message;
  }
  return {
    classification,
    methods: storedMethods,
    methodsNote,
    sponsors: sponsors.status === 'ok' ? sponsors.value : (previous?.sponsors ?? []),
    technicalContacts:
      organization.status === 'ok'
        ? organization.value.technicalNotificationMails
        : (previous?.technicalContacts ?? []),
    observedAt: observation.observedAt,
  };
}

/** The scan's concurrency: the setting, within the settings' own limits (shared/settings.ts). */
export function scanConcurrency(settings: { concurrency: number }): number {
  const { min, max } = SETTINGS_LIMITS.concurrency;
  return Math.max(min, Math.min(max, settings.concurrency));
}

/** The scan's progress as the state events send it (`Scanner.progressFrame`). */
export interface ProgressFrame {
  /**
   * The progress now: its fields and the small maps copied, its per-tenant states the scanner's own map, which it
   * goes on changing in place.
   */
  progress: ScanProgress;
  /**
   * The tenants whose state changed since the frame before (their entries in `progress.tenants` are the news); null
   * when the per-tenant states began anew (a new scan) since then, or no frame was taken before.
   */
  changed: string[] | null;
}

export class Scanner {
  private controller: AbortController | null = null;
  private progress: ScanProgress | null = null;
  /** Tenants whose state changed since the last `progressFrame`; null: the states began anew since then. */
  private frameChanges: Set<string> | null = null;
  /** The answers of the latest scan's home token and tenant listing, per account (memory only). */
  private readonly listingAnswers = new Map<string, EntraAnswer[]>();
  /** The claims challenge of the latest refused listing, per account, until a listing passes. */
  private readonly challenges = new Map<string, string>();

  constructor(private readonly deps: ScannerDeps) {}

  /** What the home token request and ARM answered in the latest scan of this account. */
  scanAnswers(accountId: string): EntraAnswer[] {
    return [...(this.listingAnswers.get(accountId) ?? [])];
  }

  /** The claims challenge ARM sent in the latest scan of this account, if the listing was refused with one. */
  homeChallenge(accountId: string): string | null {
    return this.challenges.get(accountId) ?? null;
  }

  private answersOf(correlationId: string, request?: EntraAnswer['request']): EntraAnswer[] {
    const raw = this.deps.answers?.take(correlationId) ?? [];
    const clientId = this.deps.auth.config.clientId;
    return tokenAnswers(raw).map((a) => toEntraAnswer(a, clientId, request));
  }

  /** Switches to another auth service (after the client id changed in settings). */
  setAuth(auth: AuthService): void {
    this.deps.auth = auth;
  }

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** The running or last scan's progress. */
  get current(): ScanProgress | null {
    return this.progress;
  }

  /**
   * The progress for the state events, and which tenants' states changed since the last frame: an event then
   * carries those alone, without a copy or a walk of every tenant's state (at 5,000 organisations each event had
   * copied and compared all of them). Meant for one reader, the state publisher: each frame starts the next count.
   */
  progressFrame(): ProgressFrame | null {
    if (!this.progress) return null;
    const { probingSince, listingProblem } = this.progress;
    const frame: ProgressFrame = {
      progress: {
        ...this.progress,
        ...(probingSince ? { probingSince: { ...probingSince } } : {}),
        ...(listingProblem ? { listingProblem: { ...listingProblem } } : {}),
      },
      changed: this.frameChanges ? [...this.frameChanges] : null,
    };
    this.frameChanges = new Set();
    return frame;
  }

  get running(): boolean {
    return this.controller !== null;
  }

  /** Cancels the running scan; results already saved stay. */
  cancel(): boolean {
    if (!this.controller) return false;
    this.controller.abort();
    return true;
  }

  private emitProgress(): void {
    if (this.progress) this.deps.onProgress?.();
  }

  private setState(tenantId: string, state: TenantScanState): void {
    if (!this.progress) return;
    this.progress.tenants[tenantId] = state;
    this.frameChanges?.add(tenantId);
    const since = (this.progress.probingSince ??= {});
    // Wall-clock time: the UI compares it with its own clock to say how long a check has been waiting.
    if (state === 'probing') since[tenantId] = new Date().toISOString();
    else delete since[tenantId];
    if (state === 'done' || state === 'failed') this.progress.done += 1;
    this.emitProgress();
  }

  /**
   * The home session's token: for Azure management (to list tenants), or, when the home's Conditional Access
   * refuses that resource, for Microsoft Graph (the probes need nothing more), with the refusal. An expired or
   * revoked sign-in is a ScanFailedError.
   */
  private async homeSession(
    account: AccountInfo,
    answers?: EntraAnswer[],
  ): Promise<{ token: TokenWithClaims; armRefusal: ListingProblem | null }> {
    const { auth } = this.deps;
    // A proxy that refused the token request is not a lost sign-in: its words say what to do (proxy-auth.ts).
    const signedOut = () => {
      const proxy = this.deps.transport.proxyRefusal?.() ?? null;
      if (proxy) return new ScanFailedError(proxy.message, false);
      return new ScanFailedError(
        'Your sign-in has expired or was revoked. Sign in again, then scan.',
        false,
        'signed-out',
      );
    };
    const correlationId = randomUUID();
    this.deps.answers?.begin(correlationId);
    try {
      const token = await auth.homeToken(account, { correlationId });
      answers?.push(...this.answersOf(correlationId, 'home-token'));
      return { token, armRefusal: null };
    } catch (error) {
      answers?.push(...this.answersOf(correlationId, 'home-token'));
      const refusal = refusesResource(error);
      if (!refusal) throw signedOut();
      const graphId = randomUUID();
      this.deps.answers?.begin(graphId);
      try {
        const token = await auth.homeToken(account, { scopes: auth.config.graphScopes, correlationId: graphId });
        answers?.push(...this.answersOf(graphId, 'home-token'));
        this.deps.log?.(
          `the home refused the Azure management token (AADSTS${refusal.aadsts ?? '?'}); using Microsoft Graph only`,
        );
        return {
          token,
          armRefusal: { kind: 'home-refused', aadsts: refusal.aadsts, message: homeRefusalMessage(refusal.aadsts) },
        };
      } catch {
        answers?.push(...this.answersOf(graphId, 'home-token'));
        throw signedOut();
      }
    }
  }

  /**
   * Lists the tenants (ARM, earlier scans, added by hand), merges them into the store and hands them to `probe` as
   * they are saved: the stored ones and the first page's with the first page, later pages' while the listing goes
   * on. Nothing is handed over before ARM's first page has come (or the listing ended), so that a listing that fails
   * at once changes nothing. Resolves once the listing is over and saved whole.
   */
  private async collectTenants(account: AccountInfo, signal: AbortSignal, probe: ProbeQueue): Promise<void> {
    const { store } = this.deps;
    const accountId = account.homeAccountId;
    const homeTenantId = homeTenantOf(account);
    const answers: EntraAnswer[] = [];
    this.listingAnswers.set(accountId, answers);
    const { token: homeToken, armRefusal } = await this.homeSession(account, answers);
    probe.homeSessionMfa = amrShowsMfa(homeToken.claims.amr);
    // A personal Microsoft account's home is the consumers tenant: not an organisation, never listed, nothing to
    // check there (its MFA is the account's own, at account.microsoft.com).
    const personal = homeTenantId === CONSUMERS_TENANT_ID;
    const stored = store.data().tenants;
    const knownHome = stored.find((t) => t.accountId === accountId && t.isHome);
    const room = new ListingRoom(stored, accountId, LIMITS.tenants, homeTenantId, !personal);
    await this.saveAccount(account, probe.homeSessionMfa, knownHome);
    const saver = new ListingSaver(store, accountId, (records) => probe.add(records));
    // The entries of ARM's list as the saver got them: an entry a later page did not replace is saved already.
    const handed = new Set<ArmTenant>();
    let listed: Awaited<ReturnType<Scanner['listAtArm']>> | { ok: true; tenants: ArmTenant[]; problem: ListingProblem };
    try {
      listed = armRefusal
        ? { ok: true, tenants: [], problem: armRefusal }
        : await this.listAtArm(account, homeToken.accessToken, signal, answers, room, saver, handed);
    } finally {
      // What a failed listing read before it failed is saved (as partial) before the scan says so.
      await saver.settled().catch(() => undefined);
    }
    await saver.settled();
    const kept = listed.tenants.filter((t) => saver.kept.has(t.tenantId));
    const listing = kept.map((t) => listingOf(t, homeTenantId));
    const savedAlready = new Set(kept.filter((t) => handed.has(t)).map((t) => t.tenantId));
    if (!listing.some((t) => t.isHome) && !knownHome && !personal) {
      listing.push({
        tenantId: homeTenantId,
        displayName: 'Your home organisation',
        defaultDomain: account.username.split('@')[1] ?? '',
        domains: [],
        isHome: true,
        source: 'arm',
        listed: false,
      });
    }
    const home = listing.find((t) => t.isHome) ?? knownHome;
    await this.saveAccount(account, probe.homeSessionMfa, home);
    // A complete list from ARM: tenants it no longer lists stay in the store (marked so) and are probed too, as
    // are tenants the user added by hand. A partial or missing list marks nothing: a tenant missing from it may
    // only be beyond the point where it stopped. Either way every stored tenant is probed, and the next scan
    // lists anew. An entry without a readable tenant id makes the list partial too: the tenant it stood for is
    // unknown.
    const problem = listed.problem;
    const partial = 'incomplete' in listed ? listed.incomplete : null;
    const skipped = 'skipped' in listed ? listed.skipped : 0;
    const complete = !problem && partial === null && skipped === 0 && room.leftOut === 0;
    // The pages are saved: what is left is what they did not say (a later duplicate, the home's placeholder), and,
    // after a complete list, marking the stored tenants it no longer names. Nothing left, nothing written.
    const listedIds = new Set(listing.map((t) => t.tenantId));
    const toMark =
      complete &&
      store
        .data()
        .tenants.some(
          (t) => t.accountId === accountId && !listedIds.has(t.tenantId) && (t.listed || t.source === 'arm'),
        );
    const rest = toMark ? listing : listing.filter((t) => !savedAlready.has(t.tenantId));
    probe.add(
      rest.length > 0 || toMark
        ? await store.upsertTenants(accountId, rest, { complete: toMark })
        : store.data().tenants.filter((t) => t.accountId === accountId),
    );
    this.tellListing(account, {
      problem,
      complete,
      kept: listing.length,
      partial,
      full:
        room.leftOut > 0 || partial?.reason === 'tenant-limit'
          ? `the app keeps at most ${LIMITS.tenants} organisations over all accounts and had room for ${room.room} more of this account's, so ${room.leftOut > 0 ? `${room.leftOut} were not kept` : 'the rest were not read'}`
          : null,
      unreadable:
        'unreadableCount' in listed && listed.unreadableCount > 0
          ? describeUnreadableEntries(listed.unreadable, listed.unreadableCount)
          : null,
    });
  }

  /** Saves what the app knows of the account and its home, when that changed. */
  private async saveAccount(
    account: AccountInfo,
    homeSessionMfa: boolean,
    home: Pick<TenantListing, 'displayName' | 'defaultDomain'> | undefined,
  ): Promise<void> {
    const summary = accountSummaryOf(account, homeSessionMfa, home ?? null);
    const known = this.deps.store.data().accounts.find((a) => a.accountId === summary.accountId);
    if (known && sameSummary(known, summary)) return;
    await this.deps.store.upsertAccount(summary);
  }

  /**
   * Reads ARM's list, handing each page's tenants that fit to `saver` as it comes. A listing that cannot go on
   * without the user (a claims challenge, the network, a cancel, a timeout) is a ScanFailedError; any other
   * failure closes one door only, and the organisations already known are still checked.
   */
  private async listAtArm(
    account: AccountInfo,
    accessToken: string,
    signal: AbortSignal,
    answers: EntraAnswer[],
    room: ListingRoom,
    saver: ListingSaver,
    handed: Set<ArmTenant>,
  ) {
    const accountId = account.homeAccountId;
    const homeTenantId = homeTenantOf(account);
    const clientId = this.deps.auth.config.clientId;
    const armTransport = recordingTransport(this.deps.transport, (raw) => answers.push(toEntraAnswer(raw, clientId)));
    const listed = await listTenants(armTransport, this.deps.armBaseUrl, accessToken, {
      signal,
      // Each page gets the same time limit as one tenant's probe: a hanging listing must not stall the scan.
      timeoutMs: this.deps.settings().probeTimeoutSeconds * 1000,
      ...(this.deps.policy ? { policy: this.deps.policy } : {}),
      maxTenants: room.room,
      onPage: (tenants) => {
        for (const t of tenants) handed.add(t);
        saver.add(tenants.map((t) => listingOf(t, homeTenantId)).filter((t) => room.keep(t)));
      },
    });
    if (listed.ok) {
      this.challenges.delete(accountId);
      return { ...listed, problem: null };
    }
    if (listed.challenge) {
      // Not a broken listing: Azure wants MFA in the home session. The user decides when to sign in again
      // (no browser opens in the middle of a scan); the challenge waits here for "Sign in with MFA".
      this.challenges.set(accountId, listed.challenge.claims);
      throw new ScanFailedError(HOME_MFA_REQUIRED_MESSAGE, false, 'home-mfa-required');
    }
    const network = listed.failure.kind === 'network' ? listed.failure.networkKind : null;
    if (network === 'aborted' || signal.aborted) {
      throw new ScanFailedError('The scan was cancelled while it listed your organisations.', false, 'cancelled');
    }
    if (network === 'timeout') {
      throw new ScanFailedError(
        `Azure Resource Manager did not answer within ${this.deps.settings().probeTimeoutSeconds} seconds while it ` +
          'listed your organisations. Scan again later; if it keeps happening, raise "Time limit per organisation" in Settings.',
        false,
      );
    }
    // A proxy that wants the app to sign in to it: its words name the proxy and what the user can do (proxy-auth.ts).
    if (network === 'proxy-auth') throw new ScanFailedError(listed.failure.message, false);
    // The network is down: every probe would fail the same way, so the scan stops and says so.
    if (network !== null) {
      throw new ScanFailedError(
        'The app could not reach Microsoft. Check your network connection and scan again.',
        true,
      );
    }
    const problem: ListingProblem = { kind: 'failed', aadsts: null, message: listingFailedMessage(listed.message) };
    return { ok: true as const, tenants: [] as ArmTenant[], problem };
  }

  /** Tells how the listing went: the scan's progress and the lasting notices of a partial or missing list. */
  private tellListing(
    account: AccountInfo,
    outcome: {
      problem: ListingProblem | null;
      complete: boolean;
      kept: number;
      partial: ListingStop | null;
      /** Why not everything listed was kept, in words. */
      full: string | null;
      unreadable: string | null;
    },
  ): void {
    const { problem, complete, partial, full, unreadable } = outcome;
    const accountId = account.homeAccountId;
    const state: ListingState = problem ? 'unavailable' : complete ? 'complete' : 'partial';
    if (this.progress) {
      this.progress.listing = state;
      this.progress.listingProblem = problem;
      this.emitProgress();
    }
    const partialId = partialListingNoticeId(accountId);
    const unavailableId = unavailableListingNoticeId(accountId);
    if (!problem && !complete) {
      const stop = partial && partial.reason !== 'tenant-limit' ? describeListingStop(partial) : null;
      const why = [stop, full, unreadable].filter(Boolean).join('; and ');
      this.deps.notices?.set(partialId, {
        intent: 'warning',
        title: 'The list of your organisations is incomplete',
        message:
          `Microsoft's list of the organisations ${account.username} is a guest in was not ${full ? 'kept whole' : partial ? 'read to the end' : 'read whole'}: ` +
          `${why}. The scan checks the ${outcome.kept} organisations that came ` +
          'and those known from earlier scans; none was marked as no longer listed because of it. ' +
          'The next scan reads the whole list again.',
      });
    } else if (unreadable) {
      this.deps.notices?.set(partialId, {
        intent: 'warning',
        title: 'Some organisations in the list were partly unreadable',
        message:
          `In Microsoft's list of the organisations ${account.username} is a guest in, ${unreadable}. ` +
          'Each is kept with what could be read, and the scan checks them all.',
      });
    } else {
      this.deps.notices?.clear(partialId);
    }
    if (problem) {
      this.deps.notices?.set(unavailableId, {
        intent: 'warning',
        title: listingProblemTitle(problem),
        message: `${account.username}: ${problem.message}`,
      });
    } else {
      this.deps.notices?.clear(unavailableId);
    }
  }

  /** Probes one tenant and saves the result. */
  private async scanTenant(
    session: ProbeSession,
    record: TenantRecord,
    homeSessionMfa: boolean,
    signal: AbortSignal,
    graphToken?: string,
    interactive?: InteractiveSignInFacts,
  ): Promise<TenantRecord | null> {
    // What this probe's requests are answered with, for "Copy what Entra answered": the token requests by
    // their correlation ids (one per attempt), the Graph reads through a recording view of the transport.
    const tokenRequests: string[] = [];
    const graphAnswers: RawAnswer[] = [];
    const recordedSession: ProbeSession = {
      tenantToken: (tenantId, options) => {
        if (options?.correlationId) {
          tokenRequests.push(options.correlationId);
          this.deps.answers?.begin(options.correlationId);
        }
        return session.tenantToken(tenantId, options);
      },
      close: () => session.close(),
    };
    const probeDeps: ProbeDeps = {
      session: recordedSession,
      transport: recordingTransport(this.deps.transport, (raw) => graphAnswers.push(raw)),
      tracker: this.deps.tracker,
      graphBaseUrl: this.deps.graphBaseUrl,
      now: () => this.now(),
      ...(this.deps.policy ? { policy: this.deps.policy } : {}),
      ...(this.deps.sleep ? { sleep: this.deps.sleep } : {}),
    };
    const observation = await probeTenant(probeDeps, record.tenantId, {
      signal,
      timeoutMs: this.deps.settings().probeTimeoutSeconds * 1000,
      homeSessionMfa,
      ...(graphToken ? { graphToken } : {}),
    });
    const clientId = this.deps.auth.config.clientId;
    const answers = [
      ...tokenRequests.flatMap((id) => this.answersOf(id)),
      ...graphAnswers.map((raw) => toEntraAnswer(raw, clientId)),
    ].slice(-ANSWERS_PER_TENANT);
    // A probe cut short by cancel observed nothing: keep the tenant's earlier result untouched.
    if (observation.probe.kind === 'failure' && observation.probe.reason === 'cancelled') return null;
    // A methods read that failed leaves the last known list in place (resultFromObservation); classify with it
    // too, so that a network blip does not flip the leftover flag and write a change into history.
    const known: TenantObservation = keepsLastMethods(observation, record)
      ? { ...observation, methods: { status: 'ok', value: record.methods } }
      : observation;
    const classification = this.deps.classify(known, {
      isHome: record.isHome,
      personalAccount: isPersonalAccountId(record.accountId),
      probeTimeoutSeconds: this.deps.settings().probeTimeoutSeconds,
      ...(interactive ? { interactive } : {}),
    });
    const saved = await this.deps.store.recordResult(record.accountId, record.tenantId, {
      ...resultFromObservation(observation, classification, record),
      answers,
    });
    return saved;
  }

  /** Runs a full scan of one account. Resolves with the final progress (also when cancelled). */
  async scan(account: AccountInfo): Promise<ScanProgress> {
    if (this.controller) throw new ScanBusyError();
    const controller = new AbortController();
    this.controller = controller;
    const signal = controller.signal;
    this.progress = {
      accountId: account.homeAccountId,
      running: true,
      cancelled: false,
      done: 0,
      total: 0,
      tenants: {},
      probingSince: {},
      startedAt: this.now().toISOString(),
      finishedAt: null,
      error: null,
    };
    this.frameChanges = null;
    this.emitProgress();
    try {
      // Probing starts with the listing's first page and goes on while later pages load: the workers wait on the
      // queue, and the listing fills it as it saves what came.
      const progress = this.progress;
      const queue = new ProbeQueue((records) => {
        for (const record of records) {
          progress.tenants[record.tenantId] = 'queued';
          this.frameChanges?.add(record.tenantId);
        }
        progress.total += records.length;
        // The listing saved these tenants: the store's change event shows each organisation (and its name) now.
        this.emitProgress();
      });
      // Opened with the first tenant to probe: after the home session, whose token it starts from.
      const opened: { session: ProbeSession | null } = { session: null };
      const worker = async (): Promise<void> => {
        for (let record = await queue.next(signal); record; record = await queue.next(signal)) {
          const session = (opened.session ??= this.deps.auth.openProbeSession(account));
          this.setState(record.tenantId, 'probing');
          try {
            const saved = await this.scanTenant(session, record, queue.homeSessionMfa, signal);
            if (!saved) {
              this.setState(record.tenantId, 'queued');
              continue;
            }
            this.setState(record.tenantId, saved.classification?.verdict === 'error' ? 'failed' : 'done');
          } catch {
            this.setState(record.tenantId, 'failed');
          }
        }
      };
      const workers = Promise.all(Array.from({ length: scanConcurrency(this.deps.settings()) }, worker));
      try {
        await this.collectTenants(account, signal, queue);
        queue.close();
      } catch (error) {
        // A listing that failed leaves what it queued unprobed; the probes already running end as usual.
        queue.stop();
        throw error;
      } finally {
        await workers;
        await opened.session?.close();
      }
    } catch (error) {
      this.progress.error = error instanceof Error ? error.message : 'The scan failed.';
      if (error instanceof ScanFailedError && error.reason === 'home-mfa-required')
        this.progress.homeMfaRequired = true;
      if (!(error instanceof ScanFailedError)) throw error;
    } finally {
      this.progress.running = false;
      this.progress.cancelled = signal.aborted;
      this.progress.finishedAt = this.now().toISOString();
      this.controller = null;
      await this.deps.store.flush().catch(() => undefined);
      await this.deps.afterScan?.().catch(() => undefined);
      this.emitProgress();
    }
    return structuredClone(this.progress);
  }

  /**
   * Probes one tenant outside a full scan (after "Sign in to this tenant", or a tenant added by hand). After an
   * interactive sign-in, `interactive` says what it showed, so the classifier can refine a likely verdict.
   */
  async scanOne(
    account: AccountInfo,
    record: TenantRecord,
    graphToken?: string,
    interactive?: InteractiveSignInFacts,
  ): Promise<TenantRecord> {
    let homeSessionMfa = false;
    try {
      homeSessionMfa = amrShowsMfa((await this.homeSession(account)).token.claims.amr);
    } catch {
      throw new ScanFailedError('Your sign-in has expired or was revoked. Sign in again.', false);
    }
    const session = this.deps.auth.openProbeSession(account);
    let saved: TenantRecord | null;
    try {
      saved = await this.scanTenant(
        session,
        record,
        homeSessionMfa,
        new AbortController().signal,
        graphToken,
        interactive,
      );
    } finally {
      await session.close();
    }
    await this.deps.afterScan?.().catch(() => undefined);
    if (!saved) throw new ScanFailedError('The check was cancelled.', false);
    return saved;
  }
}
