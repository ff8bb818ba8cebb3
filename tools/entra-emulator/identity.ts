/**
 * The identity endpoints (login.microsoftonline.com): instance discovery, OpenID configuration, JWKS,
 * authorize (with the interactive pages) and token (authorization code with PKCE, refresh token). Tenant path
 * segments may be a tenant id, any of its domains, `common` or `organizations`.
 */
import { createHash } from 'node:crypto';
import { withheldScopes, withoutWithheld } from './admin-scenario';
import {
  aadstsFaultBody,
  describeFailure,
  entraError,
  modelErrorBody,
  tokenFaultBody,
  type DescriptionFacts,
  type EntraErrorBody,
} from './errors';
import {
  headerValue,
  jsonAnswer,
  malformedJson,
  pageAnswer,
  replayedAnswer,
  type Answer,
  type Exchange,
  type Route,
  type Services,
} from './exchange';
import { randomGuid } from './ids';
import {
  completeSignInStep,
  evaluateSilent,
  newSignInProgress,
  readClaimsRequest,
  nextSignInStep,
  sessionFromSignIn,
  type ModelError,
  type Session,
  type SignInStep,
} from './model';
import {
  accountPage,
  FLOW_PATH,
  mfaPage,
  passwordPage,
  problemPage,
  refusalPage,
  registerPage,
  responsePage,
  termsPage,
  truncatedPage,
  type Page,
  type PageContext,
} from './pages';
import {
  answeredScope,
  clientScopeProblem,
  grantedScopes,
  parseScopes,
  resourceAppId,
  type ScopeProblem,
  type ScopeRequest,
  AZURE_CLI_CLIENT_ID,
  AZURE_POWERSHELL_CLIENT_ID,
} from './scopes';
import { guestOf, type ScenarioUser } from './scenario';
import type { EmulatorState, SignInFlow, TenantRef } from './state';
import {
  clientInfo,
  newAuthorizationCode,
  newRefreshToken,
  signAccessToken,
  signIdToken,
  type Subject,
} from './tokens';

const MICROSOFT_LOGIN_HOSTS = [
  'login.microsoftonline.com',
  'login.windows.net',
  'login.microsoft.com',
  'sts.windows.net',
];
const TOKEN_LIFETIME_SECONDS = 3599;
const CODE_LIFETIME_MS = 10 * 60 * 1000;
const MAX_AUTO_STEPS = 16;
const SPECIAL_SEGMENTS = new Set(['common', 'organizations', 'consumers']);

function correlationIdOf(exchange: Exchange, params?: URLSearchParams): string | undefined {
  return headerValue(exchange, 'client-request-id') || params?.get('client-request-id') || undefined;
}

function tenantSegment(path: string): { segment: string; rest: string } | null {
  const match = /^\/([^/]+)(\/.*)$/.exec(path);
  if (!match?.[1] || !match[2]) return null;
  return { segment: decodeURIComponent(match[1]), rest: match[2] };
}

export function routeIdentity(services: Services, exchange: Exchange): Route {
  const { state } = services;
  if (exchange.method === 'POST' && exchange.path === FLOW_PATH) {
    const flowId = new URLSearchParams(exchange.body).get('flow') ?? '';
    const flow = state.flows.get(flowId);
    return {
      endpoint: 'sign-in-step',
      tenantKey: flow?.progress.tenantKey ?? null,
      run: async () => signInStepAnswer(services, exchange, flow),
    };
  }
  const parts = tenantSegment(exchange.path);
  const rest = parts?.rest.toLowerCase() ?? '';
  const isToken = exchange.method === 'POST' && rest === '/oauth2/v2.0/token';
  // `organizations` / `common` mean a home tenant: of the user a token request's grant belongs to, or of the
  // user an authorize request's login_hint names (the default user otherwise, until an account is picked).
  const routeUser = isToken
    ? userOfGrant(state, new URLSearchParams(exchange.body))
    : state.userByUpn(exchange.query.get('login_hint') ?? '');
  const tenantRef = parts ? state.resolveTenant(parts.segment, routeUser) : null;
  const tenantKey = tenantRef?.key ?? null;

  if (exchange.method === 'GET' && rest === '/discovery/instance') {
    return { endpoint: 'instance-discovery', tenantKey, run: async () => instanceDiscovery(services, exchange) };
  }
  if (exchange.method === 'GET' && rest === '/v2.0/.well-known/openid-configuration') {
    return {
      endpoint: 'openid-configuration',
      tenantKey,
      run: async () => openIdConfiguration(services, exchange, parts?.segment ?? '', tenantRef),
    };
  }
  if (exchange.method === 'GET' && (rest === '/discovery/v2.0/keys' || rest === '/discovery/keys')) {
    return { endpoint: 'jwks', tenantKey, run: async () => jsonAnswer(200, { keys: [services.key.publicJwk] }) };
  }
  if (exchange.method === 'GET' && rest === '/oauth2/v2.0/authorize') {
    return {
      endpoint: 'authorize',
      tenantKey,
      faultEndpoint: 'authorize',
      faultAnswer: (status) =>
        pageAnswer(problemPage(status, 'Sign-in is not available', 'The sign-in service could not answer. Try again.')),
      malformedAnswer: () => pageAnswer(truncatedPage()),
      run: async () => authorize(services, exchange, parts?.segment ?? '', tenantRef),
    };
  }
  if (isToken) {
    const params = new URLSearchParams(exchange.body);
    const context = {
      now: services.now(),
      correlationId: correlationIdOf(exchange, exchange.query),
      separator: state.separatorFor(tenantKey),
      errorUri: state.errorUriFor(tenantKey),
    };
    return {
      endpoint: 'token',
      tenantKey,
      faultEndpoint: 'token',
      faultAnswer: (status) => jsonAnswer(status, tokenFaultBody(status, context)),
      aadstsAnswer: (code) => {
        const { status, body } = aadstsFaultBody(code, context);
        return jsonAnswer(status, body);
      },
      malformedAnswer: malformedJson,
      run: () => token(services, exchange, params, parts?.segment ?? '', tenantRef),
    };
  }
  return {
    endpoint: 'not-found',
    tenantKey,
    run: async () =>
      jsonAnswer(
        404,
        entraError('invalid_request', 900561, `The endpoint ${exchange.path} does not exist.`, {
          now: services.now(),
          correlationId: correlationIdOf(exchange),
          separator: '\r\n',
        }),
      ),
  };
}

/** The user behind a token request's grant (authorization code or refresh token), if the emulator issued it. */
function userOfGrant(state: EmulatorState, params: URLSearchParams): ScenarioUser | null {
  const grantType = params.get('grant_type');
  const grant =
    grantType === 'authorization_code'
      ? state.codes.get(params.get('code') ?? '')
      : grantType === 'refresh_token'
        ? state.refreshTokens.get(params.get('refresh_token') ?? '')
        : undefined;
  return grant ? state.userOfSession(grant.sessionId) : null;
}

// ---------------------------------------------------------------------------------------------------------
// Discovery

function instanceDiscovery(services: Services, exchange: Exchange): Answer {
  const endpoint = exchange.query.get('authorization_endpoint');
  const context = { now: services.now(), correlationId: correlationIdOf(exchange), separator: '\r\n' as const };
  let host: string;
  try {
    host = new URL(endpoint ?? '').host.toLowerCase();
  } catch {
    return jsonAnswer(
      400,
      entraError('invalid_request', 90014, "The required field 'authorization_endpoint' is missing.", context),
    );
  }
  const microsoft = {
    preferred_network: 'login.microsoftonline.com',
    preferred_cache: 'login.windows.net',
    aliases: MICROSOFT_LOGIN_HOSTS,
  };
  const metadata: unknown[] = [
    microsoft,
    {
      preferred_network: 'login.partner.microsoftonline.cn',
      preferred_cache: 'login.partner.microsoftonline.cn',
      aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'],
    },
    {
      preferred_network: 'login.microsoftonline.us',
      preferred_cache: 'login.microsoftonline.us',
      aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
    },
  ];
  let discoveryHost = 'login.microsoftonline.com';
  if (!MICROSOFT_LOGIN_HOSTS.includes(host)) {
    if (!services.selfHosts.has(host)) {
      return jsonAnswer(
        400,
        entraError('invalid_instance', 50049, `'${host}' is not a known or valid sign-in instance.`, context),
      );
    }
    discoveryHost = host;
    metadata.push({ preferred_network: host, preferred_cache: host, aliases: [host] });
  }
  return jsonAnswer(200, {
    tenant_discovery_endpoint: `https://${discoveryHost}/{tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': exchange.query.get('api-version') ?? '1.1',
    metadata,
  });
}

function unknownTenantMessage(segment: string): string {
  return `Tenant '${segment}' was not found. Check that the tenant id or domain is right.`;
}

function unknownTenantBody(services: Services, exchange: Exchange, segment: string): EntraErrorBody {
  return entraError('invalid_request', 90002, unknownTenantMessage(segment), {
    now: services.now(),
    correlationId: correlationIdOf(exchange, exchange.query),
    separator: '\r\n',
  });
}

function openIdConfiguration(
  services: Services,
  exchange: Exchange,
  segment: string,
  tenant: TenantRef | null,
): Answer {
  const special = ['common', 'organizations', 'consumers'].includes(segment.toLowerCase());
  if (!tenant && !special) return jsonAnswer(400, unknownTenantBody(services, exchange, segment));
  const tid = special ? '{tenantid}' : tenant!.tenant.id;
  const base = `${exchange.origin}/${special ? segment.toLowerCase() : tid}`;
  return jsonAnswer(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['ES256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `https://login.microsoftonline.com/${tid}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  });
}

// ---------------------------------------------------------------------------------------------------------
// Authorize and the sign-in pages

function isLoopbackRedirect(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

function descriptionFacts(
  services: Services,
  user: Pick<ScenarioUser, 'upn' | 'homeTenant'>,
  tenantKey: string,
  clientId: string,
  resource: string,
): DescriptionFacts {
  const { state } = services;
  return {
    upn: user.upn,
    homeTenantId: state.tenant(user.homeTenant).tenant.id,
    tenantName: state.tenant(tenantKey).tenant.displayName,
    clientId,
    resourceAppId: resource,
  };
}

/**
 * Fields posted back to the client for an error: what MSAL's loopback server reads. `invalid_grant` is a
 * token-endpoint error; on the authorize channel a refusal is `access_denied`.
 */
function errorFields(body: EntraErrorBody, state: string | undefined): Record<string, string> {
  return {
    error: body.error === 'invalid_grant' ? 'access_denied' : body.error,
    error_description: body.error_description,
    ...(body.error_uri ? { error_uri: body.error_uri } : {}),
    ...(body.suberror ? { suberror: body.suberror } : {}),
    ...(state !== undefined ? { state } : {}),
  };
}

function scopeProblemBody(problem: ScopeProblem, context: Parameters<typeof entraError>[3]): EntraErrorBody {
  switch (problem.kind) {
    case 'several-resources':
      return entraError(
        'invalid_scope',
        28000,
        `The scope parameter names more than one resource (${problem.resources.join(', ')}); ask for one resource per request.`,
        context,
      );
    case 'unknown-resource':
      return entraError(
        'invalid_resource',
        500011,
        `The resource '${problem.resource}' has no service principal in this tenant.`,
        context,
      );
    case 'not-consented':
      return entraError(
        'invalid_grant',
        65001,
        `No user or administrator has consented to the scope '${problem.scope}' for this application.`,
        context,
        { suberror: 'consent_required' },
      );
    case 'first-party-not-preauthorized':
      // AADSTS65002 for a Microsoft client asking a Graph scope it is not pre-authorised for (the `error` value
      // is a guess: the public reports quote the message only).
      return entraError(
        'invalid_grant',
        65002,
        `Consent between the first-party application and the first-party resource for '${problem.scope}' must be configured through pre-authorisation.`,
        context,
      );
  }
}

function authorize(services: Services, exchange: Exchange, segment: string, tenant: TenantRef | null): Answer {
  const q = exchange.query;
  if (!tenant) {
    return pageAnswer(problemPage(400, 'Sign-in failed', unknownTenantMessage(segment), 90002));
  }
  const clientId = q.get('client_id');
  if (!clientId) {
    return pageAnswer(
      problemPage(400, 'Sign-in failed', "The request must contain the parameter 'client_id'.", 900144),
    );
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!isLoopbackRedirect(redirectUri)) {
    return pageAnswer(
      problemPage(
        400,
        'Sign-in failed',
        `The redirect URI '${redirectUri}' is not registered for this public client (only http://localhost is).`,
        50011,
      ),
    );
  }
  if ((q.get('response_mode') ?? 'query') !== 'form_post') {
    return pageAnswer(
      problemPage(
        400,
        'Sign-in failed',
        'This emulator answers authorization requests with response_mode=form_post only.',
      ),
    );
  }
  const stateParam = q.get('state') ?? undefined;
  const context = {
    now: services.now(),
    correlationId: correlationIdOf(exchange, q),
    separator: services.state.separatorFor(tenant.key),
    errorUri: services.state.errorUriFor(tenant.key),
  };
  const postError = (body: EntraErrorBody): Answer =>
    pageAnswer(responsePage(redirectUri, errorFields(body, stateParam)));
  const replay = tenant.tenant.replay?.authorize;
  if (replay) {
    return pageAnswer(
      responsePage(redirectUri, { ...replay.fields, ...(stateParam !== undefined ? { state: stateParam } : {}) }),
    );
  }

  if (q.get('response_type') !== 'code') {
    return postError(
      entraError('unsupported_response_type', 700054, "Only response_type 'code' is supported here.", context),
    );
  }
  const codeChallenge = q.get('code_challenge');
  if (!codeChallenge || q.get('code_challenge_method') !== 'S256') {
    return postError(
      entraError(
        'invalid_request',
        9002325,
        'Proof Key for Code Exchange (S256) is required for this client.',
        context,
      ),
    );
  }
  const scope = parseScopes(q.get('scope') ?? '');
  if ('kind' in scope) return postError(scopeProblemBody(scope, context));
  const clientProblem = clientScopeProblem(scope, clientId);
  if (clientProblem) return postError(scopeProblemBody(clientProblem, context));
  if (q.get('prompt') === 'none') {
    return postError(
      entraError('login_required', 50058, 'No signed-in session was found for a request without a prompt.', context),
    );
  }
  const { state } = services;
  const world = state.world;
  // Which account signs in. A login_hint pre-fills the username
  // (https://learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow): it picks the scenario's
  // user of that upn. Without one, Entra "signs in the sole current user, shows the account picker if there are
  // multiple users" (same page); `prompt=select_account` asks for the picker in any case. So with several users
  // the pages show "Pick an account" unless a known hint and no select_account; with one user there is nothing
  // to pick (the emulator has no browser session, so its only account is the scenario's). Auto mode answers at
  // once: the hinted user, else the default one; a hint that names nobody gets AADSTS50034 (UserAccountNotFound,
  // https://learn.microsoft.com/entra/identity-platform/reference-error-codes).
  const hint = q.get('login_hint')?.trim() || null;
  const hinted = hint ? state.userByUpn(hint) : null;
  const users = state.users();
  const picker = users.length > 1 && (!hinted || q.get('prompt') === 'select_account');
  let user: ScenarioUser | null = hinted;
  if (services.autoComplete) {
    if (hint && !hinted) {
      return postError(
        modelErrorBody(
          { reason: 'unknown-account', code: 50034, error: 'access_denied' },
          {
            ...descriptionFacts(services, state.defaultUser(), tenant.key, clientId, resourceAppId(scope)),
            upn: hint,
          },
          context,
        ),
      );
    }
    user ??= state.defaultUser();
  } else if (picker) {
    user = null;
  } else {
    user ??= state.defaultUser();
  }
  const tenantFromAccount = SPECIAL_SEGMENTS.has(segment.toLowerCase());
  const refuse = (failure: ModelError): Answer =>
    postError(
      modelErrorBody(
        failure,
        descriptionFacts(services, user ?? state.defaultUser(), tenant.key, clientId, resourceAppId(scope)),
        context,
      ),
    );
  // `amr_values` on the v2 endpoint: "AADSTS901002: The 'amr_values' request parameter is not supported."
  // (https://github.com/AzureAD/microsoft-authentication-library-for-js/issues/6746); `amrValues: "honour"`
  // keeps the v1/ADFS-style reading (https://github.com/EionRobb/purple-teams/issues/39).
  const amrValuesParam = q.get('amr_values');
  let mfaRequested = false;
  if (amrValuesParam !== null) {
    if (world.amrValues === 'refuse') return refuse({ reason: 'amr-values', code: 901002, error: 'invalid_request' });
    const amrValues = amrValuesParam.split(/\s+/);
    mfaRequested = amrValues.includes('mfa') || amrValues.includes('ngcmfa');
  }
  // MSAL's `claims` request: an `amr` `mfa` request is what MSAL-based tools send instead; whether Entra
  // honours it is unknown (no Microsoft documentation), so `homeMfaRequest` offers all three answers. An
  // `acrs` request (a resource's claims challenge, e.g. ARM's mandatory MFA) is done as MFA at home.
  const claims = readClaimsRequest(q.get('claims'));
  if (claims.amrMfa) {
    if (world.homeMfaRequest === 'refuse') {
      return refuse({ reason: 'mfa-request-refused', code: 90100, error: 'invalid_request' });
    }
    if (world.homeMfaRequest === 'honour') mfaRequested = true;
  }
  const flow: SignInFlow = {
    id: randomGuid(),
    user,
    tenantFromAccount,
    progress: newSignInProgress(
      user && tenantFromAccount ? user.homeTenant : tenant.key,
      mfaRequested,
      scope.wantsMethodsScope,
      claims.acrs,
      scope.resource,
    ),
    clientId,
    redirectUri,
    state: stateParam,
    nonce: q.get('nonce') ?? undefined,
    codeChallenge,
    scopeParam: q.get('scope') ?? '',
    scope,
    correlationId: context.correlationId,
  };
  state.flows.set(flow.id, flow);
  if (!flow.user) return pageAnswer(accountPage(flow.id, users));
  const signingIn = flow.user;
  if (!services.autoComplete)
    return pageAnswer(pageFor(services, flow, nextSignInStep(world, signingIn, flow.progress)));

  // Auto mode: a person who clicks every button, all at once.
  for (let i = 0; i < MAX_AUTO_STEPS; i += 1) {
    const step = nextSignInStep(world, signingIn, flow.progress);
    if (step.kind === 'done') return pageAnswer(pageFor(services, flow, step));
    if (step.kind === 'refuse') {
      // No page to read: the refusal goes straight back to the client.
      services.state.flows.delete(flow.id);
      return pageAnswer(responsePage(flow.redirectUri, refusalFields(services, flow, step.failure)));
    }
    completeSignInStep(world, signingIn, flow.progress, step, services.now());
  }
  throw new Error('The sign-in did not finish; the model loops');
}

function refusalFields(services: Services, flow: SignInFlow, failure: ModelError): Record<string, string> {
  const body = refusalBody(services, flow, failure);
  return errorFields(body, flow.state);
}

function refusalFacts(services: Services, flow: SignInFlow): DescriptionFacts {
  const user = flow.user ?? services.state.defaultUser();
  return descriptionFacts(services, user, flow.progress.tenantKey, flow.clientId, resourceAppId(flow.scope));
}

function refusalBody(services: Services, flow: SignInFlow, failure: ModelError): EntraErrorBody {
  return modelErrorBody(failure, refusalFacts(services, flow), {
    now: services.now(),
    correlationId: flow.correlationId,
    separator: services.state.separatorFor(flow.progress.tenantKey),
    errorUri: services.state.errorUriFor(flow.progress.tenantKey),
  });
}

function pageContext(services: Services, flow: SignInFlow, org: 'home' | 'tenant'): PageContext {
  const { state } = services;
  const user = flow.user ?? state.defaultUser();
  const tenant = org === 'home' ? state.home(user) : state.tenant(flow.progress.tenantKey);
  return { flowId: flow.id, upn: user.upn, orgName: tenant.tenant.displayName };
}

/** Renders the page for a step; for `done` it also issues the code and ends the flow. */
function pageFor(services: Services, flow: SignInFlow, step: SignInStep): Page {
  switch (step.kind) {
    case 'password':
      return passwordPage(pageContext(services, flow, 'tenant'));
    case 'terms':
      return termsPage(pageContext(services, flow, 'tenant'));
    case 'home-register':
      return registerPage(pageContext(services, flow, 'home'), 'home-register', step.method, step.phoneSignIn);
    case 'tenant-register':
      return registerPage(pageContext(services, flow, 'tenant'), 'tenant-register');
    case 'home-mfa':
      return mfaPage(pageContext(services, flow, 'home'), step.method, 'home-mfa');
    case 'tenant-mfa':
      return mfaPage(pageContext(services, flow, 'tenant'), step.method, 'tenant-mfa');
    case 'refuse': {
      const body = refusalBody(services, flow, step.failure);
      services.state.flows.delete(flow.id);
      return refusalPage(flow.redirectUri, errorFields(body, flow.state), {
        orgName: pageContext(services, flow, 'tenant').orgName,
        message: describeFailure(step.failure.reason, refusalFacts(services, flow)),
        code: step.failure.code,
      });
    }
    case 'done':
      return responsePage(flow.redirectUri, finishSignIn(services, flow));
  }
}

/** Ends a successful sign-in: a new session, a one-time code bound to the PKCE challenge. */
function finishSignIn(services: Services, flow: SignInFlow): Record<string, string> {
  const { state } = services;
  const user = flow.user ?? state.defaultUser();
  const session = sessionFromSignIn(user, flow.progress, randomGuid());
  state.sessions.set(session.id, session);
  const code = newAuthorizationCode();
  state.codes.set(code, {
    sessionId: session.id,
    tenantKey: flow.progress.tenantKey,
    clientId: flow.clientId,
    redirectUri: flow.redirectUri,
    codeChallenge: flow.codeChallenge,
    nonce: flow.nonce,
    expiresAt: services.now().getTime() + CODE_LIFETIME_MS,
    used: false,
  });
  state.flows.delete(flow.id);
  return {
    code,
    client_info: clientInfo(state.subjectIn(flow.progress.tenantKey, user)),
    ...(flow.state !== undefined ? { state: flow.state } : {}),
    session_state: session.id,
  };
}

function signInStepAnswer(services: Services, exchange: Exchange, flow: SignInFlow | undefined): Answer {
  if (!flow) {
    return pageAnswer(
      problemPage(400, 'This sign-in has expired', 'Start the sign-in again from the application.', 50089),
    );
  }
  const { state } = services;
  const posted = new URLSearchParams(exchange.body);
  if (!flow.user) {
    // The account page: the person picked one of the listed accounts (anything else shows the page again).
    const picked = posted.get('step') === 'account' ? state.userByUpn(posted.get('account') ?? '') : null;
    if (!picked) return pageAnswer(accountPage(flow.id, state.users()));
    flow.user = picked;
    if (flow.tenantFromAccount) flow.progress.tenantKey = picked.homeTenant;
    return pageAnswer(pageFor(services, flow, nextSignInStep(state.world, picked, flow.progress)));
  }
  const user = flow.user;
  const step = nextSignInStep(state.world, user, flow.progress);
  // A repeated or stale form (back button, double click) shows the current step again.
  if (posted.get('step') === step.kind && step.kind !== 'done' && step.kind !== 'refuse') {
    if (step.kind === 'password' && !posted.get('password')) {
      return pageAnswer(pageFor(services, flow, step));
    }
    completeSignInStep(state.world, user, flow.progress, step, services.now());
  }
  return pageAnswer(pageFor(services, flow, nextSignInStep(state.world, user, flow.progress)));
}

// ---------------------------------------------------------------------------------------------------------
// Token

function pkceMatches(verifier: string, challenge: string): boolean {
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}

async function token(
  services: Services,
  exchange: Exchange,
  params: URLSearchParams,
  segment: string,
  tenant: TenantRef | null,
): Promise<Answer> {
  const { state } = services;
  const context = {
    now: services.now(),
    correlationId: correlationIdOf(exchange, exchange.query),
    separator: state.separatorFor(tenant?.key ?? null),
    errorUri: state.errorUriFor(tenant?.key ?? null),
  };
  const fail = (body: EntraErrorBody): Answer => jsonAnswer(400, body);
  const missing = (name: string): Answer =>
    fail(entraError('invalid_request', 900144, `The request body must contain the parameter '${name}'.`, context));

  if (!tenant) return fail(unknownTenantBody(services, exchange, segment));
  const contentType = headerValue(exchange, 'content-type') ?? '';
  if (!contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return fail(
      entraError('invalid_request', 900144, 'The request body must be application/x-www-form-urlencoded.', context),
    );
  }
  const clientId = params.get('client_id');
  if (!clientId) return missing('client_id');
  const scope = parseScopes(params.get('scope') ?? '');
  if ('kind' in scope) return fail(scopeProblemBody(scope, context));
  const clientProblem = clientScopeProblem(scope, clientId);
  if (clientProblem) return fail(scopeProblemBody(clientProblem, context));

  const grantType = params.get('grant_type');
  // A recorded real answer replaces the model for every grant the app uses in this tenant.
  const replay = tenant.tenant.replay?.token;
  if (replay && (grantType === 'refresh_token' || grantType === 'authorization_code')) return replayedAnswer(replay);
  let session: Session | undefined;
  let nonce: string | undefined;
  if (grantType === 'authorization_code') {
    const code = params.get('code');
    if (!code) return missing('code');
    const verifier = params.get('code_verifier');
    if (!verifier) return missing('code_verifier');
    const grant = state.codes.get(code);
    if (!grant || grant.expiresAt < context.now.getTime()) {
      return fail(entraError('invalid_grant', 70008, 'The authorization code has expired or is not known.', context));
    }
    if (grant.used) {
      return fail(entraError('invalid_grant', 54005, 'The authorization code was already redeemed.', context));
    }
    if (grant.clientId !== clientId || grant.tenantKey !== tenant.key) {
      return fail(
        entraError('invalid_grant', 70000, 'The authorization code was issued to another client or tenant.', context),
      );
    }
    if (params.get('redirect_uri') !== grant.redirectUri) {
      return fail(
        entraError(
          'invalid_grant',
          50011,
          'The redirect URI does not match the one of the authorization request.',
          context,
        ),
      );
    }
    if (!pkceMatches(verifier, grant.codeChallenge)) {
      return fail(
        entraError(
          'invalid_grant',
          501481,
          'The code_verifier does not match the code_challenge of the request.',
          context,
        ),
      );
    }
    grant.used = true;
    session = state.sessions.get(grant.sessionId);
    nonce = grant.nonce;
  } else if (grantType === 'refresh_token') {
    const refreshToken = params.get('refresh_token');
    if (!refreshToken) return missing('refresh_token');
    const grant = state.refreshTokens.get(refreshToken);
    if (!grant) {
      return fail(entraError('invalid_grant', 9002313, 'The refresh token is malformed or not known.', context));
    }
    if (grant.clientId !== clientId) {
      return fail(entraError('invalid_grant', 70000, 'The refresh token was issued to another client.', context));
    }
    session = state.sessions.get(grant.sessionId);
  } else if (!grantType) {
    return missing('grant_type');
  } else {
    return fail(
      entraError('unsupported_grant_type', 70003, `The grant type '${grantType}' is not supported.`, context),
    );
  }
  const user = session ? state.userByUpn(session.upn) : null;
  if (!session || !user) {
    return fail(entraError('invalid_grant', 70000, 'The grant has no session behind it.', context));
  }

  const outcome = evaluateSilent(
    state.world,
    user,
    session,
    tenant.key,
    {
      wantsMethodsScope: scope.wantsMethodsScope,
      claims: readClaimsRequest(params.get('claims')),
      resource: scope.resource,
    },
    (kind) => state.policyIdOf(tenant.key, kind),
  );
  if (outcome.kind === 'error') {
    // Every public-client refresh-token body found carries no `claims`; `capolids` challenges come from
    // on-behalf-of and confidential flows (docs in tools/entra-emulator/README.md, "Silent token requests"). The
    // Conditional Access claims stay on a refresh answer only where the scenario opts in (`claimsOnRefresh`).
    const keepClaims = grantType !== 'refresh_token' || state.world.claimsOnRefresh;
    const { claims: _claims, ...withoutClaims } = outcome.failure;
    return fail(
      modelErrorBody(
        keepClaims ? outcome.failure : withoutClaims,
        descriptionFacts(services, user, tenant.key, clientId, resourceAppId(scope)),
        context,
      ),
    );
  }
  return jsonAnswer(
    200,
    await issueTokens(services, {
      subject: state.subjectIn(tenant.key, user),
      session,
      scope,
      clientId,
      amr: outcome.amr,
      acrs: outcome.acrs,
      nonce,
      methodsConsented: guestOf(tenant.tenant, user)?.graphConsent !== 'adminRequired',
    }),
  );
}

interface IssueInput {
  subject: Subject;
  session: Session;
  scope: ScopeRequest;
  clientId: string;
  amr: string[];
  acrs: string[];
  nonce: string | undefined;
  methodsConsented: boolean;
}

/** Clients whose token answers carry `foci: "1"` (the Azure CLI and Azure PowerShell public clients). */
const FAMILY_CLIENTS = new Set([AZURE_CLI_CLIENT_ID, AZURE_POWERSHELL_CLIENT_ID]);
async function issueTokens(services: Services, input: IssueInput): Promise<Record<string, unknown>> {
  const now = services.now();
  const tenantKey = services.state.tenantKeyById(input.subject.tenantId);
  const withheld = withheldScopes(tenantKey ? services.state.tenant(tenantKey).tenant : undefined);
  const scp = grantedScopes(input.scope, input.clientId, input.methodsConsented).filter(
    (scope) => !withheld.has(scope.toLowerCase()),
  );
  const accessToken = await signAccessToken(services.key, {
    subject: input.subject,
    audience: input.scope.audience,
    clientId: input.clientId,
    scp,
    amr: input.amr,
    acrs: input.acrs,
    lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
    now,
  });
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: withoutWithheld(answeredScope(input.scope, scp), withheld),
    expires_in: TOKEN_LIFETIME_SECONDS,
    ext_expires_in: TOKEN_LIFETIME_SECONDS,
    access_token: accessToken,
  };
  if (input.scope.oidc.has('offline_access')) {
    const refreshToken = newRefreshToken();
    services.state.refreshTokens.set(refreshToken, { sessionId: input.session.id, clientId: input.clientId });
    body.refresh_token = refreshToken;
  }
  if (input.scope.oidc.has('openid')) {
    body.id_token = await signIdToken(services.key, {
      subject: input.subject,
      clientId: input.clientId,
      nonce: input.nonce,
      lifetimeSeconds: TOKEN_LIFETIME_SECONDS,
      now,
    });
  }
  body.client_info = clientInfo(input.subject);
  // Family of client ids: msal-common reads `foci` from the token answer (ServerAuthorizationTokenResponse) and
  // keeps the refresh token as the family's. Azure CLI and Azure PowerShell are family clients (third-party
  // research lists them; Microsoft does not document the family); the value "1" is the only family known.
  if (FAMILY_CLIENTS.has(input.clientId)) body.foci = '1';
  return body;
}
