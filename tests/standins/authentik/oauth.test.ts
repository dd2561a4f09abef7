/**
 * The authentik stand-in's OAuth2/OIDC endpoints and flow executor without a browser: URL layout (section
 * C), redirect URI matching (D), scope handling and claims (I), login and end-session (G).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthentikStandin, type AuthentikStandin } from './server.js';
import { ADMIN_PASSWORD, TOKEN, CookieBrowser, apis, authorizeUrl, createUser, exchangeCode, provision, type Provisioned } from './test-client.js';

const APP = 'https://portainer.company/';
const USER_PASSWORD = 'user-password-7c1d';
let ak: AuthentikStandin;
let portainer: Provisioned;
const log: string[] = [];
const secretsSeen: string[] = [TOKEN, ADMIN_PASSWORD, USER_PASSWORD];

beforeAll(async () => {
  ak = await startAuthentikStandin({ bootstrapToken: TOKEN, bootstrapPassword: ADMIN_PASSWORD, log: (l) => log.push(l) });
  portainer = await provision(ak.url, { slug: 'portainer', name: 'Portainer', redirectUris: [{ mode: 'strict', url: APP }] });
  secretsSeen.push(portainer.clientSecret);
  await createUser(ak.url, 'tuser', 'tuser@company.test', USER_PASSWORD);
});
afterAll(async () => {
  await ak?.close();
});

/** Signs in (when asked) and returns the code delivered to the redirect URI. */
async function codeFor(browser: CookieBrowser, params: Record<string, string>, login = { uid: 'tuser', password: USER_PASSWORD }): Promise<string> {
  const result = await browser.run(authorizeUrl(ak.url, { client_id: portainer.clientId, redirect_uri: APP, ...params }), login);
  const url = new URL(result.url);
  expect(`${url.origin}${url.pathname}`, JSON.stringify(result.challenge ?? result.body?.slice(0, 200))).toBe(APP);
  const code = url.searchParams.get('code')!;
  expect(code).toBeTruthy();
  secretsSeen.push(code);
  return code;
}

async function tokenFor(scope: string | undefined, p: Provisioned = portainer): Promise<Record<string, unknown>> {
  const browser = new CookieBrowser();
  const code = await codeFor(browser, { client_id: p.clientId, ...(scope === undefined ? {} : { scope }) });
  const token = await exchangeCode(ak.url, { code, clientId: p.clientId, clientSecret: p.clientSecret, redirectUri: APP });
  expect(token.status).toBe(200);
  secretsSeen.push(String(token.body.access_token));
  return token.body;
}

async function userinfo(accessToken: string): Promise<{ status: number; wwwAuthenticate: string | null; body: string }> {
  const res = await fetch(`${ak.url}/application/o/userinfo/`, { headers: { authorization: `Bearer ${accessToken}` } });
  return { status: res.status, wwwAuthenticate: res.headers.get('www-authenticate'), body: await res.text() };
}

describe('authentik stand-in: OAuth2/OIDC endpoints', () => {
  it('answers the health checks', async () => {
    for (const path of ['/-/health/live/', '/-/health/ready/']) expect((await fetch(ak.url + path)).status).toBe(200);
  });

  it('redirects /application/o/<slug>/ to the discovery document, which is 404 for a slug no application has (a 302 RedirectView, as authentik)', async () => {
    for (const slug of ['portainer', 'user']) {
      const res = await fetch(`${ak.url}/application/o/${slug}/`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`/application/o/${slug}/.well-known/openid-configuration`);
    }
    expect((await fetch(`${ak.url}/application/o/user/`)).status).toBe(404);
    expect((await fetch(`${ak.url}/application/o/user/end-session/`)).status).toBe(404);
  });

  it('serves per-slug discovery (no trailing slash) with the per-provider issuer and the global endpoints', async () => {
    const res = await fetch(`${ak.url}/application/o/portainer/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc).toMatchObject({
      issuer: `${ak.url}/application/o/portainer/`,
      authorization_endpoint: `${ak.url}/application/o/authorize/`,
      token_endpoint: `${ak.url}/application/o/token/`,
      userinfo_endpoint: `${ak.url}/application/o/userinfo/`,
      introspection_endpoint: `${ak.url}/application/o/introspect/`,
      revocation_endpoint: `${ak.url}/application/o/revoke/`,
      end_session_endpoint: `${ak.url}/application/o/portainer/end-session/`,
      jwks_uri: `${ak.url}/application/o/portainer/jwks/`,
    });
    expect(doc.token_endpoint_auth_methods_supported).toEqual(['client_secret_post', 'client_secret_basic']);
    expect((doc.scopes_supported as string[]).sort()).toEqual(['email', 'openid', 'profile']);
    const jwks = (await (await fetch(`${ak.url}/application/o/portainer/jwks/`)).json()) as { keys: Array<{ kty: string; d?: string }> };
    expect(jwks.keys[0]!.kty).toBe('RSA');
    expect(jwks.keys[0]!.d).toBeUndefined();
  });

  it('sends an unauthenticated authorization to /flows/-/default/authentication/?next=… then the flow interface', async () => {
    const browser = new CookieBrowser();
    const authorize = authorizeUrl(ak.url, { client_id: portainer.clientId, redirect_uri: APP, scope: 'openid' });
    const first = await browser.request(authorize);
    expect(first.status).toBe(303);
    const login = new URL(first.headers.get('location')!, ak.url);
    expect(login.pathname).toBe('/flows/-/default/authentication/');
    expect(login.searchParams.get('next')).toBe(authorize.slice(ak.url.length));
    const second = await browser.request(login.href);
    expect(new URL(second.headers.get('location')!, ak.url).pathname).toBe('/if/flow/default-authentication-flow/');
    expect(new URL(second.headers.get('location')!, ak.url).searchParams.get('next')).toBe(login.searchParams.get('next'));
  });

  it('refuses a redirect URI that is not exactly the strict one (missing trailing slash) with the "Redirect URI Error" page', async () => {
    for (const wrong of ['https://portainer.company', 'https://portainer.company/?x=1', 'https://PORTAINER.company/']) {
      const res = await fetch(authorizeUrl(ak.url, { client_id: portainer.clientId, redirect_uri: wrong, scope: 'openid' }), { redirect: 'manual' });
      expect(res.status, wrong).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.text()).toMatch(/<h1 class="pf-c-title[^"]*">Redirect URI Error<\/h1>/);
    }
    const unknownClient = await fetch(authorizeUrl(ak.url, { client_id: 'nope', redirect_uri: APP }), { redirect: 'manual' });
    expect(unknownClient.status).toBe(400);
    expect(await unknownClient.text()).toContain('Client ID Error');
  });

  it('matches regex redirect URIs as a full match', async () => {
    const regexApp = await provision(ak.url, { slug: 'regexapp', redirectUris: [{ mode: 'regex', url: 'https://app\\.company/oidc/.*' }] });
    const status = async (uri: string) =>
      (await fetch(authorizeUrl(ak.url, { client_id: regexApp.clientId, redirect_uri: uri, scope: 'openid' }), { redirect: 'manual' })).status;
    expect(await status('https://app.company/oidc/callback')).toBe(303);
    expect(await status('https://app.company/oidc/')).toBe(303);
    expect(await status('https://app.company/other')).toBe(400);
    expect(await status('https://evil.example/?https://app.company/oidc/x')).toBe(400);
    expect(await status('https://appXcompany/oidc/x')).toBe(400);
  });

  it('splits scopes on whitespace: "email openid profile" gives the claims of section I', async () => {
    const token = await tokenFor('email openid profile');
    expect(String(token.scope).split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    expect(token.token_type).toBe('Bearer');
    const info = await userinfo(String(token.access_token));
    expect(info.status).toBe(200);
    const claims = JSON.parse(info.body) as Record<string, unknown>;
    const user = (await apis(ak.url).core.coreUsersList({ username: 'tuser' })).results[0]!;
    expect(claims).toEqual({
      sub: user.uid,
      email: 'tuser@company.test',
      email_verified: false,
      name: 'Test tuser',
      given_name: 'Test tuser',
      preferred_username: 'tuser',
      nickname: 'tuser',
      groups: [],
    });
  });

  it('drops unknown scopes silently: "email,openid,profile" leaves no scope, and userinfo answers 403 insufficient_scope', async () => {
    const token = await tokenFor('email,openid,profile');
    expect(token.scope).toBe('');
    const info = await userinfo(String(token.access_token));
    expect(info.status).toBe(403);
    expect(info.body).toBe('');
    expect(info.wwwAuthenticate).toBe('error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token"');
  });

  it('lets the code flow go on without openid, but userinfo then requires it', async () => {
    const token = await tokenFor('email profile');
    expect(String(token.scope).split(' ').sort()).toEqual(['email', 'profile']);
    expect((await userinfo(String(token.access_token))).status).toBe(403);
  });

  it('grants every selected scope when none is requested, and only selected ones (API providers select none by default)', async () => {
    const all = await tokenFor(undefined);
    expect(String(all.scope).split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    const bare = await provision(ak.url, { slug: 'bare', redirectUris: [{ mode: 'strict', url: APP }], scopes: [] });
    secretsSeen.push(bare.clientSecret);
    const none = await tokenFor('email openid profile', bare);
    expect(none.scope).toBe('');
    expect((await userinfo(String(none.access_token))).status).toBe(403);
  });

  it('answers a wrong client secret, or a different redirect_uri at the token endpoint, with 400 invalid_client', async () => {
    const browser = new CookieBrowser();
    const code = await codeFor(browser, { scope: 'openid' });
    const wrong = await exchangeCode(ak.url, { code, clientId: portainer.clientId, clientSecret: 'not-the-secret', redirectUri: APP });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_client');
    const otherRedirect = await exchangeCode(ak.url, { code, clientId: portainer.clientId, clientSecret: portainer.clientSecret, redirectUri: 'https://portainer.company' });
    expect(otherRedirect).toMatchObject({ status: 400, body: { error: 'invalid_client' } });
    const viaPost = await exchangeCode(ak.url, { code, clientId: portainer.clientId, clientSecret: portainer.clientSecret, redirectUri: APP, method: 'post' });
    expect(viaPost.status).toBe(200);
    secretsSeen.push(String(viaPost.body.access_token));
    const reused = await exchangeCode(ak.url, { code, clientId: portainer.clientId, clientSecret: portainer.clientSecret, redirectUri: APP });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('rejects a wrong password with "Invalid password" and accepts the email as identifier', async () => {
    const browser = new CookieBrowser();
    const authorize = authorizeUrl(ak.url, { client_id: portainer.clientId, redirect_uri: APP, scope: 'openid' });
    const failed = await browser.run(authorize, { uid: 'tuser', password: 'wrong' });
    expect(failed.stoppedAt).toBe('ak-stage-password');
    expect(failed.challenge!.response_errors).toEqual({ password: [{ string: 'Invalid password', code: 'invalid' }] });
    const byEmail = await new CookieBrowser().run(authorize, { uid: 'tuser@company.test', password: USER_PASSWORD });
    expect(byEmail.url.startsWith(APP)).toBe(true);
  });

  it('asks for consent on the explicit-consent flow, once', async () => {
    const explicit = await provision(ak.url, { slug: 'explicit', name: 'Explicit App', redirectUris: [{ mode: 'strict', url: APP }], flow: 'explicit' });
    secretsSeen.push(explicit.clientSecret);
    const browser = new CookieBrowser();
    const authorize = authorizeUrl(ak.url, { client_id: explicit.clientId, redirect_uri: APP, scope: 'openid email profile' });
    const stopped = await browser.run(authorize, { uid: 'tuser', password: USER_PASSWORD }, { consent: false });
    expect(stopped.stoppedAt).toBe('ak-stage-consent');
    expect(stopped.url).toContain('/if/flow/default-provider-authorization-explicit-consent/');
    expect(stopped.challenge).toMatchObject({
      header_text: "You're about to sign into Explicit App.",
      permissions: [
        { id: 'email', name: 'Email address' },
        { id: 'profile', name: 'General Profile Information' },
      ],
    });
    const consented = await browser.run(authorize, { uid: 'tuser', password: USER_PASSWORD });
    expect(consented.url.startsWith(APP)).toBe(true);
    const again = await browser.run(authorize, undefined, { consent: false });
    expect(again.url.startsWith(APP)).toBe(true);
  });

  it('end-session shows the session-end stage, revokes the app tokens, keeps the authentik session; "Log out of authentik" ends it', async () => {
    const browser = new CookieBrowser();
    const authorize = authorizeUrl(ak.url, { client_id: portainer.clientId, redirect_uri: APP, scope: 'openid' });
    const code = new URL((await browser.run(authorize, { uid: 'tuser', password: USER_PASSWORD })).url).searchParams.get('code')!;
    secretsSeen.push(code);
    const token = await exchangeCode(ak.url, { code, clientId: portainer.clientId, clientSecret: portainer.clientSecret, redirectUri: APP });
    secretsSeen.push(String(token.body.access_token));
    expect((await userinfo(String(token.body.access_token))).status).toBe(200);

    const redirect = await browser.request(`${ak.url}/application/o/portainer/end-session/`);
    expect(redirect.status).toBe(302);
    expect(new URL(redirect.headers.get('location')!, ak.url).pathname).toBe('/if/flow/default-provider-invalidation-flow/');
    const end = await browser.run(`${ak.url}/application/o/portainer/end-session/`);
    expect(end.stoppedAt).toBe('ak-stage-session-end');
    expect(end.challenge).toMatchObject({
      application_name: 'Portainer',
      invalidation_flow_url: '/if/flow/default-invalidation-flow/',
      flow_info: { title: "You've logged out of Portainer." },
    });
    expect((await userinfo(String(token.body.access_token))).status).toBe(401);

    // authentik's default provider invalidation flow has no logout stage: single sign-on continues.
    const stillSignedIn = await browser.run(authorize);
    expect(stillSignedIn.url.startsWith(APP)).toBe(true);

    const logout = await browser.run(`${ak.url}/if/flow/default-invalidation-flow/`);
    expect(logout.url).toContain('/if/flow/default-authentication-flow/');
    const afterLogout = await browser.run(authorize);
    expect(afterLogout.stoppedAt).toBe('ak-stage-identification');

    // Another user signs in on the same browser: the new code is theirs.
    const other = new URL((await browser.run(authorize, { uid: 'akadmin', password: ADMIN_PASSWORD })).url).searchParams.get('code')!;
    secretsSeen.push(other);
    const otherToken = await exchangeCode(ak.url, { code: other, clientId: portainer.clientId, clientSecret: portainer.clientSecret, redirectUri: APP });
    secretsSeen.push(String(otherToken.body.access_token));
    const info = await userinfo(String(otherToken.body.access_token));
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body).sub).toBe((await apis(ak.url).core.coreUsersList({ username: 'akadmin' })).results[0]!.uid);
  });

  it('produced only schema-valid API responses and never logged a token, password, client secret or code', () => {
    expect(ak.schemaViolations).toEqual([]);
    const all = log.join('\n');
    expect(all).toContain('/application/o/token/');
    for (const secret of secretsSeen) expect(all).not.toContain(secret);
  });
});
