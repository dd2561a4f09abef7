import { describe, expect, it } from 'vitest';
import { settingMeaning, userFieldForClaim } from '../../src/plan/meaning.js';
import { mapValue, placeholderMap } from '../../src/plan/placeholders.js';

const guide = {
  placeholders: [{ token: 'portainer.company', line: 21, column: 3, description: 'the FQDN of Portainer' }],
  urls: [{ url: 'https://grafana.company/login', line: 70, column: 1, origin: 'code' as const }],
  settings: [],
};
const targets = { authentikUrl: 'http://127.0.0.1:9000', appUrl: 'http://127.0.0.2:9001/', slug: 'portainer' };

describe('placeholders', () => {
  const map = placeholderMap(guide);
  it('maps authentik.company onto authentik, every other *.company host onto the app', () => {
    expect(map.hosts).toEqual([
      { host: 'authentik.company', target: 'authentik' },
      { host: 'portainer.company', target: 'app' },
      { host: 'grafana.company', target: 'app' },
    ]);
  });
  it('replaces scheme and host, keeps the path, and records what it mapped', () => {
    expect(mapValue('https://authentik.company/application/o/<application_slug>/end-session/', map, targets)).toEqual({
      value: 'http://127.0.0.1:9000/application/o/portainer/end-session/',
      mapped: [
        { from: 'https://authentik.company', to: 'http://127.0.0.1:9000' },
        { from: '<application_slug>', to: 'portainer' },
      ],
    });
    expect(mapValue('https://portainer.company/', map, targets).value).toBe('http://127.0.0.2:9001/');
    expect(mapValue('https://portainer.company', map, targets).value).toBe('http://127.0.0.2:9001');
  });
  it('maps bare hosts to host:port and leaves other text alone', () => {
    expect(mapValue('portainer.company', map, targets).value).toBe('127.0.0.2:9001');
    expect(mapValue('preferred_username', map, targets)).toEqual({ value: 'preferred_username', mapped: [] });
    expect(mapValue('https://authentik.company.evil/x', map, targets).value).toBe('https://authentik.company.evil/x');
  });
  it('leaves the slug token when no slug is known yet', () => {
    expect(mapValue('<application_slug>', map, { ...targets, slug: null }).value).toBe('<application_slug>');
  });
});

describe('setting meanings', () => {
  it.each([
    ['Client ID', 'clientId'],
    ['Client secret', 'clientSecret'],
    ['Application key', 'clientSecret'],
    ['Authorization URL', 'authorizationUrl'],
    ['Access Token URL', 'tokenUrl'],
    ['Token endpoint', 'tokenUrl'],
    ['Resource URL', 'userinfoUrl'],
    ['Userinfo URL', 'userinfoUrl'],
    ['Redirect URL', 'redirectUrl'],
    ['Logout URL', 'logoutUrl'],
    ['User Identifier', 'userIdentifier'],
    ['Scopes', 'scopes'],
    ['Auth Style', 'other'],
    // Looser credential labels the run reads (and masks) but the lint rules do not: see src/guide/meaning.ts.
    ['Application ID', 'clientId'],
    ['Client Key', 'clientSecret'],
    ['auth.openid.providers.authentik.clientsecret', 'clientSecret'],
    ['Client Identifier', 'clientId'],
    ['Scope name', 'scopeName'],
  ])('%s → %s', (key, meaning) => expect(settingMeaning(key)).toBe(meaning));
  it('maps identifier claims onto user fields', () => {
    expect(userFieldForClaim('preferred_username')).toBe('username');
    expect(userFieldForClaim('email')).toBe('email');
    expect(userFieldForClaim('sub')).toBeNull();
  });
});
