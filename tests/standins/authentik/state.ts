/**
 * The stand-in's in-memory authentik: the objects a fresh instance has after its packaged blueprints ran
 * (reference sections D and F), and the ones created through the admin API. Objects are kept in the shape the
 * API returns them in (snake_case), so the API handlers serve them as they are.
 */
import { createHash, generateKeyPairSync, randomBytes, randomUUID, scryptSync, timingSafeEqual, type KeyObject } from 'node:crypto';

export type Json = Record<string, unknown>;

export interface Flow {
  pk: string;
  slug: string;
  name: string;
  title: string;
  designation: 'authentication' | 'authorization' | 'invalidation';
  authentication: 'none' | 'require_authenticated' | 'require_unauthenticated';
}

export interface RedirectUri {
  matching_mode: 'strict' | 'regex';
  url: string;
  redirect_uri_type?: 'authorization' | 'logout';
}

/** An OAuth2 provider as the API returns it, minus the fields derived from the application. */
export interface OAuth2ProviderRecord extends Json {
  pk: number;
  name: string;
  authorization_flow: string;
  invalidation_flow: string;
  authentication_flow: string | null;
  property_mappings: string[];
  client_type: 'confidential' | 'public';
  client_id: string;
  client_secret: string;
  redirect_uris: RedirectUri[];
  signing_key: string | null;
  sub_mode: string;
  issuer_mode: string;
  include_claims_in_id_token: boolean;
  access_code_validity: string;
  access_token_validity: string;
  refresh_token_validity: string;
}

export interface ApplicationRecord extends Json {
  pk: string;
  pbm_uuid: string;
  name: string;
  slug: string;
  provider: number | null;
  meta_launch_url: string;
  open_in_new_tab: boolean;
  meta_description: string;
  meta_publisher: string;
  policy_engine_mode: string;
  group: string;
  backchannel_providers: number[];
  meta_hide: boolean;
}

export interface UserRecord {
  pk: number;
  uuid: string;
  username: string;
  name: string;
  email: string;
  is_active: boolean;
  is_superuser: boolean;
  path: string;
  type: string;
  attributes: Json;
  groups: string[];
  date_joined: string;
  last_updated: string;
  password_change_date: string;
  /** scrypt hash; null = no usable password (users created through the API until set_password). */
  passwordHash: Buffer | null;
  passwordSalt: Buffer | null;
}

export interface ScopeMappingRecord {
  pk: string;
  managed: string;
  name: string;
  scope_name: string;
  description: string;
  expression: string;
}

export interface CertificateKeyPairRecord {
  pk: string;
  name: string;
  managed: string | null;
  privateKey: KeyObject;
  publicKey: KeyObject;
  created: string;
}

/** blueprints/default/*.yaml (the five the brief and section D name). */
const DEFAULT_FLOWS: Omit<Flow, 'pk'>[] = [
  { slug: 'default-authentication-flow', name: 'Welcome to authentik!', title: 'Welcome to authentik!', designation: 'authentication', authentication: 'none' },
  { slug: 'default-invalidation-flow', name: 'Logout', title: 'Default Invalidation Flow', designation: 'invalidation', authentication: 'none' },
  { slug: 'default-provider-authorization-explicit-consent', name: 'Authorize Application', title: 'Redirecting to %(app)s', designation: 'authorization', authentication: 'require_authenticated' },
  { slug: 'default-provider-authorization-implicit-consent', name: 'Authorize Application', title: 'Redirecting to %(app)s', designation: 'authorization', authentication: 'require_authenticated' },
  { slug: 'default-provider-invalidation-flow', name: 'Logout', title: "You've logged out of %(app)s.", designation: 'invalidation', authentication: 'none' },
];

/** blueprints/system/providers-oauth2.yaml */
const MANAGED_SCOPES: Omit<ScopeMappingRecord, 'pk'>[] = [
  { managed: 'goauthentik.io/providers/oauth2/scope-openid', name: "authentik default OAuth Mapping: OpenID 'openid'", scope_name: 'openid', description: '', expression: 'return {}' },
  { managed: 'goauthentik.io/providers/oauth2/scope-email', name: "authentik default OAuth Mapping: OpenID 'email'", scope_name: 'email', description: 'Email address', expression: 'return {"email": request.user.email, "email_verified": False}' },
  { managed: 'goauthentik.io/providers/oauth2/scope-profile', name: "authentik default OAuth Mapping: OpenID 'profile'", scope_name: 'profile', description: 'General Profile Information', expression: 'return {"name": ..., "given_name": ..., "preferred_username": ..., "nickname": ..., "groups": [...]}' },
  { managed: 'goauthentik.io/providers/oauth2/scope-entitlements', name: 'authentik default OAuth Mapping: Application Entitlements', scope_name: 'entitlements', description: 'Application entitlements', expression: 'return {"entitlements": [...], "roles": [...]}' },
  { managed: 'goauthentik.io/providers/oauth2/scope-offline_access', name: "authentik default OAuth Mapping: OpenID 'offline_access'", scope_name: 'offline_access', description: 'Access to request new tokens without interaction', expression: 'return {}' },
  { managed: 'goauthentik.io/providers/oauth2/scope-authentik_api', name: 'authentik default OAuth Mapping: authentik API access', scope_name: 'goauthentik.io/api', description: 'authentik API Access on behalf of your user', expression: 'return {}' },
];

export const SELF_SIGNED_CERT_NAME = 'authentik Self-signed Certificate';

/** Application.reserved_slugs (reference section C). */
export const RESERVED_SLUGS = ['authorize', 'token', 'device', 'userinfo', 'introspect', 'revoke'];

function hashPassword(password: string, salt: Buffer): Buffer {
  return scryptSync(password, salt, 32, { N: 1024 });
}

/** Django's get_random_string alphabet, used by authentik for client_id (40) and client_secret (128). */
export function randomString(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i += 1) out += alphabet[bytes[i]! % alphabet.length];
  return out;
}

export class AuthentikState {
  readonly installId = randomUUID();
  readonly flows: Flow[];
  readonly scopeMappings: ScopeMappingRecord[];
  readonly keypairs: CertificateKeyPairRecord[];
  readonly providers = new Map<number, OAuth2ProviderRecord>();
  readonly applications = new Map<string, ApplicationRecord>();
  readonly users = new Map<number, UserRecord>();
  /** API tokens (intent api) → user pk. */
  readonly apiTokens = new Map<string, number>();
  private nextProviderPk = 1;
  private nextUserPk = 1;
  /** Called whenever a provider or application changes, so OIDC clients are rebuilt. */
  onChange: () => void = () => {};

  constructor(opts: { bootstrapToken: string; bootstrapPassword: string; bootstrapEmail?: string }) {
    this.flows = DEFAULT_FLOWS.map((f) => ({ ...f, pk: randomUUID() }));
    this.scopeMappings = MANAGED_SCOPES.map((m) => ({ ...m, pk: randomUUID() }));
    const now = new Date().toISOString();
    const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
    const selfSigned = rsa();
    const jwt = rsa();
    this.keypairs = [
      { pk: randomUUID(), name: SELF_SIGNED_CERT_NAME, managed: null, ...selfSigned, created: now },
      { pk: randomUUID(), name: 'authentik Internal JWT Certificate', managed: 'goauthentik.io/crypto/jwt-managed', ...jwt, created: now },
    ];
    // blueprints/system/bootstrap.yaml: akadmin in "authentik Admins", the bootstrap password and API token.
    const admin = this.createUser({ username: 'akadmin', name: 'authentik Default Admin', email: opts.bootstrapEmail ?? 'root@example.com' });
    admin.is_superuser = true;
    admin.groups = ['authentik Admins'];
    this.setPassword(admin, opts.bootstrapPassword);
    this.apiTokens.set(opts.bootstrapToken, admin.pk);
  }

  flowByPk(pk: string | null | undefined): Flow | undefined {
    return this.flows.find((f) => f.pk === pk);
  }

  flowBySlug(slug: string): Flow | undefined {
    return this.flows.find((f) => f.slug === slug);
  }

  createUser(fields: { username: string; name: string; email?: string; is_active?: boolean; path?: string; type?: string; attributes?: Json }): UserRecord {
    const now = new Date().toISOString();
    const user: UserRecord = {
      pk: this.nextUserPk++,
      uuid: randomUUID(),
      username: fields.username,
      name: fields.name,
      email: fields.email ?? '',
      is_active: fields.is_active ?? true,
      is_superuser: false,
      path: fields.path ?? 'users',
      type: fields.type ?? 'internal',
      attributes: fields.attributes ?? {},
      groups: [],
      date_joined: now,
      last_updated: now,
      password_change_date: now,
      passwordHash: null,
      passwordSalt: null,
    };
    this.users.set(user.pk, user);
    return user;
  }

  setPassword(user: UserRecord, password: string): void {
    const salt = randomBytes(16);
    user.passwordSalt = salt;
    user.passwordHash = hashPassword(password, salt);
    user.password_change_date = new Date().toISOString();
  }

  checkPassword(user: UserRecord, password: string): boolean {
    if (!user.passwordHash || !user.passwordSalt) return false;
    return timingSafeEqual(hashPassword(password, user.passwordSalt), user.passwordHash);
  }

  /** The identification stage's lookup with user_fields [email, username]. */
  findUserByIdentifier(uid: string): UserRecord | undefined {
    for (const user of this.users.values()) {
      if (user.username === uid || (user.email !== '' && user.email === uid)) return user;
    }
    return undefined;
  }

  /** User.uid: sha256 of "<pk>-<install id>", which is also the default `sub` (hashed_user_id). */
  hashedUserId(user: UserRecord): string {
    return createHash('sha256').update(`${user.pk}-${this.installId}`).digest('hex');
  }

  newProviderPk(): number {
    return this.nextProviderPk++;
  }

  applicationForProvider(providerPk: number): ApplicationRecord | undefined {
    for (const app of this.applications.values()) if (app.provider === providerPk) return app;
    return undefined;
  }

  providerByClientId(clientId: string): OAuth2ProviderRecord | undefined {
    for (const p of this.providers.values()) if (p.client_id === clientId) return p;
    return undefined;
  }

  scopeNamesOf(provider: OAuth2ProviderRecord): string[] {
    return this.scopeMappings.filter((m) => provider.property_mappings.includes(m.pk)).map((m) => m.scope_name);
  }

  keypair(pk: string | null): CertificateKeyPairRecord | undefined {
    return this.keypairs.find((k) => k.pk === pk);
  }
}
