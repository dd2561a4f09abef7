/**
 * POST /api/auth/oauth/validate against an in-test IdP, fact by fact from ../shared/reference/portainer.md
 * 2.5, 2.6 and 3.6: the server-to-server exchange, the unverified id_token, userinfo overriding it, the flat
 * user-identifier lookup, the not-provisioned 403 and the 500 whose cause is only in the log.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPortainerStandin, type PortainerStandin } from './server.js';
import { ADMIN_PASSWORD, bootstrapAdmin, call, enableOAuth } from './test-helpers.js';
import { startTestIdp, type TestIdp } from './test-idp.js';

let standin: PortainerStandin;
let idp: TestIdp;
let jwt: string;
let logs: string[];

beforeEach(async () => {
  logs = [];
  standin = await startPortainerStandin({ log: (l) => logs.push(l) });
  idp = await startTestIdp();
  jwt = await bootstrapAdmin(standin.url);
});

afterEach(async () => {
  await standin.close();
  await idp.close();
});

const UNAUTHENTICATED = { message: 'Unable to authenticate through OAuth', details: 'Unauthorized' };

function validate(code = idp.code) {
  return call(standin.url, 'POST', '/api/auth/oauth/validate', { body: { code } });
}

function tokenRequests() {
  return idp.requests.filter((r) => r.path === '/token');
}

describe('OAuth validate (reference 2.5, 2.6, 3.6)', () => {
  it('answers 403 "OAuth authentication is not enabled" while another method is on', async () => {
    const res = await validate();
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('OAuth authentication is not enabled');
    expect(idp.requests).toHaveLength(0);
  });

  it('exchanges the code, reads userinfo with the Bearer token and auto-creates the user with role 2', async () => {
    await enableOAuth(standin.url, jwt, idp, { OAuthAutoCreateUsers: true });
    const res = await validate();
    expect(res.status).toBe(200);
    const userJwt = res.json.jwt as string;
    expect(res.headers.getSetCookie().some((c) => c.startsWith(`portainer_api_key=${userJwt};`))).toBe(true);

    const [token] = tokenRequests();
    expect(token!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(token!.body);
    expect(Object.fromEntries(form)).toEqual({
      code: idp.code,
      grant_type: 'authorization_code',
      redirect_uri: `${standin.url}/`,
    });
    // AuthStyle 0 (AutoDetect) tries HTTP Basic first.
    expect(token!.headers.authorization).toBe(
      `Basic ${Buffer.from(`${idp.behaviour.clientId}:${idp.behaviour.clientSecret}`).toString('base64')}`,
    );
    const userinfo = idp.requests.find((r) => r.path === '/userinfo')!;
    expect(userinfo.method).toBe('GET');
    expect(userinfo.headers.authorization).toBe(`Bearer ${idp.accessToken}`);

    const me = await call(standin.url, 'GET', '/api/users/me', { jwt: userJwt });
    // userinfo's preferred_username ("alice") overrides the id_token's ("from-id-token").
    expect(me.json).toMatchObject({ Username: 'alice', Role: 2 });
  });

  it('answers 403 "Account not created beforehand ..." and creates nobody when provisioning is off', async () => {
    await enableOAuth(standin.url, jwt, idp, { OAuthAutoCreateUsers: false });
    const res = await validate();
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      message: 'Account not created beforehand in Portainer and automatic user provisioning not enabled',
      details: 'Unauthorized',
    });
    const users = await call(standin.url, 'GET', '/api/users', { jwt });
    expect(users.json.map((u: { Username: string }) => u.Username)).toEqual(['admin']);
  });

  it('matches a pre-provisioned user case-insensitively', async () => {
    await enableOAuth(standin.url, jwt, idp, { OAuthAutoCreateUsers: false });
    const created = await call(standin.url, 'POST', '/api/users', { jwt, body: { Username: 'ALICE', Password: '', Role: 2 } });
    expect(created.status).toBe(200);
    const res = await validate();
    expect(res.status).toBe(200);
    const me = await call(standin.url, 'GET', '/api/users/me', { jwt: res.json.jwt });
    expect(me.json).toMatchObject({ Id: created.json.Id, Username: 'ALICE' });
  });

  it('looks the identifier up as a flat top-level key: "user.name" is not a path', async () => {
    idp.behaviour.userinfo = { sub: 'abc', user: { name: 'alice' } };
    idp.behaviour.idTokenClaims = null;
    await enableOAuth(standin.url, jwt, idp, { UserIdentifier: 'user.name' });
    const res = await validate();
    expect(res.status).toBe(500);
    expect(res.json).toEqual(UNAUTHENTICATED);
    const log = logs.join('\n');
    expect(log).toContain('failed retrieving username');
    expect(log).toContain('failed to extract username from oauth resource');
  });

  it('accepts a non-zero number as the identifier, and a claim found only in the id_token', async () => {
    idp.behaviour.userinfo = { sub: 'abc', uid: 42 };
    await enableOAuth(standin.url, jwt, idp, { UserIdentifier: 'uid' });
    const numeric = await validate();
    expect(numeric.status).toBe(200);
    expect((await call(standin.url, 'GET', '/api/users/me', { jwt: numeric.json.jwt })).json.Username).toBe('42');

    idp.behaviour.idTokenClaims = { sub: 'abc', nickname: 'nick-from-id-token' };
    idp.behaviour.userinfo = { sub: 'abc' };
    await enableOAuth(standin.url, jwt, idp, { UserIdentifier: 'nickname' });
    const fromIdToken = await validate();
    expect(fromIdToken.status).toBe(200);
    expect((await call(standin.url, 'GET', '/api/users/me', { jwt: fromIdToken.json.jwt })).json.Username).toBe(
      'nick-from-id-token',
    );
  });

  it('answers 500 when userinfo is not 200; the cause is only in the log', async () => {
    idp.behaviour.userinfoStatus = 403;
    idp.behaviour.userinfo = { error: 'insufficient_scope' };
    await enableOAuth(standin.url, jwt, idp);
    const res = await validate();
    expect(res.status).toBe(500);
    expect(res.json).toEqual(UNAUTHENTICATED);
    expect(res.text).not.toContain('insufficient_scope');
    const log = logs.join('\n');
    expect(log).toContain('failed retrieving resource');
    expect(log).toContain('403 Forbidden');
  });

  it('answers 500 when the token exchange fails (wrong secret), after trying Basic then params', async () => {
    await enableOAuth(standin.url, jwt, idp, { ClientSecret: 'not-the-right-secret' });
    const res = await validate();
    expect(res.status).toBe(500);
    expect(res.json).toEqual(UNAUTHENTICATED);
    const [first, second] = tokenRequests();
    expect(first!.headers.authorization).toMatch(/^Basic /);
    expect(second!.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(second!.body).get('client_id')).toBe(idp.behaviour.clientId);
    expect(logs.join('\n')).toContain('failed retrieving oauth token');
    expect(logs.join('\n')).toContain('invalid_client');
  });

  it('AutoDetect falls back to credentials in the body when the IdP refuses Basic', async () => {
    idp.behaviour.acceptBasic = false;
    await enableOAuth(standin.url, jwt, idp, { AuthStyle: 0 });
    expect((await validate()).status).toBe(200);
    expect(tokenRequests()).toHaveLength(2);
  });

  it('AuthStyle 1 (In Params) sends the credentials in the body only; 2 (In Header) only as Basic', async () => {
    idp.behaviour.acceptBasic = false;
    await enableOAuth(standin.url, jwt, idp, { AuthStyle: 1 });
    expect((await validate()).status).toBe(200);
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0]!.headers.authorization).toBeUndefined();
    expect(new URLSearchParams(tokenRequests()[0]!.body).get('client_secret')).toBe(idp.behaviour.clientSecret);

    idp.requests.length = 0;
    await enableOAuth(standin.url, jwt, idp, { AuthStyle: 2 });
    expect((await validate()).status).toBe(500);
    expect(tokenRequests()).toHaveLength(1);
    expect(tokenRequests()[0]!.headers.authorization).toMatch(/^Basic /);
  });

  it('keeps the stored client secret when a PUT sends an empty one', async () => {
    await enableOAuth(standin.url, jwt, idp);
    await enableOAuth(standin.url, jwt, idp, { ClientSecret: '' });
    expect((await validate()).status).toBe(200);
  });

  it('URL-unescapes the code before the exchange (url.QueryUnescape)', async () => {
    idp.code = 'a+b/c=d';
    await enableOAuth(standin.url, jwt, idp);
    const res = await validate('a%2Bb%2Fc%3Dd');
    expect(res.status).toBe(200);
    expect(new URLSearchParams(tokenRequests()[0]!.body).get('code')).toBe('a+b/c=d');
  });

  it('keeps the client secret, code, tokens and passwords out of the log', async () => {
    await enableOAuth(standin.url, jwt, idp);
    await validate();
    idp.behaviour.userinfoStatus = 500;
    await validate();
    await enableOAuth(standin.url, jwt, idp, { ClientSecret: 'another-secret-value' });
    await validate();
    const log = logs.join('\n');
    expect(log).toContain('POST /api/auth/oauth/validate 200');
    expect(log).toContain('POST /api/auth/oauth/validate 500');
    for (const secret of [idp.behaviour.clientSecret, 'another-secret-value', idp.code, idp.accessToken, ADMIN_PASSWORD, jwt]) {
      expect(log).not.toContain(secret);
    }
  });
});
