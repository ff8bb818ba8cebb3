/**
 * A headless "system browser" for tests and the headless runner: MSAL's `openBrowser` hands it the authorize
 * URL; it opens that URL on the emulator's plain-HTTP listener, goes through the sign-in pages as a person
 * would (Pick an account, password, Approve, Finish setup, Accept — or none of them when the emulator runs
 * with `autoComplete`), and posts the final form's hidden fields to the `redirect_uri`, i.e. to MSAL's loopback
 * server. It understands the emulator's own pages only.
 *
 * Told an `account` (a upn), it is that person: it picks that account on "Pick an account", and where the
 * request names no account it adds `login_hint` (the username a person would type), which is what the
 * emulator's auto mode signs in with.
 */
import http from 'node:http';
import { rewriteToBrowserBase } from './index';

export interface AutoSignInOptions {
  /** The account (upn) to sign in with where the sign-in asks; by default the first one offered. */
  account?: string;
}

export interface AutoSignInResult {
  /** The sign-in steps completed, in order (`account`, `password`, `home-mfa`, `tenant-register`, …). */
  steps: string[];
  /** The account picked on the account page, when there was one. */
  picked: string | null;
  /** The fields posted to the redirect URI (`code`, `state`, `client_info` — or `error`, …). */
  posted: Record<string, string>;
  /** The HTTP status the redirect URI (MSAL's loopback server) answered. */
  redirectStatus: number;
}

const MAX_PAGES = 20;

interface PlainResponse {
  status: number;
  body: string;
}

function send(url: URL, method: 'GET' | 'POST', form?: URLSearchParams): Promise<PlainResponse> {
  const body = form?.toString();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        // MSAL's loopback server listens on 127.0.0.1 while its redirect URI says localhost.
        host: url.hostname === 'localhost' ? '127.0.0.1' : url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method,
        headers: {
          host: url.host,
          ...(body !== undefined
            ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(Buffer.byteLength(body)) }
            : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function headingOf(html: string): string {
  const match = /<h1>([\s\S]*?)<\/h1>/.exec(html) ?? /<title>([\s\S]*?)<\/title>/.exec(html);
  return match?.[1] ? unescapeHtml(match[1].replace(/<[^>]+>/g, '')) : '(no heading)';
}

interface ParsedForm {
  kind: 'step' | 'response';
  action: string;
  fields: Record<string, string>;
  /** The accounts an account page offers (its buttons' values), in order. */
  accounts: string[];
}

function parseForm(html: string): ParsedForm | null {
  const form = /<form method="post" action="([^"]*)" data-emulator-form="(step|response)">([\s\S]*?)<\/form>/.exec(
    html,
  );
  if (!form?.[1] || !form[2] || form[3] === undefined) return null;
  const fields: Record<string, string> = {};
  for (const input of form[3].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    fields[unescapeHtml(input[1] ?? '')] = unescapeHtml(input[2] ?? '');
  }
  if (/<input id="password" type="password" name="password"/.test(form[3])) fields.password = 'correct horse';
  const accounts = [...form[3].matchAll(/<button type="submit" name="account" value="([^"]*)">/g)].map((match) =>
    unescapeHtml(match[1] ?? ''),
  );
  return { kind: form[2] as ParsedForm['kind'], action: unescapeHtml(form[1]), fields, accounts };
}

/**
 * Completes a sign-in without a browser and delivers the result to the redirect URI. Rejects when a page
 * is not the emulator's (an injected fault, a bad request): MSAL's `acquireTokenInteractive` then rejects too.
 */
export async function completeSignInAutomatically(
  authorizeUrl: string,
  emulator: { browserBaseUrl: string; toBrowserUrl?: (url: string) => string },
  options: AutoSignInOptions = {},
): Promise<AutoSignInResult> {
  const base = emulator.browserBaseUrl.replace(/\/$/, '');
  const start = new URL(
    emulator.toBrowserUrl ? emulator.toBrowserUrl(authorizeUrl) : rewriteToBrowserBase(authorizeUrl, base),
  );
  if (options.account && !start.searchParams.has('login_hint')) start.searchParams.set('login_hint', options.account);
  let page = await send(start, 'GET');
  const steps: string[] = [];
  let picked: string | null = null;
  for (let i = 0; i < MAX_PAGES; i += 1) {
    if (page.status !== 200) {
      throw new Error(`The sign-in page answered HTTP ${page.status}: ${headingOf(page.body)}`);
    }
    const form = parseForm(page.body);
    if (!form) throw new Error(`The sign-in page has no form to complete: ${headingOf(page.body)}`);
    if (form.kind === 'response') {
      const answer = await send(new URL(form.action), 'POST', new URLSearchParams(form.fields));
      return { steps, picked, posted: form.fields, redirectStatus: answer.status };
    }
    if (form.accounts.length > 0) {
      const wanted = options.account?.toLowerCase();
      const choice = wanted ? form.accounts.find((upn) => upn.toLowerCase() === wanted) : form.accounts[0];
      if (!choice) {
        throw new Error(`The sign-in page offers ${form.accounts.join(', ')}, not ${options.account ?? ''}`);
      }
      picked = choice;
      form.fields.account = choice;
    }
    steps.push(form.fields.step ?? '?');
    page = await send(new URL(`${base}${form.action}`), 'POST', new URLSearchParams(form.fields));
  }
  throw new Error(`The sign-in did not end after ${MAX_PAGES} pages`);
}
