/**
 * The authentik half of a guide as UI steps (issue 12): for each era of the guides, the exact steps with their
 * kinds, labels and guide lines, as an administrator performs them in authentik's admin interface.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as planCommand } from '../../src/commands/plan.js';
import { CORPUS_TREES, corpusDir } from '../../src/guide/corpus.js';
import { extractFile, extractText, GuideInputError } from '../../src/guide/extract.js';
import { findMarkdown } from '../../src/guide/find.js';
import { mainOAuth2Provider } from '../../src/plan/spec.js';
import { planAuthentikUi } from '../../src/plan/authentik-ui.js';
import type { AuthentikUiStep } from '../../src/plan/model.js';
import { planGuide } from '../../src/plan/plan.js';
import { formatPlan } from '../../src/plan/pretty.js';
import { corpusSuite } from '../support/corpus.js';

/** One line per step: kind@lines (`*` when implied), then what the step carries. */
function row(s: AuthentikUiStep): string {
  const at = `${s.kind}@${s.lines.join(',') || '-'}${s.implicit ? '*' : ''}`;
  switch (s.kind) {
    case 'ak-navigate':
      return `${at} ${s.path.join(' > ')}`;
    case 'ak-click':
      return `${at} ${s.label}`;
    case 'ak-page':
      return `${at} ${s.page}`;
    case 'ak-choose':
      return `${at} ${s.option}${s.under ? ` under ${s.under}` : ''}`;
    case 'ak-fill':
      return `${at} ${s.label} = ${s.value ?? `← ${s.ref}`}`;
    case 'ak-redirect-uri':
      return `${at} ${s.matchingMode} ${s.uriKind} ${s.url}`;
    case 'ak-reader':
      return `${at} ${s.field} ${s.label}: ${s.said}`;
    case 'ak-note':
      return `${at} ${s.values.join(' ')}`;
    default:
      return at;
  }
}

async function stepsOf(file: string): Promise<string[]> {
  const { guide } = await extractFile(file);
  return planAuthentikUi(guide).map(row);
}

/** The application wizard as current guides describe it, around the lines that differ per guide. */
function wizard(at: {
  signIn: number;
  nav: number;
  button: string;
  app: number;
  slugNoted?: boolean;
  type: number;
  provider: number;
  note: number;
  noteSlug?: boolean;
  redirect: string;
  key: number;
  bindings: number;
  submit: number;
}): string[] {
  return [
    `ak-sign-in-admin@${at.signIn}`,
    `ak-navigate@${at.nav} Applications > Applications`,
    `ak-click@${at.nav} ${at.button}`,
    `ak-page@${at.app} Application`,
    `ak-reader@${at.app} application-name Name: provide a descriptive name`,
    ...(at.slugNoted ? [`ak-note@${at.app} slug`] : []),
    `ak-page@${at.type} Choose a Provider type`,
    `ak-choose@${at.type} OAuth2/OpenID Connect`,
    `ak-page@${at.provider} Configure the Provider`,
    `ak-reader@${at.provider} provider-name Name: provide a name (or accept the auto-provided name)`,
    `ak-reader@${at.provider} authorization-flow Authorization flow: the authorization flow to use for this provider`,
    `ak-note@${at.note} clientId clientSecret${at.noteSlug ? ' slug' : ''}`,
    at.redirect,
    `ak-reader@${at.key} signing-key Signing key: Select any available signing key`,
    `ak-page@${at.bindings} Configure Bindings`,
    `ak-click@${at.submit} Submit`,
    'ak-readback@-*',
  ];
}

describe('planAuthentikUi: the application wizard of current guides', () => {
  it('the seed guide as given ("Create with Provider")', async () => {
    expect(await stepsOf('tests/fixtures/portainer-as-given.md')).toEqual(
      wizard({
        signIn: 34,
        nav: 35,
        button: 'Create with Provider',
        app: 37,
        type: 38,
        provider: 39,
        note: 40,
        noteSlug: true,
        redirect: 'ak-redirect-uri@41 strict authorization https://portainer.company/',
        key: 42,
        bindings: 43,
        submit: 45,
      }),
    );
  });

  it('the corrected guide in docs/ ("New Application", the slug noted on the Application page)', async () => {
    expect(await stepsOf('docs/integrations/portainer/index.md')).toEqual(
      wizard({
        signIn: 32,
        nav: 33,
        button: 'New Application',
        app: 34,
        slugNoted: true,
        type: 35,
        provider: 36,
        note: 37,
        redirect: 'ak-redirect-uri@38 strict authorization https://portainer.company/',
        key: 39,
        bindings: 40,
        submit: 41,
      }),
    );
  });

  it('titles each step with its guide line and shows what a careful reader does with what the guide leaves open', async () => {
    const { guide } = await extractFile('docs/integrations/portainer/index.md');
    const titles = planAuthentikUi(guide).map((s) => s.title);
    expect(titles).toContain('guide:33 authentik: navigate to Applications > Applications');
    expect(titles).toContain('guide:39 authentik: signing key: any available one (the guide: "Select any available signing key")');
    expect(titles).toContain(
      'guide:34 authentik: application name: "Portainer", the application\'s name in the guide\'s title (the guide: "provide a descriptive name")',
    );
    expect(titles).toContain('guide:36 authentik: provider name: the one the wizard proposes (the guide: "provide a name (or accept the auto-provided name)")');
    expect(titles).toContain('guide:38 authentik: add a Strict Authorization redirect URI');
    expect(titles[titles.length - 1]).toBe('authentik: read back through the API what the UI created and compare it with the guide');
  });

  it('plan: the authentik steps in the plan and in `docproof plan`, the run (provision in api mode) unchanged', async () => {
    const { guide } = await extractFile('docs/integrations/portainer/index.md');
    const plan = planGuide(guide);
    expect(plan.authentikUi).toEqual(planAuthentikUi(guide));
    expect(plan.steps.find((s) => s.kind === 'provision')?.lines).toEqual([33, 35, 38, 41]);
    const text = formatPlan(plan);
    expect(text).toContain("  in authentik's admin interface");
    expect(text).toContain('    14. guide:39 authentik: signing key: any available one (the guide: "Select any available signing key")\n');
    expect(text).toContain('    13. guide:38 authentik: add a Strict Authorization redirect URI = https://portainer.company/\n');
    expect(text).toContain('    17. authentik: read back through the API what the UI created and compare it with the guide (implied: the guide does not say)\n');
    expect(text).toContain('   2. guide:33,35,38,41 create the OAuth2/OpenID Connect provider');
  });

  it('a guide that names no sign-in gets an implied one first; a redirect URI of type Post Logout keeps its type', () => {
    const { guide } = extractText(
      'z/index.md',
      [
        '---',
        'title: Integrate with Z',
        '---',
        '',
        '## authentik configuration',
        '',
        '- **Choose a Provider type**: select **OAuth2/OpenID Connect** as the provider type.',
        '    - Add a **Redirect URI** of type `Strict` `Post Logout` with the value `https://z.company/logout`.',
        '',
        '## Z configuration',
        '',
        '- **Logout URL**: `https://authentik.company/application/o/z/end-session/`',
        '',
      ].join('\n'),
    );
    expect(planAuthentikUi(guide).map(row)).toEqual([
      'ak-sign-in-admin@-*',
      'ak-page@7 Choose a Provider type',
      'ak-choose@7 OAuth2/OpenID Connect',
      'ak-redirect-uri@8 strict post-logout https://z.company/logout',
      'ak-readback@-*',
    ]);
  });

  it('a guide without an OAuth2 provider has no authentik UI steps to plan', () => {
    const { guide } = extractText('z/index.md', ['---', 'title: Integrate with Z', '---', '', '## authentik configuration', '', 'Create a **SAML Provider** with these settings:', '', '- **ACS URL**: `https://z.company/acs`', ''].join('\n'));
    expect(planAuthentikUi(guide)).toEqual([]);
  });
});

const corpus = corpusDir();
const at = (p: string) => path.join(corpus ?? '', p);

describe.skipIf(!corpus)(corpusSuite('planAuthentikUi on the corpus', corpus), () => {
  it('the 2026.5-format Portainer guide: "Add a **Redirect URI** of type `Strict` `Authorization`"', async () => {
    expect(await stepsOf(at('authentik-integrations-newer-samples/hypervisors-orchestrators/portainer/index.mdx'))).toEqual(
      wizard({
        signIn: 34,
        nav: 35,
        button: 'New Application',
        app: 36,
        slugNoted: true,
        type: 37,
        provider: 38,
        note: 39,
        redirect: 'ak-redirect-uri@40 strict authorization https://portainer.company/',
        key: 41,
        bindings: 42,
        submit: 43,
      }),
    );
  });

  it('2026.5 rows of a list: two Authorization URIs and a Post Logout one (Audiobookshelf)', async () => {
    const rows = await stepsOf(at('authentik-integrations-newer-samples/media/audiobookshelf/index.mdx'));
    expect(rows.filter((r) => r.startsWith('ak-redirect-uri'))).toEqual([
      'ak-redirect-uri@41 strict authorization https://audiobookshelf.company/auth/openid/callback',
      'ak-redirect-uri@42 strict authorization https://audiobookshelf.company/auth/openid/mobile-redirect',
      'ak-redirect-uri@43 strict post-logout https://audiobookshelf.company/login',
    ]);
  });

  it("the pgAdmin guide's authentik half (an application docproof has no driver for)", async () => {
    expect(await stepsOf(at('authentik-integrations/infrastructure/pgadmin/index.md'))).toEqual(
      wizard({
        signIn: 34,
        nav: 35,
        button: 'New Application',
        app: 36,
        type: 37,
        provider: 38,
        note: 39,
        noteSlug: true,
        redirect: 'ak-redirect-uri@40 strict authorization https://pgadmin.company/oauth2/authorize',
        key: 41,
        bindings: 42,
        submit: 44,
      }),
    );
  });

  it('`docproof plan` on the pgAdmin guide prints its authentik steps before the run (pgAdmin has a driver: exit 0)', async () => {
    let out = '';
    const file = at('authentik-integrations/infrastructure/pgadmin/index.md');
    expect(await planCommand([file], {}, { out: (s) => (out += s), err: () => {} })).toBe(0);
    expect(out).toContain("  in authentik's admin interface");
    expect(out).toContain('guide:41 authentik: signing key: any available one (the guide: "Select any available signing key")');
    expect(out.indexOf("in authentik's admin interface")).toBeLessThan(out.indexOf('  the run:'));
    let json = '';
    expect(await planCommand([file], { format: 'json' }, { out: (s) => (json += s), err: () => {} })).toBe(0);
    expect(JSON.parse(json).authentikUi).toHaveLength(16);
  });

  it('`docproof plan` on a guide whose application has no driver prints its authentik steps, then the one line that says so (exit 2)', async () => {
    let out = '';
    let err = '';
    const file = at('authentik-integrations/monitoring/grafana/index.mdx');
    const code = await planCommand([file], {}, { out: (s) => (out += s), err: (s) => (err += s) });
    expect(code).toBe(2);
    expect(out).toContain("  in authentik's admin interface");
    expect(err).toBe(`${file}:2: no application driver for "grafana" (docproof can run: pgadmin, portainer)\n`);
    let json = '';
    expect(await planCommand([file], { format: 'json' }, { out: (s) => (json += s), err: () => {} })).toBe(2);
    expect(JSON.parse(json).authentikUi.length).toBeGreaterThan(0);
  });

  it('provider first (the older era): Nextcloud creates the provider under Applications > Providers, then an application that uses it', async () => {
    expect(await stepsOf(at('authentik-integrations-legacy-2025-05/services/nextcloud/index.mdx'))).toEqual([
      'ak-sign-in-admin@-*',
      'ak-navigate@106 Applications > Providers',
      'ak-click@106* Create',
      'ak-choose@107 OAuth2/OpenID Provider',
      'ak-fill@109 Name = Nextcloud',
      'ak-choose@110 Confidential under Client type',
      'ak-redirect-uri@112 regex authorization https://nextcloud.company/apps/user_oidc/code',
      'ak-reader@113 signing-key Signing key: Any valid certificate',
      "ak-choose@121 Based on the User's UUID under Subject mode",
      'ak-fill@127 Include claims in ID token = Enabled',
      'ak-note@129 clientId clientSecret',
      'ak-reader@106* authorization-flow Authorization Flow: the guide names no authorization flow',
      'ak-save@106*',
      'ak-navigate@139* Applications > Applications',
      'ak-click@139* Create',
      'ak-reader@139 other Provider: select the provider you just created',
      'ak-note@139 slug',
      'ak-reader@139* application-name Application Name: the guide gives no name',
      'ak-save@139*',
      'ak-readback@-*',
    ]);
  });

  it('provider first: Jellyfin ("In authentik under **Providers**, create an OAuth2/OpenID Provider with these settings")', async () => {
    expect(await stepsOf(at('authentik-integrations/media/jellyfin/index.md'))).toEqual([
      'ak-sign-in-admin@-*',
      'ak-navigate@102* Applications > Providers',
      'ak-click@102* Create',
      'ak-choose@102 OAuth2/OpenID Provider',
      'ak-fill@104 Name = jellyfin',
      'ak-redirect-uri@105 strict authorization https://jellyfin.company/sso/OID/redirect/authentik',
      'ak-note@107 clientId clientSecret',
      'ak-reader@102* authorization-flow Authorization Flow: the guide names no authorization flow',
      'ak-save@102*',
      'ak-navigate@115* Applications > Applications',
      'ak-click@115* Create',
      'ak-reader@115 other Provider: that uses jellyfin provider',
      'ak-reader@115* application-name Application Name: the guide gives no name',
      'ak-save@115*',
      'ak-readback@-*',
    ]);
  });

  it('provider first, every click written out (SharePoint SE): the list\'s Create is not repeated for "Within the new provider form"', async () => {
    const rows = await stepsOf(at('authentik-integrations/chat-communication-collaboration/sharepoint-se/index.md'));
    expect(rows.slice(rows.indexOf('ak-navigate@130 Applications > Providers'))).toEqual([
      'ak-navigate@130 Applications > Providers',
      'ak-click@131 Create',
      'ak-choose@132 OAuth2/OpenID Provider',
      'ak-click@133 Next',
      'ak-fill@134 Name = OIDC-SP',
      'ak-choose@135 default-authentication-flow under Authentication flow',
      'ak-choose@136 default-provider-authorization-implicit-consent under Authorization flow',
      'ak-redirect-uri@140 regex authorization https://sharepoint.company/.*',
      'ak-choose@141 authentik Self-signed Certificate under Signing Key',
      'ak-fill@145 Access code validity = minutes=5',
      'ak-fill@149 Access Token validity = minutes=15',
      'ak-fill@153 Scopes = select default email, SPopenid and SPprofile',
      "ak-choose@154 Based on the User's hashed ID under Subject mode",
      'ak-click@155 Finish',
      'ak-navigate@161 Applications > Applications',
      'ak-click@162 Create',
      'ak-fill@164 Name = SharePoint SE',
      'ak-fill@165 Slug = sharepoint-se',
      'ak-choose@166 OIDC-SP under Provider',
      'ak-click@169 Create',
      'ak-readback@-*',
    ]);
  });

  it('the wizard, then "create an application which uses this provider" with Name, Slug and Provider (WordPress)', async () => {
    const rows = await stepsOf(at('authentik-integrations/platforms/wordpress/index.md'));
    expect(rows.slice(rows.indexOf('ak-click@46 Submit'))).toEqual([
      'ak-click@46 Submit',
      'ak-navigate@79* Applications > Applications',
      'ak-click@79* Create',
      'ak-fill@81 Name = WordPress',
      'ak-fill@82 Slug = wordpress',
      'ak-choose@83 WordPress under Provider',
      'ak-fill@84 Launch URL = https://wp.company/wp-login.php',
      'ak-save@79*',
      'ak-readback@-*',
    ]);
  });
});

/** OAuth2 guides whose authentik steps give no redirect URI, with why (the guide's own gap, not the planner's). */
const NO_REDIRECT_URI: Record<string, string> = {
  'authentik-integrations/cloud-providers/aws-classic/index.mdx':
    'no redirect URI: "Set a `Strict` redirect URI to match the AWS resource that you want to access" names no URL',
};

describe.skipIf(!corpus)(corpusSuite('planAuthentikUi census over the whole corpus', corpus), () => {
  it('every OAuth2 guide of the three trees yields its authentik steps without throwing, none with only implied steps', async () => {
    const census = { oauth2: 0, onlyImplied: [] as string[], noRedirectUri: [] as string[], noPage: 0 };
    for (const tree of CORPUS_TREES) {
      for (const file of await findMarkdown(at(tree))) {
        let guide;
        try {
          ({ guide } = await extractFile(file));
        } catch (err) {
          if (err instanceof GuideInputError) continue; // not a guide, or not valid input: the corpus test names those
          throw err;
        }
        if (!mainOAuth2Provider(guide)) continue;
        census.oauth2++;
        const steps = planAuthentikUi(guide);
        const rel = path.relative(corpus!, file);
        expect(steps[0]?.kind, rel).toBe('ak-sign-in-admin');
        expect(steps[steps.length - 1]?.kind, rel).toBe('ak-readback');
        for (const s of steps) expect(s.title, rel).toMatch(s.lines.length ? /^guide:\d+ authentik: \S/ : /^authentik: \S/);
        if (steps.every((s) => s.implicit)) census.onlyImplied.push(rel);
        if (!steps.some((s) => s.kind === 'ak-redirect-uri')) census.noRedirectUri.push(rel);
        if (!steps.some((s) => s.kind === 'ak-page')) census.noPage++;
      }
    }
    console.log(
      `authentik UI steps: ${census.oauth2} OAuth2 guides, ${census.onlyImplied.length} with only implied steps, ` +
        `${census.noRedirectUri.length} without a redirect URI, ${census.noPage} outside the application wizard (no wizard page)`,
    );
    expect(census.oauth2).toBeGreaterThan(150);
    expect(census.onlyImplied).toEqual([]);
    expect(census.noRedirectUri).toEqual(Object.keys(NO_REDIRECT_URI));
  });
});
