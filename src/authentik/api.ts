/**
 * Everything docproof asks of authentik's REST API: readiness, the version, provisioning an OAuth2 provider +
 * application with the wizard's defaults, the test user, and removing all of it afterwards.
 *
 * Requests are built by the official client `@goauthentik/api` (paths, query encoding, request bodies); responses
 * are read by ./shapes.ts, not by the client's strict deserializers, so one client serves every supported release
 * line. The server's version is read first and decides what is sent (./server-version.ts).
 */
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AdminApi,
  Configuration,
  CoreApi,
  CryptoApi,
  FlowsApi,
  MatchingModeEnum,
  PropertymappingsApi,
  ProvidersApi,
  RedirectURITypeEnum,
  type ApiResponse,
  type RedirectURIRequest,
} from '@goauthentik/api';
import type { z } from 'zod';
import { AuthentikApiError, toApiError } from './errors.js';
import { serverVersion, type ServerCapabilities, type ServerVersion } from './server-version.js';
import {
  ApplicationDetailListShape,
  type ApplicationDetailShape,
  ApplicationListShape,
  GroupListShape,
  ProviderReadbackShape,
  type ProviderReadback,
  ApplicationShape,
  firstIssue,
  FlowListShape,
  KeypairListShape,
  ProviderDetailShape,
  ProviderListShape,
  ProviderShape,
  ScopeMappingListShape,
  SessionUserShape,
  SetupUrlsShape,
  UserListShape,
  UserShape,
  VersionShape,
  type ProviderDetail,
} from './shapes.js';
import {
  DEFAULT_SCOPE_MANAGED,
  FLOW_SLUGS,
  SIGN_IN_FLOWS,
  SELF_SIGNED_KEY_NAME,
  isManagedKey,
  redirectUriType,
  WIZARD_DEFAULTS,
  type OAuth2AppSpec,
  type OAuth2RedirectUriSpec,
  type ProvisionedApp,
} from './provision.js';

/** The version of the client that builds the requests (the newest schema docproof knows). */
export const AUTHENTIK_CLIENT_VERSION: string = (
  createRequire(import.meta.url)('@goauthentik/api/package.json') as { version: string }
).version;

export type CreatedObject =
  | { kind: 'application'; slug: string; name: string }
  | { kind: 'provider'; pk: number; name: string }
  | { kind: 'user'; pk: number; username: string };

export interface AuthentikApiOptions {
  /** Base URL of the instance, e.g. `https://authentik.company` (a trailing slash is fine). */
  baseUrl: string;
  /** API token (Bearer), e.g. the bootstrap token. Secret: never part of any message. */
  token: string;
  fetchApi?: typeof fetch;
  /**
   * Called as each object is created, before the next call can fail: a run journals it, so that the parent can
   * remove it even when the worker dies before its cleanup.
   */
  onCreated?: (obj: CreatedObject) => void;
}

/** Upper bound for one readiness probe, so a hanging server cannot eat the whole deadline in one request. */
const PROBE_TIMEOUT_MS = 10_000;
/** Any `deadlineMs` above this is an absolute time (epoch ms); below, a duration. 10^12 ms is ~31 years. */
const EPOCH_THRESHOLD_MS = 1e12;
/** Tries of a call that may be repeated (#idempotent). */
const IDEMPOTENT_ATTEMPTS = 3;

/**
 * A fetch that asks again, up to IDEMPOTENT_ATTEMPTS times, when a read (GET, HEAD) is answered with an HTTP 5xx.
 * authentik's gunicorn recycles a worker after about 1000 requests (lifecycle/gunicorn.conf.py: web.max_requests
 * 1000, jitter 50), and the request in flight then gets a 500 from its router ("Worker exiting", "ASGI callable
 * returned without starting response" in the server log): a walk through the admin interface makes that many.
 * Writes are not repeated here; those that may be are (#idempotent).
 */
function retryingReads(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return inner(input, init);
    for (let attempt = 1; ; attempt++) {
      const res = await inner(input, init);
      if (res.status < 500 || attempt >= IDEMPOTENT_ATTEMPTS || init?.signal?.aborted) return res;
      await res.body?.cancel();
      await sleep(500 * attempt);
    }
  };
}

export class AuthentikApi {
  readonly baseUrl: string;
  readonly #token: string;
  readonly #fetch: typeof fetch;
  readonly #core: CoreApi;
  readonly #providers: ProvidersApi;
  readonly #flows: FlowsApi;
  readonly #crypto: CryptoApi;
  readonly #mappings: PropertymappingsApi;
  readonly #admin: AdminApi;
  /** What this instance created, in creation order; cleanup walks it backwards. */
  readonly #created: CreatedObject[] = [];
  readonly #onCreated: ((obj: CreatedObject) => void) | undefined;
  #server: ServerVersion | null = null;

  constructor(opts: AuthentikApiOptions) {
    let url: URL;
    try {
      url = new URL(opts.baseUrl);
    } catch {
      throw new AuthentikApiError(`authentik API: base URL "${opts.baseUrl}" is not an absolute URL`, null);
    }
    this.baseUrl = url.href.replace(/\/+$/, '');
    this.#token = opts.token;
    this.#fetch = opts.fetchApi ?? fetch;
    this.#onCreated = opts.onCreated;
    const config = new Configuration({
      // Must be absolute: the client's default basePath is the relative "/api/v3", which only a browser resolves.
      basePath: `${this.baseUrl}/api/v3`,
      accessToken: opts.token,
      fetchApi: retryingReads(this.#fetch),
    });
    this.#core = new CoreApi(config);
    this.#providers = new ProvidersApi(config);
    this.#flows = new FlowsApi(config);
    this.#crypto = new CryptoApi(config);
    this.#mappings = new PropertymappingsApi(config);
    this.#admin = new AdminApi(config);
  }

  #track(obj: CreatedObject): void {
    this.#created.push(obj);
    this.#onCreated?.(obj);
  }

  /** What this instance has created and not yet removed, oldest first. */
  get created(): readonly CreatedObject[] {
    return [...this.#created];
  }

  async #call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw await toApiError(err, what, this.baseUrl, this.#token);
    }
  }

  /**
   * A call that may be repeated with the same effect (setting a password to one value, adding a member to a group),
   * tried again on an HTTP 5xx: real authentik has answered 500 to the set_password of a user it had just made, when
   * its gunicorn worker was recycled mid-request (see retryingReads), and 200 to the same call a moment later.
   * Anything else, and a third 5xx, fails as #call does.
   */
  async #idempotent<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#call(what, fn);
      } catch (err) {
        const status = err instanceof AuthentikApiError ? err.status : null;
        if (status === null || status < 500 || attempt >= IDEMPOTENT_ATTEMPTS) throw err;
        await sleep(500 * attempt);
      }
    }
  }

  /**
   * Calls the client's raw method and reads the answer through a lenient shape: a field docproof does not use may
   * be missing or new in the server's version; one it uses must be there, else one line says which.
   */
  async #read<S extends z.ZodType>(what: string, shape: S, fn: () => Promise<ApiResponse<unknown>>): Promise<z.infer<S>> {
    return this.#call(what, async () => {
      const r = await fn();
      let body: unknown;
      try {
        body = await r.raw.json();
      } catch {
        throw new AuthentikApiError(`authentik API: ${what} failed: HTTP ${r.raw.status} with a body that is not JSON`, r.raw.status);
      }
      const parsed = shape.safeParse(body);
      if (!parsed.success) {
        const version = this.#server ? ` ${this.#server.version}` : '';
        throw new AuthentikApiError(
          `authentik API: ${what}: authentik${version} answered in a shape docproof does not know (${firstIssue(parsed.error)})`,
          r.raw.status,
        );
      }
      return parsed.data;
    });
  }

  /** GET /api/v3/admin/version/ → e.g. "2026.5.0-rc1", as the server reports it (any version, supported or not). */
  async version(init?: RequestInit): Promise<string> {
    const v = await this.#read('read the version', VersionShape, () => this.#admin.adminVersionRetrieveRaw(init));
    return v.version_current;
  }

  /**
   * The server's version and what it has, read once. An authentik outside the supported window is an
   * AuthentikApiError (status null) naming its version and the window.
   */
  async server(init?: RequestInit): Promise<ServerVersion> {
    if (this.#server) return this.#server;
    const version = await this.version(init);
    const known = serverVersion(version);
    if (!known.ok) throw new UnsupportedVersionError(`authentik at ${this.baseUrl} ${known.reason}`);
    this.#server = known.value;
    return known.value;
  }

  async #capabilities(): Promise<ServerCapabilities> {
    return (await this.server()).capabilities;
  }

  /**
   * Waits until the instance can serve a provisioning run (reference section F, "Suggested readiness sequence"):
   * /-/health/ready/ answers 200, the version is read and supported, the token is accepted (the worker has applied
   * the bootstrap blueprint), and the default flows, the self-signed key and the default scope mappings exist.
   * An unsupported version fails at once (UnsupportedVersionError).
   * `deadlineMs` is a duration in ms, or an absolute time (Date.now()-based) when larger than 10^12.
   * Throws, naming the step that was still failing, when the deadline passes.
   */
  async waitReady(deadlineMs: number): Promise<void> {
    const started = Date.now();
    const deadline = deadlineMs > EPOCH_THRESHOLD_MS ? deadlineMs : started + deadlineMs;
    let delay = 250;
    for (;;) {
      // The last probe may overrun the deadline by up to a second rather than be cut off before it can answer.
      const signal = AbortSignal.timeout(Math.min(PROBE_TIMEOUT_MS, Math.max(1000, deadline - Date.now())));
      const reason = await this.#notReadyReason(signal).catch((err: unknown) => {
        if (err instanceof UnsupportedVersionError) throw err; // waiting will not change the version
        return err instanceof Error ? err.message : String(err);
      });
      if (reason === null) return;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        throw new AuthentikApiError(`authentik at ${this.baseUrl} not ready after ${seconds}s: ${reason}`, null);
      }
      await new Promise((r) => setTimeout(r, Math.min(delay, remaining)));
      delay = Math.min(delay * 2, 2000);
    }
  }

  /** null when ready, else why not (one line, never the token). */
  async #notReadyReason(signal: AbortSignal): Promise<string | null> {
    const init = { signal };
    const health = `${this.baseUrl}/-/health/ready/`;
    try {
      const r = await this.#fetch(health, { signal, redirect: 'manual' });
      await r.body?.cancel();
      if (r.status !== 200) return `GET /-/health/ready/ answered ${r.status}`;
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      return `GET /-/health/ready/ failed (${cause ?? (err as Error).name})`;
    }
    await this.server(init);
    await this.#read('check the API token (GET /core/users/me/)', SessionUserShape, () => this.#core.coreUsersMeRetrieveRaw(init));
    for (const slug of SIGN_IN_FLOWS) {
      const flows = await this.#read(`look up flow ${slug}`, FlowListShape, () => this.#flows.flowsInstancesListRaw({ slug }, init));
      if (!flows.results.some((f) => f.slug === slug)) return `flow "${slug}" does not exist yet`;
    }
    const keys = await this.#read('look up the self-signed key', KeypairListShape, () =>
      this.#crypto.cryptoCertificatekeypairsListRaw({ name: SELF_SIGNED_KEY_NAME }, init),
    );
    if (!keys.results.some((k) => k.name === SELF_SIGNED_KEY_NAME)) return `key "${SELF_SIGNED_KEY_NAME}" does not exist yet`;
    const scopes = await this.#read('look up the default scope mappings', ScopeMappingListShape, () =>
      this.#mappings.propertymappingsProviderScopeListRaw({ managed: [...DEFAULT_SCOPE_MANAGED] }, init),
    );
    const missing = DEFAULT_SCOPE_MANAGED.filter((m) => !scopes.results.some((s) => s.managed === m));
    if (missing.length) return `scope mappings ${missing.join(', ')} do not exist yet`;
    return null;
  }

  /**
   * Creates the provider, then the application, as the wizard would for this spec (section I): confidential client,
   * the openid/email/profile scope mappings by managed key (plus the spec's extras), the
   * default-provider-invalidation-flow, the hashed-user-ID sub mode and the per-provider issuer. A server without
   * redirect URI types (before 2026.5) gets no post-logout URIs: it would take them as authorization URIs. They
   * are returned in `notSent`.
   */
  async provisionOAuth2(spec: OAuth2AppSpec): Promise<ProvisionedApp> {
    const { redirectUriTypes } = await this.#capabilities();
    const sent = redirectUriTypes ? spec.redirectUris : spec.redirectUris.filter((u) => u.kind === 'authorization');
    const notSent = spec.redirectUris.filter((u) => !sent.includes(u));
    const authorizationFlow = await this.#flowPk(FLOW_SLUGS[spec.authorizationFlow]);
    const invalidationFlow = await this.#flowPk(FLOW_SLUGS.invalidation);
    const signingKey = spec.signingKey === 'any' ? await this.#anySigningKey() : null;
    const propertyMappings = await this.#scopeMappingPks([...DEFAULT_SCOPE_MANAGED, ...(spec.extraScopeMappings ?? [])]);
    await this.assertNotTaken(spec);

    const provider = await this.#read(`create OAuth2 provider "${spec.providerName}"`, ProviderShape, () =>
      this.#providers.providersOauth2CreateRaw({
        oAuth2ProviderRequest: {
          name: spec.providerName,
          authorizationFlow,
          invalidationFlow,
          clientType: WIZARD_DEFAULTS.clientType,
          propertyMappings,
          signingKey,
          redirectUris: sent.map((u) => toRedirectUriRequest(u, redirectUriTypes)),
          subMode: WIZARD_DEFAULTS.subMode,
          issuerMode: WIZARD_DEFAULTS.issuerMode,
        },
      }),
    );
    this.#track({ kind: 'provider', pk: provider.pk, name: spec.providerName });

    const app = await this.#read(`create application "${spec.slug}"`, ApplicationShape, () =>
      this.#core.coreApplicationsCreateRaw({
        applicationRequest: { name: spec.applicationName, slug: spec.slug, provider: provider.pk },
      }),
    );
    this.#track({ kind: 'application', slug: app.slug, name: app.name });

    const { clientId, clientSecret } = await this.#credentials(provider);
    const urls = await this.#read(`read the setup URLs of provider ${provider.pk}`, SetupUrlsShape, () =>
      this.#providers.providersOauth2SetupUrlsRetrieveRaw({ id: provider.pk }),
    );
    return { providerPk: provider.pk, slug: app.slug, clientId, clientSecret, issuer: urls.issuer, notSent };
  }

  /** Reads a provider back (for checks of what was created). */
  async readProvider(pk: number): Promise<ProviderDetail> {
    return this.#read(`read OAuth2 provider ${pk}`, ProviderDetailShape, () => this.#providers.providersOauth2RetrieveRaw({ id: pk }));
  }

  /**
   * Makes sure the test user exists. A user created here gets the given password and is deleted by cleanup(); an
   * existing user (named by whoever runs docproof, with its password) is left exactly as it is, because cleanup
   * could not restore a password or attribute we changed.
   */
  async ensureUser(u: { username: string; email: string; name: string; password: string }): Promise<{ pk: number; created: boolean }> {
    const found = await this.#read(`look up user "${u.username}"`, UserListShape, () => this.#core.coreUsersListRaw({ username: u.username }));
    const existing = found.results.find((x) => x.username === u.username);
    if (existing) return { pk: existing.pk, created: false };
    const user = await this.#read(`create user "${u.username}"`, UserShape, () =>
      this.#core.coreUsersCreateRaw({ userRequest: { username: u.username, name: u.name, email: u.email, isActive: true } }),
    );
    this.#track({ kind: 'user', pk: user.pk, username: u.username });
    await this.#idempotent(`set the password of user "${u.username}"`, () =>
      this.#core.coreUsersSetPasswordCreate({ id: user.pk, userPasswordSetRequest: { password: u.password } }),
    );
    return { pk: user.pk, created: true };
  }

  /**
   * A run-scoped administrator for the walk through authentik's admin interface: a new user with the given
   * password, member of a superuser group (the bootstrap blueprint's "authentik Admins"), removed by cleanup().
   * The stack's token belongs to akadmin, whose password a run does not know (and must not change).
   */
  async createRunAdmin(u: { username: string; name: string; password: string }): Promise<{ pk: number }> {
    const groups = await this.#read('look up a superuser group', GroupListShape, () => this.#core.coreGroupsListRaw({ isSuperuser: true }));
    const group = groups.results.find((g) => g.name === 'authentik Admins') ?? groups.results[0];
    if (!group) throw new AuthentikApiError('authentik has no superuser group to make a run-scoped administrator with', null);
    const user = await this.#read(`create user "${u.username}"`, UserShape, () =>
      this.#core.coreUsersCreateRaw({ userRequest: { username: u.username, name: u.name, isActive: true, path: 'docproof' } }),
    );
    this.#track({ kind: 'user', pk: user.pk, username: u.username });
    await this.#idempotent(`set the password of user "${u.username}"`, () =>
      this.#core.coreUsersSetPasswordCreate({ id: user.pk, userPasswordSetRequest: { password: u.password } }),
    );
    await this.#idempotent(`add user "${u.username}" to group "${group.name}"`, () =>
      this.#core.coreGroupsAddUserCreate({ groupUuid: group.pk, userAccountRequest: { pk: user.pk } }),
    );
    return { pk: user.pk };
  }

  /**
   * The application with this slug and its OAuth2 provider, as they are now (what the admin interface created);
   * both are adopted (removed by cleanup()). Null when no application has the slug.
   */
  async readbackApplication(slug: string): Promise<{ application: z.infer<typeof ApplicationDetailShape>; provider: ProviderReadback | null } | null> {
    const apps = await this.#read(`look up application "${slug}"`, ApplicationDetailListShape, () =>
      this.#core.coreApplicationsListRaw({ slug }),
    );
    const application = apps.results.find((a) => a.slug === slug);
    if (!application) return null;
    let provider: ProviderReadback | null = null;
    if (application.provider != null) {
      const pk = application.provider;
      provider = await this.#read(`read OAuth2 provider ${pk}`, ProviderReadbackShape, () => this.#providers.providersOauth2RetrieveRaw({ id: pk })).catch(
        (err: unknown) => {
          if (err instanceof AuthentikApiError && err.status === 404) return null; // a provider of another type
          throw err;
        },
      );
    }
    return { application, provider };
  }

  /** Objects created elsewhere (by the admin interface) that cleanup() must remove as if this instance made them. */
  adopt(obj: CreatedObject): void {
    if (this.#created.some((o) => JSON.stringify(o) === JSON.stringify(obj))) return;
    this.#track(obj);
  }

  /** Providers and applications whose name is given: what a walk that stopped half-way may have created. */
  async findByName(name: { application?: string; provider?: string }): Promise<CreatedObject[]> {
    const found: CreatedObject[] = [];
    if (name.provider) {
      const list = await this.#read(`look up provider "${name.provider}"`, ProviderListShape, () => this.#providers.providersOauth2ListRaw({ name: name.provider! }));
      for (const p of list.results) if (p.name === name.provider) found.push({ kind: 'provider', pk: p.pk, name: p.name });
    }
    if (name.application) {
      const list = await this.#read(`look up application "${name.application}"`, ApplicationListShape, () => this.#core.coreApplicationsListRaw({ name: name.application! }));
      for (const a of list.results) if (a.name === name.application) found.push({ kind: 'application', slug: a.slug, name: a.name });
    }
    return found;
  }

  /** Scope names of mapping pks, flow slugs of flow pks, key names of key pks: the readback's words. */
  async scopeNames(pks: string[]): Promise<string[]> {
    if (!pks.length) return [];
    const list = await this.#read('look up scope mappings', ScopeMappingListShape, () => this.#mappings.propertymappingsProviderScopeListRaw({ pageSize: 100 }));
    return list.results.filter((m) => pks.includes(m.pk)).map((m) => m.scope_name);
  }

  async flowSlug(pk: string): Promise<string> {
    const flows = await this.#read(`look up flow ${pk}`, FlowListShape, () => this.#flows.flowsInstancesListRaw({ flowUuid: pk }));
    return flows.results.find((f) => f.pk === pk)?.slug ?? pk;
  }

  /**
   * Deletes everything this instance created, newest first, treating 404 as already gone. Tries every object even
   * when one fails, then throws one error naming what is left.
   */
  async cleanup(): Promise<void> {
    const failures: string[] = [];
    for (const obj of [...this.#created].reverse()) {
      try {
        await this.remove(obj);
      } catch (err) {
        if (!(err instanceof AuthentikApiError && err.status === 404)) {
          failures.push(err instanceof Error ? err.message : String(err));
          continue;
        }
      }
      this.#created.splice(this.#created.indexOf(obj), 1);
    }
    if (failures.length) throw new AuthentikApiError(`authentik cleanup left objects behind: ${failures.join('; ')}`, null);
  }

  /** Deletes one object (a 404 is an AuthentikApiError with status 404: already gone). */
  remove(obj: CreatedObject): Promise<void> {
    switch (obj.kind) {
      case 'application':
        return this.#call(`delete application "${obj.slug}"`, () => this.#core.coreApplicationsDestroy({ slug: obj.slug }));
      case 'provider':
        return this.#call(`delete OAuth2 provider "${obj.name}"`, () => this.#providers.providersOauth2Destroy({ id: obj.pk }));
      case 'user':
        return this.#call(`delete user "${obj.username}"`, () => this.#core.coreUsersDestroy({ id: obj.pk }));
    }
  }

  async #flowPk(slug: string): Promise<string> {
    const flows = await this.#read(`look up flow "${slug}"`, FlowListShape, () => this.#flows.flowsInstancesListRaw({ slug }));
    const flow = flows.results.find((f) => f.slug === slug);
    if (!flow) throw new AuthentikApiError(`authentik has no flow "${slug}" (authentik's default blueprints create it)`, null);
    return flow.pk;
  }

  /**
   * "Select any available signing key": the self-signed certificate authentik creates on startup, else the first key
   * pair that has a private key (the guide allows any).
   */
  async #anySigningKey(): Promise<string> {
    const named = await this.#read('look up the self-signed key', KeypairListShape, () =>
      this.#crypto.cryptoCertificatekeypairsListRaw({ name: SELF_SIGNED_KEY_NAME, hasKey: true }),
    );
    const selfSigned = named.results.find((k) => k.name === SELF_SIGNED_KEY_NAME);
    if (selfSigned) return selfSigned.pk;
    const all = await this.#read('look up signing keys', KeypairListShape, () => this.#crypto.cryptoCertificatekeypairsListRaw({ hasKey: true }));
    const any = all.results.find((k) => k.private_key_available);
    if (!any) throw new AuthentikApiError('authentik has no certificate key pair with a private key to sign tokens with', null);
    return any.pk;
  }

  /** Resolves managed keys (one request) and scope names (one request each) to mapping pks, keeping the order. */
  async #scopeMappingPks(wanted: string[]): Promise<string[]> {
    const unique = [...new Set(wanted)];
    const managed = unique.filter(isManagedKey);
    const byManaged = new Map<string, string>();
    if (managed.length) {
      const list = await this.#read('look up scope mappings', ScopeMappingListShape, () =>
        this.#mappings.propertymappingsProviderScopeListRaw({ managed, pageSize: 100 }),
      );
      for (const m of list.results) if (m.managed) byManaged.set(m.managed, m.pk);
    }
    const pks: string[] = [];
    for (const key of unique) {
      if (isManagedKey(key)) {
        const pk = byManaged.get(key);
        if (!pk) throw new AuthentikApiError(`authentik has no scope mapping with managed key "${key}"`, null);
        pks.push(pk);
        continue;
      }
      const list = await this.#read(`look up the scope mapping for scope "${key}"`, ScopeMappingListShape, () =>
        this.#mappings.propertymappingsProviderScopeListRaw({ scopeName: key }),
      );
      const matches = list.results.filter((m) => m.scope_name === key);
      // Prefer authentik's own (managed) mapping when a custom one shares the scope name.
      const pick = matches.find((m) => m.managed) ?? matches[0];
      if (!pick) throw new AuthentikApiError(`authentik has no scope mapping for scope "${key}"`, null);
      pks.push(pick.pk);
    }
    return [...new Set(pks)];
  }

  /** A clear message instead of authentik's 400 when a previous run (or a real app) already holds the names. */
  async assertNotTaken(spec: Pick<OAuth2AppSpec, 'slug' | 'providerName'>): Promise<void> {
    const apps = await this.#read(`look up application "${spec.slug}"`, ApplicationListShape, () => this.#core.coreApplicationsListRaw({ slug: spec.slug }));
    if (apps.results.some((a) => a.slug === spec.slug)) {
      throw new AuthentikApiError(
        `authentik already has an application with slug "${spec.slug}" (left from an earlier run, or a real one): delete it or use another instance`,
        null,
      );
    }
    const providers = await this.#read(`look up provider "${spec.providerName}"`, ProviderListShape, () =>
      this.#providers.providersOauth2ListRaw({ name: spec.providerName }),
    );
    if (providers.results.some((p) => p.name === spec.providerName)) {
      throw new AuthentikApiError(
        `authentik already has a provider named "${spec.providerName}" (left from an earlier run, or a real one): delete it or use another instance`,
        null,
      );
    }
  }

  /** The create response carries the generated client ID and secret; read the provider back if it does not. */
  async #credentials(provider: z.infer<typeof ProviderShape>): Promise<{ clientId: string; clientSecret: string }> {
    let { client_id: clientId, client_secret: clientSecret } = provider;
    if (!clientId || !clientSecret) ({ client_id: clientId, client_secret: clientSecret } = await this.readProvider(provider.pk));
    if (!clientId || !clientSecret) {
      throw new AuthentikApiError(`authentik returned no client ID or secret for provider ${provider.pk}`, null);
    }
    return { clientId, clientSecret };
  }
}

/** Only a server with redirect URI types (2026.5+) is sent the type. */
function toRedirectUriRequest(u: OAuth2RedirectUriSpec, withType: boolean): RedirectURIRequest {
  return {
    matchingMode: u.matchingMode === 'regex' ? MatchingModeEnum.Regex : MatchingModeEnum.Strict,
    url: u.url,
    ...(withType ? { redirectUriType: redirectUriType(u.kind) === 'logout' ? RedirectURITypeEnum.Logout : RedirectURITypeEnum.Authorization } : {}),
  };
}

/** An authentik whose version docproof does not drive: waiting or retrying cannot help. */
export class UnsupportedVersionError extends AuthentikApiError {
  override name = 'UnsupportedVersionError';
  constructor(message: string) {
    super(message, null);
  }
}
