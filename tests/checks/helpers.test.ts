/** The tables the rules stand on: label meanings, authentik's endpoint paths, version age. */
import { describe, expect, it } from 'vitest';
import { meaningOf, normaliseLabel } from '../../src/guide/meaning.js';
import { ageOf, describeAge } from '../../src/checks/tested-version.js';
import { authentikEndpoint, singleUrl, urlsIn } from '../../src/checks/urls.js';
import { nearMiss } from '../../src/checks/redirect-uri-consistency.js';
import { PINNED } from '../../src/versions.js';

describe('meaningOf: setting labels as the corpus writes them', () => {
  const cases: [string, ReturnType<typeof meaningOf>][] = [
    ['Authorization URL', 'authorizationUrl'],
    ['Auth URL', 'authorizationUrl'],
    ['Authorize URL', 'authorizationUrl'],
    ['OIDC_AUTH_URI', 'authorizationUrl'],
    ['authorizationURL', 'authorizationUrl'],
    ['AuthEndpoint', 'authorizationUrl'],
    ['Access Token URL', 'tokenUrl'],
    ['Token URL', 'tokenUrl'],
    ['Token endpoint', 'tokenUrl'],
    ['CMD_OAUTH2_TOKEN_URL', 'tokenUrl'],
    ['oauth.generic.token_endpoint', 'tokenUrl'],
    ['Resource URL', 'userinfoUrl'],
    ['Userinfo URL', 'userinfoUrl'],
    ['User Info URL', 'userinfoUrl'],
    ['API URL', 'userinfoUrl'],
    ['User API URL', 'userinfoUrl'],
    ['userInfoURL', 'userinfoUrl'],
    ['Redirect URL', 'redirectUrl'],
    ['Callback URL', 'redirectUrl'],
    ['Redirect URI', 'redirectUrl'],
    ['OPENID_REDIRECT_URI', 'redirectUrl'],
    ['Logout URL', 'logoutUrl'],
    ['Signout URL', 'logoutUrl'],
    ['End session URL', 'logoutUrl'],
    ['Userinfo Logout Endpoint', 'logoutUrl'],
    ['grafana.ini.auth.signout_redirect_url', 'logoutUrl'],
    ['LOGOUT_REDIRECT_URL', 'logoutUrl'],
    ['User Identifier', 'userIdentifier'],
    ['Username claim', 'userIdentifier'],
    ['OIDC_USERNAME_CLAIM', 'userIdentifier'],
    ['Scopes', 'scopes'],
    ['Scope', 'scopes'],
    ['oidc_providers.authentik.scopes', 'scopes'],
    ['Additional Scopes', 'scopes'],
    ['Scope name', 'scopeName'],
    ['Search Scope', null],
    ['JSON Web Key Set Endpoint', 'jwksUrl'],
    ['Issuer', 'issuer'],
    ['OpenID provider URL', 'issuer'],
    ['Discovery URL', 'discoveryUrl'],
    ['OpenID Connect Auto Discovery URL', 'discoveryUrl'],
    ['Client ID', 'clientId'],
    ['Client Secret', 'clientSecret'],
    // Labels that look close but are not one of these settings.
    ['auth.openid.providers.authentik.authurl', null],
    ['AUTH_OIDC_URI', null],
    ['tokeninfo_url', null],
    ['Application Key', null], // only the planner reads it as a client secret (lenientCredentials)
    ['OIDC_AUTO_REDIRECT', 'redirectUrl'], // a redirect flag: its value ("true") is not a URL, so rules skip it
  ];
  for (const [label, meaning] of cases) it(`${label} → ${meaning}`, () => expect(meaningOf(label)).toBe(meaning));

  it('normalises camelCase, snake_case and dotted keys', () => {
    expect(normaliseLabel('UserAPIEndpoint')).toBe('user api endpoint');
    expect(normaliseLabel('plugin»oauthgeneric»authurl')).toBe('plugin oauthgeneric authurl');
  });
});

describe("authentikEndpoint: the paths authentik serves (reference section C)", () => {
  const ok: [string, string, string | null][] = [
    ['/application/o/authorize/', 'authorize', null],
    ['/application/o/token/', 'token', null],
    ['/application/o/userinfo/', 'userinfo', null],
    ['/application/o/introspect/', 'introspect', null],
    ['/application/o/revoke/', 'revoke', null],
    ['/application/o/device/', 'device', null],
    ['/application/o/<application_slug>/end-session/', 'end-session', '<application_slug>'],
    ['/application/o/portainer/jwks/', 'jwks', 'portainer'],
    ['/application/o/portainer/.well-known/openid-configuration', 'discovery', 'portainer'],
    ['/application/o/portainer/', 'provider-root', 'portainer'],
    ['/.well-known/oauth-authorization-server/application/o/portainer/', 'discovery', 'portainer'],
    ['/application/o/', 'base', null],
  ];
  for (const [p, kind, slug] of ok) {
    it(`${p} is ${kind}`, () => expect(authentikEndpoint(p)).toEqual({ kind, slug, missingSlash: false, suggestion: null }));
  }
  it('names what was probably meant for a path it does not serve', () => {
    expect(authentikEndpoint('/application/o/app/end_session')).toMatchObject({ kind: null, suggestion: '/application/o/app/end-session/' });
    expect(authentikEndpoint('/application/o/app/token/')).toMatchObject({ kind: null, suggestion: '/application/o/token/' });
    expect(authentikEndpoint('/application/o/authorize/extra/')).toMatchObject({ kind: null, suggestion: '/application/o/authorize/' });
  });
  it('flags a missing trailing slash', () => {
    expect(authentikEndpoint('/application/o/token')).toMatchObject({ kind: 'token', missingSlash: true });
  });
  it('ignores paths outside /application/o/', () => {
    expect(authentikEndpoint('/if/flow/default-invalidation-flow/')).toBeNull();
    expect(authentikEndpoint('/api/v3/')).toBeNull();
  });
  it('finds URLs with placeholders inside a value', () => {
    expect(urlsIn('issuer: https://authentik.company/application/o/<Slug of the application from above>/ and more').map((u) => u.url)).toEqual([
      'https://authentik.company/application/o/<Slug of the application from above>/',
    ]);
    expect(singleUrl('"https://portainer.company/"')).toBe('https://portainer.company/');
    expect(singleUrl('the URL https://a.company/ here')).toBeNull();
  });
});

describe('nearMiss: how two redirect URIs differ', () => {
  it('names one difference', () => {
    expect(nearMiss('https://a.company', 'https://a.company/')).toBe('the trailing slash differs');
    expect(nearMiss('http://a.company/cb', 'https://a.company/cb')).toBe('the scheme differs');
    expect(nearMiss('https://b.company/cb', 'https://a.company/cb')).toBe('the host differs');
    expect(nearMiss('https://b.company/x', 'http://a.company/cb')).toBeNull();
  });
});

describe('ageOf: releases and months behind the pinned release', () => {
  it('counts release lines after the tested one, up to the pinned one', () => {
    expect(PINNED.authentik.version).toBe('2026.8.3');
    expect(ageOf('2021.7.3')).toEqual({ releasesBehind: 39, months: 61 });
    expect(ageOf('2025.10.3')).toEqual({ releasesBehind: 4, months: 10 });
    expect(ageOf('2026.8.0')).toEqual({ releasesBehind: 0, months: 0 });
    expect(ageOf('not a version')).toBeNull();
    expect(describeAge({ releasesBehind: 39, months: 61 })).toBe('5 years and 39 releases behind');
    expect(describeAge({ releasesBehind: 1, months: 3 })).toBe('3 months and 1 release behind');
  });
  it('lists release lines newest first, without duplicates', () => {
    const key = (r: string) => Number(r.split('.')[0]) * 12 + Number(r.split('.')[1]);
    const lines = PINNED.authentik.releases.map(key);
    expect([...lines].sort((a, b) => b - a)).toEqual(lines);
    expect(new Set(lines).size).toBe(lines.length);
    expect(PINNED.authentik.version.startsWith(PINNED.authentik.releases[0] + '.')).toBe(true);
  });
});
