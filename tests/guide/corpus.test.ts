/**
 * The whole corpus: every md/mdx file of the three trees is either modelled (a valid Guide) or named as
 * not a guide, never an error or a crash; every OAuth2 guide yields ≥1 redirect URI and ≥1 app-side
 * setting, except the ones listed with the reason; provider types agree with the census CSV.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_TREES, corpusDir } from '../../src/guide/corpus.js';
import { corpusSuite } from '../support/corpus.js';
import { extractFile, GuideInputError } from '../../src/guide/extract.js';
import { findMarkdown } from '../../src/guide/find.js';
import { Guide } from '../../src/guide/model.js';
import { oauth2Gaps } from '../../src/guide/summary.js';

const corpus = corpusDir();

/** OAuth2 guides that truly give no redirect URI or no app-side setting, by path below the tree, with why. */
const KNOWN_GAPS: Record<string, string> = {
  'cloud-providers/aws-classic/index.mdx':
    'no redirect URI: "Set a `Strict` redirect URI to match the AWS resource that you want to access" names no URL',
};

/** Census provider types the guide only mentions (uses an existing provider/outpost) or that the census missed. */
const CENSUS_DIFFERENCES: Record<string, string> = {
  'chat-communication-collaboration/thelounge/index.md': 'assumes an LDAP provider already deployed',
  'dashboards/organizr/index.md': 'LDAP is a link to the generic LDAP provider guide',
  'infrastructure/sssd/index.md': 'uses an LDAP outpost created elsewhere',
  'media/jellyfin/index.md': 'LDAP outpost configured elsewhere ("No additional authentik configuration is required")',
  'networking/opnsense/index.md': 'uses an existing LDAP provider',
  'device-management/apple/index.md': 'SSF appears only as scope names (ssf.read, ssf.manage)',
  'platforms/cloudflare/index.md': 'builds on the Cloudflare Access guide (census: none)',
  'development/github-enterprise-emu/index.md': 'creates a SCIM provider the census does not list',
  'development/github-enterprise-server/index.md': 'creates a SCIM provider the census does not list',
  'hypervisors-orchestrators/vmware-vcenter/index.md': 'creates a SCIM provider the census does not list',
};

const CENSUS_TYPES: Record<string, string> = { 'OAuth2/OIDC': 'oauth2', SAML: 'saml', LDAP: 'ldap', Proxy: 'proxy', SCIM: 'scim', SSF: 'other' };

describe.skipIf(!corpus)(corpusSuite('corpus', corpus), () => {
  const root = corpus ?? '';
  const models = new Map<string, Guide>();

  for (const tree of CORPUS_TREES) {
    it(`${tree}: every file is modelled or named as not a guide, none fails`, async () => {
      const files = await findMarkdown(path.join(root, tree));
      expect(files.length).toBeGreaterThan(0);
      const failures: string[] = [];
      const notGuides: string[] = [];
      for (const file of files) {
        try {
          const { guide } = await extractFile(file);
          Guide.parse(guide);
          models.set(file, guide);
        } catch (err) {
          if (err instanceof GuideInputError && err.message.startsWith('not a guide: ')) notGuides.push(path.relative(root, file));
          else failures.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      expect(failures).toEqual([]);
      // Only the listing pages (the 2025-05 tree's applications listing is services/index.mdx), the template and
      // shared partials are not guides.
      for (const n of notGuides) {
        expect(n).toMatch(/(^|\/)(authentik-integrations[^/]*\/(services\/)?index\.mdx|applications\.mdx|template\/service\.md|_[^/]+\.mdx)$/);
      }
      if (tree === 'authentik-integrations-legacy-2025-05') expect(notGuides).toContain(`${tree}/services/index.mdx`);
    });
  }

  it('every OAuth2 guide yields ≥1 redirect URI and ≥1 app-side setting (known gaps listed with why)', () => {
    const gaps: string[] = [];
    let oauth2 = 0;
    for (const [file, guide] of models) {
      const gap = oauth2Gaps(guide);
      if (gap === null) continue;
      oauth2++;
      const rel = file.split(path.sep).slice(-3).join('/');
      const relShort = file.split(path.sep).slice(-2).join('/');
      const known = KNOWN_GAPS[rel] ?? KNOWN_GAPS[`services/${relShort}`];
      if (gap !== '' && !known) gaps.push(`${file}: ${gap}`);
      if (gap === '' && known) gaps.push(`${file}: listed as a known gap but now complete; remove it from KNOWN_GAPS`);
    }
    expect(gaps).toEqual([]);
    expect(oauth2).toBeGreaterThanOrEqual(190);
  });

  it('provider types agree with the census CSV (authentik-integrations), differences explained', () => {
    const csv = readFileSync(path.join(root, 'authentik-integrations-census.csv'), 'utf8').trim().split('\n').slice(1);
    const unexplained: string[] = [];
    let oauth2 = 0;
    for (const line of csv) {
      const [rel, , , , types] = line.split(',');
      const guide = models.get(path.join(root, 'authentik-integrations', rel!));
      expect(guide, rel).toBeDefined();
      const want = new Set<string>((types ?? '').split('+').filter((t) => t in CENSUS_TYPES).map((t) => CENSUS_TYPES[t]!));
      const got = new Set<string>(guide!.providers.map((p) => p.type));
      if (got.has('oauth2')) oauth2++;
      const same = want.size === got.size && [...want].every((t) => got.has(t));
      if (!same && !CENSUS_DIFFERENCES[rel!]) unexplained.push(`${rel}: census ${[...want].join('+')} extracted ${[...got].join('+')}`);
    }
    expect(unexplained).toEqual([]);
    expect(oauth2).toBe(112); // the census counts 112 guides with OAuth2/OIDC
  });
});
