/** `docproof report DIR`: the health data, its markdown and json forms, and the command's exit codes. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/commands/report.js';
import { buildHealth, problemOf } from '../../src/report/health.js';

const FIX = 'tests/fixtures/lint';

async function report(args: string[], opts: Record<string, unknown> = {}) {
  let out = '';
  let err = '';
  const code = await run(args, opts, { out: (s) => (out += s), err: (s) => (err += s) });
  return { code, out, err };
}

describe('buildHealth over the lint fixtures', () => {
  it('per guide: findings by rule, tested-with version and age, provider types', async () => {
    const r = await buildHealth(FIX);
    expect(r.summary.guides).toBe(16);
    const seed = r.guides.find((g) => g.file === 'seed/portainer/index.md')!;
    expect(seed).toMatchObject({
      title: 'Integrate with Portainer',
      providerTypes: ['oauth2'],
      testedWith: '2021.7.3',
      testedLine: 14,
      ageText: '5 years and 39 releases behind',
      counts: { error: 1, warning: 1, info: 1 },
      byRule: { 'tested-version': 1, 'links-and-images': 1, 'template-structure': 1 },
    });
    const correct = r.guides.find((g) => g.file === 'correct/portainer/index.md')!;
    expect(correct).toMatchObject({ testedWith: '2026.8.3', ageText: 'current', findings: [] });
  });

  it('ranks the outdated guides and groups the most common problems', async () => {
    const r = await buildHealth(FIX);
    expect(r.outdated.slice(0, 2).map((o) => o.file)).toEqual(['broken/tested-version/portainer/index.md', 'seed/portainer/index.md']);
    expect(r.outdated.at(-1)!.releasesBehind).toBe(0);
    const stale = r.summary.problems.find((p) => p.ruleId === 'tested-version')!;
    expect(stale).toMatchObject({ guides: 2, findings: 2, problem: 'tested with authentik N, N years and N releases behind N' });
    expect(r.summary.byRule[0]!.guides).toBeGreaterThanOrEqual(r.summary.byRule.at(-1)!.guides);
  });

  it('blanks the specifics of a message so equal problems group', () => {
    expect(problemOf('image `./port1.png` not found next to the guide (portainer/port1.png)')).toBe('image `…` not found next to the guide');
    expect(problemOf('tested with authentik 2025.2.0, 1 year and 8 releases behind 2026.8.3')).toBe('tested with authentik N, N years and N releases behind N');
  });
});

describe('docproof report', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'docproof-report-cmd-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('markdown on stdout by default', async () => {
    const r = await report([FIX]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('# docproof corpus report');
    expect(r.out).toContain('- authentik 2026.8.3 (pinned 2026-11-29)');
    expect(r.out).toContain('## Most outdated guides');
    expect(r.out).toContain('| `seed/portainer/index.md` | 2021.7.3 | 5 years and 39 releases behind |');
    expect(r.out).toMatch(/\| `seed\/portainer\/index\.md` \| oauth2 \| 2021\.7\.3 \(5 years and 39 releases behind\) \| 1 \| 1 \| /);
  });

  it('json and html to a file with -o', async () => {
    const json = path.join(dir, 'r.json');
    expect((await report([FIX], { format: 'json', output: json })).code).toBe(0);
    const data = JSON.parse(await readFile(json, 'utf8'));
    expect(data.summary.guides).toBe(16);
    const html = path.join(dir, 'r.html');
    expect((await report([FIX], { format: 'html', output: html })).code).toBe(0);
    expect(await readFile(html, 'utf8')).toMatch(/^<!doctype html>[\s\S]*<table id="guides"[\s\S]*seed\/portainer\/index\.md/);
  });

  it('usage and input errors: exit 2 with one line', async () => {
    const missing = await report(['no/such/folder']);
    expect(missing).toMatchObject({ code: 2, out: '' });
    expect(missing.err).toBe('no/such/folder: no such folder\n');
    expect((await report([FIX], { format: 'pdf' })).code).toBe(2);
    expect((await report([])).code).toBe(2);
    const file = await report([`${FIX}/seed/portainer/index.md`]);
    expect(file).toMatchObject({ code: 2, err: `${FIX}/seed/portainer/index.md: not a folder\n` });
  });
});
