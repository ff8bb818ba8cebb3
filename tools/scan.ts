/**
 * Headless runner:
 * `npm run scan -- --scenario <file> [--user <upn>] [--json] [--emails <dir>] [--concurrency N] [--data <dir>]`,
 * or `npm run scan -- --scenario <file> --admin [--user <upn>] [--json]` for the partner-admin report of the
 * user's own tenant (docs/admin.md): a line per home organisation, or with --json the report's JSON export.
 * Starts the Entra emulator with the scenario, signs in (the emulator's pages completed headlessly), runs the
 * app's real scan pipeline and prints the inventory as a table, or with --json in the documented shape.
 * `--data <dir>` uses that folder as the app's data folder and keeps it: a second scan into it sees the first
 * one's history (and the user's answers), so the Authenticator entries follow a tenant's changes over time.
 * `--user <upn>` picks the home account of a scenario with several users (`users[]`); such a scenario without it,
 * or a upn the scenario does not have, is refused with the scenario's users named (no silent first pick: a
 * script should say whose inventory it prints). A single-user scenario needs no `--user` (if given, it must match).
 * Exit 0 when the scan ran (even with per-tenant errors; the warnings the app would show, such as a partial
 * tenant listing, go to stderr); a bad scenario or argument exits 1 with one line.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { adminReportToJson } from '../shared/admin/export';
import type { AdminReport } from '../shared/admin/types';
import { entryLabel } from '../shared/entry-labels';
import { entryKeyForTenant } from '../shared/entry-keys';
import { selectEntries } from '../shared/selectors';
import type { AccountSummary, AuthenticatorEntry, EmailKind, EntryStatus, TenantRecord } from '../shared/model';
import { sanitizeInline } from '../shared/sanitize';
import { adviseReason, explainReason } from '../shared/reasons';
import { isLighthouseTenant, isProbedTenant } from '../shared/tenant-category';
import { isTrustRequestCandidate, refusesDevice, verdictLabelWithConfidence } from '../shared/verdicts';
import type { ListingProblem, ListingState } from '../shared/listing';
import { createAppServices } from '../main/services/app-services';
import { UserFacingError } from '../main/ipc-dispatch';
import { acquireDirLock } from '../main/store/lock';
import { completeSignInAutomatically } from './entra-emulator/auto-browser';
import {
  findUser,
  loadScenario,
  ScenarioError,
  scenarioUsers,
  startEmulator,
  type Emulator,
  type Scenario,
} from './entra-emulator';
import { createNodeEnvironment } from './node-env';
import type { ProxyResolver } from '../main/net/proxy';

interface Options {
  scenario: string;
  /** The home account to sign in with (a upn of the scenario); required when the scenario has several users. */
  user?: string | null;
  json: boolean;
  /** The partner-admin report of the signed-in user's own tenant instead of the guest inventory. */
  admin?: boolean;
  emails: string | null;
  concurrency: number | null;
  /** The app's data folder, kept after the run; a fresh temporary one (deleted afterwards) when null. */
  data?: string | null;
  /** For tests: sees the emulator before it stops (its request log). Never set from the command line. */
  inspect?: (emulator: Emulator) => void;
  /** For tests: the proxy the app's requests go through (main/net/proxy.ts). Never set from the command line. */
  proxy?: ProxyResolver;
}

export class UsageError extends Error {}

export function parseArguments(argv: string[]): Options {
  const options: Options = { scenario: '', json: false, emails: null, concurrency: null, data: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--scenario') options.scenario = value();
    else if (arg === '--user') options.user = value();
    else if (arg === '--json') options.json = true;
    else if (arg === '--admin') options.admin = true;
    else if (arg === '--emails') options.emails = path.resolve(value());
    else if (arg === '--data') options.data = path.resolve(value());
    else if (arg === '--concurrency') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 32)
        throw new UsageError('--concurrency must be a whole number from 1 to 32');
      options.concurrency = n;
    } else throw new UsageError(`unknown argument ${arg}`);
  }
  if (!options.scenario) throw new UsageError('--scenario <file> is required');
  return options;
}

/** The entry the app shows for a tenant, or null when it shows none (an Azure Lighthouse tenant). */
function entryOf(entries: readonly AuthenticatorEntry[], tenant: TenantRecord): AuthenticatorEntry | null {
  return entries.find((e) => e.key === entryKeyForTenant(tenant.accountId, tenant.tenantId)) ?? null;
}

/** The entry word of a tenant (the home tenant's entry is always in use); `unknown` when the app shows none. */
function entryWord(entries: readonly AuthenticatorEntry[], tenant: TenantRecord): EntryStatus {
  return entryOf(entries, tenant)?.status ?? 'unknown';
}

/**
 * The --json shape: stable field names, nothing internal. `confidence`, `evidence.subError`,
 * `evidence.policyIds`, `entry`, then `entryConfidence`, `tenantCategory`, `checked`, then `reason`, `explanation` and
 * `action` (the words made from the stored reason) came later; every earlier
 * field and verdict name is unchanged. An Azure Lighthouse tenant (`tenantCategory` `ProjectedBy` / `ManagedBy`)
 * is listed but never checked: `checked` false, no entry (`entry` `unknown`, `entryConfidence` `unknown`).
 * `leftoverRegistration` is exactly `entry == "leftover"` (an entry registered once, no longer needed), which
 * the app can tell from the history without reading any method. `listing` (top level) says how far the list of
 * organisations was read: `complete`, `partial` (ARM stopped part-way) or `unavailable` (the home refused the
 * Azure management sign-in or ARM did not list; the known organisations were checked), with `listingProblem`
 * explaining an unavailable list (its AADSTS code and what to do), null otherwise. `account.signInPath` (later)
 * says which way the home sign-in went: through the platform's broker, or the browser and why (shared/sign-in-path.ts).
 */
export function inventoryJson(
  account: AccountSummary,
  tenants: TenantRecord[],
  entries: readonly AuthenticatorEntry[] = [],
  listing: { state: ListingState; problem: ListingProblem | null } = { state: 'complete', problem: null },
) {
  return {
    listing: listing.state,
    listingProblem: listing.problem
      ? { kind: listing.problem.kind, aadsts: listing.problem.aadsts, message: listing.problem.message }
      : null,
    /** `signInPath`: `broker`, or `loopback:<why>` (off-in-settings, platform, not-installed, unavailable, failed). */
    account: { upn: account.username, homeTenantId: account.homeTenantId, signInPath: account.signInPath ?? null },
    tenants: tenants.map((t) => ({
      tenantId: t.tenantId,
      displayName: t.displayName,
      defaultDomain: t.defaultDomain,
      isHome: t.isHome,
      verdict: t.classification?.verdict ?? 'error',
      /** How far Entra's answer supports the verdict: certain, likely or unknown (unknown when not checked). */
      confidence: t.classification?.confidence ?? 'unknown',
      /** Why, as stored: the reason code (shared/reasons.ts); null when not checked. */
      reason: t.classification?.reason.code ?? null,
      /** The reason in words, with its AADSTS code; null when not checked. */
      explanation: t.classification ? explainReason(t.classification, 'technical') : null,
      /** What to do, in words; null when not checked. */
      action: t.classification ? adviseReason(t.classification) : null,
      /** The Authenticator entry: in-use, will-be-needed, not-needed, leftover, orphaned or unknown. */
      entry: entryWord(entries, t),
      /** How far the entry word is supported: certain, likely or unknown (as the entries view says it). */
      entryConfidence: entryOf(entries, t)?.confidence ?? 'unknown',
      /** ARM's category: Home (home or guest tenant), ProjectedBy / ManagedBy (Azure Lighthouse, not checked). */
      tenantCategory: t.tenantCategory ?? 'Home',
      /** Whether the app checks this tenant (false for Azure Lighthouse tenants, listed apart). */
      checked: isProbedTenant(t),
      leftoverRegistration: entryWord(entries, t) === 'leftover',
      methods: t.methods ? t.methods.map((m) => ({ type: m.type, displayName: m.displayName })) : null,
      evidence: {
        aadsts: t.classification?.evidence.aadsts ?? null,
        correlationId: t.classification?.evidence.correlationId ?? null,
        amr: t.classification?.evidence.amr ?? null,
        subError: t.classification?.evidence.subError ?? null,
        policyIds: [...(t.classification?.evidence.policyIds ?? [])],
      },
      observedAt: t.observedAt ?? new Date(0).toISOString(),
    })),
  };
}

/** One table cell: partner-supplied text made inert (no control or bidi characters), cut and padded. */
function clip(text: string, width: number): string {
  return sanitizeInline(text, width).padEnd(width);
}

export function inventoryTable(
  account: AccountSummary,
  tenants: TenantRecord[],
  entries: readonly AuthenticatorEntry[] = [],
): string {
  const lines = [`Signed in as ${account.username} (home tenant ${account.homeTenantId})`, ''];
  const header = `${clip('Organisation', 32)}  ${clip('Domain', 26)}  ${clip('Verdict', 36)}  ${clip('Entry', 15)}  ${clip('Methods', 34)}  AADSTS`;
  lines.push(header, '-'.repeat(header.length));
  for (const t of tenants) {
    const verdict = isLighthouseTenant(t)
      ? 'Azure Lighthouse: not checked'
      : !t.classification
        ? 'Not checked'
        : t.isHome && t.classification.verdict === 'home-mfa-trusted'
          ? 'Home: your MFA is here'
          : verdictLabelWithConfidence(t.classification.verdict, t.classification.confidence);
    const methods = t.methods
      ? t.methods
          .filter((m) => m.type !== 'password')
          .map((m) => m.displayName || m.type)
          .join(', ') || 'none'
      : 'unknown';
    lines.push(
      `${clip(`${t.displayName}${t.isHome ? ' (home)' : ''}`, 32)}  ${clip(t.defaultDomain, 26)}  ${clip(verdict, 36)}  ${clip(entryLabel(entryWord(entries, t)), 15)}  ${clip(methods, 34)}  ${t.classification?.evidence.aadsts ?? ''}`,
    );
  }
  return lines.join('\n');
}

/**
 * The upn to sign in with: `--user` when it names a user of the scenario, the one user of a single-user scenario,
 * and otherwise a UsageError that names the scenario's users.
 */
export function chooseUser(scenario: Scenario, file: string, wanted: string | null | undefined): string {
  const users = scenarioUsers(scenario).map((user) => user.upn);
  const name = path.basename(file);
  if (wanted) {
    const user = findUser(scenario, wanted);
    if (!user) throw new UsageError(`${name} has no user ${wanted}; its users: ${users.join(', ')}`);
    return user.upn;
  }
  if (users.length > 1) {
    throw new UsageError(`${name} has several home users (${users.join(', ')}); pick one with --user <upn>`);
  }
  return users[0]!;
}

/**
 * `--emails <dir>`: one .eml per organisation a trust (or device-trust) request fits, as the batch dialog saves
 * them: to the recipients the app knows, and where it knows none as a draft without `To:` (X-Unsent) to address
 * in the mail app. Those are named on stderr, with whom to ask.
 */
async function writeEmails(
  handlers: Awaited<ReturnType<typeof createAppServices>>['handlers'],
  accountId: string,
  tenants: readonly TenantRecord[],
  warn: (text: string) => void,
): Promise<void> {
  const kinds: EmailKind[] = [];
  if (tenants.some(isTrustRequestCandidate)) kinds.push('trust-request');
  if (tenants.some(refusesDevice)) kinds.push('device-trust');
  for (const kind of kinds) {
    const arg = { kind, accountId };
    let plan;
    try {
      plan = await handlers.prepareEmailBatch(arg);
    } catch (error) {
      if (error instanceof UserFacingError && error.code === 'not-found') continue; // None needs this kind after all.
      throw error;
    }
    const items = plan.tenants.map((t) => ({ tenantId: t.tenantId, to: t.to }));
    await handlers.saveEmailBatch({ ...arg, items });
    for (const t of plan.tenants.filter((t) => t.to.length === 0)) {
      warn(
        `scan: ${kind} to ${sanitizeInline(t.displayName, 80)} saved as a draft to address in your mail app. ${sanitizeInline(t.note, 400)}`,
      );
    }
  }
}

export async function runScan(
  options: Options,
  write: (text: string) => void,
  warn: (text: string) => void = (text) => process.stderr.write(`${text}\n`),
): Promise<void> {
  const scenario = await loadScenario(options.scenario);
  const upn = chooseUser(scenario, options.scenario, options.user);
  const keep = options.data ?? null;
  if (keep) {
    mkdirSync(keep, { recursive: true });
    // The sign-in cache of an earlier run holds tokens of an emulator that has stopped (and is encrypted with
    // that run's key): this run signs in again, so only the app's data (history, answers, notes) carries over.
    // Only once the folder's lock is ours: a folder in use by another program is refused with nothing changed.
    const lock = await acquireDirLock(keep);
    try {
      rmSync(path.join(keep, 'msal-cache.bin'), { force: true });
    } finally {
      await lock.release();
    }
  }
  const emulator = await startEmulator({ scenario, autoComplete: true });
  const userDataDir = keep ?? mkdtempSync(path.join(tmpdir(), 'gmi-scan-'));
  const env = createNodeEnvironment({
    userDataDir,
    emulator,
    // The headless browser signs in as that user (the emulator's auto mode takes the username it gives).
    browser: async (url) => {
      await completeSignInAutomatically(url, emulator, { account: upn });
    },
    ...(options.emails ? { exportsDir: options.emails } : {}),
    ...(options.proxy ? { proxy: options.proxy } : {}),
  });
  const services = await createAppServices(env);
  try {
    if (options.admin) {
      const admin = await services.handlers.adminSignIn({});
      if (admin.username.toLowerCase() !== upn.toLowerCase()) {
        throw new Error(`the admin sign-in returned ${admin.username}, not ${upn}`);
      }
      const report = await services.handlers.readAdminReport({});
      for (const refusal of report.refusals) warn(`scan: ${refusal.section}: ${refusal.message}`);
      write(options.json ? adminReportToJson(report).trimEnd() : adminReportTable(report));
      return;
    }
    if (options.concurrency) await services.handlers.updateSettings({ concurrency: options.concurrency });
    const account = await services.handlers.signIn(undefined);
    if (account.username.toLowerCase() !== upn.toLowerCase()) {
      throw new Error(`the sign-in returned ${account.username}, not ${upn}`);
    }
    const progress = await services.handlers.startScan({ accountId: account.accountId });
    if (progress.error) throw new Error(progress.error);
    const state = await services.handlers.getState(undefined);
    // What the app would show above the inventory (a partial listing, data restored after damage).
    for (const notice of state.notices) if (notice.intent !== 'info') warn(`scan: ${notice.title}: ${notice.message}`);
    const summary = state.accounts.find((a) => a.accountId === account.accountId) ?? account;
    const tenants = state.tenants
      .filter((t) => t.accountId === account.accountId)
      .sort((a, b) => Number(b.isHome) - Number(a.isHome) || a.displayName.localeCompare(b.displayName));
    if (options.emails) await writeEmails(services.handlers, account.accountId, tenants, warn);
    const entries = selectEntries(state);
    write(
      options.json
        ? JSON.stringify(
            inventoryJson(summary, tenants, entries, {
              state: progress.listing ?? 'complete',
              problem: progress.listingProblem ?? null,
            }),
            null,
            2,
          )
        : inventoryTable(summary, tenants, entries),
    );
  } finally {
    options.inspect?.(emulator);
    await services.shutdown();
    await emulator.close();
    if (!keep) rmSync(userDataDir, { recursive: true, force: true });
  }
}

/** One line per home organisation: guests, registrations here, sign-ins by how MFA was met, trust, the change. */
export function adminReportTable(report: AdminReport): string {
  const count = (value: number | null | undefined): string =>
    value === null || value === undefined ? '-' : String(value);
  const lines = [
    `Guests of ${sanitizeInline(report.tenantDisplayName ?? report.tenantId)} by home organisation (sign-ins: last ${report.signInDays} days)`,
  ];
  for (const org of report.organisations) {
    const trust = `${org.trust.mfa.value ? 'MFA trusted' : 'MFA not trusted'} (${org.trust.mfa.source === 'partner' ? 'partner setting' : 'from default'})`;
    lines.push(
      `${clip(sanitizeInline(org.displayName ?? org.tenantId), 28).padEnd(28)}  guests ${count(org.counts.guests)}  registered here ${count(org.counts.registeredHere)}  home claim ${count(org.counts.signIns?.satisfiedByClaim)}  MFA here ${count(org.counts.signIns?.mfaHere)}  ${trust}${org.suggestion ? `  -> ${org.suggestion.request.method} ${org.suggestion.request.url}` : ''}`,
    );
  }
  if (report.guestsWithoutHome.length > 0) {
    lines.push(`${'No or unknown home'.padEnd(28)}  guests ${report.guestsWithoutHome.length}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  let options: Options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`scan: ${(error as Error).message}\n`);
    process.exit(1);
  }
  try {
    await runScan(options, (text) => process.stdout.write(`${text}\n`));
  } catch (error) {
    const message =
      error instanceof ScenarioError || error instanceof UsageError
        ? error.message
        : `the scan could not run: ${(error as Error).message}`;
    process.stderr.write(`scan: ${message.split('\n')[0]}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
