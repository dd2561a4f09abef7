/**
 * Formats, pinned on a purpose-made fixture (Tabs, titled admonition, `**Key:**`, table, env code block)
 * and on varied corpus guides: legacy kbd/em, nested "**Redirect URI**:" bullets, Regex URIs, several URIs in
 * one bullet, the 2026.5 Post Logout kind, tables, Tabs, code-block-only app configuration, SAML-only, copy-over lists.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir } from '../../src/guide/corpus.js';
import { corpusSuite } from '../support/corpus.js';
import { extractFile, extractText } from '../../src/guide/extract.js';
import { Guide } from '../../src/guide/model.js';

const rows = (g: Guide) => ({
  uris: g.providers.flatMap((p) => p.redirectUris.map((u) => [u.line, u.matchingMode, u.kind, u.url])),
  settings: g.settings.map((s) => [s.line, s.side, s.key, s.value, s.ref, s.optional, s.origin]),
});

describe('fixture: Tabs, titled admonition, **Key:**, list of literals, table, env block', async () => {
  const { guide } = await extractFile('tests/fixtures/guides/tabs-and-table.mdx');
  it('is a valid model', () => expect(Guide.parse(guide)).toEqual(guide));
  it('tested-with inside a titled admonition', () => {
    expect(guide.testedWith).toEqual({ authentik: '2025.10.3', app: '1.2.3 LTS', line: 12 });
  });
  it('settings: default tab main path, non-default tab optional, table rows, escapes removed', () => {
    expect(rows(guide).settings).toEqual([
      [21, 'app', 'Client ID', null, 'clientId', false, 'list'],
      [22, 'app', 'Scopes', 'openid profile email', null, false, 'list'],
      [23, 'app', 'Enabled', 'on', null, false, 'list'],
      [29, 'app', 'EXAMPLE_CLIENT_ID', null, 'clientId', true, 'codeblock'],
      [30, 'app', 'EXAMPLE_ISSUER', 'https://authentik.company/application/o/<application_slug>/', null, true, 'codeblock'],
      [38, 'app', 'Token URL', 'https://authentik.company/application/o/token/', null, false, 'table'],
      [39, 'app', 'Secret *', null, 'clientSecret', false, 'table'],
    ]);
  });
  it('steps: navigation, and the toggle collected on the step that introduces it', () => {
    expect(guide.steps.map((s) => [s.line, s.path, s.toggles])).toEqual([
      [19, ['Admin', 'SSO'], []],
      [20, [], [{ label: 'Enabled', on: true }]],
    ]);
  });
  it('imports are resources', () => {
    expect(guide.resources.filter((r) => r.kind === 'import').map((r) => [r.url, r.line])).toEqual([
      ['@theme/Tabs', 7],
      ['@theme/TabItem', 8],
    ]);
  });
});

describe('extractText', () => {
  /** A guide "Integrate with Z" with these lines after its frontmatter (which ends on line 3). */
  const guideZ = (...lines: string[]) => ['---', 'title: Integrate with Z', '---', ...lines].join('\n');

  it('reads "Set a `Regex` redirect URI" with a markdown-escaped \\* and the old one-line app step', () => {
    const text = guideZ(
      '## authentik configuration',
      '',
      '- **Choose a Provider type**: select **OAuth2/OpenID Connect** as the provider type.',
      '    - Set a `Regex` redirect URI to `^https://z.company/oidc/.\\*$`.',
      '    - Add a **Redirect URI** of type `Strict` `Post Logout` as `https://z.company/logout`.',
      '',
      '## Z configuration',
      '',
      'In Z, under _Settings_, _Authentication_, Select _OAuth_ and _Custom_',
      '',
      '- Logout URL: <kbd>https://<em>authentik.company</em>/application/o/z/end-session/</kbd>',
    );
    const { guide } = extractText('z/index.md', text);
    expect(rows(guide).uris).toEqual([
      [7, 'regex', 'authorization', '^https://z.company/oidc/.*$'],
      [8, 'strict', 'post-logout', 'https://z.company/logout'],
    ]);
    expect(guide.steps.map((s) => [s.line, s.path, s.choose, s.page ?? null])).toEqual([
      [6, [], [], 'Choose a Provider type'],
      [12, ['Settings', 'Authentication'], ['OAuth', 'Custom'], null],
    ]);
    expect(rows(guide).settings).toEqual([[14, 'app', 'Logout URL', 'https://authentik.company/application/o/z/end-session/', null, false, 'list']]);
    expect(guide.appSlug).toBe('z');
  });

  it('"Set the **A** and **B** to …" sets both keys (github-enterprise-server, drupal)', () => {
    const text = guideZ(
      '## authentik configuration',
      '',
      '- Set the **Audience** and **Issuer** to `https://z.company`.',
      '',
      '## Z configuration',
      '',
      '- Set the **Client ID** and **Client Secret** to the values noted from authentik.',
      '- Set **Scopes** to `openid profile`.',
    );
    const { guide } = extractText('z/index.md', text);
    expect(rows(guide).settings).toEqual([
      [6, 'authentik', 'Audience', 'https://z.company', null, false, 'prose'],
      [6, 'authentik', 'Issuer', 'https://z.company', null, false, 'prose'],
      [10, 'app', 'Client ID', null, 'clientId', false, 'prose'],
      [10, 'app', 'Client Secret', null, 'clientSecret', false, 'prose'],
      [11, 'app', 'Scopes', 'openid profile', null, false, 'prose'],
    ]);
  });
});

const corpus = corpusDir();
const at = (rel: string) => path.join(corpus ?? '', rel);

describe.skipIf(!corpus)(corpusSuite('varied corpus guides', corpus), () => {
  it('legacy kbd/em, two URIs in one unindented wizard bullet (homarr, 2025-05)', async () => {
    const { guide } = await extractFile(at('authentik-integrations-legacy-2025-05/services/homarr/index.md'));
    expect(guide.providers.map((p) => [p.type, p.line])).toEqual([['oauth2', 34]]);
    expect(rows(guide).uris).toEqual([
      [37, 'strict', 'authorization', 'https://homarr.company/api/auth/callback/oidc'],
      [37, 'strict', 'authorization', 'http://localhost:50575/api/auth/callback/oidc'],
    ]);
    // app configured by env vars in a code block
    expect(rows(guide).settings.slice(0, 3)).toEqual([
      [48, 'app', 'AUTH_PROVIDERS', 'oidc,credentials', null, false, 'codeblock'],
      [49, 'app', 'AUTH_OIDC_CLIENT_ID', null, 'clientId', false, 'codeblock'],
      [50, 'app', 'AUTH_OIDC_CLIENT_SECRET', null, 'clientSecret', false, 'codeblock'],
    ]);
    expect(guide.placeholders.map((p) => p.token)).toEqual(['homarr.company', 'authentik.company', '<slug from authentik>']);
  });

  it('nested "**Redirect URI**:" + "- Strict:" bullets, duplicate sentence not repeated (zot)', async () => {
    const { guide } = await extractFile(at('authentik-integrations/infrastructure/zot/index.md'));
    expect(rows(guide).uris).toEqual([[38, 'strict', 'authorization', 'https://zot.company/zot/auth/callback/oidc']]);
    expect(rows(guide).settings[0]).toEqual([39, 'authentik', 'Signing Key', 'select any available signing key', null, false, 'list']);
    expect(guide.settings.some((s) => s.side === 'app')).toBe(true);
  });

  it('Regex URIs as "- Regex: `…`" and four providers\' settings (owncloud)', async () => {
    const { guide } = await extractFile(at('authentik-integrations/chat-communication-collaboration/owncloud/index.md'));
    expect(rows(guide).uris).toEqual([
      [46, 'strict', 'authorization', 'https://owncloud.company/apps/openidconnect/redirect'],
      [53, 'regex', 'authorization', 'http://localhost:\\d+'],
      [54, 'regex', 'authorization', 'http://127.0.0.1:\\d+'],
      [61, 'strict', 'authorization', 'oc://android.owncloud.com'],
      [68, 'strict', 'authorization', 'oc://ios.owncloud.com'],
    ]);
    expect(rows(guide).settings.slice(0, 3)).toEqual([
      [42, 'authentik', 'Signing Key', 'Select any available signing key', null, false, 'list'],
      [43, 'authentik', 'Client ID', null, 'clientId', false, 'list'],
      [44, 'authentik', 'Client Secret', null, 'clientSecret', false, 'list'],
    ]);
  });

  it('`Regex` with an escaped \\* (adventurelog) and netbird\'s "Add a `Regex` redirect:"', async () => {
    const adv = (await extractFile(at('authentik-integrations/miscellaneous/adventurelog/index.mdx'))).guide;
    expect(rows(adv).uris).toEqual([[37, 'regex', 'authorization', '^https://adventurelog.company/accounts/oidc/.*$']]);
    const nb = (await extractFile(at('authentik-integrations/networking/netbird/index.md'))).guide;
    expect(rows(nb).uris).toEqual([
      [39, 'strict', 'authorization', 'http://localhost:53000'],
      [40, 'regex', 'authorization', 'https://<netbird.company>/.*'],
    ]);
  });

  it('"Add three `Strict` redirect URIs and set them to …" (immich)', async () => {
    const { guide } = await extractFile(at('authentik-integrations/media/immich/index.md'));
    expect(rows(guide).uris).toEqual([
      [36, 'strict', 'authorization', 'app.immich:///oauth-callback'],
      [36, 'strict', 'authorization', 'https://immich.company/auth/login'],
      [36, 'strict', 'authorization', 'https://immich.company/user-settings'],
    ]);
    expect(guide.steps.find((s) => s.side === 'app')!.path).toEqual(['Administration', 'Settings', 'OAuth Authentication']);
  });

  it('2026.5 list of URIs with `Post Logout` (audiobookshelf sample)', async () => {
    const { guide } = await extractFile(at('authentik-integrations-newer-samples/media/audiobookshelf/index.mdx'));
    expect(rows(guide).uris).toEqual([
      [41, 'strict', 'authorization', 'https://audiobookshelf.company/auth/openid/callback'],
      [42, 'strict', 'authorization', 'https://audiobookshelf.company/auth/openid/mobile-redirect'],
      [43, 'strict', 'post-logout', 'https://audiobookshelf.company/login'],
    ]);
  });

  it('a table of app settings (kanboard)', async () => {
    const { guide } = await extractFile(at('authentik-integrations/chat-communication-collaboration/kanboard/index.md'));
    const table = guide.settings.filter((s) => s.origin === 'table');
    expect(table.map((s) => [s.line, s.key, s.value, s.ref])).toEqual([
      [65, 'Callback URL', 'https://kanboard.company/oauth/callback', null],
      [66, 'Client ID', null, 'clientId'],
      [67, 'Client Secret', null, 'clientSecret'],
      [68, 'Authorize URL', 'https://authentik.company/application/o/authorize', null],
      [69, 'Token URL', 'https://authentik.company/application/o/token', null],
      [70, 'User API URL', 'https://authentik.company/application/o/userinfo', null],
      [71, 'Scopes', 'openid profile email', null],
      [72, 'Username Key', 'preferred_username', null],
      [73, 'Name Key', 'name', null],
      [74, 'Email Key', 'email', null],
      [75, 'User ID Key', 'sub', null],
      [76, 'Allow Account Creation', 'Toggled', null],
    ]);
  });

  it('Tabs: SAML default tab on the main path, OIDC tab optional (gitlab)', async () => {
    const { guide } = await extractFile(at('authentik-integrations/development/gitlab/index.mdx'));
    expect(guide.providers.map((p) => [p.type, p.line])).toEqual([
      ['saml', 53],
      ['oauth2', 111],
    ]);
    expect(rows(guide).uris).toEqual([[114, 'strict', 'authorization', 'https://gitlab.company/users/auth/openid_connect/callback']]);
    const authentik = guide.settings.filter((s) => s.side === 'authentik');
    expect(authentik.map((s) => [s.line, s.key, s.value, s.optional])).toEqual([
      [55, 'ACS URL', 'https://gitlab.company/users/auth/saml/callback', false],
      [56, 'Audience', 'https://gitlab.company', false],
      [56, 'Issuer', 'https://gitlab.company', false],
      [57, 'Service Provider Binding', 'Post', false],
      [116, 'Subject mode', "Based on the User's Email", true],
    ]);
  });

  it('`**Key:**` bullets and a "(RegEx)" label (nextcloud, 2025-05)', async () => {
    const { guide } = await extractFile(at('authentik-integrations-legacy-2025-05/services/nextcloud/index.mdx'));
    expect(guide.providers[0]).toMatchObject({ type: 'oauth2', label: 'OAuth2/OpenID Provider', line: 107 });
    expect(rows(guide).uris).toEqual([[112, 'regex', 'authorization', 'https://nextcloud.company/apps/user_oidc/code']]);
    expect(rows(guide).settings.filter((s) => s[1] === 'authentik' && !s[5]).slice(0, 2)).toEqual([
      [109, 'authentik', 'Name', 'Nextcloud', null, false, 'list'],
      [110, 'authentik', 'Client type', 'Confidential', null, false, 'list'],
    ]);
    expect(guide.settings.find((s) => s.key === 'User ID mapping')).toMatchObject({ value: 'sub', alternatives: ['user_id'] });
  });

  it('YAML config block (hedgedoc) and a copy-over list "**Client ID** > App ID" (cloudflare-access)', async () => {
    const hd = (await extractFile(at('authentik-integrations/chat-communication-collaboration/hedgedoc/index.md'))).guide;
    const byKey = Object.fromEntries(hd.settings.filter((s) => s.side === 'app').map((s) => [s.key, [s.value, s.ref]]));
    expect(byKey.CMD_OAUTH2_CLIENT_ID).toEqual([null, 'clientId']);
    expect(byKey.CMD_OAUTH2_SCOPE).toEqual(['openid email profile', null]);
    const cf = (await extractFile(at('authentik-integrations/security/cloudflare-access/index.md'))).guide;
    expect(cf.settings.filter((s) => s.side === 'app').slice(0, 2).map((s) => [s.key, s.value, s.ref])).toEqual([
      ['App ID', null, 'clientId'],
      ['Client Secret', null, 'clientSecret'],
    ]);
  });

  it('a SAML-only guide: provider, no redirect URIs, authentik-side SAML settings', async () => {
    const { guide } = await extractFile(at('authentik-integrations/networking/fortimanager/index.md'));
    expect(guide.providers.map((p) => [p.type, p.redirectUris.length])).toEqual([['saml', 0]]);
    expect(guide.settings.some((s) => s.side === 'authentik' && /issuer/i.test(s.key))).toBe(true);
  });
});

describe('an .mdx file that is not valid MDX', () => {
  it('keeps the line and column the MDX parser gives, and is read as markdown', () => {
    const text = '---\ntitle: Integrate with Y\nsidebar_label: Y\n---\n\n## Y configuration\n\n- **Key**: `value` <b text\n';
    const { guide } = extractText('y/index.mdx', text);
    expect(guide.mdxFallback).toBe(true);
    expect(guide.mdxError).toMatchObject({ line: 8, column: 27 }); // the end of the line, where the parser ran out of input
    expect(guide.mdxError!.message).toMatch(/^Unexpected end of file in attribute name/);
    expect(guide.settings.map((s) => [s.key, s.value])).toEqual([['Key', 'value']]);
  });

  it('a .md file with the same text is not parsed as MDX', () => {
    const { guide } = extractText('y/index.md', '---\ntitle: Integrate with Y\nsidebar_label: Y\n---\n\n- **Key**: `value` <b text\n');
    expect(guide).toMatchObject({ mdxFallback: false, mdxError: null });
  });
});
