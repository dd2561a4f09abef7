/**
 * Guides that define their values in a table of variables and refer to them by name afterwards (SharePoint SE):
 * the rows are variables, not settings; a redirect URI or setting written as a variable's name takes its value.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintExtracted } from '../../src/checks/lint.js';
import { corpusDir } from '../../src/guide/corpus.js';
import { extractFile, extractText } from '../../src/guide/extract.js';
import { Guide } from '../../src/guide/model.js';
import { findingsOf } from '../../src/report/format.js';
import { corpusSuite } from '../support/corpus.js';

/** A small guide in SharePoint SE's shape: a variables table in Preparation, then settings that name variables. */
const INLINE = [
  '---', //  1
  'title: Integrate with Z',
  'sidebar_label: Z',
  'support_level: community',
  '---',
  '',
  '## Preparation',
  '',
  '| Name                   | Placeholder        | Sample value          |',
  '| ---------------------- | ------------------ | --------------------- |', // 10
  '| authentik slug         | `auth.slug`        | z-app                 |',
  '| authentik redirect URI | `auth.redirect`    | https://z.company/.\\* |',
  '| Z callback             | `z.callback`       | https://z.company/cb  |',
  '',
  '## authentik configuration',
  '',
  '- **Choose a Provider type**: select **OAuth2/OpenID Connect** as the provider type.',
  '    - **Redirect URIs / Origins**: `auth.redirect`',
  '    - **Slug**: `auth.slug`',
  '', // 20
  '## Z configuration',
  '',
  '- **Redirect URL**: `z.callback`',
  '- **Issuer**: `https://authentik.company/application/o/z-app/`',
  '- **Unrelated**: `not.a.variable`',
  '',
].join('\n');

describe('a table of variables (inline guide)', () => {
  const { guide } = extractText('z/index.md', INLINE);

  it('is a valid model', () => expect(Guide.parse(guide)).toEqual(guide));

  it('reads each row as a variable with its value as the reader sees it, and none as a setting', () => {
    expect(guide.variables.map((v) => [v.name, v.value, v.description, v.line])).toEqual([
      ['auth.slug', 'z-app', 'authentik slug', 11],
      ['auth.redirect', 'https://z.company/.*', 'authentik redirect URI', 12],
      ['z.callback', 'https://z.company/cb', 'Z callback', 13],
    ]);
    expect(guide.settings.filter((s) => s.line <= 13)).toEqual([]);
  });

  it('resolves the redirect URI written as a variable, a regex value as a regex URI, at the line that names it', () => {
    expect(guide.providers.flatMap((p) => p.redirectUris)).toEqual([
      { matchingMode: 'regex', kind: 'authorization', url: 'https://z.company/.*', line: 18, column: 36, variable: 'auth.redirect' },
    ]);
  });

  it('resolves settings that name a variable, and leaves the others as written', () => {
    expect(guide.settings.map((s) => [s.line, s.key, s.value, s.variable])).toEqual([
      [19, 'Slug', 'z-app', 'auth.slug'],
      [23, 'Redirect URL', 'https://z.company/cb', 'z.callback'],
      [24, 'Issuer', 'https://authentik.company/application/o/z-app/', undefined],
      [25, 'Unrelated', 'not.a.variable', undefined],
    ]);
  });

  it('lint judges the resolved values: the redirect URL matches the regex URI, the slug is the one the guide sets', async () => {
    const file = await lintExtracted(extractText('z/index.md', INLINE));
    expect(findingsOf([file]).filter((f) => ['redirect-uri-consistency', 'slug-consistency'].includes(f.ruleId!))).toEqual([]);
    const mismatch = INLINE.replace('https://z.company/cb  |', 'https://y.company/cb  |');
    const broken = findingsOf([await lintExtracted(extractText('z/index.md', mismatch))]);
    expect(broken.filter((f) => f.ruleId === 'redirect-uri-consistency').map((f) => [f.line, f.severity])).toEqual([[23, 'error']]);
  });

  it('docproof extract --format pretty lists the variables and says where a value came from', async () => {
    const { formatGuide } = await import('../../src/guide/pretty.js');
    const text = formatGuide(guide);
    expect(text).toContain('  variables:\n      11  auth.slug = "z-app"  (authentik slug)');
    expect(text).toContain('18  redirect regex authorization https://z.company/.*  (from auth.redirect)');
    expect(text).toContain('19  Slug = "z-app"  (from auth.slug)');
  });

  it('a mode the label names wins over the look of the value', () => {
    const strict = extractText('z/index.md', INLINE.replace('**Redirect URIs / Origins**: `auth.redirect`', 'Set a `Strict` redirect URI to `auth.redirect`.')).guide;
    expect(strict.providers.flatMap((p) => p.redirectUris).map((u) => [u.matchingMode, u.url, u.variable])).toEqual([['strict', 'https://z.company/.*', 'auth.redirect']]);
  });

  it('a table without a column of names is still read as settings', () => {
    const table = ['---', 'title: Integrate with Z', '---', '', '## Z configuration', '', '| Setting | Value |', '| --- | --- |', '| Client ID | `abc` |', ''].join('\n');
    const g = extractText('z/index.md', table).guide;
    expect(g.variables).toEqual([]);
    expect(g.settings.map((s) => [s.key, s.value])).toEqual([['Client ID', 'abc']]);
  });
});

const corpus = corpusDir();
describe.skipIf(!corpus)(corpusSuite('a table of variables: the SharePoint SE guide of the corpus', corpus), () => {
  for (const tree of ['authentik-integrations/chat-communication-collaboration', 'authentik-integrations-legacy-2025-05/services']) {
    it(`${tree}/sharepoint-se: the regex redirect URI and the settings that name variables`, async () => {
      const { guide } = await extractFile(path.join(corpus!, tree, 'sharepoint-se/index.md'));
      expect(guide.variables.find((v) => v.name === 'auth.providerRedirectURI')).toMatchObject({ value: 'https://sharepoint.company/.*', line: 59 });
      expect(guide.variables).toHaveLength(12);
      expect(guide.providers.find((p) => p.type === 'oauth2')!.redirectUris).toEqual([
        { matchingMode: 'regex', kind: 'authorization', url: 'https://sharepoint.company/.*', line: 140, column: 36, variable: 'auth.providerRedirectURI' },
      ]);
      const named = guide.settings.filter((s) => s.variable).map((s) => [s.line, s.key, s.value, s.variable]);
      expect(named).toEqual([
        [134, 'Name', 'OIDC-SP', 'auth.providerName'],
        [164, 'Name', 'SharePoint SE', 'auth.applicationName'],
        [165, 'Slug', 'sharepoint-se', 'auth.applicationSlug'],
        [166, 'Provider', 'OIDC-SP', 'auth.providerName'], // the application form's Provider field
        [363, 'Username', 'cn=ldapservice,ou=users,dc=ldap,dc=goauthentik,dc=io', 'ldap.outpostServiceAccount'],
        [364, 'Password', 'mystrongpassword', 'ldap.outpostServiceAccountPassword'],
      ]);
      expect(guide.settings.some((s) => s.line >= 52 && s.line <= 65)).toBe(false); // the table's rows are not settings
    });
  }
});
