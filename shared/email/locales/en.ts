/**
 * English wording of the request emails. Polite, brief, professional: the first paragraph says the ask, the
 * sections below give an administrator everything needed to act. The Entra ID facts they rely on are listed in
 * docs/emails.md; keep both in step.
 */
import { ENTRY_TEXT } from '../../entry-labels';
import type { EntryStatus, Verdict } from '../../model';
import type { CommonFacts, CrossTenantChangeWords, EmailLocale, TrustFacts } from '../locale';

/** What each entry word means to the partner, after the app's label (shared/entry-labels.ts). */
const ENTRY_FOR_PARTNER: Record<EntryStatus, string> = {
  'in-use': 'I keep a separate Authenticator entry for your organisation',
  'will-be-needed': 'I will have to register a separate Authenticator entry with you at my next sign-in',
  'not-needed': 'I need no separate Authenticator entry for your organisation',
  leftover: 'I registered a separate Authenticator entry with you earlier that is no longer needed',
  orphaned: 'my guest account is gone, and the Authenticator entry I registered with you is left over',
  unknown: 'I cannot tell yet whether I need a separate Authenticator entry for your organisation',
};

/**
 * The same, for an entry the app only inferred (likely or unsure): said as what the guest's checks suggest, never
 * as a fact the partner would act on (issue: guesses must not become facts downstream).
 */
const ENTRY_FOR_PARTNER_LIKELY: Record<EntryStatus, string> = {
  'in-use': 'as far as I can tell, I keep a separate Authenticator entry for your organisation',
  'will-be-needed': 'as far as I can tell, I will have to register a separate Authenticator entry with you',
  'not-needed': 'as far as I can tell, I need no separate Authenticator entry for your organisation',
  leftover: 'as far as I can tell, an Authenticator entry I registered with you earlier is no longer needed',
  orphaned:
    'as far as I can tell, my guest account is gone and an Authenticator entry I registered with you is left over',
  unknown: 'I cannot tell yet whether I need a separate Authenticator entry for your organisation',
};

const TRUST_MFA_CHECKBOX = '"Trust multifactor authentication from Microsoft Entra tenants"';

/**
 * The admin-centre steps to the home organisation's inbound trust settings, ending with what to tick there: the
 * same path for trusting its MFA and its devices (Cross-tenant access settings, Inbound access, Trust settings).
 */
function inboundTrustSteps(f: CommonFacts, tick: string): string[] {
  return [
    'Sign in to the Microsoft Entra admin center (https://entra.microsoft.com) as at least a Security Administrator.',
    'Go to Identity > External Identities > Cross-tenant access settings (newer versions of the admin center may show "Entra ID" instead of "Identity").',
    f.homeTenantId
      ? `On the Organizational settings tab, look for ${f.homeName}. If it is not listed, select Add organization and enter the tenant ID ${f.homeTenantId}.`
      : `On the Organizational settings tab, look for ${f.homeName}. If it is not listed, select Add organization and enter our domain.`,
    `In the row of ${f.homeName}, select the link in the Inbound access column.`,
    `Open the Trust settings tab, select Customize settings and tick ${tick}.`,
    'Select Save.',
  ];
}

/** The Graph and PowerShell sections both trust emails share: the change is to one cross-tenant access entry. */
const CROSS_TENANT_CHANGE: CrossTenantChangeWords = {
  headingGraph: 'The same change with Microsoft Graph',
  graphIntro:
    'The caller needs the Policy.ReadWrite.CrossTenantAccess permission and at least the Security Administrator role.',
  graphNewPartner: (f) => `If ${f.homeName} is not yet listed under Organizational settings, create its entry:`,
  graphExistingPartner: (f) => `If ${f.homeName} is already listed, update its entry:`,
  headingPowerShell: 'The same change with Microsoft Graph PowerShell',
  powerShellIntro: 'Module Microsoft.Graph.Identity.SignIns:',
  powerShellNewComment: 'If the partner entry does not exist yet:',
  powerShellExistingComment: 'If the partner entry already exists:',
};

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "A", "A and B", "A, B and C". */
function list(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function todayFor(verdict: Verdict | null, f: TrustFacts): string {
  switch (verdict) {
    case 'separate-mfa':
      return f.causeOpen
        ? `When I sign in to ${f.tenantName}, it asks for MFA again although my sign-in at ${f.homeName} already included MFA. Either ${f.tenantName} does not trust MFA from ${f.homeName}, or one of its Conditional Access policies asks for a stronger method (an authentication strength) than my home MFA used.`
        : `When I sign in to ${f.tenantName}, it asks for its own MFA although my sign-in at ${f.homeName} already included MFA: my home MFA is not trusted.`;
    case 'registration-required':
      return f.causeOpen
        ? `When I sign in to ${f.tenantName}, it asks me to register MFA methods with ${f.tenantName}, although I already use MFA at ${f.homeName}. Either ${f.tenantName} does not trust MFA from ${f.homeName} (security defaults also ask guests to register), or a policy asks for a method my home MFA does not provide.`
        : `When I sign in to ${f.tenantName}, it requires me to register MFA methods with ${f.tenantName}, although I already use MFA at ${f.homeName}.`;
    case 'stronger-method':
      return `${f.tenantName} refused my sign-in after MFA: most likely a policy asks for a stronger sign-in method than mine (for example a phishing-resistant one). With MFA trust, a method I use at ${f.homeName} that meets it would count.`;
    case 'home-mfa-trusted':
      return `My last check found that ${f.tenantName} accepts MFA from ${f.homeName}; if that has changed, the steps below restore it.`;
    case 'no-mfa-required':
      return `My last check found that ${f.tenantName} did not ask for MFA for that sign-in; other applications may still ask for it.`;
    case 'blocked':
      return `My last sign-in to ${f.tenantName} was blocked by a policy.`;
    case 'not-a-guest':
      return `My last sign-in to ${f.tenantName} did not find my guest account.`;
    case 'needs-sign-in':
      return `My last check could not tell, without an interactive sign-in, whether ${f.tenantName} accepts MFA from ${f.homeName}.`;
    case 'error':
      return `My last check of ${f.tenantName} did not complete.`;
    case null:
      return `I have not yet checked how ${f.tenantName} treats MFA from ${f.homeName}.`;
  }
}

function trustOpening(f: TrustFacts): string {
  const intro = `I work with ${f.tenantName} as a guest user from ${f.homeName}.`;
  const ask = `Could you please set your Microsoft Entra tenant to trust multifactor authentication (MFA) from ${f.homeName}?`;
  let today: string;
  switch (f.verdict) {
    case 'separate-mfa':
      today = f.causeOpen
        ? `Today ${f.tenantName} asks me for MFA again, even though I have already completed MFA at ${f.homeName}.`
        : `Today ${f.tenantName} asks me for a separate MFA, with a method registered at ${f.tenantName}, even though I have already completed MFA at ${f.homeName}.`;
      break;
    case 'registration-required':
      today = f.causeOpen
        ? `Today ${f.tenantName} wants me to register a separate MFA method with it, even though I already complete MFA at ${f.homeName} whenever I sign in.`
        : `Today ${f.tenantName} wants me to register a separate MFA method with it, even though I already complete MFA at ${f.homeName} whenever I sign in.`;
      break;
    default:
      today = `With this setting, the MFA I complete at ${f.homeName} counts for ${f.tenantName} too, and I need no separate MFA registration with you.`;
  }
  const close = f.causeOpen
    ? 'Usually this is a single cross-tenant access setting; if your tenant already trusts it, a policy may ask for a stronger sign-in method instead. The details below cover both, with the exact steps for your administrator.'
    : 'It is a single cross-tenant access setting; the details and exact steps for your administrator follow below.';
  return `${intro} ${ask} ${today} ${close}`;
}

/** What the home organisation enforces, as far as the app can see: the home token and the methods it read. */
function homeEnforcement(f: TrustFacts): string {
  const session =
    f.homeSessionMfa === true
      ? 'MFA at my sign-in there: yes (my sign-in token says so)'
      : f.homeSessionMfa === false
        ? `MFA at my latest sign-in there: no (with trust, your policies would have ${f.homeName} ask me for it)`
        : 'MFA at my sign-in there: unknown';
  const methods =
    f.homeMethods === null
      ? 'MFA methods I have registered there: unknown'
      : f.homeMethods.length === 0
        ? 'MFA methods I have registered there: none that I can see'
        : `MFA methods I have registered there: ${list(f.homeMethods)}`;
  return `What ${f.homeName} enforces, as far as I can see. ${session}; ${methods}; MFA required for every user: unknown (I cannot read its policies from my side).`;
}

function organisationLine(f: CommonFacts): string {
  return f.tenantDomain && f.tenantDomain !== f.tenantName ? `${f.tenantName} (${f.tenantDomain})` : f.tenantName;
}

function identity(f: CommonFacts): string {
  const others = f.sponsorNames.filter((name) => name !== f.recipientSponsor);
  if (f.recipientSponsor) {
    return `As my sponsor at ${f.tenantName}, you can confirm to your IT team that this request comes from me. I am also happy to confirm my identity in a call.`;
  }
  if (others.length > 0) {
    const who = others.length === 1 ? 'my sponsor' : 'my sponsors';
    return `${list(others)}, ${who} at ${f.tenantName}, can confirm that this request comes from me. I am also happy to confirm my identity in a call.`;
  }
  return 'I am happy to confirm my identity in a call or in any other way you prefer.';
}

export const en: EmailLocale = {
  tag: 'en',
  formatUtc(date) {
    return (
      `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
      `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`
    );
  },
  greeting(name) {
    return name ? `Hello ${name},` : 'Hello,';
  },
  forwardNote:
    'If you are not the right person for this, I would be grateful if you could forward this message to your IT team.',
  thanks: 'Thank you for your help.',
  signOff: 'Kind regards,',
  homeFallback: 'my home organisation',
  tenantFallback: 'your organisation',
  organisationLine,
  entryLine: (entry, confidence) =>
    confidence === undefined || confidence === null || confidence === 'certain'
      ? `${ENTRY_TEXT[entry].label} (${ENTRY_FOR_PARTNER[entry]})`
      : `${ENTRY_TEXT[entry].label}${confidence === 'likely' ? ', likely' : ''} (${ENTRY_FOR_PARTNER_LIKELY[entry]})`,
  fields: {
    name: 'Name',
    address: 'Email address',
    homeOrganisation: 'Home organisation',
    homeTenantId: 'Home tenant ID',
    primaryDomain: 'Primary domain',
    guestAccount: 'Guest account',
    organisation: 'Your organisation',
    tenantId: 'Your tenant ID',
    errorCode: 'Error code',
    correlationId: 'Correlation ID',
    traceId: 'Trace ID',
    policyIds: 'Conditional Access policy',
    timeUtc: 'Time',
    authenticatorEntry: 'My Authenticator entry',
  },

  trustRequest: {
    subject: (f) => `Request: trust MFA from ${f.homeName} for guest sign-ins to ${f.tenantName}`,
    opening: trustOpening,
    headingFacts: 'What this setting does, and what it does not',
    facts: (f) => [
      f.homeTenantId
        ? `It is set for ${f.homeName} only: one partner entry naming our tenant (ID ${f.homeTenantId}). Your default settings and every other organisation stay as they are.`
        : `It is set for ${f.homeName} only: one partner entry naming our tenant. Your default settings and every other organisation stay as they are.`,
      `It accepts one claim only: that I completed MFA at ${f.homeName}. Your Conditional Access policies still decide whether I get in, and can still require a compliant device or an authentication strength.`,
      homeEnforcement(f),
      `What it cannot fix: if my guest account with you was redeemed with a personal Microsoft account or an email one-time passcode instead of my ${f.homeName} account, trust does not apply to it. Then please reset its redemption status (the user's Overview, B2B collaboration, Reset redemption status), and I will redeem it again with my ${f.homeName} account.`,
    ],
    detailsDivider: '-------- Details for your administrator --------',
    headingWho: 'Who is asking',
    headingToday: 'What happens today',
    today: (f) => todayFor(f.verdict, f),
    findInLogs: () => 'With these values your administrator can find the sign-in in your Microsoft Entra sign-in logs.',
    oldObservation: () => 'This is from my last check; your settings may have changed since.',
    headingChecks: 'Two things to check',
    checksIntro: 'From my side I cannot tell which of these applies:',
    checks: (f) => {
      const policy =
        f.policyIds.length === 0
          ? 'the Conditional Access policy that applies to guests for this sign-in'
          : f.policyIds.length === 1
            ? `the Conditional Access policy with ID ${f.policyIds[0]}`
            : `the Conditional Access policies with IDs ${list(f.policyIds)}`;
      return [
        `Whether your tenant trusts MFA from ${f.homeName} (Cross-tenant access settings, inbound trust). If it does not, the steps below turn it on.`,
        `If it already does: open ${policy} under Conditional Access > Policies and look at its Grant control. If it requires an authentication strength (for example "Phishing-resistant MFA"), my MFA at ${f.homeName} counts only with a method that meets it. Please tell me which strength it requires, and I will use a method at ${f.homeName} that meets it.`,
      ];
    },
    headingChange: 'What to change in the Microsoft Entra admin center',
    optionPartnerTitle: (f) => `Option A (recommended): trust MFA from ${f.homeName} only`,
    optionPartnerSteps: (f) => inboundTrustSteps(f, TRUST_MFA_CHECKBOX),
    optionDefaultTitle: 'Option B: trust MFA from all Microsoft Entra organisations',
    optionDefaultSteps: () => [
      'In Cross-tenant access settings, open the Default settings tab and select Edit inbound defaults.',
      `Open the Trust settings tab, tick ${TRUST_MFA_CHECKBOX} and select Save.`,
    ],
    ...CROSS_TENANT_CHANGE,
    graphKeepDeviceTrust:
      'If the entry already trusts compliant or hybrid joined devices, also send "isCompliantDeviceAccepted": true and "isHybridAzureADJoinedDeviceAccepted": true in inboundTrust so that they stay on.',
    graphDefault: (url) => `For Option B, send the same PATCH body to ${url}`,
    headingBefore: 'Before you start',
    before: (f) => [
      'Trust settings require Microsoft Entra ID P1 or P2 in your tenant.',
      `If your tenant uses security defaults instead of Conditional Access, guests must register MFA (the Microsoft Authenticator app) with you, and the trust setting alone does not change that. Accepting MFA from ${f.homeName} then takes Microsoft Entra ID P1, Conditional Access policies in place of security defaults, and the trust setting.`,
    ],
    headingUndo: 'Two things that silently undo the setting',
    undo: (f) => [
      `A partner entry for ${f.homeName} whose trust settings are not customised inherits the default inbound settings. With Option A, make sure Customize settings is selected in the entry's Trust settings.`,
      `An MFA registration policy or registration campaign that includes external users still asks guests to register MFA with ${f.tenantName}. Please exclude guests and external users from it.`,
    ],
    headingVerify: 'How to check that it works',
    verify: () =>
      'After the change, my next sign-in should no longer ask me for MFA registered with you. In your sign-in logs, the authentication details of that sign-in should show "MFA requirement satisfied by claim in the token". I will let you know how it looks from my side.',
    headingWhy: () => 'Why this helps you',
    why: (f) => [
      `You no longer handle MFA resets and re-registrations for accounts you do not manage: when I change phones, ${f.homeName} takes care of it.`,
      `MFA that guests complete in your tenant uses your licences; with trust, the MFA happens at ${f.homeName}.`,
      `Option A covers every guest from ${f.homeName}, not only me.`,
      `To see, from your own tenant and per home organisation, which of your guests keep a separate MFA registration with you, use the admin mode of Guest MFA Inventory, the app I wrote this with ("I manage a Microsoft Entra tenant"); it reads only, and writes the change only after you confirm it.`,
    ],
  },

  mfaReset: {
    subject: (f) => `Request: MFA reset for my guest account in ${f.tenantName}`,
    opening: (f, lostPhone) =>
      lostPhone
        ? `I have a guest account at ${f.tenantName} and can no longer complete MFA there: the phone that holds the MFA method I registered with ${f.tenantName} has been lost or replaced. Could you please require me to register MFA again (remove the MFA methods registered for my guest account), so that I can register my new phone?`
        : `I have a guest account at ${f.tenantName} and would like to register my MFA methods with ${f.tenantName} again. Could you please require me to register MFA again (remove the MFA methods registered for my guest account), so that I can register them anew?`,
    headingAccount: 'The account',
    guestAccount: (f) => `${f.senderAddress} (a guest user from ${f.homeName})`,
    headingAdmin: 'What your administrator can do',
    admin: () =>
      'In the Microsoft Entra admin center, open my guest user and its Authentication methods, and select "Require re-register MFA". A Temporary Access Pass is not an option here: Microsoft Entra does not allow one for an external guest. The same can be done through Microsoft Graph (delete each of my methods under /users/{id}/authentication) or with the command below.',
    powerShellIntro:
      'Or with Microsoft Entra PowerShell (needs the UserAuthenticationMethod.ReadWrite.All permission; the user principal name of a guest account contains #EXT#):',
    upnPlaceholder: "'<user principal name of my guest account>'",
    headingIdentity: 'Confirming it is me',
    identity,
    headingAfter: 'After the reset',
    after: (_f, url, lostPhone) =>
      lostPhone
        ? `I will register my new phone on my Security info page for your organisation: ${url}`
        : `I will register my methods again on my Security info page for your organisation: ${url}`,
  },

  deviceTrust: {
    subject: (f) => `Request: trust devices from ${f.homeName} for guest sign-ins to ${f.tenantName}`,
    opening: (f) =>
      `I work with ${f.tenantName} as a guest user from ${f.homeName}, and a sign-in of mine to ${f.tenantName} was refused because it requires a compliant or managed device. My devices are managed by ${f.homeName}; ${f.tenantName} sees that only if it trusts the device claims of ${f.homeName} (compliant and Microsoft Entra hybrid joined devices), a cross-tenant access setting. Could you please check whether that trust is on for ${f.homeName}, and turn it on if it is not? If it is already on, the refusal most likely concerns the sign-in path I used (an app that cannot pass the device on), and please tell me how guests should reach your resources. The details and exact steps for your administrator follow below.`,
    headingWho: 'Who is asking',
    headingToday: 'What happens today',
    today: (f) =>
      `My last sign-in to ${f.tenantName} through a desktop app was refused because it requires a compliant or managed device (a Conditional Access device control). Such an app may not pass the device on, so the refusal may hold for that app only.`,
    findInLogs: () => 'With these values your administrator can find the sign-in in your Microsoft Entra sign-in logs.',
    headingChange: 'What to change in the Microsoft Entra admin center',
    steps: (f) =>
      inboundTrustSteps(
        f,
        '"Trust compliant devices" (and "Trust Microsoft Entra hybrid joined devices" if your policy accepts those)',
      ),
    ...CROSS_TENANT_CHANGE,
    graphKeepMfaTrust:
      'If the entry already trusts MFA, also send "isMfaAccepted": true in inboundTrust so that it stays on.',
    headingBefore: 'Before you start',
    before: (f) => [
      'Trust settings require Microsoft Entra ID P1 or P2 in your tenant.',
      `Device trust helps only for a device that ${f.homeName} marks compliant or hybrid joined. If your policy asks for something else (for example an approved client app or an app protection policy), please tell me what it asks for, and I will use a device or app that meets it.`,
    ],
    headingVerify: 'How to check that it works',
    verify: () =>
      'After the change, my next sign-in from my managed device should no longer be refused. In your sign-in logs, the device details of that sign-in should show it as compliant or hybrid joined. I will let you know how it looks from my side.',
  },

  removeGuest: {
    subject: (f) => `Request: remove my guest account from ${f.tenantName}`,
    opening: (f) =>
      `I no longer need my guest account at ${f.tenantName}. Could you please remove it (delete the guest user)?`,
    headingAccount: 'The account',
    guestAccount: (f) => `${f.senderAddress} (a guest user from ${f.homeName})`,
    headingLeave: 'Leaving by myself',
    leave: (f, url) => [
      `Where ${f.tenantName} allows it, a guest can also leave an organisation in My Account > Organizations > Leave. If you would rather I do it that way, just let me know; if leaving is turned off for guests, only you can remove the account.`,
      `My Account, Organizations: ${url}`,
    ],
    headingAfter: 'After the removal',
    after: (f) =>
      `Please let me know once it is done; I will then delete my Authenticator entry for ${f.tenantName}, if I still have one.`,
  },
};
