/**
 * Where the app signs in and which scopes it asks for. Production values are the public Microsoft cloud and
 * the Azure CLI public client (docs/entra.md, "Client and consent": every tenant already trusts it for ARM and
 * Graph `.default`, so a guest meets no consent prompt in partner tenants). Tests and the demo change only the network routes,
 * never these strings.
 */
import { DEFAULT_CLIENT_ID } from '../../shared/model';
import { HOME_MFA_CLAIMS } from './claims-request';

export interface Endpoints {
  /** Host of the Entra sign-in service. */
  authorityHost: string;
  /** Base URL of Azure Resource Manager. */
  armBaseUrl: string;
  /** Base URL of Microsoft Graph. */
  graphBaseUrl: string;
}

export const PUBLIC_CLOUD: Endpoints = {
  authorityHost: 'login.microsoftonline.com',
  armBaseUrl: 'https://management.azure.com',
  graphBaseUrl: 'https://graph.microsoft.com',
};

export interface AuthConfig {
  clientId: string;
  endpoints: Endpoints;
  /** Scopes of the home sign-in: what listing tenants needs. */
  armScopes: string[];
  /** Scopes of each tenant probe: Graph, to read methods, sponsors and the organisation. */
  graphScopes: string[];
  /**
   * Claims request of the home sign-in asking for MFA (MSAL's `claims` parameter; see claims-request.ts). Entra
   * may honour it, ignore it or refuse it; the app reads the home token's `amr` in every case.
   */
  homeMfaClaims: string;
}

/** Scopes for the default client: `.default` of each resource (pre-authorised for the Azure CLI client). */
export const DEFAULT_ARM_SCOPES = ['https://management.core.windows.net//.default'];
export const DEFAULT_GRAPH_SCOPES = ['https://graph.microsoft.com/.default'];
/** Scopes for an organisation's own app registration (delegated, user-consentable). */
export const OWN_APP_GRAPH_SCOPES = [
  'https://graph.microsoft.com/User.Read',
  'https://graph.microsoft.com/UserAuthenticationMethod.Read',
];

export function authConfigFor(clientId: string = DEFAULT_CLIENT_ID, endpoints: Endpoints = PUBLIC_CLOUD): AuthConfig {
  const ownApp = clientId.toLowerCase() !== DEFAULT_CLIENT_ID;
  return {
    clientId,
    endpoints,
    armScopes: DEFAULT_ARM_SCOPES,
    graphScopes: ownApp ? OWN_APP_GRAPH_SCOPES : DEFAULT_GRAPH_SCOPES,
    homeMfaClaims: HOME_MFA_CLAIMS,
  };
}

export function authorityFor(config: AuthConfig, tenant: string): string {
  return `https://${config.endpoints.authorityHost}/${tenant}`;
}
