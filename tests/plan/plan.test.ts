import { describe, expect, it } from 'vitest';
import { extractFile } from '../../src/guide/extract.js';
import type { Guide } from '../../src/guide/model.js';
import type { PlanStep } from '../../src/plan/model.js';
import { PlanError, planGuide } from '../../src/plan/plan.js';
import { formatPlan } from '../../src/plan/pretty.js';
import { toggleState } from '../../src/guide/extract/steps.js';
import { guideModel } from '../support/guide.js';
import { settingMeaning } from '../../src/plan/meaning.js';
import { explicitSlug } from '../../src/plan/spec.js';

const summary = (steps: PlanStep[]) => steps.map((s) => `${s.kind}@${s.lines.join(',') || '-'}${'label' in s && s.label ? ` ${s.label}` : ''}`);

describe('planGuide on the Portainer guide as given', async () => {
  const { guide } = await extractFile('tests/fixtures/portainer-as-given.md');
  const plan = planGuide(guide);

  it('orders the steps as a person performs them, each at its guide lines', () => {
    expect(summary(plan.steps)).toEqual([
      'bootstrap@-',
      'provision@35,38,41,45',
      'sign-in-admin@-',
      'navigate@49',
      'choose@49',
      'choose@49',
      'fill@51 Client ID',
      'fill@52 Client Secret',
      'fill@53 Authorization URL',
      'fill@54 Access Token URL',
      'fill@55 Resource URL',
      'fill@56 Redirect URL',
      'fill@57 Logout URL',
      'fill@58 User Identifier',
      'fill@59 Scopes',
      'click@-',
      'sign-out-admin@-',
      'start-sso@49',
      'sign-in-idp@41',
      'assert-identity@58',
      'sign-out@57',
      'assert-session-ended@57',
    ]);
  });

  it('titles steps with their guide lines, for test.step and the reports', () => {
    expect(plan.steps.find((s) => s.kind === 'fill' && s.label === 'Authorization URL')?.title).toBe('guide:53 fill Authorization URL');
  });

  it('keeps references unresolved and values as written (mapped at run time)', () => {
    const secret = plan.steps.find((s) => s.kind === 'fill' && s.label === 'Client Secret');
    expect(secret).toMatchObject({ ref: 'clientSecret', value: null, secret: true, meaning: 'clientSecret' });
    const token = plan.steps.find((s) => s.kind === 'fill' && s.label === 'Access Token URL');
    expect(token).toMatchObject({ value: 'https://authentik.company/application/o/token/', meaning: 'tokenUrl', secret: false });
  });

  it('saves although the guide never says how, and says so', () => {
    const save = plan.steps.find((s) => s.kind === 'click');
    expect(save).toMatchObject({ label: null, save: true, implicit: true });
  });

  it('creates in authentik what the guide says, under the slug the wizard proposes from the name (the guide sets none)', () => {
    const provision = plan.steps.find((s) => s.kind === 'provision');
    expect(provision?.kind === 'provision' && provision.spec).toMatchObject({
      applicationName: 'Portainer',
      slug: 'portainer',
      redirectUris: [{ matchingMode: 'strict', kind: 'authorization', url: 'https://portainer.company/' }],
      signingKey: 'any',
    });
  });

  it('asserts identity by the configured identifier, and reports omissions at the configuration step', () => {
    expect(plan.steps.find((s) => s.kind === 'assert-identity')).toMatchObject({ claim: 'preferred_username', userField: 'username' });
    expect(plan.configLine).toBe(49);
    expect(plan.placeholders).toEqual(
      expect.arrayContaining([
        { host: 'authentik.company', target: 'authentik', scheme: 'https', otherScheme: false },
        { host: 'portainer.company', target: 'app', scheme: 'https', otherScheme: false },
      ]),
    );
  });

  it('prints one numbered line per step', () => {
    const text = formatPlan(plan);
    expect(text).toContain(' 9. guide:53 fill Authorization URL = https://authentik.company/application/o/authorize/');
    expect(text).toContain('fill Client Secret ← clientSecret from authentik');
  });
});

describe('planGuide on the corrected guide', async () => {
  const { guide } = await extractFile('docs/integrations/portainer/index.md');
  const plan = planGuide(guide);
  it('turns on the switches once, at the lines that name them, before choosing the provider', () => {
    const kinds = summary(plan.steps).slice(3, 8);
    expect(kinds).toEqual(['navigate@46', 'choose@47', 'toggle@49 Use SSO', 'toggle@50 Automatic user provisioning', 'choose@53']);
    expect(plan.steps.find((s) => s.kind === 'click')).toMatchObject({ label: 'Save settings', save: true, lines: [64] });
    expect(plan.steps.some((s) => s.kind === 'click' && s.implicit)).toBe(false);
  });
  it('does not perform the verification section as configuration', () => {
    expect(plan.steps.some((s) => 'label' in s && s.label === 'Login with OAuth')).toBe(false);
  });
});

describe('the slug a run creates: the one a person following the guide creates', async () => {
  const { guide } = await extractFile('docs/integrations/portainer/index.md');
  const withLogout = (url: string): Guide => ({
    ...guide,
    settings: guide.settings.map((s) => (settingMeaning(s.key) === 'logoutUrl' ? { ...s, value: url } : s)),
    urls: guide.urls.map((u) => (u.line === 61 ? { ...u, url } : u)),
  });
  const slugOf = (g: Guide) => {
    const p = planGuide(g).steps.find((s) => s.kind === 'provision');
    return p?.kind === 'provision' ? p.spec.slug : null;
  };
  it('never reads the slug from a URL: a logout URL with another slug is used as written, and fails where it is used', () => {
    expect(slugOf(withLogout('https://authentik.company/application/o/grafana/end-session/'))).toBe('portainer');
    expect(slugOf({ ...guide, urls: [...guide.urls, { url: 'https://authentik.company/application/o/user/', line: 59, column: 26, origin: 'code' }] })).toBe('portainer');
  });
  it("takes the guide's explicit slug, where it sets one on the authentik side", () => {
    const slug = { ...guide.settings[0]!, side: 'authentik' as const, section: 'authentik configuration', key: 'Slug', value: 'my-portainer', literal: true, optional: false, ref: null };
    expect(explicitSlug({ settings: [slug] })).toBe('my-portainer');
    expect(slugOf({ ...guide, settings: [...guide.settings, slug] })).toBe('my-portainer');
    expect(explicitSlug({ settings: [{ ...slug, value: '<application_slug>' }] })).toBeNull();
  });
  it('else the slug the wizard proposes from the name', () => {
    expect(slugOf({ ...guide, frontmatter: { ...guide.frontmatter, sidebar_label: 'Portainer CE' } })).toBe('portainer-ce');
  });
});

describe('guides that cannot run', () => {
  const base = (over: Partial<Guide>): Guide =>
    guideModel({ file: 'x/index.md', frontmatterLines: { title: 2 }, ...over });
  it('no OAuth2 provider: one line naming the file and the provider it has', () => {
    const saml = base({ providers: [{ type: 'saml', label: 'SAML Provider', line: 30, redirectUris: [], section: 'authentik configuration' }] });
    expect(() => planGuide(saml)).toThrow(PlanError);
    expect(() => planGuide(saml)).toThrow('x/index.md:30: the guide creates a SAML provider ("SAML Provider"); docproof run performs OAuth2/OpenID Connect guides only');
  });
  it('no driver for the application', () => {
    const other = base({
      appSlug: 'grafana',
      frontmatter: { title: 'Integrate with Grafana', sidebar_label: 'Grafana' },
      providers: [{ type: 'oauth2', label: 'OAuth2/OpenID Connect', line: 30, redirectUris: [], section: 'authentik configuration' }],
    });
    expect(() => planGuide(other)).toThrow('x/index.md:2: no application driver for "grafana"');
  });
});

describe('switch values: the extractor and the plan read them with one word list', () => {
  it.each([
    ['enabled', true],
    ['Toggled', true],
    ['true', true],
    ['on.', true],
    ['disabled', false],
    ['false', false],
    ['turned off', false],
    ['https://x.company', null],
  ])('%s → %s', (value, on) => {
    expect(toggleState(value)).toBe(on);
  });
});
