/** Small helpers for the Portainer stand-in's own tests: plain fetch calls and a bootstrap. */
import type { TestIdp } from './test-idp.js';

export interface ApiResult {
  status: number;
  text: string;
  /** Parsed JSON body (null when not JSON); loosely typed for terse assertions. */
  json: any;
  headers: Headers;
}

export async function call(
  base: string,
  method: string,
  path: string,
  opts: { jwt?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<ApiResult> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.jwt) headers.Authorization = `Bearer ${opts.jwt}`;
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  const res = await fetch(base + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, text, json, headers: res.headers };
}

export const ADMIN_PASSWORD = 'admin-password-0123456789';

/** Creates the admin and returns its JWT. */
export async function bootstrapAdmin(base: string): Promise<string> {
  const init = await call(base, 'POST', '/api/users/admin/init', { body: { Username: 'admin', Password: ADMIN_PASSWORD } });
  if (init.status !== 200) throw new Error(`admin init answered ${init.status}`);
  const auth = await call(base, 'POST', '/api/auth', { body: { Username: 'admin', Password: ADMIN_PASSWORD } });
  return auth.json.jwt as string;
}

/** The complete OAuthSettings for the test IdP (reference 2.3's minimal PUT body). */
export function oauthSettingsFor(idp: TestIdp, portainerUrl: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ClientID: idp.behaviour.clientId,
    ClientSecret: idp.behaviour.clientSecret,
    AuthorizationURI: `${idp.url}/authorize`,
    AccessTokenURI: `${idp.url}/token`,
    ResourceURI: `${idp.url}/userinfo`,
    RedirectURI: `${portainerUrl}/`,
    LogoutURI: `${idp.url}/end-session`,
    UserIdentifier: 'preferred_username',
    Scopes: 'openid profile email',
    OAuthAutoCreateUsers: true,
    DefaultTeamID: 0,
    SSO: true,
    AuthStyle: 0,
    ...overrides,
  };
}

export async function enableOAuth(
  base: string,
  jwt: string,
  idp: TestIdp,
  overrides: Record<string, unknown> = {},
): Promise<ApiResult> {
  const res = await call(base, 'PUT', '/api/settings', {
    jwt,
    body: { AuthenticationMethod: 3, OAuthSettings: oauthSettingsFor(idp, base, overrides) },
  });
  if (res.status !== 200) throw new Error(`PUT /api/settings answered ${res.status}: ${res.text}`);
  return res;
}

/** Collects Set-Cookie values into a Cookie header, as a browser would (name=value only). */
export function cookieHeader(...responses: ApiResult[]): string {
  const jar = new Map<string, string>();
  for (const r of responses) {
    for (const c of r.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
