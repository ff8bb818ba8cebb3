/**
 * The sign-in pages: plain, readable HTML that a person or Playwright completes (one `<h1>`, labelled
 * fields, buttons with accessible names). Every scenario string is HTML-escaped and wrapped in `<bdi>`, so a
 * hostile tenant name can neither inject markup nor reorder the text around it. The last page posts the
 * authorization response (or the error) to the client's redirect URI, as `response_mode=form_post` requires.
 */
import { createHash } from 'node:crypto';
import type { ScenarioMethod } from './scenario';

/** Where step forms post; relative, so the pages work on whichever listener served them. */
export const FLOW_PATH = '/_emulator/flow';

const AUTO_SUBMIT = 'document.forms[0].submit();';
const AUTO_SUBMIT_HASH = createHash('sha256').update(AUTO_SUBMIT).digest('base64');

export interface Page {
  status: number;
  html: string;
  headers: Record<string, string>;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A scenario string inside text: escaped and isolated from the surrounding text direction. */
function text(value: string): string {
  return `<bdi>${escapeHtml(value)}</bdi>`;
}

function hidden(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
}

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}' +
  'label{display:block;margin:.75rem 0 .25rem}input[type=password],input[type=text]{width:100%;padding:.4rem}' +
  'button{margin-top:1rem;padding:.5rem 1.25rem}.who{color:#444}.code{color:#666;font-size:.85rem}' +
  '.accounts{list-style:none;padding:0}.accounts button{width:100%;text-align:left;margin-top:.5rem}';

function layout(title: string, body: string, options: { status?: number; autoSubmit?: boolean } = {}): Page {
  const script = options.autoSubmit ? `<script>${AUTO_SUBMIT}</script>` : '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
${script}
</body>
</html>
`;
  return {
    status: options.status ?? 200,
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${AUTO_SUBMIT_HASH}'`,
    },
  };
}

function stepForm(flowId: string, step: string, inner: string, button: string): string {
  return `<form method="post" action="${FLOW_PATH}" data-emulator-form="step">
${hidden({ flow: flowId, step })}
${inner}
<button type="submit">${escapeHtml(button)}</button>
</form>`;
}

export interface PageContext {
  flowId: string;
  upn: string;
  /** The organisation the sign-in is for. */
  orgName: string;
}

/**
 * "Pick an account": one button per home user of the scenario (its name and upn); the choice posts the upn.
 * Shown when the scenario has several users and the request names none (or asks `prompt=select_account`).
 */
export function accountPage(flowId: string, accounts: readonly { upn: string; displayName: string }[]): Page {
  const buttons = accounts
    .map(
      (account) =>
        `<li><button type="submit" name="account" value="${escapeHtml(account.upn)}">${text(account.displayName)}<br><span class="who">${text(account.upn)}</span></button></li>`,
    )
    .join('\n');
  return layout(
    'Pick an account',
    `<h1>Pick an account</h1>
<form method="post" action="${FLOW_PATH}" data-emulator-form="step">
${hidden({ flow: flowId, step: 'account' })}
<ul class="accounts">
${buttons}
</ul>
</form>`,
  );
}

export function passwordPage(context: PageContext): Page {
  return layout(
    'Sign in to your account',
    `<h1>Sign in</h1>
<p>to ${text(context.orgName)}</p>
${stepForm(
  context.flowId,
  'password',
  `<label for="upn">Account</label>
<input id="upn" type="text" name="upn" value="${escapeHtml(context.upn)}" readonly>
<label for="password">Password</label>
<input id="password" type="password" name="password" autocomplete="current-password" required>`,
  'Sign in',
)}`,
  );
}

export function termsPage(context: PageContext): Page {
  return layout(
    'Review permissions',
    `<h1>Review permissions</h1>
<p class="who">${text(context.upn)}</p>
<p>${text(context.orgName)} invited you as a guest. To accept the invitation, allow ${text(context.orgName)} to read your name, e-mail address and photo, and accept its terms of use.</p>
${stepForm(context.flowId, 'terms', '', 'Accept')}`,
  );
}

const REGISTRATION_TEXT: Partial<Record<ScenarioMethod['type'], { title: string; what: string; steps: string[] }>> = {
  fido2: {
    title: 'Set up a passkey',
    what: 'a passkey',
    steps: [
      'Choose where to save the passkey: a security key or Microsoft Authenticator.',
      'Follow the prompts of your device to create it.',
      'Sign in once with the passkey to test it.',
    ],
  },
  windowsHelloForBusiness: {
    title: 'Set up Windows Hello for Business',
    what: 'Windows Hello for Business',
    steps: ['Choose a PIN for this device.', 'Confirm it with your fingerprint or face if you like.'],
  },
};

export function registerPage(
  context: PageContext,
  stepName: 'home-register' | 'tenant-register',
  methodType: ScenarioMethod['type'] = 'microsoftAuthenticator',
  phoneSignIn = false,
): Page {
  const special = REGISTRATION_TEXT[methodType];
  const title = special?.title ?? (phoneSignIn ? 'Enable phone sign-in' : 'Set up Microsoft Authenticator');
  const steps = special?.steps ?? [
    'Install Microsoft Authenticator on your phone.',
    'Add a work or school account and scan the code your organisation shows.',
    phoneSignIn ? 'Turn on phone sign-in for the account.' : 'Approve the test notification.',
  ];
  const what = special?.what ?? (phoneSignIn ? 'phone sign-in in Microsoft Authenticator' : 'Microsoft Authenticator');
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p class="who">${text(context.upn)}</p>
<p>${text(context.orgName)} requires you to set up ${escapeHtml(what)} before you continue.</p>
<ol>
${steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('\n')}
</ol>
${stepForm(context.flowId, stepName, '', 'Finish setup')}`,
  );
}

function promptFor(method: ScenarioMethod): string {
  switch (method.type) {
    case 'microsoftAuthenticator':
      return `Approve the sign-in request in Microsoft Authenticator on ${text(method.displayName)}.`;
    case 'phone':
      return `Enter the code sent by text message to ${text(method.phoneNumber)}.`;
    case 'fido2':
      return `Use your security key ${text(method.displayName)}.`;
    case 'windowsHelloForBusiness':
      return `Use Windows Hello on ${text(method.displayName)}.`;
    case 'softwareOath':
      return 'Enter the code from your authenticator app.';
    case 'temporaryAccessPass':
      return 'Enter your Temporary Access Pass.';
    case 'email':
      return `Enter the code sent to ${text(method.emailAddress)}.`;
    case 'password':
      return 'Confirm your password.';
    case 'platformCredential':
      return `Use the platform credential on ${text(method.displayName)}.`;
    case 'qrCodePin':
      return 'Scan your QR code and enter your PIN.';
    case 'external':
      return `Complete the check of ${text(method.displayName)}.`;
  }
}

export function mfaPage(context: PageContext, method: ScenarioMethod, stepName: 'home-mfa' | 'tenant-mfa'): Page {
  return layout(
    'Approve sign in request',
    `<h1>Approve sign in request</h1>
<p class="who">${text(context.upn)}</p>
<p>${text(context.orgName)} asks for a second factor.</p>
<p>${promptFor(method)}</p>
${stepForm(context.flowId, stepName, '', 'Approve')}`,
  );
}

/** The last page: posts the response fields to the client's redirect URI by itself. */
export function responsePage(redirectUri: string, fields: Record<string, string>): Page {
  return layout(
    'Working…',
    `<h1>Signing you in…</h1>
<p>Returning to the application.</p>
<form method="post" action="${escapeHtml(redirectUri)}" data-emulator-form="response">
${hidden(fields)}
<noscript><button type="submit">Continue</button></noscript>
</form>`,
    { autoSubmit: true },
  );
}

/**
 * A refusal the person can read; the button posts the error to the client's redirect URI so that the
 * waiting client ends too.
 */
export function refusalPage(
  redirectUri: string,
  fields: Record<string, string>,
  explanation: { orgName: string; message: string; code: number },
): Page {
  return layout(
    'Sign-in refused',
    `<h1>You can't get there from here</h1>
<p>${text(explanation.orgName)} did not let this sign-in through.</p>
<p>${escapeHtml(explanation.message)}</p>
<p class="code">Error code: AADSTS${explanation.code}</p>
<form method="post" action="${escapeHtml(redirectUri)}" data-emulator-form="response">
${hidden(fields)}
<button type="submit">Return to the application</button>
</form>`,
  );
}

/** An error that cannot be sent back to the client (bad request, unknown tenant): a page and nothing else. */
export function problemPage(status: number, title: string, message: string, code?: number): Page {
  return layout(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${code !== undefined ? `<p class="code">Error code: AADSTS${code}</p>` : ''}`,
    { status },
  );
}

/** A page cut off in the middle, for the `malformed` fault on the authorize endpoint. */
export function truncatedPage(): Page {
  const page = layout('Sign in to your account', '<h1>Sign in</h1>');
  return { ...page, html: page.html.slice(0, 120) };
}
