/**
 * authentik's OAuth2/OIDC endpoints (reference section C) on top of oidc-provider, a certified OpenID
 * provider: one oidc-provider instance per application, because authentik's default issuer is per provider
 * (`<base>/application/o/<slug>/`) while authorize/token/userinfo/introspect/revoke are global URLs. A thin
 * layer in front routes each global request to the instance of the client it names, and applies what
 * authentik does before its own provider code runs (section I and D):
 *
 * - client and redirect URI checks of OAuthAuthorizationParams: unknown client → "Client ID Error" page,
 *   redirect URI not matching a `strict` (exact) or `regex` (full match) entry → "Redirect URI Error" page,
 *   never a redirect;
 * - scopes: the `scope` parameter split on whitespace, intersected with the provider's selected scope
 *   mappings (unknown ones silently dropped), empty request = all selected scopes;
 * - every authorization runs the provider's authorization flow (login first when there is no authentik
 *   session; the explicit-consent flow shows the consent stage), then continues the oidc-provider request;
 * - error bodies and statuses of the token endpoint (400 `{error, error_description, request_id}`) and of
 *   userinfo (empty body, `WWW-Authenticate: error="…", error_description="…"`).
 *
 * Limits (not needed by docproof, said here rather than pretended): only the authorization code flow
 * (`response_type=code`) is offered; PKCE is S256 only; an ID token is issued only when `openid` is granted.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Provider, interactionPolicy, type InteractionLike, type KoaContextLike } from 'oidc-provider';
import type { FlowExecutor } from './flows.js';
import { errorPage } from './pages.js';
import { authorizationRedirectUris, checkAuthorizeRedirectUri, redirectUriAllowed } from './redirect-uris.js';
import type { ApplicationRecord, AuthentikState, OAuth2ProviderRecord, UserRecord } from './state.js';

/**
 * oidc-provider refuses to finish an authorization that grants no scope at all, which authentik does (e.g.
 * `scope=email,openid,profile` is one unknown scope, so nothing is granted). This placeholder scope, which
 * yields no claims, stands for "no scope" inside oidc-provider and is removed from every response.
 */
const NO_SCOPE = 'authentik-standin-no-scope';

const TOKEN_ERRORS: Record<string, string> = {
  invalid_request: 'The request is otherwise malformed',
  invalid_client:
    'Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)',
  invalid_grant:
    'The provided authorization grant or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client',
  unauthorized_client: 'The authenticated client is not authorized to use this authorization grant type',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server',
  invalid_scope: 'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner',
};

const BEARER_ERRORS: Record<string, [string, number]> = {
  invalid_request: ['The request is otherwise malformed', 400],
  invalid_token: ['The access token provided is expired, revoked, malformed, or invalid for other reasons', 401],
  insufficient_scope: ['The request requires higher privileges than provided by the access token', 403],
};

interface RequestHints {
  /** The redirect URI this request uses, already checked by authentik's rules. */
  redirectUri?: string;
  /** How the client authenticates in this request (authentik accepts basic and post for any client). */
  authMethod?: 'client_secret_basic' | 'client_secret_post' | 'none';
  /** The authorize request's query as the client sent it (before scope normalisation). */
  originalQuery?: string;
}

type Stored = { payload: Record<string, unknown>; expiresAt: number | undefined };

/** One store for all instances: sessions, interactions, codes and tokens outlive instance rebuilds. */
class SharedStore {
  readonly items = new Map<string, Stored>();

  get(key: string): Record<string, unknown> | undefined {
    const item = this.items.get(key);
    if (!item) return undefined;
    if (item.expiresAt !== undefined && item.expiresAt < Date.now()) {
      this.items.delete(key);
      return undefined;
    }
    return item.payload;
  }

  adapter(model: string) {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id: string, payload: Record<string, unknown>, expiresIn?: number) => {
        this.items.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
        if (payload.grantId) this.items.set(`grant:${String(payload.grantId)}:${key(id)}`, { payload: { ref: key(id) }, expiresAt: undefined });
        if (payload.uid) this.items.set(`uid:${model}:${String(payload.uid)}`, { payload: { ref: id }, expiresAt: undefined });
      },
      find: async (id: string) => this.get(key(id)),
      findByUid: async (uid: string) => {
        const ref = this.get(`uid:${model}:${uid}`)?.ref as string | undefined;
        return ref ? this.get(key(ref)) : undefined;
      },
      findByUserCode: async () => undefined,
      consume: async (id: string) => {
        const p = this.get(key(id));
        if (p) p.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id: string) => {
        this.items.delete(key(id));
      },
      revokeByGrantId: async (grantId: string) => {
        for (const k of [...this.items.keys()]) {
          if (k.startsWith(`grant:${grantId}:`)) {
            this.items.delete(this.items.get(k)!.payload.ref as string);
            this.items.delete(k);
          }
        }
      },
    };
  }
}

/** authentik's timedelta strings ("hours=1;minutes=30") → seconds. */
function timedeltaSeconds(value: string, fallback: number): number {
  const units: Record<string, number> = { weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1, microseconds: 1e-6, milliseconds: 1e-3 };
  let total = 0;
  for (const part of value.split(';')) {
    const [unit, amount] = part.split('=');
    if (unit && amount && units[unit.trim()] !== undefined) total += Number(amount) * units[unit.trim()]!;
  }
  return total > 0 ? Math.max(1, Math.round(total)) : fallback;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** oidc-provider reads an already consumed body from `req.body`. */
function setBody(req: IncomingMessage, body: Buffer): void {
  (req as IncomingMessage & { body?: Buffer }).body = body;
}

function basicAuth(header: string | undefined): { clientId: string; secret: string } | undefined {
  const m = /^Basic\s(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  const part = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return i < 0 ? { clientId: part(decoded), secret: '' } : { clientId: part(decoded.slice(0, i)), secret: part(decoded.slice(i + 1)) };
}

export interface OidcLayerOptions {
  state: AuthentikState;
  flows: FlowExecutor;
}

export class OidcLayer {
  private readonly store = new SharedStore();
  private readonly hints = new AsyncLocalStorage<RequestHints>();
  private readonly instances = new Map<string, { provider: Provider; providerPk: number }>();
  private readonly cookieKey = randomBytes(32).toString('base64url');
  /** Consents given on the explicit-consent flow (ConsentStage mode "expiring"): user:app → scopes. */
  private readonly consents = new Map<string, Set<string>>();

  constructor(private readonly opts: OidcLayerOptions) {}

  /** Providers or applications changed: instances are rebuilt on next use (state lives in the shared store). */
  invalidate(): void {
    this.instances.clear();
  }

  /** Handles a request under /application/o/; returns false when the path is not one of authentik's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const rest = url.pathname.slice('/application/o/'.length);
    const method = req.method ?? 'GET';
    if (rest === 'authorize/' && (method === 'GET' || method === 'POST')) return this.authorize(req, res, url), true;
    const resume = /^authorize\/([^/]+)\/?$/.exec(rest);
    if (resume && method === 'GET') return this.resume(req, res, resume[1]!), true;
    if (rest === 'token/' && method === 'POST') return this.clientAuthenticated(req, res, 'token'), true;
    if ((rest === 'introspect/' || rest === 'revoke/') && method === 'POST') return this.clientAuthenticated(req, res, rest.slice(0, -1) as 'introspect' | 'revoke'), true;
    if (rest === 'userinfo/' && (method === 'GET' || method === 'POST')) return this.userinfo(req, res, url), true;
    const perSlug = /^([^/]+)\/(.*)$/.exec(rest);
    if (!perSlug) return false;
    const [, slug, tail] = perSlug as unknown as [string, string, string];
    // `<slug>/` redirects to the provider's discovery document whether or not an application has that slug
    // (authentik/providers/oauth2/urls.py: a Django RedirectView, 302, named "provider-root"); the document then
    // answers 404 for a slug no application has (views/provider.py, get_object_or_404).
    if (tail === '' && /^[-a-zA-Z0-9_]+$/.test(slug)) {
      res.writeHead(302, { location: `/application/o/${slug}/.well-known/openid-configuration` });
      res.end();
      return true;
    }
    const app = this.opts.state.applications.get(slug);
    const provider = app?.provider == null ? undefined : this.opts.state.providers.get(app.provider);
    if (!app || !provider) return false;
    if (tail === '.well-known/openid-configuration' && method === 'GET') {
      req.url = '/.well-known/openid-configuration';
      return this.dispatch(this.instanceFor(app, provider), req, res, {}), true;
    }
    if (tail === 'jwks/' && method === 'GET') return this.dispatch(this.instanceFor(app, provider), req, res, {}), true;
    if (tail === 'end-session/' && (method === 'GET' || method === 'POST')) return this.endSession(req, res, url, app, provider), true;
    if (tail === 'end-session/confirm' && method === 'POST') {
      setBody(req, await readBody(req));
      return this.dispatch(this.instanceFor(app, provider), req, res, {}), true;
    }
    return false;
  }

  private instanceFor(app: ApplicationRecord, record: OAuth2ProviderRecord): Provider {
    const cached = this.instances.get(app.slug);
    if (cached && cached.providerPk === record.pk) return cached.provider;
    const provider = this.createInstance(app, record);
    this.instances.set(app.slug, { provider, providerPk: record.pk });
    return provider;
  }

  private dispatch(provider: Provider, req: IncomingMessage, res: ServerResponse, hints: RequestHints): void {
    this.hints.run(hints, () => provider.callback()(req, res));
  }

  private async authorize(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { state } = this.opts;
    let params = url.searchParams;
    let rawQuery = url.search.slice(1);
    if (req.method === 'POST') {
      const body = await readBody(req);
      rawQuery = body.toString('utf8');
      params = new URLSearchParams(rawQuery);
    }
    if ([...params.keys()].length === 0) return sendHtml(res, 404, errorPage('Not Found', 'The requested URL was not found.'));
    const provider = state.providerByClientId(params.get('client_id') ?? '');
    if (!provider) return sendHtml(res, 400, errorPage('Client ID Error', 'The client identifier (client_id) is missing or invalid.'));
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!checkAuthorizeRedirectUri(provider, redirectUri)) {
      return sendHtml(res, 400, errorPage('Redirect URI Error', 'The request fails due to a missing, invalid, or mismatching redirection URI (redirect_uri).'));
    }
    const app = state.applicationForProvider(provider.pk);
    if (!app) return sendHtml(res, 404, errorPage('Not Found', 'The provider has no application.'));

    // Section I: split on whitespace; keep what the provider selected; nothing requested = everything selected.
    const selected = state.scopeNamesOf(provider);
    const requested = (params.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const granted = requested.length === 0 ? selected : [...new Set(requested)].filter((s) => selected.includes(s));
    const forwarded = new URLSearchParams(params);
    forwarded.set('scope', granted.length ? granted.join(' ') : NO_SCOPE);
    if (!granted.includes('openid')) {
      // authentik ignores these without `openid`; oidc-provider would refuse the request.
      for (const p of ['nonce', 'max_age', 'claims', 'acr_values', 'id_token_hint']) forwarded.delete(p);
    }
    req.method = 'GET';
    req.url = `/application/o/authorize/?${forwarded.toString()}`;
    this.dispatch(this.instanceFor(app, provider), req, res, { redirectUri, originalQuery: rawQuery });
  }

  private async resume(req: IncomingMessage, res: ServerResponse, uid: string): Promise<void> {
    const interaction = this.store.get(`Interaction:${uid}`);
    const params = (interaction?.params ?? {}) as Record<string, string>;
    const provider = this.opts.state.providerByClientId(params.client_id ?? '');
    const app = provider && this.opts.state.applicationForProvider(provider.pk);
    if (!interaction || !provider || !app) return sendHtml(res, 400, errorPage('invalid_request', 'The authorization request has expired.'));
    const redirectUri = redirectUriAllowed(provider, params.redirect_uri ?? '') ? params.redirect_uri : undefined;
    this.dispatch(this.instanceFor(app, provider), req, res, redirectUri ? { redirectUri } : {});
  }

  /** token, introspect and revoke: the client authenticates (HTTP basic or client_secret_post). */
  private async clientAuthenticated(req: IncomingMessage, res: ServerResponse, endpoint: 'token' | 'introspect' | 'revoke'): Promise<void> {
    const body = await readBody(req);
    setBody(req, body);
    const form = new URLSearchParams(body.toString('utf8'));
    const basic = basicAuth(req.headers.authorization);
    const clientId = basic?.clientId ?? form.get('client_id') ?? '';
    const provider = this.opts.state.providerByClientId(clientId);
    const app = provider && this.opts.state.applicationForProvider(provider.pk);
    const tokenError = (error: string) =>
      sendJson(res, 400, { error, error_description: TOKEN_ERRORS[error], request_id: randomUUID().replace(/-/g, '') });
    if (!provider || !app) return tokenError('invalid_client');
    const hints: RequestHints = {
      authMethod: basic ? 'client_secret_basic' : form.has('client_secret') ? 'client_secret_post' : 'none',
    };
    if (endpoint === 'token' && form.get('grant_type') === 'authorization_code') {
      // TokenRequest.check_redirect_uri: the same strict/regex rules, a mismatch is invalid_client.
      const redirectUri = form.get('redirect_uri') ?? '';
      if (!authorizationRedirectUris(provider).length || !redirectUriAllowed(provider, redirectUri)) return tokenError('invalid_client');
      hints.redirectUri = redirectUri;
    }
    this.dispatch(this.instanceFor(app, provider), req, res, hints);
  }

  private async userinfo(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let token = /^[Bb]earer\s(.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!token && req.method === 'POST') {
      const body = await readBody(req);
      setBody(req, body);
      token = new URLSearchParams(body.toString('utf8')).get('access_token') ?? undefined;
    }
    token ??= url.searchParams.get('access_token') ?? undefined;
    const clientId = token ? (this.store.get(`AccessToken:${token}`)?.clientId as string | undefined) : undefined;
    const provider = clientId ? this.opts.state.providerByClientId(clientId) : undefined;
    const app = provider && this.opts.state.applicationForProvider(provider.pk);
    if (!provider || !app) return this.bearerError(res, 'invalid_token');
    this.dispatch(this.instanceFor(app, provider), req, res, {});
  }

  private bearerError(res: ServerResponse, code: string): void {
    const [description, status] = BEARER_ERRORS[code] ?? BEARER_ERRORS.invalid_request!;
    res.writeHead(status, { 'www-authenticate': `error="${code}", error_description="${description}"` });
    res.end();
  }

  /**
   * EndSessionView: deletes this provider's access tokens of the signed-in user, plans the provider's
   * invalidation flow with the session-end stage and redirects to it. It does NOT end the authentik session
   * (the default provider invalidation flow has no logout stage; the page offers "Log out of authentik").
   */
  private async endSession(req: IncomingMessage, res: ServerResponse, url: URL, app: ApplicationRecord, provider: OAuth2ProviderRecord): Promise<void> {
    const { state, flows } = this.opts;
    const flow = state.flowByPk(provider.invalidation_flow);
    if (!flow) return sendHtml(res, 404, errorPage('Not Found', 'No invalidation flow.'));
    const { session, setCookie } = flows.ensure(req.headers.cookie);
    const user = flows.userOf(session);
    if (user) {
      for (const [key, item] of [...this.store.items]) {
        if (/^(AccessToken|RefreshToken|AuthorizationCode):/.test(key) && item.payload.clientId === provider.client_id && item.payload.accountId === this.subFor(user, provider)) {
          this.store.items.delete(key);
        }
      }
    }
    const launchUrl = app.meta_launch_url || (() => {
      const first = authorizationRedirectUris(provider).find((u) => u.matching_mode === 'strict');
      try {
        return first ? new URL(first.url).origin : null;
      } catch {
        return null;
      }
    })();
    flows.planProviderInvalidation(session, flow.slug, { name: app.name, launchUrl });
    const query = req.method === 'POST' ? (await readBody(req)).toString('utf8') : url.search.slice(1);
    res.writeHead(302, { location: `/if/flow/${flow.slug}/${query ? `?${query}` : ''}`, ...(setCookie ? { 'set-cookie': setCookie } : {}) });
    res.end();
  }

  /** Forget oidc-provider's own session of this browser (authentik logged a user in or out). */
  forgetBrowserSession(cookieHeader: string | undefined): void {
    const key = this.browserSessionKey(cookieHeader);
    if (key) this.store.items.delete(key);
  }

  private browserSessionKey(cookieHeader: string | undefined): string | undefined {
    const m = /(?:^|;\s*)authentik_oidc_session=([^;]+)/.exec(cookieHeader ?? '');
    return m ? `Session:${decodeURIComponent(m[1]!)}` : undefined;
  }

  /**
   * The `sub` of a user for a provider (sub_mode, default the hashed user ID). It is also the account id
   * inside oidc-provider, which always answers `sub` with the account id.
   */
  private subFor(user: UserRecord, record: OAuth2ProviderRecord): string {
    const { state } = this.opts;
    return (
      {
        hashed_user_id: state.hashedUserId(user),
        user_id: String(user.pk),
        user_uuid: user.uuid,
        user_username: user.username,
        user_email: user.email,
        user_upn: String(user.attributes.upn ?? user.email),
      }[record.sub_mode] ?? state.hashedUserId(user)
    );
  }

  private claimsFor(user: UserRecord, record: OAuth2ProviderRecord): Record<string, unknown> {
    return {
      sub: this.subFor(user, record),
      // blueprints/system/providers-oauth2.yaml
      email: user.email,
      email_verified: false,
      name: user.name,
      given_name: user.name,
      preferred_username: user.username,
      nickname: user.username,
      groups: user.groups,
      entitlements: [],
      roles: [],
    };
  }

  private createInstance(app: ApplicationRecord, record: OAuth2ProviderRecord): Provider {
    const { state, flows } = this.opts;
    const issuer = record.issuer_mode === 'global' ? 'http://authentik-standin/' : `http://authentik-standin/application/o/${app.slug}/`;
    const clientId = record.client_id;
    const signingKey = state.keypair(record.signing_key) ?? state.keypairs[0]!;
    const jwk = { ...signingKey.privateKey.export({ format: 'jwk' }), use: 'sig', kid: signingKey.pk.replace(/-/g, '') };
    const store = this.store;
    const hints = this.hints;
    const layer = this;

    const policy = interactionPolicy.base();
    // Every authorization goes through authentik's authorization flow (login first if needed); the request
    // continues only with the flow's result.
    policy.get('login')!.checks.add(
      new interactionPolicy.Check('authentik_authorization_flow', 'the authorization flow must run', (ctx) => !ctx.oidc.result),
      0,
    );

    const provider = new Provider(issuer, {
      adapter: (model: string) => {
        if (model !== 'Client') return store.adapter(model);
        return {
          ...store.adapter(model),
          find: async (id: string) => {
            const p = state.providerByClientId(id);
            if (!p || state.applicationForProvider(p.pk)?.slug !== app.slug) return undefined;
            const h = hints.getStore() ?? {};
            const strict = authorizationRedirectUris(p)
              .filter((u) => u.matching_mode === 'strict' && /^https?:\/\/[^#]+$/.test(u.url))
              .map((u) => u.url);
            const uris = [...new Set([...(h.redirectUri ? [h.redirectUri] : []), ...strict])];
            return {
              client_id: p.client_id,
              ...(p.client_type === 'confidential' ? { client_secret: p.client_secret } : {}),
              token_endpoint_auth_method: p.client_type === 'public' ? 'none' : (h.authMethod ?? 'client_secret_basic'),
              // Redirect URIs were matched by authentik's rules in front; oidc-provider needs a valid list.
              redirect_uris: uris.length ? uris : ['https://no-redirect-uri.invalid/'],
              response_types: ['code'],
              grant_types: ['authorization_code', 'refresh_token'],
              id_token_signed_response_alg: p.signing_key ? 'RS256' : 'HS256',
            };
          },
        };
      },
      findAccount: async (_ctx: unknown, id: string) => {
        const current = state.providers.get(record.pk) ?? record;
        const user = [...state.users.values()].find((u) => u.is_active && layer.subFor(u, current) === id);
        if (!user) return undefined;
        return { accountId: id, claims: async () => layer.claimsFor(user, current) };
      },
      claims: {
        openid: ['sub'],
        email: ['email', 'email_verified'],
        profile: ['name', 'given_name', 'preferred_username', 'nickname', 'groups'],
        entitlements: ['entitlements', 'roles'],
      },
      scopes: ['openid', 'offline_access', 'email', 'profile', 'entitlements', 'goauthentik.io/api', NO_SCOPE],
      conformIdTokenClaims: !record.include_claims_in_id_token,
      features: {
        devInteractions: { enabled: false },
        introspection: { enabled: true, allowedPolicy: () => true },
        revocation: { enabled: true },
        userinfo: { enabled: true },
        rpInitiatedLogout: { enabled: true },
      },
      enabledJWA: { idTokenSigningAlgValues: ['RS256', 'HS256'] },
      clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'none'],
      responseTypes: ['code'],
      pkce: { required: () => false },
      clientBasedCORS: () => true,
      cookies: {
        keys: [this.cookieKey],
        names: { session: 'authentik_oidc_session', interaction: 'authentik_oidc_interaction', resume: 'authentik_oidc_resume' },
      },
      routes: {
        authorization: '/application/o/authorize/',
        token: '/application/o/token/',
        userinfo: '/application/o/userinfo/',
        introspection: '/application/o/introspect/',
        revocation: '/application/o/revoke/',
        end_session: `/application/o/${app.slug}/end-session/`,
        jwks: `/application/o/${app.slug}/jwks/`,
      },
      jwks: { keys: [jwk] },
      ttl: {
        AccessToken: () => timedeltaSeconds(record.access_token_validity, 3600),
        AuthorizationCode: () => timedeltaSeconds(record.access_code_validity, 60),
        IdToken: () => timedeltaSeconds(record.access_token_validity, 3600),
        RefreshToken: () => timedeltaSeconds(record.refresh_token_validity, 30 * 86400),
        Interaction: 3600,
        Session: 14 * 86400,
        Grant: 14 * 86400,
      },
      interactions: {
        policy,
        url: async (ctx: KoaContextLike, interaction: InteractionLike) => {
          const original = hints.getStore()?.originalQuery ?? ctx.querystring;
          const session = flows.fromCookieHeader(ctx.get('cookie'));
          const user = flows.userOf(session);
          if (!session || !user) {
            // Not signed in: authentik's login redirect, back to this very authorize request afterwards.
            return `/flows/-/default/authentication/?${new URLSearchParams({ next: `/application/o/authorize/?${original}` })}`;
          }
          const flow = state.flowByPk(record.authorization_flow)!;
          const scopes = String(interaction.params.scope ?? '').split(' ').filter((s) => s && s !== NO_SCOPE);
          const consentKey = `${user.pk}:${app.slug}`;
          const consented = this.consents.get(consentKey);
          const explicit =
            flow.slug === 'default-provider-authorization-explicit-consent' && !(consented && scopes.every((s) => consented.has(s)));
          flows.planAuthorization(session, flow.slug, {
            appName: app.name,
            explicitConsent: explicit,
            permissions: state.scopeMappings
              .filter((m) => scopes.includes(m.scope_name) && m.description)
              .map((m) => ({ id: m.scope_name, name: m.description })),
            fulfil: async (signedIn, authTime, cookieHeader) => {
              const pending = await provider.Interaction.find(interaction.uid);
              if (!pending) throw new Error('authorization request expired');
              if (explicit) this.consents.set(consentKey, new Set([...(consented ?? []), ...scopes]));
              const accountId = this.subFor(signedIn, state.providers.get(record.pk) ?? record);
              const oidcSession = this.browserSessionKey(cookieHeader);
              if (oidcSession && this.store.get(oidcSession)?.accountId !== accountId) {
                // Another account (or another sub) than oidc-provider's session of this browser: start afresh.
                this.store.items.delete(oidcSession);
                delete (pending as unknown as { session?: unknown }).session;
              }
              const grant = new provider.Grant({ accountId, clientId });
              grant.addOIDCScope(String(pending.params.scope ?? NO_SCOPE));
              const grantId = await grant.save();
              pending.result = { login: { accountId, ts: authTime }, consent: { grantId } };
              await pending.save(pending.exp - Math.floor(Date.now() / 1000));
              return pending.returnTo;
            },
          });
          return `/if/flow/${flow.slug}/${original ? `?${original}` : ''}`;
        },
      },
      renderError: async (ctx: KoaContextLike, out: { error: string; error_description?: string }) => {
        ctx.set('content-type', 'text/html; charset=utf-8');
        ctx.body = errorPage(out.error, out.error_description ?? '');
      },
    });

    provider.use(async (ctx, next) => {
      await next();
      const route = ctx.oidc?.route;
      const body = ctx.body as Record<string, unknown> | undefined;
      if (route === 'token' || route === 'introspection' || route === 'revocation') {
        if (ctx.status >= 400 && body && typeof body.error === 'string') {
          // authentik answers every token error with 400 and its own descriptions (views/token.py).
          ctx.status = 400;
          ctx.remove('WWW-Authenticate');
          ctx.body = { error: body.error, error_description: TOKEN_ERRORS[body.error] ?? body.error_description, request_id: randomUUID().replace(/-/g, '') };
        } else if (body && (route === 'token' || route === 'introspection')) {
          const scope = String(body.scope ?? '').split(' ').filter((s) => s && s !== NO_SCOPE).join(' ');
          ctx.body = { ...body, scope };
        }
      } else if (route === 'userinfo' && ctx.status >= 400) {
        const code = body && typeof body.error === 'string' ? body.error : 'invalid_token';
        const [description, status] = BEARER_ERRORS[code] ?? BEARER_ERRORS.invalid_token!;
        ctx.status = status;
        ctx.body = '';
        ctx.set('WWW-Authenticate', `error="${code}", error_description="${description}"`);
      } else if (route === 'discovery' && body) {
        const base = ctx.href.replace(/\/\.well-known\/openid-configuration.*$/, '');
        ctx.body = {
          ...body,
          issuer: record.issuer_mode === 'global' ? `${base}/` : `${base}/application/o/${app.slug}/`,
          device_authorization_endpoint: `${base}/application/o/device/`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
          scopes_supported: state.scopeNamesOf(state.providers.get(record.pk) ?? record),
          subject_types_supported: ['public'],
          acr_values_supported: ['goauthentik.io/providers/oauth2/default'],
        };
      }
    });
    // Issuer host follows the request (authentik builds it from the request host); see `issuer` above.
    Object.defineProperty(provider, 'issuer', {
      get: () => {
        const ctxHost = currentHost.getStore();
        const base = ctxHost ?? 'http://authentik-standin';
        return record.issuer_mode === 'global' ? `${base}/` : `${base}/application/o/${app.slug}/`;
      },
    });
    return provider;
  }

  /** Runs `fn` with the request's base URL, used for the issuer (authentik derives it from the request). */
  static withBaseUrl<T>(baseUrl: string, fn: () => T): T {
    return currentHost.run(baseUrl, fn);
  }
}

const currentHost = new AsyncLocalStorage<string>();
