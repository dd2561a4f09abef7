import { describe, expect, it } from 'vitest';
import { compareVerdicts } from '../e2e/verdict-compare.js';
import { stackFileName, verdictOf } from '../e2e/verdicts.js';

const run = (code: number, findings: { line: number; ruleId: string; severity: string }[]) => ({
  code,
  signal: null,
  stderr: '',
  ms: 1,
  stdout: JSON.stringify({ header: [], tests: [], findings }),
});

describe('scenario verdicts across stacks', () => {
  it('keeps the exit code and the error findings only', () => {
    const v = verdictOf(run(1, [
      { line: 60, ruleId: 'run-redirect-uri', severity: 'error' },
      { line: 38, ruleId: 'run-redirect-uri', severity: 'error' },
      { line: 14, ruleId: 'run-version-skew', severity: 'info' },
    ]));
    expect(v).toEqual({ code: 1, errors: ['38 run-redirect-uri', '60 run-redirect-uri'] });
  });

  it('agrees when every stack has the same verdict for every scenario', () => {
    const a = { stack: 'standins', scenarios: { x: { code: 1, errors: ['49 run-user-not-provisioned'] }, y: { code: 0, errors: [] } } };
    const b = { stack: 'real', scenarios: { x: { code: 1, errors: ['49 run-user-not-provisioned'] }, y: { code: 0, errors: [] } } };
    const r = compareVerdicts([a, b]);
    expect(r.agree).toBe(true);
    expect(r.lines.at(-1)).toBe('all 2 scenarios agree');
  });

  it('disagrees on another line, another rule, or a scenario one stack did not run', () => {
    const a = { stack: 'standins', scenarios: { x: { code: 1, errors: ['49 run-user-not-provisioned'] }, y: { code: 0, errors: [] } } };
    const b = { stack: 'real', scenarios: { x: { code: 1, errors: ['50 run-user-not-provisioned'] } } };
    const r = compareVerdicts([a, b]);
    expect(r.agree).toBe(false);
    expect(r.lines).toContain('  DIFFER   x: standins → exit 1: 49 run-user-not-provisioned; real → exit 1: 50 run-user-not-provisioned');
    expect(r.lines).toContain('  DIFFER   y: standins → exit 0; real → not run');
  });

  it('compares each suite among the stacks that ran it, and names the stacks that did not run it', () => {
    const run = { x: { code: 0, errors: [] } };
    const pg = { p: { code: 1, errors: ['65 run-token-endpoint'] } };
    const r = compareVerdicts([
      { stack: 'standins', suite: 'run', scenarios: run },
      { stack: 'standins', suite: 'pgadmin', scenarios: pg },
      { stack: 'standins 2026.2', suite: 'run', scenarios: run },
      { stack: 'real', suite: 'run', scenarios: run },
      { stack: 'real', suite: 'pgadmin', scenarios: { p: { code: 1, errors: ['66 run-token-endpoint'] } } },
    ]);
    expect(r.agree).toBe(false);
    expect(r.lines).toContain('suite pgadmin: 1 scenarios on 2 stacks: standins | real (not run on: standins 2026.2)');
    expect(r.lines).toContain('  DIFFER   p: standins → exit 1: 65 run-token-endpoint; real → exit 1: 66 run-token-endpoint');
    const alone = compareVerdicts([
      { stack: 'standins', suite: 'run', scenarios: run },
      { stack: 'real', suite: 'run', scenarios: run },
      { stack: 'real', suite: 'pgadmin', scenarios: pg },
    ]);
    expect(alone.agree).toBe(true);
    expect(alone.lines).toContain('  ran on one stack only: nothing to compare');
    expect(alone.lines.at(-1)).toBe('all 1 scenarios agree');
  });

  it('compares a scenario whose verdict depends on the run mode among the stacks run that way, and still wants it everywhere', () => {
    const api = { 'as given [authentik api]': { code: 1, errors: ['49 run-user-not-provisioned'] }, x: { code: 0, errors: [] } };
    const ui = { 'as given [authentik ui]': { code: 1, errors: ['35 run-authentik-ui'] }, x: { code: 0, errors: [] } };
    const r = compareVerdicts([
      { stack: 'standins', suite: 'run', scenarios: api },
      { stack: 'real 2026.2', suite: 'run', scenarios: api },
      { stack: 'real 2026.5', suite: 'run', scenarios: ui },
    ]);
    expect(r.agree).toBe(true);
    expect(r.lines).toContain('  same     as given [authentik api]: exit 1: 49 run-user-not-provisioned (on standins | real 2026.2)');
    const missing = compareVerdicts([
      { stack: 'standins', suite: 'run', scenarios: api },
      { stack: 'real 2026.5', suite: 'run', scenarios: { x: { code: 0, errors: [] } } },
    ]);
    expect(missing.agree).toBe(false);
    expect(missing.lines).toContain('  DIFFER   as given [authentik api]: standins → exit 1: 49 run-user-not-provisioned; real 2026.5 → not run');
  });

  it('names a stack file after its label', () => {
    expect(stackFileName('real (authentik 2026.5.0-rc1 source build, Portainer 2.21.4 source build)')).toBe(
      'real-authentik-2026-5-0-rc1-source-build-portainer-2-21-4-source-build.json',
    );
  });
});
