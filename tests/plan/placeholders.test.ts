import { describe, expect, it } from 'vitest';
import { settingMeaning, userFieldForClaim } from '../../src/plan/meaning.js';
import { mapValue, placeholderMap } from '../../src/plan/placeholders.js';
import type { Setting } from '../../src/guide/model.js';

const guideSetting = { section: 'Portainer configuration', side: 'app', key: 'Redirect URL', value: '', ref: null, literal: false, optional: false, line: 1, column: 1 } as unknown as Setting;

const guide = {
  placeholders: [{ token: 'portainer.company', line: 21, column: 3, description: 'the FQDN of Portainer' }],
  urls: [{ url: 'https://grafana.company/login', line: 70, column: 1, origin: 'code' as const }],
  settings: [],
};
const targets = { authentikUrl: 'http://127.0.0.1:9000', appUrl: 'http://127.0.0.2:9001/', slug: 'portainer' };
const url = (u: string, line: number) => ({ url: u, line, column: 1, origin: 'code' as const });

describe('placeholders', () => {
  const map = placeholderMap(guide);
  it('maps authentik.company onto authentik, and the hosts Preparation introduces onto the app; no other host', () => {
    expect(map.hosts).toEqual([
      { host: 'authentik.company', target: 'authentik', scheme: 'https', otherScheme: false },
      { host: 'portainer.company', target: 'app', scheme: 'https', otherScheme: false },
    ]);
    // A host the guide never introduces stays as written: a run sent there says so at its line.
    expect(mapValue('https://grafana.company/login', map, targets).value).toBe('https://grafana.company/login');
  });
  it('takes every *.company host for the app when Preparation introduces none (older guides)', () => {
    expect(placeholderMap({ ...guide, placeholders: [] }).hosts.map((h) => h.host)).toEqual(['authentik.company', 'grafana.company']);
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
  it('never maps a literal slug: a URL is used exactly as written', () => {
    expect(mapValue('https://authentik.company/application/o/grafana/end-session/', map, targets).value).toBe(
      'http://127.0.0.1:9000/application/o/grafana/end-session/',
    );
  });
});

describe('two schemes of one host stay two URLs on the stack', () => {
  const both = {
    ...guide,
    urls: [url('https://portainer.company/', 38), url('http://portainer.company/', 60), url('https://authentik.company/application/o/authorize/', 57)],
    settings: [],
  };
  const map = placeholderMap(both);
  it("knows each host's dominant scheme (https on a tie) and whether the guide writes the other one too", () => {
    expect(map.hosts).toEqual([
      { host: 'authentik.company', target: 'authentik', scheme: 'https', otherScheme: false },
      { host: 'portainer.company', target: 'app', scheme: 'https', otherScheme: true },
    ]);
    const mostlyHttp = placeholderMap({ ...both, urls: [...both.urls, url('http://portainer.company/x', 70)] });
    expect(mostlyHttp.hosts.find((h) => h.host === 'portainer.company')).toMatchObject({ scheme: 'http', otherScheme: true });
  });
  it('a setting and its URL at the same line are one writing', () => {
    const once = placeholderMap({
      ...both,
      urls: [url('https://portainer.company/', 38), url('http://portainer.company/', 60)],
      settings: [{ ...guideSetting, line: 60, value: 'http://portainer.company/' }],
    });
    expect(once.hosts.find((h) => h.host === 'portainer.company')?.scheme).toBe('https');
  });
  it('maps the other scheme onto the second address, and the dominant one onto the base URL', () => {
    const alternates = [{ host: 'portainer.company', scheme: 'http' as const, url: 'http://127.0.0.2:40117' }];
    expect(mapValue('http://portainer.company/', map, { ...targets, alternates })).toEqual({
      value: 'http://127.0.0.2:40117/',
      mapped: [{ from: 'http://portainer.company', to: 'http://127.0.0.2:40117' }],
    });
    expect(mapValue('https://portainer.company/', map, { ...targets, alternates }).value).toBe('http://127.0.0.2:9001/');
    // Without a second address (a plan printed, not run), both go to the base URL.
    expect(mapValue('http://portainer.company/', map, targets).value).toBe('http://127.0.0.2:9001/');
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
