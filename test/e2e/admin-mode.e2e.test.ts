/**
 * The partner-admin mode in Chromium, over the app's real services, real MSAL and the emulator's sample resource
 * tenant (test/scenarios/resource-tenant-admin.json: Megan Bowen administers Woodgrove Bank; guests from Contoso,
 * whose partner entry inherits the default's "no MFA trust", Fourth Coffee without a partner entry, Fabrikam whose
 * entry trusts MFA, and guests with a personal account or a one-time passcode). From the welcome page the admin
 * signs in and sees, per home organisation, the guests, their MFA registrations at Woodgrove, how their sign-ins
 * met MFA and the effective trust; applies the suggested change only after a confirmation that names the exact
 * request, and sees the re-read show it; cancelling writes nothing; a missing permission and a missing licence
 * are explained in words next to what could be read. Screenshots light and dark at three sizes
 * (test-results/screenshots/admin-<view>-<width>x<height>-<scheme>.png); axe finds nothing serious.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../tools/entra-emulator';
import { startEmulator, type Emulator } from '../../tools/entra-emulator';
import { startTestHost, type TestHost } from '../../tools/browser-host';
import { SCENARIOS, startApp, type AppHarness } from '../support/app-harness';
import { launchChromium } from '../../tools/chromium';
import { freshPage, SCHEME_RULES, seriousAxeFindings, settled, showScheme, type FreshPage } from '../support/e2e-page';

const root = path.resolve(__dirname, '../..');
const rendererDir = path.join(root, 'out/renderer');
const screenshots = path.join(root, 'test-results/screenshots');
const SIZES = [
  { width: 800, height: 600 },
  { width: 1280, height: 800 },
  { width: 1600, height: 1000 },
] as const;
const POLICY_PATH = '/v1.0/policies/crossTenantAccessPolicy';

type Json = Record<string, unknown>;

/** The sample resource tenant, with `change` applied to its admin part (`tenants.woodgrove`). */
function sample(change: (woodgrove: Json & { resourceAdmin: Json }) => void = () => undefined): ScenarioInput {
  const world = JSON.parse(readFileSync(path.join(SCENARIOS, 'resource-tenant-admin.json'), 'utf8')) as {
    tenants: Record<string, Json & { resourceAdmin: Json }>;
  };
  change(world.tenants['woodgrove']!);
  return world as unknown as ScenarioInput;
}

interface World {
  emulator: Emulator;
  app: AppHarness;
  host: TestHost;
  close(): Promise<void>;
}

async function startWorld(scenario: ScenarioInput): Promise<World> {
  const emulator = await startEmulator({ scenario, autoComplete: true });
  let host: TestHost | null = null;
  const app = await startApp(scenario, { emulator, env: { emit: (event) => host?.emit(event) } });
  host = await startTestHost({ rendererDir, handlers: app.services.handlers });
  const started = host;
  return {
    emulator,
    app,
    host: started,
    async close() {
      await started.close();
      await app.close();
      await emulator.close();
    },
  };
}

/** Writes to the cross-tenant access policy that reached the emulator. */
function policyWrites(emulator: Emulator) {
  return emulator.requests.filter((r) => r.method !== 'GET' && r.path.startsWith(POLICY_PATH));
}

/** What axe finds serious on the page once it has settled (e2e-page's check; `rules`: only those). */
async function axeFindings(page: Page, rules?: readonly string[]): Promise<string[]> {
  await settled(page);
  return seriousAxeFindings(page, 'html', rules ? { rules } : {});
}

/** From the welcome page to the report: "I manage a Microsoft Entra tenant", then "Sign in as administrator". */
async function signInAsAdmin(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'I manage a Microsoft Entra tenant' }).click();
  await page.getByRole('button', { name: 'Sign in as administrator' }).click();
  await page.getByTestId('admin-organisation').first().waitFor({ timeout: 60_000 });
}

/** An organisation's "Details" (or "Details and change") button. */
function details(page: Page, name: string): Locator {
  return page.getByRole('button', { name: new RegExp(`^Details( and change)? for ${name}$`) });
}

function card(page: Page, name: string): Locator {
  return page.getByTestId('admin-organisation').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

async function figures(page: Page, name: string) {
  const c = card(page, name);
  const read = (id: string) => c.getByTestId(`admin-figure-${id}`).innerText();
  return {
    guests: await read('guests'),
    registered: await read('registered'),
    byClaim: await read('by-claim'),
    mfaHere: await read('mfa-here'),
  };
}

/** The "Home MFA" line of an organisation's card, e.g. "No · inherited from the default". */
function homeMfa(page: Page, name: string): Promise<string> {
  return card(page, name).locator('dt', { hasText: 'Home MFA' }).locator('xpath=following-sibling::dd[1]').innerText();
}

describe('admin mode', () => {
  let browser: Browser;
  let world: World | null = null;
  let fresh: FreshPage | null = null;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    browser = await launchChromium();
  }, 60_000);
  afterEach(async () => {
    expect(fresh?.errors ?? []).toEqual([]);
    await fresh?.close();
    await world?.close();
    fresh = null;
    world = null;
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the figures per home organisation, applies the change only after confirmation, and the re-read shows it', async () => {
    world = await startWorld(sample());
    const contosoId = world.emulator.scenario.tenants['contoso']!.id;
    fresh = await freshPage(browser, world.host.url, { reducedMotion: 'reduce' });
    const page = fresh.page;
    await signInAsAdmin(page);

    // Contoso: two guests, both registered MFA at Woodgrove, four sign-ins with MFA done here, none by the home
    // claim; its partner entry leaves inbound trust to the default, which does not trust MFA.
    expect(await figures(page, 'Contoso')).toEqual({ guests: '2', registered: '2', byClaim: '0', mfaHere: '4' });
    expect(await homeMfa(page, 'Contoso')).toBe('No · inherited from the default');
    // Fabrikam's entry trusts MFA: its guest's three sign-ins were satisfied by the claim in the token.
    expect(await figures(page, 'Fabrikam')).toEqual({ guests: '1', registered: '0', byClaim: '3', mfaHere: '0' });
    expect(await homeMfa(page, 'Fabrikam')).toBe('Yes · set for this partner');
    // Guests with a personal account or a one-time passcode: no trust can help them.
    const withoutHome = page.getByTestId('admin-guests-without-home');
    await expect.poll(() => withoutHome.innerText()).toContain('Pat Personal');
    expect(await withoutHome.innerText()).toContain('no trust setting can help them');

    // The change for Contoso, with the registrations it would make removable.
    await details(page, 'Contoso').click();
    const drawer = page.getByTestId('admin-drawer');
    await drawer.getByTestId('admin-graph-request').waitFor();
    expect(await drawer.getByTestId('admin-graph-request').innerText()).toContain(
      `PATCH https://graph.microsoft.com${POLICY_PATH}/partners/${contosoId}`,
    );
    expect(await drawer.getByTestId('admin-powershell').innerText()).toContain(
      'Update-MgPolicyCrossTenantAccessPolicyPartner',
    );
    const removable = await drawer.getByTestId('admin-removable').innerText();
    expect(removable).toContain('Adele Vance');
    expect(removable).toContain('Alex Wilber');

    // The confirmation names the exact request; nothing has been written yet.
    await drawer.getByRole('button', { name: 'Apply this change…' }).click();
    const dialog = page.getByTestId('admin-confirm');
    await dialog.getByTestId('admin-confirm-method').waitFor();
    expect(await dialog.getByTestId('admin-confirm-method').innerText()).toBe('PATCH');
    expect(await dialog.getByTestId('admin-confirm-url').innerText()).toBe(
      `https://graph.microsoft.com${POLICY_PATH}/partners/${contosoId}`,
    );
    const body = JSON.parse(await dialog.getByTestId('admin-confirm-body').innerText()) as {
      inboundTrust: { isMfaAccepted: boolean };
    };
    expect(body.inboundTrust.isMfaAccepted).toBe(true);
    expect(policyWrites(world.emulator)).toEqual([]);

    await dialog.getByRole('button', { name: 'Apply change' }).click();
    const result = page.getByTestId('admin-apply-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.innerText()).toContain('The change took effect');
    // Exactly the request the dialog named reached Graph, once.
    expect(policyWrites(world.emulator).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `PATCH ${POLICY_PATH}/partners/${contosoId} 204`,
    ]);
    // The report read again: Contoso's own entry now trusts MFA.
    await expect.poll(() => homeMfa(page, 'Contoso')).toBe('Yes · set for this partner');
  });

  it('cancelling the confirmation writes nothing; the report exports as CSV and JSON', async () => {
    world = await startWorld(sample());
    fresh = await freshPage(browser, world.host.url, { reducedMotion: 'reduce' });
    const page = fresh.page;
    await signInAsAdmin(page);
    await details(page, 'Fourth Coffee').click();
    await page.getByRole('button', { name: 'Apply this change…' }).click();
    const dialog = page.getByTestId('admin-confirm');
    await dialog.getByTestId('admin-confirm-method').waitFor();
    // Fourth Coffee has no partner entry: the change creates one.
    expect(await dialog.getByTestId('admin-confirm-method').innerText()).toBe('POST');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Close details' }).click();
    await page.getByRole('button', { name: 'Read again' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Read again' }).isEnabled()).toBe(true);
    expect(policyWrites(world.emulator)).toEqual([]);
    expect(await homeMfa(page, 'Fourth Coffee')).toBe('No · inherited from the default');
    expect(await page.getByTestId('admin-apply-result').count()).toBe(0);

    // The report for a change ticket: CSV and JSON through Export (saved where the app's save dialog points).
    for (const format of ['CSV', 'JSON'] as const) {
      await page.getByRole('button', { name: 'Export' }).click();
      await page.getByRole('menuitem', { name: new RegExp(`^${format}`) }).click();
      await page.getByTestId('toast').getByText(`Report exported as ${format}`).waitFor();
    }
    const exports = path.join(world.app.userDataDir, 'exports');
    const json = JSON.parse(readFileSync(path.join(exports, 'guest-mfa-admin-report.json'), 'utf8')) as {
      organisations?: { displayName: string | null }[];
    };
    expect(json.organisations?.map((o) => o.displayName)).toContain('Fourth Coffee');
    expect(readFileSync(path.join(exports, 'guest-mfa-admin-report.csv'), 'utf8')).toContain('Lee Gu');
  });

  it('a missing permission and a missing licence are explained, next to what could be read', async () => {
    world = await startWorld(
      sample((woodgrove) => {
        woodgrove['license'] = 'free';
        woodgrove.resourceAdmin['withheldScopes'] = ['Policy.Read.All'];
      }),
    );
    fresh = await freshPage(browser, world.host.url, { reducedMotion: 'reduce', bypassCSP: true });
    const page = fresh.page;
    await signInAsAdmin(page);
    const refusals = page.getByTestId('admin-refusal');
    await expect.poll(() => refusals.count()).toBeGreaterThanOrEqual(2);
    const text = (await refusals.allInnerTexts()).join('\n');
    expect(text).toContain('Cross-tenant access settings not read: the app has no consent for this in your tenant');
    expect(text).toContain('Sign-in logs not read: your tenant has no Microsoft Entra ID P1 or P2 licence');
    // Not an empty report: the guests are still there; what needs the licence says "not read", not zero.
    expect(await figures(page, 'Contoso')).toMatchObject({ guests: '2', byClaim: 'not read', mfaHere: 'not read' });
    // Trust that could not be read is unknown, not "No".
    expect(await homeMfa(page, 'Contoso')).toBe('not read');
    await settled(page);
    await page.screenshot({ path: path.join(screenshots, 'admin-refusals-1280x800-light.png') });
    expect(await axeFindings(page)).toEqual([]);
  });

  it('every view light and dark at three sizes, without serious axe findings', async () => {
    world = await startWorld(sample());
    for (const size of SIZES) {
      const tag = `${size.width}x${size.height}`;
      const axeHere = size.width === 1280;
      const open = await freshPage(browser, world.host.url, {
        viewport: size,
        reducedMotion: 'reduce',
        bypassCSP: true,
      });
      fresh = open;
      const page = open.page;
      const findings: string[] = [];
      // Each view in light, then switched to dark in place: a picture of each, axe in full in light and, in dark,
      // the rules a scheme can change (the DOM and ARIA are the same).
      const shot = async (view: string) => {
        await settled(page);
        await page.screenshot({ path: path.join(screenshots, `admin-${view}-${tag}-light.png`) });
        if (axeHere) findings.push(...(await axeFindings(page)).map((f) => `${view} light: ${f}`));
        await showScheme(page, 'dark');
        await settled(page);
        await page.screenshot({ path: path.join(screenshots, `admin-${view}-${tag}-dark.png`) });
        if (axeHere) findings.push(...(await axeFindings(page, SCHEME_RULES)).map((f) => `${view} dark: ${f}`));
        await showScheme(page, 'light');
      };
      await page.getByRole('button', { name: 'I manage a Microsoft Entra tenant' }).waitFor();
      await shot('welcome');
      await page.getByRole('button', { name: 'I manage a Microsoft Entra tenant' }).click();
      await page.getByRole('button', { name: 'Sign in as administrator' }).waitFor();
      await shot('sign-in');
      await page.getByRole('button', { name: 'Sign in as administrator' }).click();
      await page.getByTestId('admin-organisation').first().waitFor({ timeout: 60_000 });
      await shot('report');
      await details(page, 'Contoso').click();
      await page.getByTestId('admin-graph-request').waitFor();
      await shot('details');
      await page.getByRole('button', { name: 'Apply this change…' }).click();
      await page.getByTestId('admin-confirm-method').waitFor();
      await shot('confirm');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByTestId('admin-confirm').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Close details' }).click();
      await page.getByTestId('admin-drawer').waitFor({ state: 'hidden' });
      // The report is back in the accessibility tree once the panel has closed.
      await expect.poll(() => card(page, 'Contoso').count()).toBe(1);
      // On paper (Print or save as PDF): the report without buttons.
      await page.emulateMedia({ media: 'print' });
      expect(await page.getByRole('button', { name: 'Read again' }).isVisible()).toBe(false);
      expect(await card(page, 'Contoso').isVisible()).toBe(true);
      await page.emulateMedia({ media: 'screen' });
      // Main keeps the admin's sign-in: sign out, so that the next window starts at the sign-in again.
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in as administrator' }).waitFor();
      expect(findings, tag).toEqual([]);
      expect(open.errors, tag).toEqual([]);
      await open.close();
      fresh = null;
    }
    expect(policyWrites(world.emulator)).toEqual([]);
  }, 300_000);
});
