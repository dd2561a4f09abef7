/** `docproof extract` through its command module: json shapes, bad input as one line per file with exit 2. */
import { describe, expect, it } from 'vitest';
import { run } from '../../src/commands/extract.js';
import { corpusDir } from '../../src/guide/corpus.js';
import { docproofSync } from '../support/cli.js';
import { corpusSuite } from '../support/corpus.js';

async function extract(args: string[], opts: Record<string, unknown> = {}) {
  let out = '';
  let err = '';
  const code = await run(args, opts, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err, errLines: err.split('\n').filter(Boolean) };
}

const SEED = 'tests/fixtures/portainer-as-given.md';
const FIX = 'tests/fixtures/guides';

describe('docproof extract', () => {
  it('json: one object for one file', async () => {
    const r = await extract([SEED], { format: 'json' });
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const json = JSON.parse(r.out);
    expect(json.file).toBe(SEED);
    expect(json.providers[0].redirectUris[0]).toMatchObject({ matchingMode: 'strict', kind: 'authorization', url: 'https://portainer.company/', line: 41 });
    expect(json.settings[0]).toMatchObject({ section: 'Portainer configuration', key: 'Client ID', value: null, ref: 'clientId', alternatives: [], line: 51 });
  });

  it('json: an array in path order for several files', async () => {
    const r = await extract([`${FIX}/tabs-and-table.mdx`, SEED], { format: 'json' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).map((g: { file: string }) => g.file)).toEqual([`${FIX}/tabs-and-table.mdx`, SEED]);
  });

  it('pretty lists settings, URIs and steps with lines', async () => {
    const r = await extract([SEED], { format: 'pretty' });
    expect(r.code).toBe(0);
    expect(r.out).toContain('41  redirect strict authorization https://portainer.company/');
    expect(r.out).toContain('51  Client ID = ← clientId');
    expect(r.out).toContain('49  go to Settings > Authentication; choose OAuth, Custom');
  });

  const bad: [string, string, RegExp][] = [
    ['malformed frontmatter', `${FIX}/bad-frontmatter.md`, /^tests\/fixtures\/guides\/bad-frontmatter\.md:3: malformed frontmatter: /],
    ['empty', `${FIX}/empty.md`, /^tests\/fixtures\/guides\/empty\.md: empty file, not a guide$/],
    ['binary', `${FIX}/binary.md`, /^tests\/fixtures\/guides\/binary\.md: binary file, not a markdown guide$/],
    ['not a guide', `${FIX}/no-frontmatter.md`, /^tests\/fixtures\/guides\/no-frontmatter\.md:1: not a guide: no frontmatter/],
    ['missing path', `${FIX}/does-not-exist.md`, /^tests\/fixtures\/guides\/does-not-exist\.md: no such file or folder$/],
  ];
  for (const [name, file, line] of bad) {
    it(`bad input (${name}): one line with file(:line), exit 2, the other files still print`, async () => {
      const r = await extract([SEED, file, `${FIX}/tabs-and-table.mdx`], { format: 'json' });
      expect(r.code).toBe(2);
      expect(r.errLines).toHaveLength(1);
      expect(r.errLines[0]).toMatch(line);
      expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      expect(JSON.parse(r.out).map((g: { file: string }) => g.file)).toEqual([SEED, `${FIX}/tabs-and-table.mdx`]);
    });
  }

  it('an .mdx that is not valid MDX: one line naming file:line:column, exit 2, and the model read as markdown', async () => {
    const r = await extract([`${FIX}/broken.mdx`, SEED], { format: 'json' });
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      'tests/fixtures/guides/broken.mdx:14:1: not valid MDX: Unexpected closing tag `</Tabs>`, expected corresponding closing tag for `<TabItem>` (10:1-10:20) (read as plain markdown)',
    ]);
    const [g, seed] = JSON.parse(r.out);
    expect(g.mdxFallback).toBe(true);
    expect(g.mdxError).toEqual({ line: 14, column: 1, message: 'Unexpected closing tag `</Tabs>`, expected corresponding closing tag for `<TabItem>` (10:1-10:20)' });
    expect(g.settings.map((s: { key: string; value: string }) => [s.key, s.value])).toEqual([['Key', 'value']]);
    expect(seed.mdxError).toBeNull();
  });

  it('the invalid-MDX lint fixture: its place, and the model still printed', async () => {
    const r = await extract(['tests/fixtures/lint/broken/mdx-syntax/portainer/index.mdx'], { format: 'pretty' });
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^tests\/fixtures\/lint\/broken\/mdx-syntax\/portainer\/index\.mdx:62:1: not valid MDX: Expected a closing tag for `<space>`/);
    expect(r.out).toContain('read as markdown: MDX did not parse');
  });

  it('the CLI entry: invalid MDX is one line on stderr, exit 2, no stack trace', () => {
    const p = docproofSync(['extract', `${FIX}/broken.mdx`], { fromSource: true });
    expect(p.code).toBe(2);
    expect(p.stderr.trim().split('\n')).toHaveLength(1);
    expect(p.stderr).toMatch(/^tests\/fixtures\/guides\/broken\.mdx:14:1: not valid MDX: /);
    expect(p.stderr).not.toMatch(/\n\s+at /);
  }, 30_000);

  it('the CLI entry prints one line and exits 2 for a missing file', async () => {
    const p = docproofSync(['extract', 'nope/index.md', SEED, '--format', 'json'], { fromSource: true });
    expect(p.code).toBe(2);
    expect(p.stderr.trim().split('\n')).toEqual(['nope/index.md: no such file or folder']);
    expect(JSON.parse(p.stdout).map((g: { file: string }) => g.file)).toEqual([SEED]); // several paths: an array
  }, 30_000);
});

const corpus = corpusDir();
describe.skipIf(!corpus)(corpusSuite('docproof extract --summary', corpus), () => {
  it('per tree counts; listing pages, template and partials are "not guides", not failures', async () => {
    const r = await extract([corpus!], { summary: true, format: 'json' });
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const trees = JSON.parse(r.out) as { tree: string; files: number; guides: number; oauth2: number; oauth2Complete: number; notGuides: { file: string }[]; failed: unknown[] }[];
    const current = trees.find((t) => t.tree.endsWith('/authentik-integrations'))!;
    expect(current).toMatchObject({ files: 186, guides: 183, oauth2: 112 });
    expect(current.oauth2Complete).toBeGreaterThanOrEqual(110);
    expect(current.notGuides.map((n) => n.file.split('/').slice(-2).join('/')).sort()).toEqual([
      'authentik-integrations/applications.mdx',
      'authentik-integrations/index.mdx',
      'template/service.md',
    ]);
    const samples = trees.find((t) => t.tree.endsWith('/authentik-integrations-newer-samples'))!;
    expect(samples.notGuides.map((n) => n.file.split('/').pop())).toEqual(['_redirect-uri-2026-5-note.mdx', '_saml-provider-2026-5-warning.mdx']);
    for (const t of trees) expect(t.failed).toEqual([]);
  }, 60_000);
});
