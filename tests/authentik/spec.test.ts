/** specFromGuide (src/plan/spec.ts) on hand-built guide models; the real guide runs in blueprint-guide.test.ts. */
import { describe, expect, it } from 'vitest';
import type { Guide, Setting } from '../../src/guide/model.js';
import { UsageError } from '../../src/findings.js';
import { slugify, specFromGuide } from '../../src/plan/spec.js';
import { guideModel } from '../support/guide.js';

function guide(over: Partial<Guide> = {}): Guide {
  return guideModel({
    providers: [
      {
        type: 'oauth2',
        label: 'OAuth2/OpenID Connect',
        line: 38,
        section: 'Create an application and provider in authentik',
        redirectUris: [{ matchingMode: 'strict', kind: 'authorization', url: 'https://portainer.company/', line: 41, column: 30 }],
      },
    ],
    ...over,
  });
}

function setting(key: string, value: string, over: Partial<Setting> = {}): Setting {
  return {
    section: 'Portainer configuration',
    side: 'app',
    key,
    value,
    ref: null,
    alternatives: [],
    line: 60,
    column: 5,
    literal: true,
    optional: false,
    ...over,
  };
}

describe('specFromGuide', () => {
  it("takes the name from sidebar_label, the wizard's provider name, and maps the redirect URIs", () => {
    const spec = specFromGuide(guide(), (u) => u.replace('https://portainer.company', 'http://127.0.0.1:9443'));
    expect(spec).toEqual({
      applicationName: 'Portainer',
      slug: 'portainer',
      providerName: 'Provider for Portainer',
      redirectUris: [{ matchingMode: 'strict', kind: 'authorization', url: 'http://127.0.0.1:9443/' }],
      signingKey: 'any',
      authorizationFlow: 'implicit',
    });
  });

  it("takes the slug the guide sets, else the wizard's proposal from the name; never a slug read from a URL", () => {
    const logout = setting('Logout URL', 'https://authentik.company/application/o/my-portainer/end-session/');
    // A reader who follows the guide gets the wizard's slug; the URL is used as written, and fails where it is used.
    expect(specFromGuide(guide({ settings: [logout] })).slug).toBe('portainer');
    const slug = setting('Slug', 'my-portainer', { side: 'authentik' });
    expect(specFromGuide(guide({ settings: [slug, logout] })).slug).toBe('my-portainer');
    const placeholder = setting('Logout URL', 'https://authentik.company/application/o/<application_slug>/end-session/');
    const global = setting('Authorization URL', 'https://authentik.company/application/o/authorize/');
    const g = guide({ settings: [global, placeholder], frontmatter: { title: 'Integrate with Home Assistant' } });
    expect(specFromGuide(g).slug).toBe('home-assistant');
    expect(specFromGuide(g).applicationName).toBe('Home Assistant');
  });

  it('skips providers of optional sections and non-OAuth2 providers', () => {
    const [main] = guide().providers;
    const optional = { ...main!, section: 'Configure team membership (optional)', redirectUris: [] };
    const saml = { ...main!, type: 'saml' as const, label: 'SAML Provider' };
    const spec = specFromGuide(guide({ providers: [saml, optional, main!] }));
    expect(spec.redirectUris).toHaveLength(1);
  });

  it('reads the explicit flow, "no signing key" and extra scopes from the authentik side', () => {
    const g = guide({
      settings: [
        setting('Authorization flow', 'default-provider-authorization-explicit-consent', { side: 'authentik' }),
        setting('Signing Key', 'Do not select a signing key', { side: 'authentik', literal: false }),
        setting('Scopes', 'openid email profile offline_access', { side: 'authentik' }),
      ],
    });
    const spec = specFromGuide(g);
    expect(spec.authorizationFlow).toBe('explicit');
    expect(spec.signingKey).toBe('none');
    expect(spec.extraScopeMappings).toEqual(['offline_access']);
  });

  it('fails with one line naming the file when the guide creates no OAuth2 provider', () => {
    const g = guide({ providers: [{ ...guide().providers[0]!, type: 'saml' }] });
    expect(() => specFromGuide(g)).toThrow(UsageError);
    expect(() => specFromGuide(g)).toThrow('docs/integrations/portainer/index.md: the guide creates no OAuth2/OpenID Connect provider');
  });
});

// What the real wizard's slug field showed on authentik 2026.5.0-rc1 (tests/e2e/authentik-ui.spec.ts reads it):
// "pgAdmin" → "pg-admin". The others follow the same function (change-case's kebabCase).
describe('slugify: the slug the application wizard proposes', () => {
  it.each([
    ['Portainer', 'portainer'],
    ['Home Assistant', 'home-assistant'],
    ['pgAdmin', 'pg-admin'],
    ['BookStack', 'book-stack'],
    ['Wiki.js', 'wiki-js'],
    ['Nextcloud (legacy)', 'nextcloud-legacy'],
    ['Señor  Tool_X', 'señor-tool-x'],
  ])('%s → %s', (name, slug) => expect(slugify(name)).toBe(slug));
});
