/**
 * Portainer's Settings object and the three views of it the API gives (reference portainer.md section 2):
 * GET /api/settings (secrets hidden), PUT /api/settings (pointer fields: what is left out stays; an
 * OAuthSettings object replaces the stored one whole, except an empty ClientSecret and a null KubeSecretKey),
 * and GET /api/settings/public (OAuthLoginURI built by plain string concatenation, 2.4).
 */
import { decodeGoJson, type Decoded, type StructSpec } from './go-json.js';

export const AUTH_INTERNAL = 1;
export const AUTH_LDAP = 2;
export const AUTH_OAUTH = 3;

/** api/portainer.go OAuthSettings, CE fields only (2.3: HideInternalAuth, TeamMemberships, ... are BE-only). */
export interface OAuthSettings {
  ClientID: string;
  ClientSecret: string;
  AccessTokenURI: string;
  AuthorizationURI: string;
  ResourceURI: string;
  RedirectURI: string;
  UserIdentifier: string;
  Scopes: string;
  OAuthAutoCreateUsers: boolean;
  DefaultTeamID: number;
  SSO: boolean;
  LogoutURI: string;
  /** base64 bytes on the wire; null until set. */
  KubeSecretKey: Buffer | null;
  /** golang.org/x/oauth2 AuthStyle: 0 AutoDetect, 1 InParams, 2 InHeader. */
  AuthStyle: number;
}

export interface Settings {
  LogoURL: string;
  BlackListedLabels: unknown[];
  AuthenticationMethod: number;
  InternalAuthSettings: { RequiredPasswordLength: number };
  LDAPSettings: Record<string, unknown>;
  OAuthSettings: OAuthSettings;
  SnapshotInterval: string;
  TemplatesURL: string;
  EdgeAgentCheckinInterval: number;
  EnableEdgeComputeFeatures: boolean;
  UserSessionTimeout: string;
  KubeconfigExpiry: string;
  EnableTelemetry: boolean;
  HelmRepositoryURL: string;
}

export function emptyOAuthSettings(): OAuthSettings {
  return {
    ClientID: '',
    ClientSecret: '',
    AccessTokenURI: '',
    AuthorizationURI: '',
    ResourceURI: '',
    RedirectURI: '',
    UserIdentifier: '',
    Scopes: '',
    OAuthAutoCreateUsers: false,
    DefaultTeamID: 0,
    SSO: false,
    LogoutURI: '',
    KubeSecretKey: null,
    AuthStyle: 0,
  };
}

/** What api/datastore/init.go checkOrCreateDefaultSettings writes on a fresh database (1.2, 2.3, 5.3). */
export function defaultSettings(): Settings {
  return {
    LogoURL: '',
    BlackListedLabels: [],
    AuthenticationMethod: AUTH_INTERNAL,
    InternalAuthSettings: { RequiredPasswordLength: 12 },
    LDAPSettings: { AnonymousMode: true, ReaderDN: '', URL: '', TLSConfig: { TLS: false, TLSSkipVerify: false }, StartTLS: false, SearchSettings: [{ BaseDN: '', Filter: '', UserNameAttribute: '' }], GroupSearchSettings: [{ GroupBaseDN: '', GroupFilter: '', GroupAttribute: '' }], AutoCreateUsers: true },
    OAuthSettings: { ...emptyOAuthSettings(), SSO: true },
    SnapshotInterval: '5m',
    TemplatesURL: '',
    EdgeAgentCheckinInterval: 5,
    EnableEdgeComputeFeatures: false,
    UserSessionTimeout: '8h',
    KubeconfigExpiry: '0',
    EnableTelemetry: false,
    HelmRepositoryURL: 'https://charts.bitnami.com/bitnami',
  };
}

const OAUTH_SPEC: StructSpec = {
  ClientID: 'string',
  ClientSecret: 'string',
  AccessTokenURI: 'string',
  AuthorizationURI: 'string',
  ResourceURI: 'string',
  RedirectURI: 'string',
  UserIdentifier: 'string',
  Scopes: 'string',
  OAuthAutoCreateUsers: 'bool',
  DefaultTeamID: 'int',
  SSO: 'bool',
  LogoutURI: 'string',
  KubeSecretKey: 'base64',
  AuthStyle: 'int',
};

/** settings_update.go settingsUpdatePayload (the fields this stand-in keeps). */
const UPDATE_SPEC: StructSpec = {
  LogoURL: 'string',
  BlackListedLabels: 'any',
  AuthenticationMethod: 'int',
  InternalAuthSettings: { struct: { RequiredPasswordLength: 'int' } },
  LDAPSettings: 'any',
  OAuthSettings: { struct: OAUTH_SPEC },
  SnapshotInterval: 'string',
  TemplatesURL: 'string',
  EdgeAgentCheckinInterval: 'int',
  EnableEdgeComputeFeatures: 'bool',
  UserSessionTimeout: 'string',
  KubeconfigExpiry: 'string',
  EnableTelemetry: 'bool',
  HelmRepositoryURL: 'string',
};

export class SettingsValidationError extends Error {
  override name = 'SettingsValidationError';
}

const GO_DURATION = /^[-+]?(\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, returning milliseconds; throws on what Go rejects. */
export function parseGoDuration(input: string): number {
  if (input === '0') return 0;
  if (input === '') throw new SettingsValidationError(`time: invalid duration ""`);
  let rest = input;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1;
    rest = rest.slice(1);
  }
  let total = 0;
  while (rest !== '') {
    const m = GO_DURATION.exec(rest);
    if (!m) throw new SettingsValidationError(`time: invalid duration "${input}"`);
    total += Number(m[1]) * UNIT_MS[m[3]!]!;
    rest = rest.slice(m[0].length);
  }
  return sign * total;
}

function isUrl(s: string): boolean {
  try {
    new URL(s.includes('://') ? s : `http://${s}`);
    return true;
  } catch {
    return false;
  }
}

/** settingsUpdatePayload.Validate, with the reference's messages (2.2, 2.3). */
function validateUpdate(p: Decoded): void {
  const method = p.AuthenticationMethod as number | undefined;
  if (method !== undefined && method !== 1 && method !== 2 && method !== 3) {
    throw new SettingsValidationError(
      'Invalid authentication method value. Value must be one of: 1 (internal), 2 (LDAP/AD) or 3 (OAuth)',
    );
  }
  const logo = p.LogoURL as string | undefined;
  if (logo && !isUrl(logo)) throw new SettingsValidationError('Invalid logo URL. Must correspond to a valid URL format');
  const templates = p.TemplatesURL as string | undefined;
  if (templates && !isUrl(templates)) {
    throw new SettingsValidationError('Invalid external templates URL. Must correspond to a valid URL format');
  }
  const helm = p.HelmRepositoryURL as string | undefined;
  if (helm && !isUrl(helm)) {
    throw new SettingsValidationError('Invalid Helm repository URL. Must correspond to a valid URL format');
  }
  if (p.UserSessionTimeout !== undefined) {
    try {
      parseGoDuration(p.UserSessionTimeout as string);
    } catch {
      throw new SettingsValidationError('Invalid user session timeout');
    }
  }
  if (p.KubeconfigExpiry !== undefined) {
    try {
      parseGoDuration(p.KubeconfigExpiry as string);
    } catch {
      throw new SettingsValidationError('Invalid Kubeconfig Expiry');
    }
  }
  const oauth = p.OAuthSettings as Decoded | undefined;
  if (oauth) {
    const style = (oauth.AuthStyle as number | undefined) ?? 0;
    if (style !== 0 && style !== 1 && style !== 2) throw new SettingsValidationError('Invalid OAuth AuthStyle');
  }
}

/**
 * PUT /api/settings semantics (2.3): decodes and validates `body`, then applies it to `current` in place.
 * Throws GoJsonError (bad JSON/type) or SettingsValidationError (Validate); both are 400 "Invalid request payload".
 */
export function applySettingsUpdate(current: Settings, body: string): void {
  const p = decodeGoJson(body, UPDATE_SPEC, 'settings.settingsUpdatePayload');
  validateUpdate(p);

  for (const key of [
    'LogoURL',
    'BlackListedLabels',
    'AuthenticationMethod',
    'LDAPSettings',
    'SnapshotInterval',
    'TemplatesURL',
    'EdgeAgentCheckinInterval',
    'EnableEdgeComputeFeatures',
    'UserSessionTimeout',
    'KubeconfigExpiry',
    'EnableTelemetry',
    'HelmRepositoryURL',
  ] as const) {
    if (p[key] !== undefined) (current as unknown as Record<string, unknown>)[key] = p[key];
  }
  const internal = p.InternalAuthSettings as Decoded | undefined;
  if (internal?.RequiredPasswordLength !== undefined) {
    current.InternalAuthSettings.RequiredPasswordLength = internal.RequiredPasswordLength as number;
  }

  const oauth = p.OAuthSettings as Decoded | undefined;
  if (oauth) {
    // A fresh struct: every field left out takes Go's zero value (SSO false, AuthStyle 0, ...).
    const next: OAuthSettings = { ...emptyOAuthSettings(), ...(oauth as Partial<OAuthSettings>) };
    if (next.ClientSecret === '') next.ClientSecret = current.OAuthSettings.ClientSecret;
    if (oauth.KubeSecretKey === undefined) next.KubeSecretKey = current.OAuthSettings.KubeSecretKey;
    current.OAuthSettings = next;
  }
}

/** GET /api/settings and the PUT response: settings with hideFields applied (2.1). */
export function inspectSettings(s: Settings): Record<string, unknown> {
  const { ClientSecret: _hidden, KubeSecretKey: _kube, ...oauth } = s.OAuthSettings;
  const { Password: _ldapPassword, ...ldap } = s.LDAPSettings;
  return {
    ...s,
    LDAPSettings: ldap,
    OAuthSettings: { ...oauth, KubeSecretKey: null },
  };
}

/** settings_public.go generatePublicSettings (2.4): OAuth URIs only when OAuth is the method; nothing encoded. */
export function publicSettings(s: Settings): Record<string, unknown> {
  let OAuthLoginURI = '';
  let OAuthLogoutURI = '';
  if (s.AuthenticationMethod === AUTH_OAUTH) {
    const o = s.OAuthSettings;
    OAuthLogoutURI = o.LogoutURI;
    OAuthLoginURI = `${o.AuthorizationURI}?response_type=code&client_id=${o.ClientID}&redirect_uri=${o.RedirectURI}&scope=${o.Scopes}`;
    if (!o.SSO) OAuthLoginURI += '&prompt=login';
  }
  return {
    LogoURL: s.LogoURL,
    AuthenticationMethod: s.AuthenticationMethod,
    RequiredPasswordLength: s.InternalAuthSettings.RequiredPasswordLength,
    EnableEdgeComputeFeatures: s.EnableEdgeComputeFeatures,
    EnforceEdgeID: false,
    FeatureFlagSettings: {},
    OAuthLoginURI,
    OAuthLogoutURI,
    OAuthHideInternalAuth: false,
    KubeconfigExpiry: s.KubeconfigExpiry,
    EnableTelemetry: s.EnableTelemetry,
    IsDockerDesktopExtension: false,
    DefaultRegistry: { Hide: false },
    Edge: { PingInterval: 0, SnapshotInterval: 0, CommandInterval: 0, CheckinInterval: s.EdgeAgentCheckinInterval },
  };
}
