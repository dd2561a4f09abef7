/** The whole model of the seed Portainer guide (as given) and of the 2026.5 Portainer sample, pinned. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../../src/guide/extract.js';
import { corpusDir } from '../../src/guide/corpus.js';
import { corpusSuite } from '../support/corpus.js';
import { Guide } from '../../src/guide/model.js';

/** The seed guide as given (docs/integrations/portainer/index.md is being corrected in place; this copy is not). */
const SEED = 'tests/fixtures/portainer-as-given.md';

describe('the seed Portainer guide, as given (tests/fixtures/portainer-as-given.md)', async () => {
  const { guide, file } = await extractFile(SEED);

  it('is a valid Guide model and keeps the path as given', () => {
    expect(Guide.parse(guide)).toEqual(guide);
    expect(guide.file).toBe(SEED);
    expect(file.path).toBe(SEED);
    expect(String(file.value)).toContain('title: Integrate with Portainer');
    expect(guide.format).toBe('md');
    expect(guide.appSlug).toBe(null); // not at <category>/<app>/index.md
    expect(guide.mdxFallback).toBe(false);
  });

  it('frontmatter with the line of each key', () => {
    expect(guide.frontmatter).toEqual({ title: 'Integrate with Portainer', sidebar_label: 'Portainer', support_level: 'community' });
    expect(guide.frontmatterLines).toEqual({ title: 2, sidebar_label: 3, support_level: 4 });
  });

  it('tested-with versions from the :::note box', () => {
    expect(guide.testedWith).toEqual({ authentik: '2021.7.3', app: '2.6.x-CE', line: 14 });
  });

  it('placeholders', () => {
    expect(guide.placeholders).toEqual([
      { token: 'portainer.company', line: 21, column: 3, description: 'the FQDN of Portainer installation' },
      { token: 'authentik.company', line: 22, column: 3, description: 'the FQDN of authentik installation' },
    ]);
  });

  it('one OAuth2 provider with the legacy <kbd>/<em> strict redirect URI', () => {
    expect(guide.providers).toEqual([
      {
        type: 'oauth2',
        label: 'OAuth2/OpenID Connect',
        line: 38,
        section: 'Create an application and provider in authentik',
        redirectUris: [{ matchingMode: 'strict', kind: 'authorization', url: 'https://portainer.company/', line: 41, column: 38 }],
        optional: false,
      },
    ]);
  });

  it('every setting, in order, with lines', () => {
    const rows = guide.settings.map((s) => [s.line, s.side, s.section, s.key, s.value, s.ref, s.alternatives, s.literal, s.optional, s.origin]);
    const sec = 'Portainer configuration';
    expect(rows).toEqual([
      [51, 'app', sec, 'Client ID', null, 'clientId', [], false, false, 'list'],
      [52, 'app', sec, 'Client Secret', null, 'clientSecret', [], false, false, 'list'],
      [53, 'app', sec, 'Authorization URL', 'https://authentik.company/application/o/authorize/', null, [], true, false, 'list'],
      [54, 'app', sec, 'Access Token URL', 'https://authentik.company/application/o/token/', null, [], true, false, 'list'],
      [55, 'app', sec, 'Resource URL', 'https://authentik.company/application/o/userinfo/', null, [], true, false, 'list'],
      [56, 'app', sec, 'Redirect URL', 'https://portainer.company/', null, [], true, false, 'list'],
      [57, 'app', sec, 'Logout URL', 'https://authentik.company/application/o/portainer/end-session/', null, [], true, false, 'list'],
      [58, 'app', sec, 'User Identifier', 'preferred_username', null, ['email'], true, false, 'list'],
      [59, 'app', sec, 'Scopes', 'email openid profile', null, [], true, false, 'list'],
    ]);
    // the value's own text: after "- Authorization URL: "
    expect(guide.settings[2]!.column).toBe(22);
  });

  it('steps, in order, on both sides', () => {
    const rows = guide.steps.map((s) => [s.line, s.side, s.path, s.choose, s.under, s.click, s.toggles, s.optional]);
    expect(rows).toEqual([
      [34, 'authentik', [], [], [], [], [], false],
      [35, 'authentik', ['Applications', 'Applications'], [], [], ['Create with Provider'], [], false],
      [37, 'authentik', [], [], [], [], [], false],
      [38, 'authentik', [], [], [], [], [], false],
      [39, 'authentik', [], [], [], [], [], false],
      [40, 'authentik', [], [], [], [], [], false],
      [42, 'authentik', [], [], [], [], [], false],
      [43, 'authentik', [], [], [], [], [], true],
      [45, 'authentik', [], [], [], ['Submit'], [], false],
      [49, 'app', ['Settings', 'Authentication'], ['OAuth', 'Custom'], [null, null], [], [], false],
    ]);
    const app = guide.steps.find((s) => s.side === 'app')!;
    expect(app.section).toBe('Portainer configuration');
    expect(app.text).toBe('In Portainer, under Settings, Authentication, Select OAuth and Custom');
  });

  it('the authentik steps as read in the admin interface: sign-in, wizard pages, settings left to the reader, values to note', () => {
    const ui = guide.steps
      .filter((s) => s.side === 'authentik')
      .map((s) => [s.line, s.signIn ?? false, s.page ?? null, (s.reader ?? []).map((r) => `${r.field}: ${r.said}`), s.note ?? []]);
    expect(ui).toEqual([
      [34, true, null, [], []],
      [35, false, null, [], []],
      [37, false, 'Application', ['application-name: provide a descriptive name'], []],
      [38, false, 'Choose a Provider type', [], []],
      [39, false, 'Configure the Provider', ['provider-name: provide a name (or accept the auto-provided name)', 'authorization-flow: the authorization flow to use for this provider'], []],
      [40, false, null, [], ['clientId', 'clientSecret', 'slug']],
      [42, false, null, ['signing-key: Select any available signing key'], []],
      [43, false, 'Configure Bindings', [], []],
      [45, false, null, [], []],
    ]);
  });

  it('headings, urls and resources', () => {
    expect(guide.headings.map((h) => [h.depth, h.text, h.line])).toEqual([
      [2, 'What is Portainer', 7],
      [2, 'Preparation', 17],
      [2, 'authentik configuration', 28],
      [3, 'Create an application and provider in authentik', 32],
      [2, 'Portainer configuration', 47],
      [2, 'Notes', 67],
    ]);
    expect(guide.urls).toContainEqual({ url: 'https://portainer.company/', line: 41, column: 38, origin: 'kbd' });
    expect(guide.urls).toContainEqual({ url: 'https://authentik.company/application/o/token/', line: 54, column: 21, origin: 'code' });
    expect(guide.urls).toContainEqual({ url: 'https://documentation.portainer.io/v2.0/auth/oauth/', line: 70, column: 27, origin: 'text' });
    expect(guide.resources).toContainEqual({ kind: 'image', url: './port1.png', line: 65, column: 1 });
    expect(guide.resources).toContainEqual({ kind: 'link', url: '/docs/add-secure-apps/flows-stages/bindings/', line: 43, column: 57 });
  });

  it('the maintained guide in docs/ still yields its provider, URI, app settings and save step', async () => {
    const { guide: docs } = await extractFile('docs/integrations/portainer/index.md');
    expect(docs.appSlug).toBe('portainer');
    expect(docs.providers.map((p) => p.type)).toEqual(['oauth2']);
    expect(docs.providers[0]!.redirectUris.map((u) => u.url)).toEqual(['https://portainer.company/']);
    expect(docs.settings.filter((s) => s.side === 'app').map((s) => s.key)).toEqual(expect.arrayContaining(['Client ID', 'Scopes']));
    expect(docs.steps.some((s) => s.side === 'app' && s.click.includes('Save settings'))).toBe(true);
  });
});

const corpus = corpusDir();
describe.skipIf(!corpus)(corpusSuite('the 2026.5 Portainer sample', corpus), async () => {
  const file = path.join(corpus ?? '', 'authentik-integrations-newer-samples/hypervisors-orchestrators/portainer/index.mdx');
  const { guide } = corpus ? await extractFile(file) : ({ guide: null } as never);

  it('parses as MDX and names the partial it imports', () => {
    expect(guide.format).toBe('mdx');
    expect(guide.mdxFallback).toBe(false);
    expect(guide.resources).toContainEqual({ kind: 'import', url: '../../\\_redirect-uri-2026-5-note.mdx', line: 7, column: 1 });
    expect(guide.testedWith).toEqual({ authentik: null, app: null, line: null });
  });

  it('the 2026.5 redirect URI wording', () => {
    expect(guide.providers).toHaveLength(1);
    expect(guide.providers[0]!.line).toBe(37);
    expect(guide.providers[0]!.redirectUris).toEqual([
      { matchingMode: 'strict', kind: 'authorization', url: 'https://portainer.company/', line: 40, column: 82 },
    ]);
  });

  it('<application_slug> is a placeholder for the slug', () => {
    expect(guide.placeholders.map((p) => [p.token, p.line])).toEqual([
      ['portainer.company', 19],
      ['authentik.company', 20],
      ['<application_slug>', 61],
    ]);
    expect(guide.placeholders[2]!.description).toMatch(/slug/);
  });

  it('main-path app steps in order: navigate, choose under a group, toggles, choose, save', () => {
    const main = guide.steps.filter((s) => s.side === 'app' && !s.optional);
    expect(main.map((s) => [s.line, s.path, s.choose, s.under, s.click, s.toggles])).toEqual([
      [48, ['Settings', 'Authentication'], [], [], [], []],
      [49, [], ['OAuth'], ['Authentication method'], [], []],
      [50, [], [], [], [], [{ label: 'Use SSO', on: true }, { label: 'Automatic user provisioning', on: true }]],
      [53, [], ['Custom'], ['Provider'], [], []],
      [64, [], [], [], ['Save settings'], []],
      [141, [], [], [], ['Login with OAuth'], []],
    ]);
  });

  it('main-path app settings, toggles included', () => {
    const main = guide.settings.filter((s) => s.side === 'app' && !s.optional);
    expect(main.map((s) => [s.line, s.key, s.value, s.ref, s.alternatives])).toEqual([
      [51, 'Use SSO', 'enabled', null, []],
      [52, 'Automatic user provisioning', 'enabled', null, []],
      [55, 'Client ID', null, 'clientId', []],
      [56, 'Client Secret', null, 'clientSecret', []],
      [57, 'Authorization URL', 'https://authentik.company/application/o/authorize/', null, []],
      [58, 'Access Token URL', 'https://authentik.company/application/o/token/', null, []],
      [59, 'Resource URL', 'https://authentik.company/application/o/userinfo/', null, []],
      [60, 'Redirect URL', 'https://portainer.company/', null, []],
      [61, 'Logout URL', 'https://authentik.company/application/o/<application_slug>/end-session/', null, []],
      [62, 'User Identifier', 'preferred_username', null, ['email']],
      [63, 'Scopes', 'openid profile email', null, []],
    ]);
  });

  it('the optional team-membership section marks its settings and steps optional', () => {
    const opt = guide.settings.filter((s) => s.optional);
    expect(opt.map((s) => [s.line, s.side, s.key])).toEqual(
      expect.arrayContaining([
        [92, 'authentik', 'Scope name'],
        [128, 'app', 'Claim name'],
        [132, 'app', 'Default team'],
      ]),
    );
    expect(opt.every((s) => s.line > 70)).toBe(true);
    const optSteps = guide.steps.filter((s) => s.optional);
    expect(optSteps.map((s) => s.line)).toEqual(expect.arrayContaining([89, 126, 127, 137]));
    expect(optSteps.find((s) => s.line === 127)!.toggles).toEqual([{ label: 'Automatic team membership', on: true }]);
    expect(optSteps.find((s) => s.line === 89)!.side).toBe('authentik');
  });
});
