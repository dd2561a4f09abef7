/**
 * The Portainer stand-in's API, fact by fact from ../shared/reference/portainer.md sections 1 and 2.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPortainerStandin, type PortainerStandin } from './server.js';
import { ADMIN_PASSWORD, bootstrapAdmin, call, cookieHeader } from './test-helpers.js';

const started: PortainerStandin[] = [];
const logs: string[] = [];

async function standin(opts: { adminInitTimeoutMs?: number } = {}): Promise<string> {
  const s = await startPortainerStandin({ ...opts, log: (l) => logs.push(l) });
  started.push(s);
  return s.url;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.close()));
});

describe('first-run admin (reference 1.1, 1.2)', () => {
  it('binds to 127.0.0.2 by default and reports version 2.21.4', async () => {
    const url = await standin();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.[12]:\d+$/);
    const status = await call(url, 'GET', '/api/system/status');
    expect(status.status).toBe(200);
    expect(status.json.Version).toBe('2.21.4');
    expect(status.json.InstanceID).toMatch(/^[0-9a-f-]{36}$/);
    expect((await call(url, 'GET', '/api/status')).json.Version).toBe('2.21.4');
  });

  it('admin/check is 404 before and 204 after admin/init; lowercase keys work', async () => {
    const url = await standin();
    expect((await call(url, 'GET', '/api/users/admin/check')).status).toBe(404);
    const init = await call(url, 'POST', '/api/users/admin/init', { body: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(init.status).toBe(200);
    expect(init.json).toMatchObject({ Id: 1, Username: 'admin', Role: 1 });
    expect(init.text).not.toContain(ADMIN_PASSWORD);
    expect((await call(url, 'GET', '/api/users/admin/check')).status).toBe(204);
  });

  it('refuses a password under 12 characters with 400 "Password does not meet the requirements"', async () => {
    const url = await standin();
    const res = await call(url, 'POST', '/api/users/admin/init', { body: { Username: 'admin', Password: '11-chars-xx' } });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('Password does not meet the requirements');
    expect((await call(url, 'GET', '/api/settings/public')).json.RequiredPasswordLength).toBe(12);
    const twelve = await call(url, 'POST', '/api/users/admin/init', { body: { Username: 'admin', Password: '12-chars-xxx' } });
    expect(twelve.status).toBe(200);
  });

  it('refuses a username with a space, and an empty password', async () => {
    const url = await standin();
    const space = await call(url, 'POST', '/api/users/admin/init', { body: { Username: 'the admin', Password: ADMIN_PASSWORD } });
    expect(space.status).toBe(400);
    expect(space.json.details).toBe('Invalid username. Must not contain any whitespace');
    const empty = await call(url, 'POST', '/api/users/admin/init', { body: { Username: 'admin', Password: '' } });
    expect(empty.status).toBe(400);
  });

  it('answers 409 once an admin exists', async () => {
    const url = await standin();
    await bootstrapAdmin(url);
    const again = await call(url, 'POST', '/api/users/admin/init', { body: { Username: 'other', Password: ADMIN_PASSWORD } });
    expect(again.status).toBe(409);
  });
});

describe('the admin-init lock (reference 1.3)', () => {
  it('after the timeout without an admin: 303 + redirect-reason on /api/*, except /api/status and /api/settings/public', async () => {
    const url = await standin({ adminInitTimeoutMs: 100 });
    await new Promise((r) => setTimeout(r, 250));
    for (const [method, path] of [
      ['POST', '/api/users/admin/init'],
      ['GET', '/api/system/status'],
      ['GET', '/api/users/admin/check'],
    ] as const) {
      const res = await call(url, method, path, method === 'POST' ? { body: { Username: 'admin', Password: ADMIN_PASSWORD } } : {});
      expect(res.status, path).toBe(303);
      expect(res.headers.get('redirect-reason')).toBe('AdminInitTimeout');
      expect(res.json.message).toBe('Administrator initialization timeout');
    }
    expect((await call(url, 'GET', '/api/status')).status).toBe(200);
    expect((await call(url, 'GET', '/api/settings/public')).status).toBe(200);
    const root = await call(url, 'GET', '/');
    expect(root.status).toBe(307);
    expect(root.headers.get('location')).toBe('/timeout.html');
    const page = await call(url, 'GET', '/timeout.html');
    expect(page.text).toContain('Your Portainer instance timed out for security purposes');
  });

  it('does not lock an instance whose admin was created in time', async () => {
    const url = await standin({ adminInitTimeoutMs: 100 });
    await bootstrapAdmin(url);
    await new Promise((r) => setTimeout(r, 250));
    expect((await call(url, 'GET', '/api/system/status')).status).toBe(200);
    expect((await call(url, 'GET', '/')).status).toBe(200);
  });
});

describe('POST /api/auth and the session (reference 1.4, 1.5)', () => {
  it('returns {jwt} and sets the HttpOnly, SameSite=Strict, non-Secure portainer_api_key cookie', async () => {
    const url = await standin();
    await bootstrapAdmin(url);
    const res = await call(url, 'POST', '/api/auth', { body: { Username: 'admin', Password: ADMIN_PASSWORD } });
    expect(res.status).toBe(200);
    const jwt = res.json.jwt as string;
    expect(jwt.split('.')).toHaveLength(3);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('portainer_api_key='))!;
    expect(cookie).toContain(`portainer_api_key=${jwt}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Secure');
    const claims = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(claims).toMatchObject({ id: 1, username: 'admin', role: 1, scope: 'default', forceChangePassword: false });
    const me = await call(url, 'GET', '/api/users/me', { jwt });
    expect(me.json).toMatchObject({ Id: 1, Username: 'admin', Role: 1, forceChangePassword: false });
  });

  it('answers 422 "Invalid credentials" for a wrong password and an unknown user', async () => {
    const url = await standin();
    await bootstrapAdmin(url);
    for (const body of [
      { Username: 'admin', Password: 'wrong-password-000' },
      { Username: 'nobody', Password: ADMIN_PASSWORD },
    ]) {
      const res = await call(url, 'POST', '/api/auth', { body });
      expect(res.status).toBe(422);
      expect(res.json.message).toBe('Invalid credentials');
    }
  });

  it('with OAuth on, only user ID 1 may use /api/auth', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    const bob = await call(url, 'POST', '/api/users', { jwt, body: { Username: 'bob', Password: 'bob-password-123', Role: 1 } });
    expect(bob.status).toBe(200);
    await call(url, 'PUT', '/api/settings', { jwt, body: { AuthenticationMethod: 3 } });
    const res = await call(url, 'POST', '/api/auth', { body: { Username: 'bob', Password: 'bob-password-123' } });
    expect(res.status).toBe(422);
    expect(res.json.message).toBe('Only initial admin is allowed to login without oauth');
    expect((await call(url, 'POST', '/api/auth', { body: { Username: 'admin', Password: ADMIN_PASSWORD } })).status).toBe(200);
  });

  it('refuses a user with a password while OAuth is on; accepts one without', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    await call(url, 'PUT', '/api/settings', { jwt, body: { AuthenticationMethod: 3 } });
    const withPassword = await call(url, 'POST', '/api/users', { jwt, body: { Username: 'carol', Password: 'carol-password-1', Role: 2 } });
    expect(withPassword.status).toBe(400);
    expect(withPassword.json.message).toBe('a user with password can not be created when authentication method is Oauth or LDAP');
    const without = await call(url, 'POST', '/api/users', { jwt, body: { Username: 'carol', Password: '', Role: 2 } });
    expect(without.status).toBe(200);
    expect(without.json).toMatchObject({ Username: 'carol', Role: 2 });
  });

  it('lists and deletes users; an admin cannot delete itself', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    const dave = await call(url, 'POST', '/api/users', { jwt, body: { Username: 'dave', Password: 'dave-password-12', Role: 2 } });
    const list = await call(url, 'GET', '/api/users', { jwt });
    expect(list.json.map((u: { Username: string }) => u.Username)).toEqual(['admin', 'dave']);
    expect((await call(url, 'DELETE', '/api/users/1', { jwt })).status).toBe(403);
    expect((await call(url, 'DELETE', `/api/users/${dave.json.Id}`, { jwt })).status).toBe(204);
    expect((await call(url, 'GET', '/api/users', { jwt })).json).toHaveLength(1);
    expect((await call(url, 'DELETE', `/api/users/${dave.json.Id}`, { jwt })).status).toBe(404);
  });

  it('revokes the JWT on logout', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    expect((await call(url, 'GET', '/api/users/me', { jwt })).status).toBe(200);
    const out = await call(url, 'POST', '/api/auth/logout', { jwt });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => c.startsWith('portainer_api_key=;'))).toBe(true);
    expect((await call(url, 'GET', '/api/users/me', { jwt })).status).toBe(401);
  });

  it('bans an IP that sends more than 10 requests a second to /api/auth (403 "Access denied")', async () => {
    const url = await standin();
    await bootstrapAdmin(url); // one /api/auth call already
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await call(url, 'POST', '/api/auth', { body: { Username: 'admin', Password: 'wrong-password-000' } })).status);
    }
    expect(statuses.slice(0, 9).every((s) => s === 422)).toBe(true);
    expect(statuses.at(-1)).toBe(403);
  });
});

describe('CSRF (reference 1.5)', () => {
  it('refuses a cookie-authenticated PUT without X-CSRF-Token, accepts it with the token, skips Bearer-only calls', async () => {
    const url = await standin();
    await bootstrapAdmin(url);
    const login = await call(url, 'POST', '/api/auth', { body: { Username: 'admin', Password: ADMIN_PASSWORD } });
    const get = await call(url, 'GET', '/api/settings', { headers: { Cookie: cookieHeader(login) } });
    expect(get.status).toBe(200);
    const token = get.headers.get('x-csrf-token');
    expect(token).toBeTruthy();
    const cookies = cookieHeader(login, get);

    const refused = await call(url, 'PUT', '/api/settings', { headers: { Cookie: cookies }, body: { UserSessionTimeout: '1h' } });
    expect(refused.status).toBe(403);
    expect(refused.text).toBe('Forbidden - CSRF token invalid\n');

    const forged = await call(url, 'PUT', '/api/settings', {
      headers: { Cookie: cookies, 'X-CSRF-Token': Buffer.alloc(64, 7).toString('base64') },
      body: { UserSessionTimeout: '1h' },
    });
    expect(forged.status).toBe(403);

    const accepted = await call(url, 'PUT', '/api/settings', {
      headers: { Cookie: cookies, 'X-CSRF-Token': token! },
      body: { UserSessionTimeout: '1h' },
    });
    expect(accepted.status).toBe(200);
    expect(accepted.json.UserSessionTimeout).toBe('1h');

    const bearer = await call(url, 'PUT', '/api/settings', { jwt: login.json.jwt, body: { UserSessionTimeout: '4h' } });
    expect(bearer.status).toBe(200);

    const both = await call(url, 'GET', '/api/users/me', { jwt: login.json.jwt, headers: { 'X-API-KEY': 'k' } });
    expect(both.status).toBe(403);
  });
});

describe('settings (reference 2.1 to 2.4)', () => {
  const fullOAuth = {
    ClientID: 'client-id',
    ClientSecret: 'first-secret',
    AuthorizationURI: 'https://authentik.company/application/o/authorize/',
    AccessTokenURI: 'https://authentik.company/application/o/token/',
    ResourceURI: 'https://authentik.company/application/o/userinfo/',
    RedirectURI: 'https://portainer.company/',
    LogoutURI: 'https://authentik.company/application/o/portainer/end-session/',
    UserIdentifier: 'preferred_username',
    Scopes: 'openid profile email',
    OAuthAutoCreateUsers: true,
    DefaultTeamID: 0,
    SSO: true,
    AuthStyle: 2,
  };

  it('GET and PUT /api/settings are admin only', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    expect((await call(url, 'GET', '/api/settings')).status).toBe(401);
    await call(url, 'POST', '/api/users', { jwt, body: { Username: 'erin', Password: 'erin-password-12', Role: 2 } });
    const erin = (await call(url, 'POST', '/api/auth', { body: { Username: 'erin', Password: 'erin-password-12' } })).json.jwt;
    expect((await call(url, 'GET', '/api/settings', { jwt: erin })).status).toBe(403);
    expect((await call(url, 'PUT', '/api/settings', { jwt: erin, body: { AuthenticationMethod: 3 } })).status).toBe(403);
  });

  it('GET hides ClientSecret and KubeSecretKey; a fresh instance has SSO true and AuthenticationMethod 1', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    const fresh = await call(url, 'GET', '/api/settings', { jwt });
    expect(fresh.json.AuthenticationMethod).toBe(1);
    expect(fresh.json.OAuthSettings.SSO).toBe(true);
    expect(fresh.json.OAuthSettings.OAuthAutoCreateUsers).toBe(false);
    expect(fresh.json.UserSessionTimeout).toBe('8h');
    await call(url, 'PUT', '/api/settings', { jwt, body: { AuthenticationMethod: 3, OAuthSettings: fullOAuth } });
    const got = await call(url, 'GET', '/api/settings', { jwt });
    expect(got.json.OAuthSettings).not.toHaveProperty('ClientSecret');
    expect(got.json.OAuthSettings.KubeSecretKey).toBeNull();
    expect(got.text).not.toContain('first-secret');
  });

  it('an OAuthSettings object replaces the stored one whole: omitted SSO becomes false, AuthStyle 0, LogoutURI empty', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    await call(url, 'PUT', '/api/settings', { jwt, body: { AuthenticationMethod: 3, OAuthSettings: fullOAuth } });
    const partial = await call(url, 'PUT', '/api/settings', { jwt, body: { OAuthSettings: { ClientID: 'other-client' } } });
    expect(partial.status).toBe(200);
    const o = partial.json.OAuthSettings;
    expect(o).toMatchObject({ ClientID: 'other-client', SSO: false, AuthStyle: 0, LogoutURI: '', Scopes: '', OAuthAutoCreateUsers: false });
    expect(partial.json.AuthenticationMethod).toBe(3); // top-level fields left out stay
    const pub = await call(url, 'GET', '/api/settings/public');
    expect(pub.json.OAuthLoginURI).toBe('?response_type=code&client_id=other-client&redirect_uri=&scope=&prompt=login');
  });

  it('top-level fields left out of a PUT are unchanged', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    await call(url, 'PUT', '/api/settings', { jwt, body: { AuthenticationMethod: 3, OAuthSettings: fullOAuth } });
    const res = await call(url, 'PUT', '/api/settings', { jwt, body: { UserSessionTimeout: '24h' } });
    expect(res.json.UserSessionTimeout).toBe('24h');
    expect(res.json.AuthenticationMethod).toBe(3);
    expect(res.json.OAuthSettings.ClientID).toBe('client-id');
    expect(res.json.OAuthSettings.AuthStyle).toBe(2);
  });

  it('validates AuthenticationMethod, AuthStyle and value types; keys match case-insensitively', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    const method = await call(url, 'PUT', '/api/settings', { jwt, body: { AuthenticationMethod: 4 } });
    expect(method.status).toBe(400);
    expect(method.json.details).toBe(
      'Invalid authentication method value. Value must be one of: 1 (internal), 2 (LDAP/AD) or 3 (OAuth)',
    );
    const style = await call(url, 'PUT', '/api/settings', { jwt, body: { OAuthSettings: { AuthStyle: 3 } } });
    expect(style.status).toBe(400);
    expect(style.json.details).toBe('Invalid OAuth AuthStyle');
    const type = await call(url, 'PUT', '/api/settings', { jwt, body: { OAuthSettings: { SSO: 'yes' } } });
    expect(type.status).toBe(400);
    const lower = await call(url, 'PUT', '/api/settings', {
      jwt,
      rawBody: '{"authenticationmethod":3,"oauthsettings":{"clientid":"lower-keys","sso":true}}',
      headers: { 'Content-Type': 'application/json' },
    });
    expect(lower.status).toBe(200);
    expect(lower.json.AuthenticationMethod).toBe(3);
    expect(lower.json.OAuthSettings).toMatchObject({ ClientID: 'lower-keys', SSO: true });
  });

  it('builds OAuthLoginURI by plain concatenation: a comma scope is kept verbatim, nothing is encoded', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    const before = await call(url, 'GET', '/api/settings/public');
    expect(before.json).toMatchObject({ AuthenticationMethod: 1, OAuthLoginURI: '', OAuthLogoutURI: '', RequiredPasswordLength: 12 });

    await call(url, 'PUT', '/api/settings', {
      jwt,
      body: { AuthenticationMethod: 3, OAuthSettings: { ...fullOAuth, ClientID: 'id with space', Scopes: 'email,openid,profile' } },
    });
    const pub = (await call(url, 'GET', '/api/settings/public')).json;
    expect(pub.OAuthLoginURI).toBe(
      'https://authentik.company/application/o/authorize/?response_type=code&client_id=id with space' +
        '&redirect_uri=https://portainer.company/&scope=email,openid,profile',
    );
    expect(pub.OAuthLogoutURI).toBe('https://authentik.company/application/o/portainer/end-session/');

    const { SSO: _sso, ...withoutSso } = fullOAuth;
    await call(url, 'PUT', '/api/settings', { jwt, body: { OAuthSettings: withoutSso } });
    const noSso = (await call(url, 'GET', '/api/settings/public')).json;
    expect(noSso.OAuthLoginURI).toBe(
      'https://authentik.company/application/o/authorize/?response_type=code&client_id=client-id' +
        '&redirect_uri=https://portainer.company/&scope=openid profile email&prompt=login',
    );
  });
});

describe('log', () => {
  it('never contains passwords or JWTs', async () => {
    const url = await standin();
    const jwt = await bootstrapAdmin(url);
    await call(url, 'POST', '/api/auth', { body: { Username: 'admin', Password: 'wrong-password-xyz' } });
    await call(url, 'GET', `/api/users/me?token=${jwt}`);
    await call(url, 'POST', '/api/users', { jwt, body: { Username: 'frank', Password: 'frank-password-1', Role: 2 } });
    const all = logs.join('\n');
    expect(all).toContain('POST /api/auth 422');
    for (const secret of [ADMIN_PASSWORD, 'wrong-password-xyz', 'frank-password-1', jwt]) expect(all).not.toContain(secret);
  });
});
