/**
 * `docproof lint` on the Portainer guide: as given (the seed), a corrected copy with no findings, and one broken
 * copy per rule that must yield exactly that rule's finding at the changed line. Also the command's contract:
 * exit codes, bad input as one line, --max-warnings, --config; and the CLI as a process.
 */
import { readdir, readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../../src/checks/index.js';
import { lintPaths } from '../../src/checks/lint.js';
import { run, useColor } from '../../src/commands/lint.js';
import { findingsOf } from '../../src/report/format.js';
import { docproofSync } from '../support/cli.js';

const FIX = 'tests/fixtures/lint';
const SEED = `${FIX}/seed/portainer/index.md`;

async function lint(args: string[], opts: Record<string, unknown> = {}) {
  let out = '';
  let err = '';
  const code = await run(args, opts, { out: (s) => (out += s), err: (s) => (err += s), tty: false, env: {} });
  return { code, out, err };
}

async function found(file: string): Promise<[string, number][]> {
  const { files, inputErrors } = await lintPaths([file]);
  expect(inputErrors).toEqual([]);
  return findingsOf(files).map((f) => [f.ruleId!, f.line!]);
}

describe('the Portainer guide as given', () => {
  it('is the seed guide of the repository (tests/fixtures/portainer-as-given.md)', async () => {
    expect(await readFile(SEED, 'utf8')).toBe(await readFile('tests/fixtures/portainer-as-given.md', 'utf8'));
  });

  it('reports exactly: the stale tested version (line 14), the missing image (line 65), the missing verification section', async () => {
    expect(await found(SEED)).toEqual([
      ['tested-version', 14],
      ['links-and-images', 65],
      ['template-structure', 67],
    ]);
  });

  it('says how old the version is and which image is missing', async () => {
    const r = await lint([SEED], { format: 'json' });
    expect(r.code).toBe(1); // the missing image is an error
    const json = JSON.parse(r.out) as { ruleId: string; line: number; column: number; severity: string; message: string; hint: string }[];
    expect(json).toHaveLength(3);
    expect(json[0]!).toMatchObject({ ruleId: 'tested-version', line: 14, column: 28, severity: 'warning', message: 'tested with authentik 2021.7.3, 5 years and 39 releases behind 2026.8.3' });
    expect(json[1]!).toMatchObject({ ruleId: 'links-and-images', line: 65, column: 1, severity: 'error' });
    expect(json[1]!.message).toContain('`./port1.png`');
    expect(json[1]!.hint).toMatch(/image/);
  });
});

describe('the guides this repository maintains (docs/integrations)', () => {
  it('have no error findings', async () => {
    const { files, inputErrors } = await lintPaths(['docs/integrations']);
    expect(inputErrors).toEqual([]);
    expect(files.length).toBeGreaterThan(0);
    expect(findingsOf(files).filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('fixtures: a correct copy and one broken copy per rule', () => {
  it('the correct copy has no findings', async () => {
    expect(await found(`${FIX}/correct/portainer/index.md`)).toEqual([]);
  });

  const expected: Record<string, number> = {
    'config-forms-agree': 55,
    'redirect-uri-consistency': 56,
    'authentik-endpoints': 54,
    'slug-consistency': 57,
    'scope-list': 59,
    placeholders: 55,
    frontmatter: 4,
    'mdx-syntax': 62,
    'tested-version': 14,
    'links-and-images': 65,
    'template-structure': 67,
  };

  it('has a broken copy for every rule', async () => {
    expect((await readdir(`${FIX}/broken`)).sort()).toEqual(rules.map((r) => r.id).sort());
    expect(Object.keys(expected).sort()).toEqual(rules.map((r) => r.id).sort());
  });

  for (const [rule, line] of Object.entries(expected)) {
    it(`${rule} fires on its broken copy at line ${line}, and nothing else does`, async () => {
      // A copy of the Portainer guide, or a purpose-made guide of another application where Portainer's has nothing to break.
      const [app] = await readdir(`${FIX}/broken/${rule}`);
      const [guide] = await readdir(`${FIX}/broken/${rule}/${app}`).then((names) => names.filter((n) => /^index\.mdx?$/.test(n)));
      expect(await found(`${FIX}/broken/${rule}/${app}/${guide}`)).toEqual([[rule, line]]);
    });
  }
});

/**
 * Copies of the correct guide with one line changed, each of which certainly breaks the sign-in it documents, kept in
 * folders not named after Portainer (as a reader's copy would be): the gate must fail on each, with an error of the
 * rule that knows why, at the changed line, and nothing else.
 */
describe('the CI gate: a change that certainly breaks the sign-in is an error', () => {
  const gate: [string, string, string, number][] = [
    ['authorization-url-host', 'placeholders', 'error', 53],
    ['logout-url-slug', 'slug-consistency', 'error', 57],
    ['scopes-with-commas', 'scope-list', 'error', 59],
  ];
  for (const [name, rule, severity, line] of gate) {
    it(`${name}: ${severity} of ${rule} at line ${line}, and lint exits 1`, async () => {
      const file = `${FIX}/gate/${name}/index.md`;
      const { files } = await lintPaths([file]);
      expect(findingsOf(files).map((f) => [f.ruleId, f.severity, f.line])).toEqual([[rule, severity, line]]);
      expect((await lint([file])).code).toBe(1);
    });
  }
});

describe('docproof lint: the command', () => {
  it('exit 0 on a guide without findings', async () => {
    const r = await lint([`${FIX}/correct/portainer/index.md`]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('no issues found');
  });

  it('exit 1 on errors; warnings alone pass unless --max-warnings is exceeded', async () => {
    expect((await lint([SEED])).code).toBe(1);
    const warningOnly = `${FIX}/broken/tested-version/portainer/index.md`;
    expect((await lint([warningOnly])).code).toBe(0);
    expect((await lint([warningOnly], { maxWarnings: 1 })).code).toBe(0);
    expect((await lint([warningOnly], { maxWarnings: 0 })).code).toBe(1);
  });

  it('bad input: one line per file on stderr, exit 2, the other files still linted', async () => {
    const r = await lint(['tests/fixtures/guides/bad-frontmatter.md', 'no/such/guide.md', `${FIX}/correct/portainer/index.md`], { format: 'json' });
    expect(r.code).toBe(2);
    const lines = r.err.split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^tests\/fixtures\/guides\/bad-frontmatter\.md:\d+: /);
    expect(lines[1]).toBe('no/such/guide.md: no such file or folder');
    expect(JSON.parse(r.out)).toEqual([]); // the correct guide was linted, and has nothing
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('usage errors: exit 2 with one line', async () => {
    expect((await lint([])).code).toBe(2);
    expect((await lint([SEED], { format: 'xml' })).code).toBe(2);
    const r = await lint([SEED], { maxWarnings: -1 });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });

  describe('--config', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'docproof-lint-config-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('turns rules off, changes severities and options', async () => {
      const config = path.join(dir, 'config.json');
      await writeFile(config, JSON.stringify({ rules: { 'links-and-images': 'warning', 'template-structure': 'off', 'tested-version': ['error', { maxReleases: 50, maxAgeMonths: 100 }] } }));
      const r = await lint([SEED], { format: 'json', config });
      expect(r.code).toBe(0);
      expect((JSON.parse(r.out) as { ruleId: string; severity: string }[]).map((f) => [f.ruleId, f.severity])).toEqual([['links-and-images', 'warning']]);
    });

    it('an unknown rule or a bad file is a usage error naming the file', async () => {
      const config = path.join(dir, 'bad.json');
      await writeFile(config, JSON.stringify({ rules: { 'no-such-rule': 'error' } }));
      const r = await lint([SEED], { config });
      expect(r.code).toBe(2);
      expect(r.err).toContain('bad.json: unknown rule "no-such-rule"');
      await writeFile(config, '{ not json');
      expect((await lint([SEED], { config })).err).toMatch(/bad\.json: not valid JSON/);
    });
  });

  it('a folder: every guide below it, non-guides noted as skipped', async () => {
    const r = await lint([`${FIX}/broken`], { format: 'json' });
    expect(r.code).toBe(1);
    const files = new Set((JSON.parse(r.out) as { file: string }[]).map((f) => f.file));
    expect(files.size).toBe(rules.length);
  });

  it('colours: off for NO_COLOR and for a pipe, on for a terminal', () => {
    expect(useColor({ tty: true, env: {} })).toBe(true);
    expect(useColor({ tty: true, env: { NO_COLOR: '1' } })).toBe(false);
    expect(useColor({ tty: false, env: {} })).toBe(false);
  });
});

describe('docproof lint as a process', () => {
  it('prints the findings at the guide lines and exits 1', () => {
    const r = docproofSync(['lint', SEED], { fromSource: true });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/14:28\s+warning\s+tested with authentik 2021\.7\.3/);
    expect(r.stdout).toMatch(/65:1\s+error\s+image `\.\/port1\.png` not found/);
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });
});
