/**
 * Test helpers for the stand-in's own tests: provisioning through the official @goauthentik/api client
 * (the reference's client, not docproof's driver) and a cookie-keeping HTTP "browser" that runs a login the
 * way the flow interface's JavaScript does (through the flow executor API), for tests that need no Chromium.
 */
import {
  Configuration,
  CoreApi,
  CryptoApi,
  FlowsApi,
  MatchingModeEnum,
  PropertymappingsApi,
  ProvidersApi,
  type OAuth2Provider,
} from '@goauthentik/api';

export const TOKEN = 'bootstrap-token-9f3c2a7e1d';
export const ADMIN_PASSWORD = 'bootstrap-password-4b8e6d';

export function apis(baseUrl: string, token = TOKEN) {
  const configuration = new Configuration({ basePath: `${baseUrl}/api/v3`, accessToken: token });
  return {
    core: new CoreApi(configuration),
    providers: new ProvidersApi(configuration),
    flows: new FlowsApi(configuration),
    crypto: new CryptoApi(configuration),
    mappings: new PropertymappingsApi(configuration),
  };
}

export interface ProvisionOptions {
  slug: string;
  name?: string;
  redirectUris: Array<{ mode: 'strict' | 'regex'; url: string }>;
  /** Scope names whose managed mappings are selected (the wizard's default is openid, email, profile). */
  scopes?: string[];
  flow?: 'implicit' | 'explicit';
}

export interface Provisioned {
  provider: OAuth2Provider;
  clientId: string;
  clientSecret: string;
}

/** What a provisioner does (reference section D): flows by slug, the self-signed key, scope mappings by managed name. */
export async function provision(baseUrl: string, opts: ProvisionOptions): Promise<Provisioned> {
  const api = apis(baseUrl);
  const flowSlug = `default-provider-authorization-${opts.flow ?? 'implicit'}-consent`;
  const authorization = (await api.flows.flowsInstancesList({ slug: flowSlug })).results[0]!;
  const invalidation = (await api.flows.flowsInstancesList({ slug: 'default-provider-invalidation-flow' })).results[0]!;
  const key = (await api.crypto.cryptoCertificatekeypairsList({ name: 'authentik Self-signed Certificate', hasKey: true })).results[0]!;
  const scopes = opts.scopes ?? ['openid', 'email', 'profile'];
  const mappings = scopes.length
    ? (await api.mappings.propertymappingsProviderScopeList({ managed: scopes.map((s) => `goauthentik.io/providers/oauth2/scope-${s}`) })).results
    : [];
  const provider = await api.providers.providersOauth2Create({
    oAuth2ProviderRequest: {
      name: opts.name ?? `${opts.slug} provider`,
      authorizationFlow: authorization.pk,
      invalidationFlow: invalidation.pk,
      redirectUris: opts.redirectUris.map((u) => ({ matchingMode: u.mode === 'strict' ? MatchingModeEnum.Strict : MatchingModeEnum.Regex, url: u.url })),
      propertyMappings: mappings.map((m) => m.pk),
      signingKey: key.pk,
    },
  });
  await api.core.coreApplicationsCreate({ applicationRequest: { name: opts.name ?? opts.slug, slug: opts.slug, provider: provider.pk } });
  return { provider, clientId: provider.clientId!, clientSecret: provider.clientSecret! };
}

export async function createUser(baseUrl: string, username: string, email: string, password: string): Promise<number> {
  const api = apis(baseUrl);
  const user = await api.core.coreUsersCreate({ userRequest: { username, name: `Test ${username}`, email } });
  await api.core.coreUsersSetPasswordCreate({ id: user.pk, userPasswordSetRequest: { password } });
  return user.pk;
}

/** A minimal browser without JavaScript: keeps cookies per host, follows nothing by itself. */
export class CookieBrowser {
  private readonly jar = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) } });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /**
   * Follows redirects from `url`; on a flow page runs the flow through the executor API as the page's
   * script does (answering identification, password and consent with `login`), until a URL outside the
   * stand-in is reached (returned) or a page stops the flow (its HTML or challenge is returned).
   */
  async run(url: string, login?: { uid: string; password: string }, opts: { consent?: boolean } = {}): Promise<{ url: string; stoppedAt?: string; status: number; body?: string; challenge?: Record<string, unknown> }> {
    let current = url;
    const origin = new URL(url).origin;
    for (let hops = 0; hops < 30; hops += 1) {
      if (!current.startsWith(origin)) return { url: current, status: 0 };
      const flow = /^\/if\/flow\/([^/]+)\/$/.exec(new URL(current).pathname);
      if (flow) {
        const page = await this.request(current);
        if (page.status !== 200) return { url: current, status: page.status, body: await page.text() };
        const api = `${origin}/api/v3/flows/executor/${flow[1]}/?query=${encodeURIComponent(new URL(current).search.slice(1))}`;
        let challenge = (await (await this.request(api)).json()) as Record<string, unknown>;
        for (let steps = 0; steps < 10 && challenge.component !== 'xak-flow-redirect'; steps += 1) {
          let answer: Record<string, unknown> | undefined;
          if (challenge.component === 'ak-stage-identification' && login && !challenge.response_errors) answer = { uid_field: login.uid };
          if (challenge.component === 'ak-stage-password' && login && !challenge.response_errors) answer = { password: login.password };
          if (challenge.component === 'ak-stage-consent' && opts.consent !== false) answer = { token: challenge.token };
          if (!answer) return { url: current, status: 200, stoppedAt: String(challenge.component), challenge };
          const res = await this.request(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ component: challenge.component, ...answer }) });
          challenge = (await res.json()) as Record<string, unknown>;
        }
        if (challenge.component !== 'xak-flow-redirect') return { url: current, status: 200, stoppedAt: String(challenge.component), challenge };
        current = new URL(String(challenge.to), current).href;
        continue;
      }
      const res = await this.request(current);
      if (res.status >= 300 && res.status < 400) {
        current = new URL(res.headers.get('location')!, current).href;
        continue;
      }
      return { url: current, status: res.status, body: await res.text() };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

export function authorizeUrl(baseUrl: string, params: Record<string, string>): string {
  return `${baseUrl}/application/o/authorize/?${new URLSearchParams({ response_type: 'code', state: 'st4te', ...params })}`;
}

export async function exchangeCode(baseUrl: string, p: { code: string; clientId: string; clientSecret: string; redirectUri: string; method?: 'basic' | 'post' }): Promise<{ status: number; body: Record<string, unknown> }> {
  const form = new URLSearchParams({ grant_type: 'authorization_code', code: p.code, redirect_uri: p.redirectUri });
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if ((p.method ?? 'basic') === 'basic') headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(p.clientId)}:${encodeURIComponent(p.clientSecret)}`).toString('base64')}`;
  else {
    form.set('client_id', p.clientId);
    form.set('client_secret', p.clientSecret);
  }
  const res = await fetch(`${baseUrl}/application/o/token/`, { method: 'POST', headers, body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
