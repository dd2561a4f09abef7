/**
 * The report's "runnable end to end" column: per guide, the driver that runs it (and how it takes the guide), or
 * why docproof cannot; and the totals, in the health data, markdown and html.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { knownDriver } from '../../src/apps/known.js';
import { corpusDir } from '../../src/guide/corpus.js';
import { extractFile, extractText } from '../../src/guide/extract.js';
import { buildHealth } from '../../src/report/health.js';
import { renderHealthHtml } from '../../src/report/health-html.js';
import { renderHealthMarkdown } from '../../src/report/health-markdown.js';
import { describeRunnable, runnableOf } from '../../src/report/runnable.js';
import { corpusSuite } from '../support/corpus.js';

const guide = (name: string, body: string) => extractText(name, `---\ntitle: Integrate with Thing\n---\n\n${body}`).guide;
const OAUTH2 = '## authentik configuration\n\n- **Choose a Provider type**: select **OAuth2/OpenID Connect** as the provider type.\n- Set a `Strict` redirect URI to `https://thing.company/cb`.\n\n';

describe('runnableOf', () => {
  it('the Portainer guide: the portainer driver, by UI steps', async () => {
    const { guide: g } = await extractFile('tests/fixtures/portainer-as-given.md');
    const r = runnableOf(g);
    expect(r).toMatchObject({ runnable: true, driver: 'portainer', displayName: 'Portainer', takes: 'ui' });
    expect(describeRunnable(r)).toBe('portainer (UI steps)');
  });

  it('why not: no provider, a provider that is not OAuth2, no driver for the application', () => {
    expect(runnableOf(guide('thing/index.md', '## Thing configuration\n\n- **Client ID**: `x`\n'))).toMatchObject({ runnable: false, kind: 'no-provider' });
    const saml = runnableOf(guide('thing/index.md', '## authentik configuration\n\n- **Choose a Provider type**: select **SAML** as the provider type.\n'));
    expect(saml).toMatchObject({ runnable: false, kind: 'not-oauth2', line: 7 });
    const other = runnableOf(guide('thing/index.md', `${OAUTH2}## Thing configuration\n\n- **Client ID**: \`x\`\n`));
    expect(other).toMatchObject({ runnable: false, kind: 'no-driver', driver: null, reason: 'no driver for thing' });
    expect(describeRunnable(other)).toBe('no: no driver for thing');
  });
});

const corpus = corpusDir();
for (const [tree, rel] of [
  ['authentik-integrations', 'infrastructure/pgadmin/index.md'],
  ['authentik-integrations-legacy-2025-05', 'services/pgadmin/index.md'],
] as const) {
  const file = corpus ? path.join(corpus, tree, rel) : null;
  const present = file !== null && existsSync(file);
  describe.skipIf(!present)(corpusSuite(`runnableOf on the corpus pgAdmin guide (${tree})`, present ? corpus : null), () => {
    it('the pgadmin driver, by configuration, once it is built; until then, why not', async () => {
      const r = runnableOf((await extractFile(file!)).guide);
      if (knownDriver('pgadmin')!.built) expect(r).toMatchObject({ runnable: true, driver: 'pgadmin', takes: 'configuration' });
      else expect(r).toMatchObject({ runnable: false, kind: 'driver-not-built', driver: 'pgadmin', reason: expect.stringContaining('pgadmin driver is not built yet') });
    });
  });
}

describe('the report over the lint fixtures', async () => {
  const r = await buildHealth('tests/fixtures/lint');
  it('per guide and in total: which driver, or why not', () => {
    const t = r.summary.runnable;
    expect(t.runnable + t.notRunnable.reduce((n, k) => n + k.guides, 0)).toBe(r.summary.guides);
    expect(t.byDriver).toEqual([{ driver: 'portainer', takes: 'ui', guides: t.runnable }]);
    expect(t.runnable).toBeGreaterThan(10);
    expect(r.guides.find((g) => g.file === 'correct/portainer/index.md')!.runnable).toMatchObject({ runnable: true, driver: 'portainer' });
    expect(r.guides.find((g) => g.file === 'broken/config-forms-agree/example/index.md')!.runnable).toMatchObject({ runnable: false, kind: 'no-driver' });
    expect(t.notRunnable).toContainEqual({ kind: 'no-driver', guides: 1 });
  });
  it('markdown: the totals, a table of drivers and reasons, a column per guide', () => {
    const md = renderHealthMarkdown(r);
    expect(md).toContain(`- ${r.summary.runnable.runnable} of ${r.summary.guides} guides docproof can run end to end (portainer: ${r.summary.runnable.runnable})`);
    expect(md).toContain('## Runnable end to end');
    expect(md).toContain(`| portainer (UI steps) | ${r.summary.runnable.runnable} |`);
    expect(md).toContain('| not runnable: no driver for the application | 1 |');
    expect(md).toMatch(/\| `correct\/portainer\/index\.md` \|.*\| portainer \(UI steps\) \|$/m);
    expect(md).toMatch(/\| `broken\/config-forms-agree\/example\/index\.md` \|.*\| no: no driver for example \|$/m);
  });
  it('html: the totals table and the column', () => {
    const html = renderHealthHtml(r);
    expect(html).toContain('<h2 id="runnable-heading">Runnable end to end</h2>');
    expect(html).toContain('<button type="button">Runnable end to end</button>');
    expect(html).toMatch(/<td data-sort="1 portainer">portainer <span class="muted">\(UI steps\)<\/span><\/td>/);
    expect(html).toContain('<span class="muted">no</span>: no driver for example');
  });
});
