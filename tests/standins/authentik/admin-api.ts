/**
 * The admin API subset a provisioner uses (reference section D), served through openapi-backend over
 * authentik's own schema.yml: requests are routed and validated by the schema, and every response is
 * validated against it too (a response the schema rejects is a stand-in bug: 500, and it is recorded in
 * `violations` so tests fail).
 *
 * Authentication is DRF's as authentik configures it: `TokenAuthentication` (no `authenticate_header`) is the
 * first authentication class, so a missing or unknown token is **403** `{"detail": ...}` (DRF turns 401 into
 * 403 when the first authenticator has no header), which is also the only error status schema.yml declares.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Context } from 'openapi-backend';
import type { AuthentikSchema, ServedOperation } from './schema.js';
import {
  RESERVED_SLUGS,
  randomString,
  type ApplicationRecord,
  type AuthentikState,
  type Json,
  type OAuth2ProviderRecord,
  type RedirectUri,
  type UserRecord,
} from './state.js';
import { compileAuthentikRegex } from './redirect-uris.js';
import type { FlowExecutor } from './flows.js';

export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  baseUrl: string;
  /** The flow executor needs the browser session (cookie); set by the server. */
  sessionId: string | undefined;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Env {
  state: AuthentikState;
  req: ApiRequest;
  user: UserRecord | undefined;
  flows: FlowExecutor;
  violations: string[];
  validateComponent: AuthentikSchema['validateComponent'];
  version: string;
}

type Handler = (c: Context, env: Env) => ApiResponse | Promise<ApiResponse>;

const forbidden = (detail: string): ApiResponse => ({ status: 403, body: { detail } });
const validationError = (errors: Record<string, unknown>): ApiResponse => ({ status: 400, body: errors });
const notFound = (): ApiResponse => ({ status: 404, body: { detail: 'No matching object found.' } });

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function all(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** authentik's Pagination (authentik/api/pagination.py); page_size default 100. */
function paginate(items: unknown[], query: ApiRequest['query']): Json {
  const pageSize = Number(first(query.page_size) ?? 100) || 100;
  const page = Number(first(query.page) ?? 1) || 1;
  const count = items.length;
  const totalPages = Math.max(1, Math.ceil(count / pageSize));
  const start = (page - 1) * pageSize;
  const results = items.slice(start, start + pageSize);
  return {
    pagination: {
      next: page < totalPages ? page + 1 : 0,
      previous: page > 1 ? page - 1 : 0,
      count,
      current: page,
      total_pages: totalPages,
      start_index: count === 0 ? 0 : start + 1,
      end_index: start + results.length,
    },
    results,
    autocomplete: {},
  };
}

function flowJson(f: AuthentikState['flows'][number]): Json {
  return {
    pk: f.pk,
    policybindingmodel_ptr_id: f.pk,
    name: f.name,
    slug: f.slug,
    title: f.title,
    designation: f.designation,
    background: '',
    background_url: '/static/dist/assets/images/flow_background.jpg',
    background_themed_urls: null,
    stages: [],
    policies: [],
    cache_count: 0,
    policy_engine_mode: 'any',
    compatibility_mode: false,
    export_url: `/api/v3/flows/instances/${f.slug}/export/`,
    layout: 'stacked',
    denied_action: 'message_continue',
    authentication: f.authentication,
  };
}

function keypairJson(k: AuthentikState['keypairs'][number]): Json {
  // No X.509 certificate is minted; fingerprints are of the public key (stand-in simplification).
  const der = k.publicKey.export({ type: 'spki', format: 'der' });
  const fp = (alg: string) => createHash(alg).update(der).digest('hex').match(/../g)!.join(':');
  return {
    pk: k.pk,
    name: k.name,
    fingerprint_sha256: fp('sha256'),
    fingerprint_sha1: fp('sha1'),
    cert_expiry: new Date(Date.parse(k.created) + 365 * 86400_000).toISOString(),
    cert_subject: `CN=${k.name}`,
    private_key_available: true,
    key_type: 'rsa',
    certificate_download_url: `/api/v3/crypto/certificatekeypairs/${k.pk}/view_certificate/?download`,
    private_key_download_url: `/api/v3/crypto/certificatekeypairs/${k.pk}/view_private_key/?download`,
    managed: k.managed,
  };
}

function scopeMappingJson(m: AuthentikState['scopeMappings'][number]): Json {
  return {
    pk: m.pk,
    managed: m.managed,
    name: m.name,
    expression: m.expression,
    component: 'ak-property-mapping-provider-scope-form',
    verbose_name: 'Scope Mapping',
    verbose_name_plural: 'Scope Mappings',
    meta_model_name: 'authentik_providers_oauth2.scopemapping',
    scope_name: m.scope_name,
    description: m.description,
  };
}

function providerJson(p: OAuth2ProviderRecord, state: AuthentikState): Json {
  const app = state.applicationForProvider(p.pk);
  return {
    ...p,
    component: 'ak-provider-oauth2-form',
    assigned_application_slug: app?.slug ?? '',
    assigned_application_name: app?.name ?? '',
    assigned_backchannel_application_slug: '',
    assigned_backchannel_application_name: '',
    verbose_name: 'OAuth2/OpenID Provider',
    verbose_name_plural: 'OAuth2/OpenID Providers',
    meta_model_name: 'authentik_providers_oauth2.oauth2provider',
  };
}

/** OAuth2Provider.launch_url: scheme and host of the first redirect URI. */
function providerLaunchUrl(p: OAuth2ProviderRecord): string | null {
  const firstUri = p.redirect_uris.find((u) => u.matching_mode === 'strict');
  if (!firstUri) return null;
  try {
    const u = new URL(firstUri.url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

function applicationJson(a: ApplicationRecord, state: AuthentikState): Json {
  const provider = a.provider === null ? undefined : state.providers.get(a.provider);
  const providerObj = provider
    ? (({ pk, name, authentication_flow, authorization_flow, invalidation_flow, property_mappings }) => ({
        pk, name, authentication_flow, authorization_flow, invalidation_flow, property_mappings,
        component: 'ak-provider-oauth2-form',
        assigned_application_slug: a.slug,
        assigned_application_name: a.name,
        assigned_backchannel_application_slug: '',
        assigned_backchannel_application_name: '',
        verbose_name: 'OAuth2/OpenID Provider',
        verbose_name_plural: 'OAuth2/OpenID Providers',
        meta_model_name: 'authentik_providers_oauth2.oauth2provider',
      }))(provider)
    : null;
  return {
    ...a,
    provider_obj: providerObj,
    backchannel_providers_obj: [],
    launch_url: a.meta_launch_url || (provider ? providerLaunchUrl(provider) : null),
    meta_icon: '',
    meta_icon_url: null,
    meta_icon_themed_urls: null,
  };
}

function userJson(u: UserRecord, state: AuthentikState): Json {
  return {
    pk: u.pk,
    username: u.username,
    name: u.name,
    is_active: u.is_active,
    last_login: null,
    date_joined: u.date_joined,
    is_superuser: u.is_superuser,
    groups: [],
    groups_obj: [],
    roles: [],
    roles_obj: [],
    email: u.email,
    avatar: 'data:image/svg+xml;base64,',
    attributes: u.attributes,
    uid: state.hashedUserId(u),
    path: u.path,
    type: u.type,
    uuid: u.uuid,
    password_change_date: u.password_change_date,
    last_updated: u.last_updated,
  };
}

/** DRF-style message for one Ajv error (the wording DRF serializers use where it is well known). */
function drfMessage(e: { keyword: string; message?: string; params?: Record<string, unknown> }, value: unknown): string {
  switch (e.keyword) {
    case 'required':
      return 'This field is required.';
    case 'type':
      if (e.params?.type === 'array') return `Expected a list of items but got type "${pyType(value)}".`;
      if (e.params?.type === 'object') return `Expected a dictionary of items but got type "${pyType(value)}".`;
      if (e.params?.type === 'string') return 'Not a valid string.';
      if (e.params?.type === 'integer') return 'A valid integer is required.';
      if (e.params?.type === 'boolean') return 'Must be a valid boolean.';
      return e.message ?? 'Invalid value.';
    case 'format':
      if (e.params?.format === 'uuid') return 'Must be a valid UUID.';
      if (e.params?.format === 'email') return 'Enter a valid email address.';
      if (e.params?.format === 'uri') return 'Enter a valid URL.';
      return e.message ?? 'Invalid value.';
    case 'enum':
      return `"${String(value)}" is not a valid choice.`;
    case 'minLength':
      return 'This field may not be blank.';
    case 'pattern':
      return 'Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.';
    default:
      return e.message ?? 'Invalid value.';
  }
}

function pyType(v: unknown): string {
  if (typeof v === 'string') return 'str';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'boolean') return 'bool';
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  return 'dict';
}

function getAt(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const part of pointer.split('/').filter(Boolean)) {
    if (cur && typeof cur === 'object') cur = (cur as Record<string, unknown>)[part];
    else return undefined;
  }
  return cur;
}

/** openapi-backend's Ajv errors → DRF's `{field: [message]}` (nested for list items and objects). */
function toDrfErrors(c: Context): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const errs = (c.validation.errors ?? []) as Array<{ instancePath: string; keyword: string; message?: string; params?: Record<string, unknown> }>;
  const req = { requestBody: c.request.requestBody, query: c.request.query, params: c.request.params };
  for (const e of errs) {
    let segments = e.instancePath.split('/').filter(Boolean);
    const value = getAt(req, e.instancePath);
    if (e.keyword === 'required' && e.params?.missingProperty) segments = [...segments, String(e.params.missingProperty)];
    if (['anyOf', 'if', 'allOf', 'oneOf'].includes(e.keyword)) continue;
    const fields = segments.slice(1);
    if (fields.length === 0) {
      (out.non_field_errors as string[] | undefined) ?? (out.non_field_errors = []);
      (out.non_field_errors as string[]).push(e.message ?? 'Invalid data.');
      continue;
    }
    let node = out;
    for (const f of fields.slice(0, -1)) node = (node[f] ??= {}) as Record<string, unknown>;
    const last = fields[fields.length - 1]!;
    const list = (Array.isArray(node[last]) ? node[last] : (node[last] = [])) as string[];
    const msg = drfMessage(e, value);
    if (!list.includes(msg)) list.push(msg);
  }
  return Object.keys(out).length ? out : { non_field_errors: ['Invalid data.'] };
}

/** Business rules of OAuth2ProviderSerializer beyond the schema (reference section D). */
function checkProvider(body: Json, state: AuthentikState, existingPk?: number): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (f: string, m: string) => (errors[f] ??= []).push(m);
  for (const p of state.providers.values()) {
    if (p.name === body.name && p.pk !== existingPk) add('name', 'provider with this name already exists.');
  }
  for (const field of ['authorization_flow', 'invalidation_flow', 'authentication_flow'] as const) {
    const pk = body[field];
    if (typeof pk === 'string' && !state.flowByPk(pk)) add(field, `Invalid pk "${pk}" - object does not exist.`);
  }
  for (const field of ['invalidation_flow', 'authorization_flow'] as const) {
    if (body[field] === null) add(field, 'This field may not be null.');
  }
  for (const pk of (body.property_mappings as string[] | undefined) ?? []) {
    if (!state.scopeMappings.some((m) => m.pk === pk)) add('property_mappings', `Invalid pk "${pk}" - object does not exist.`);
  }
  if (typeof body.signing_key === 'string' && !state.keypair(body.signing_key)) {
    add('signing_key', `Invalid pk "${body.signing_key}" - object does not exist.`);
  }
  for (const uri of (body.redirect_uris as RedirectUri[] | undefined) ?? []) {
    // The exact wording after "Invalid Regex Pattern" is not in the reference; this is the reference's phrase.
    if (uri.matching_mode === 'regex' && !compileAuthentikRegex(uri.url)) add('redirect_uris', 'Invalid Regex Pattern');
  }
  return errors;
}

function createProvider(body: Json, state: AuthentikState): OAuth2ProviderRecord {
  const provider: OAuth2ProviderRecord = {
    pk: state.newProviderPk(),
    name: body.name as string,
    authentication_flow: (body.authentication_flow as string | null | undefined) ?? null,
    authorization_flow: body.authorization_flow as string,
    invalidation_flow: body.invalidation_flow as string,
    // Only what is sent: the API does not apply the admin wizard's default scope selection (section I).
    property_mappings: (body.property_mappings as string[] | undefined) ?? [],
    client_type: (body.client_type as 'confidential' | 'public' | undefined) ?? 'confidential',
    client_id: (body.client_id as string | undefined) ?? randomString(40),
    client_secret: (body.client_secret as string | undefined) ?? randomString(128),
    redirect_uris: ((body.redirect_uris as RedirectUri[]) ?? []).map((u) => ({
      matching_mode: u.matching_mode,
      url: u.url,
      redirect_uri_type: u.redirect_uri_type ?? 'authorization',
    })),
    signing_key: (body.signing_key as string | null | undefined) ?? null,
    encryption_key: (body.encryption_key as string | null | undefined) ?? null,
    sub_mode: (body.sub_mode as string | undefined) ?? 'hashed_user_id',
    issuer_mode: (body.issuer_mode as string | undefined) ?? 'per_provider',
    include_claims_in_id_token: (body.include_claims_in_id_token as boolean | undefined) ?? true,
    access_code_validity: (body.access_code_validity as string | undefined) ?? 'minutes=1',
    access_token_validity: (body.access_token_validity as string | undefined) ?? 'hours=1',
    refresh_token_validity: (body.refresh_token_validity as string | undefined) ?? 'days=30',
    refresh_token_threshold: (body.refresh_token_threshold as string | undefined) ?? 'seconds=0',
    grant_types: (body.grant_types as string[] | undefined) ?? [
      'authorization_code',
      'implicit',
      'hybrid',
      'refresh_token',
      'client_credentials',
      'password',
      'urn:ietf:params:oauth:grant-type:device_code',
    ],
    logout_uri: (body.logout_uri as string | undefined) ?? '',
    logout_method: (body.logout_method as string | undefined) ?? 'backchannel',
    jwt_federation_sources: (body.jwt_federation_sources as string[] | undefined) ?? [],
    jwt_federation_providers: (body.jwt_federation_providers as number[] | undefined) ?? [],
  };
  state.providers.set(provider.pk, provider);
  state.onChange();
  return provider;
}

function checkApplication(body: Json, state: AuthentikState): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const add = (f: string, m: string) => (errors[f] ??= []).push(m);
  const slug = body.slug as string;
  // The exact wording is a guess; the rule (reserved slugs are refused) is from the reference, section C.
  if (RESERVED_SLUGS.includes(slug)) add('slug', `The slug '${slug}' is reserved.`);
  if (state.applications.has(slug)) add('slug', 'application with this slug already exists.');
  const providerPk = body.provider as number | null | undefined;
  if (typeof providerPk === 'number') {
    if (!state.providers.has(providerPk)) add('provider', `Invalid pk "${providerPk}" - object does not exist.`);
    else if (state.applicationForProvider(providerPk)) add('provider', 'application with this provider already exists.');
  }
  return errors;
}

function createApplication(body: Json, state: AuthentikState): ApplicationRecord {
  const app: ApplicationRecord = {
    pk: randomUUID(),
    pbm_uuid: randomUUID(),
    name: body.name as string,
    slug: body.slug as string,
    provider: (body.provider as number | null | undefined) ?? null,
    backchannel_providers: (body.backchannel_providers as number[] | undefined) ?? [],
    open_in_new_tab: (body.open_in_new_tab as boolean | undefined) ?? false,
    meta_launch_url: (body.meta_launch_url as string | undefined) ?? '',
    meta_description: (body.meta_description as string | undefined) ?? '',
    meta_publisher: (body.meta_publisher as string | undefined) ?? '',
    policy_engine_mode: (body.policy_engine_mode as string | undefined) ?? 'any',
    group: (body.group as string | undefined) ?? '',
    meta_hide: (body.meta_hide as boolean | undefined) ?? false,
  };
  state.applications.set(app.slug, app);
  state.onChange();
  return app;
}

function contains(haystack: string, needle: string | undefined): boolean {
  return needle === undefined || haystack.toLowerCase().includes(needle.toLowerCase());
}

export const handlers: Record<ServedOperation, Handler> = {
  admin_version_retrieve: (_c, env) => ({
    status: 200,
    body: {
      version_current: env.version,
      version_latest: env.version,
      version_latest_valid: true,
      build_hash: '',
      outdated: false,
      outpost_outdated: false,
    },
  }),

  root_config_retrieve: () => ({
    status: 200,
    body: {
      error_reporting: { enabled: false, sentry_dsn: '', environment: 'customer', send_pii: false, traces_sample_rate: 0 },
      capabilities: ['can_save_media', 'can_impersonate'],
      cache_timeout: 300,
      cache_timeout_flows: 300,
      cache_timeout_policies: 300,
    },
  }),

  flows_instances_list: (_c, { state, req }) => {
    const q = req.query;
    const items = state.flows
      .filter((f) => first(q.slug) === undefined || f.slug === first(q.slug))
      .filter((f) => first(q.designation) === undefined || f.designation === first(q.designation))
      .filter((f) => first(q.flow_uuid) === undefined || f.pk === first(q.flow_uuid))
      .filter((f) => first(q.name) === undefined || f.name === first(q.name))
      .filter((f) => contains(`${f.slug} ${f.name} ${f.title}`, first(q.search)))
      .map(flowJson);
    return { status: 200, body: paginate(items, q) };
  },

  flows_executor_get: (c, env) => env.flows.apiGet(String(c.request.params.flow_slug), String(first(env.req.query.query) ?? ''), env.req),
  flows_executor_solve: (c, env) =>
    env.flows.apiSolve(String(c.request.params.flow_slug), String(first(env.req.query.query) ?? ''), env.req, c.request.requestBody as Json),

  crypto_certificatekeypairs_list: (_c, { state, req }) => {
    const q = req.query;
    const items = state.keypairs
      .filter((k) => first(q.name) === undefined || k.name === first(q.name))
      .filter((k) => first(q.has_key) === undefined || first(q.has_key) === 'true')
      .filter((k) => first(q.managed) === undefined || k.managed === first(q.managed))
      .filter((k) => contains(k.name, first(q.search)))
      .map(keypairJson);
    return { status: 200, body: paginate(items, q) };
  },

  propertymappings_provider_scope_list: (_c, { state, req }) => {
    const q = req.query;
    const managed = all(q.managed);
    const items = state.scopeMappings
      .filter((m) => managed.length === 0 || managed.includes(m.managed))
      .filter((m) => first(q.scope_name) === undefined || m.scope_name === first(q.scope_name))
      .filter((m) => first(q.name) === undefined || m.name === first(q.name))
      .filter((m) => contains(`${m.name} ${m.scope_name}`, first(q.search)))
      .map(scopeMappingJson);
    return { status: 200, body: paginate(items, q) };
  },

  providers_oauth2_list: (_c, { state, req }) => {
    const q = req.query;
    const items = [...state.providers.values()]
      .filter((p) => first(q.name) === undefined || p.name === first(q.name))
      .filter((p) => first(q.client_id) === undefined || p.client_id === first(q.client_id))
      .filter((p) => first(q.application) === undefined || state.applicationForProvider(p.pk)?.pk === first(q.application))
      .filter((p) => contains(p.name, first(q.search)))
      .map((p) => providerJson(p, state));
    return { status: 200, body: paginate(items, q) };
  },

  providers_oauth2_create: (c, { state }) => {
    const body = c.request.requestBody as Json;
    const errors = checkProvider(body, state);
    if (Object.keys(errors).length) return validationError(errors);
    return { status: 201, body: providerJson(createProvider(body, state), state) };
  },

  providers_oauth2_retrieve: (c, { state }) => {
    const p = state.providers.get(Number(c.request.params.id));
    return p ? { status: 200, body: providerJson(p, state) } : notFound();
  },

  providers_oauth2_destroy: (c, { state }) => {
    const pk = Number(c.request.params.id);
    if (!state.providers.delete(pk)) return notFound();
    for (const app of state.applications.values()) if (app.provider === pk) app.provider = null;
    state.onChange();
    return { status: 204 };
  },

  providers_oauth2_setup_urls_retrieve: (c, { state, req }) => {
    const p = state.providers.get(Number(c.request.params.id));
    if (!p) return notFound();
    const app = state.applicationForProvider(p.pk);
    if (!app) return { status: 404, body: { detail: 'Provider has no application assigned' } };
    const o = `${req.baseUrl}/application/o`;
    return {
      status: 200,
      body: {
        issuer: `${o}/${app.slug}/`,
        authorize: `${o}/authorize/`,
        token: `${o}/token/`,
        user_info: `${o}/userinfo/`,
        provider_info: `${o}/${app.slug}/.well-known/openid-configuration`,
        logout: `${o}/${app.slug}/end-session/`,
        jwks: `${o}/${app.slug}/jwks/`,
        dcr_registration: `${o}/${app.slug}/register/`,
      },
    };
  },

  core_applications_list: (_c, { state, req }) => {
    const q = req.query;
    const items = [...state.applications.values()]
      .filter((a) => first(q.slug) === undefined || a.slug === first(q.slug))
      .filter((a) => first(q.name) === undefined || a.name === first(q.name))
      .filter((a) => contains(`${a.name} ${a.slug}`, first(q.search)))
      .map((a) => applicationJson(a, state));
    return { status: 200, body: paginate(items, q) };
  },

  core_applications_create: (c, { state }) => {
    const body = c.request.requestBody as Json;
    const errors = checkApplication(body, state);
    if (Object.keys(errors).length) return validationError(errors);
    return { status: 201, body: applicationJson(createApplication(body, state), state) };
  },

  core_applications_retrieve: (c, { state }) => {
    const a = state.applications.get(String(c.request.params.slug));
    return a ? { status: 200, body: applicationJson(a, state) } : notFound();
  },

  core_applications_destroy: (c, { state }) => {
    if (!state.applications.delete(String(c.request.params.slug))) return notFound();
    state.onChange();
    return { status: 204 };
  },

  core_transactional_applications_update: (c, { state, validateComponent }) => {
    const body = c.request.requestBody as { app: Json; provider_model: string; provider: Json };
    if (body.provider_model !== 'authentik_providers_oauth2.oauth2provider') {
      // Only OAuth2 providers exist in the stand-in.
      return validationError({ provider_model: [`"${body.provider_model}" is not supported by the authentik stand-in.`] });
    }
    const shape = validateComponent('OAuth2ProviderRequest', body.provider);
    if (!shape.valid) {
      const fields: Record<string, string[]> = {};
      for (const e of shape.errors) (fields[e.path.split('/').filter(Boolean)[0] ?? 'non_field_errors'] ??= []).push(e.message);
      return validationError({ provider: fields });
    }
    const providerErrors = checkProvider(body.provider, state);
    const appErrors = checkApplication({ ...body.app, provider: undefined }, state);
    if (Object.keys(providerErrors).length || Object.keys(appErrors).length) {
      // The blueprint importer's refusal, reported per object (shape of the error body is a guess).
      return validationError({ ...(Object.keys(providerErrors).length ? { provider: providerErrors } : {}), ...(Object.keys(appErrors).length ? { app: appErrors } : {}) });
    }
    const provider = createProvider(body.provider, state);
    createApplication({ ...body.app, provider: provider.pk }, state);
    return { status: 200, body: { applied: true, logs: [] } };
  },

  core_users_list: (_c, { state, req }) => {
    const q = req.query;
    const items = [...state.users.values()]
      .filter((u) => first(q.username) === undefined || u.username === first(q.username))
      .filter((u) => first(q.email) === undefined || u.email === first(q.email))
      .filter((u) => first(q.uuid) === undefined || u.uuid === first(q.uuid))
      .filter((u) => first(q.name) === undefined || u.name === first(q.name))
      .filter((u) => first(q.is_active) === undefined || String(u.is_active) === first(q.is_active))
      .filter((u) => first(q.is_superuser) === undefined || String(u.is_superuser) === first(q.is_superuser))
      .filter((u) => contains(`${u.username} ${u.name} ${u.email}`, first(q.search)))
      .map((u) => userJson(u, state));
    return { status: 200, body: paginate(items, q) };
  },

  core_users_create: (c, { state }) => {
    const body = c.request.requestBody as Json;
    for (const u of state.users.values()) {
      if (u.username === body.username) return validationError({ username: ['A user with that username already exists.'] });
    }
    const user = state.createUser(body as Parameters<AuthentikState['createUser']>[0]);
    return { status: 201, body: userJson(user, state) };
  },

  core_users_destroy: (c, { state }) => {
    const pk = Number(c.request.params.id);
    if (!state.users.has(pk)) return notFound();
    state.users.delete(pk);
    return { status: 204 };
  },

  core_users_set_password_create: (c, { state }) => {
    const user = state.users.get(Number(c.request.params.id));
    if (!user) return notFound();
    state.setPassword(user, (c.request.requestBody as { password: string }).password);
    return { status: 204 };
  },

  core_users_me_retrieve: (_c, { state, user }) => {
    const u = user!;
    return {
      status: 200,
      body: {
        user: {
          pk: u.pk,
          username: u.username,
          name: u.name,
          is_active: u.is_active,
          is_superuser: u.is_superuser,
          is_current: true,
          groups: u.groups.map((name) => ({ name, pk: randomUUID() })),
          roles: [],
          email: u.email,
          avatar: 'data:image/svg+xml;base64,',
          uid: state.hashedUserId(u),
          settings: {},
          type: u.type,
          system_permissions: [],
        },
        users: [],
      },
    };
  },
};

/** Operations that authentik serves without authentication (`security: [{authentik: []}, {}]`). */
const ANONYMOUS_OK = new Set<string>(['root_config_retrieve', 'flows_executor_get', 'flows_executor_solve']);

function bearer(headers: ApiRequest['headers']): { present: boolean; token?: string; malformed?: string } {
  const raw = first(headers.authorization as string | string[] | undefined)?.trim() ?? '';
  if (raw === '' || !raw.includes(' ')) return { present: false };
  const [type, ...rest] = raw.split(' ');
  if (type!.toLowerCase() !== 'bearer') return { present: true, malformed: 'Unsupported authentication type' };
  const token = rest.join(' ').trim();
  if (token === '') return { present: true, malformed: 'Malformed header' };
  return { present: true, token };
}

export interface AdminApi {
  handle(req: ApiRequest): Promise<ApiResponse>;
}

export function createAdminApi(schema: AuthentikSchema, state: AuthentikState, flows: FlowExecutor, violations: string[]): AdminApi {
  const { api } = schema;
  return {
    async handle(request) {
      let req = request;
      const operation = api.matchOperation({ method: req.method, path: req.path, headers: req.headers as Record<string, string>, query: req.query });
      if (!operation) return { status: 404, body: { detail: 'Not found.' } };
      const opId = operation.operationId as ServedOperation;

      // Authentication runs before validation (DRF's `initial()`), so an unauthenticated bad body is 403.
      const auth = bearer(req.headers);
      let user: UserRecord | undefined;
      if (auth.malformed) return forbidden(auth.malformed);
      if (auth.token !== undefined) {
        const pk = state.apiTokens.get(auth.token);
        user = pk === undefined ? undefined : state.users.get(pk);
        if (!user || !user.is_active) return forbidden('Token invalid/expired');
      }
      if (!user && !ANONYMOUS_OK.has(opId)) {
        const sessionUser = req.sessionId ? flows.sessionUser(req.sessionId) : undefined;
        if (!sessionUser) return forbidden('Authentication credentials were not provided.');
        user = sessionUser;
      }

      if (req.body !== undefined) req = { ...req, body: schema.shapeRequest(opId, req.body) };
      const validation = api.validateRequest({ method: req.method, path: req.path, headers: req.headers as Record<string, string>, query: req.query, body: req.body }, operation);
      const context = {
        api,
        operation,
        validation,
        request: { ...api.router.parseRequest({ method: req.method, path: req.path, headers: req.headers as Record<string, string>, query: req.query, body: req.body }, operation), requestBody: req.body },
        security: {},
        response: undefined,
      } as unknown as Context;
      if (!validation.valid) return validationError(toDrfErrors(context));

      const env: Env = { state, req, user, flows, violations, validateComponent: schema.validateComponent, version: schema.version };
      const handled = await handlers[opId](context, env);
      const response = handled.body === undefined ? handled : { ...handled, body: schema.shapeResponse(opId, handled.status, handled.body) };

      const declared = (operation.responses as Record<string, { content?: unknown }> | undefined)?.[String(response.status)];
      const responseDeclared = Boolean(declared);
      const noContent = responseDeclared && !declared!.content;
      const check = noContent
        ? { valid: true, errors: [] }
        : responseDeclared
        ? api.validateResponse(response.body, operation, response.status)
        : { valid: response.status === 404, errors: [{ message: `status ${response.status} is not declared` }] };
      if (!check.valid) {
        const line = `${req.method} ${req.path} → ${response.status}: response does not match schema.yml: ${JSON.stringify(check.errors).slice(0, 600)}`;
        violations.push(line);
        return { status: 500, body: { detail: `authentik stand-in bug: ${line}` } };
      }
      return response;
    },
  };
}
