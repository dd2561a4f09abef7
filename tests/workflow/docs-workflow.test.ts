/**
 * .github/workflows/docs.yml: valid for GitHub Actions (GitHub's own workflow parser and schema,
 * @actions/workflow-parser), and doing what the gate promises: list the touched guides from the merge base, lint them
 * with annotations and a job summary, run those with a driver on the compose stack one job per guide, upload the
 * HTML report and traces, fail on findings; on schedule, the whole tree, reported only.
 */
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

register('./json-import-hook.mjs', import.meta.url);
const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = await import('@actions/workflow-parser');

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../.github/workflows/docs.yml');
const text = readFileSync(file, 'utf8');

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  'continue-on-error'?: string | boolean;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> };
  outputs?: Record<string, string>;
  steps: Step[];
}
const wf = parse(text) as { on: Record<string, unknown>; jobs: Record<string, Job>; env: Record<string, string> };
const jobs = wf.jobs;
const runs = (job: Job) => job.steps.map((s) => s.run ?? '').join('\n');

describe('docs.yml', () => {
  it('is a valid GitHub Actions workflow (GitHub\'s parser and schema)', async () => {
    const result = parseWorkflow({ name: 'docs.yml', content: text }, new NoOperationTraceWriter());
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    const template = await convertWorkflowTemplate(result.context, result.value!);
    expect(template.errors ?? []).toEqual([]);
    expect(template.jobs.map((j) => j.id.value)).toEqual(['changed', 'lint', 'e2e', 'health', 'gate']);
    // The parser does fail on a broken workflow.
    const broken = parseWorkflow({ name: 'b.yml', content: text.replace('runs-on: ubuntu-24.04 # Docker', 'runs-onn: ubuntu-24.04 # Docker') }, new NoOperationTraceWriter());
    expect(broken.context.errors.getErrors().length).toBeGreaterThan(0);
  });

  it('runs on pull requests that touch docs/ or website/integrations/, and on a schedule', () => {
    expect((wf.on.pull_request as { paths: string[] }).paths).toEqual(['docs/**', 'website/integrations/**']);
    expect((wf.on.schedule as { cron: string }[])[0]!.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
  });

  it('lists the touched guides from the merge base (full history), every guide on schedule', () => {
    const changed = jobs.changed!;
    expect(changed.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!.with).toMatchObject({ 'fetch-depth': 0 });
    expect(runs(changed)).toContain('$DOCPROOF changed --base "origin/$GITHUB_BASE_REF" --root "$root" --format json');
    expect(runs(changed)).toContain('$DOCPROOF changed --all --root "$root" --format json');
    expect(Object.keys(changed.outputs!)).toEqual(['root', 'guides', 'e2e']);
    expect(runs(changed)).toContain('select(.driver != null)');
  });

  it('lints the touched guides with annotations on their lines, a job summary, and fails on findings', () => {
    const lint = jobs.lint!;
    expect(lint.needs).toBe('changed');
    const annotate = lint.steps.find((s) => s.run?.includes('--format github'))!;
    expect(annotate.run).toContain('$DOCPROOF lint "${files[@]}" --format github');
    expect(annotate.run).not.toContain('|| true'); // its exit code (1 on findings) fails the job
    const summary = lint.steps.find((s) => s.run?.includes('--format markdown'))!;
    expect(summary.run).toContain('>> "$GITHUB_STEP_SUMMARY"');
    expect(summary.if).toBe('always()');
  });

  it('runs each touched guide with a driver on the compose stack, one job per guide, uploading report and traces', () => {
    const e2e = jobs.e2e!;
    expect(e2e.needs).toBe('changed');
    expect(e2e.strategy!['fail-fast']).toBe(false);
    expect(e2e.strategy!.matrix!.guide).toBe('${{ fromJSON(needs.changed.outputs.e2e) }}');
    const run = e2e.steps.find((s) => s.run?.includes('$DOCPROOF run'))!;
    expect(run.run).toContain('--stack compose');
    expect(run.run).toContain('--output .docproof/run');
    expect(run.run).toContain('| tee -a "$GITHUB_STEP_SUMMARY"');
    expect(run.run).toContain('set -o pipefail'); // the run's exit code, not tee's, decides
    // The guide path comes from the pull request: through the environment, never spliced into the script.
    expect(run.env).toEqual({ GUIDE: '${{ matrix.guide }}' });
    expect(text).not.toMatch(/run: .*\$\{\{ *matrix\./);
    const upload = e2e.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with!.path).toBe('.docproof/run/'); // html-report/ and test-results/ (traces)
    expect(e2e['continue-on-error']).toBe("${{ github.event_name != 'pull_request' }}");
  });

  it('on schedule, reports the whole tree (HTML artifact + markdown summary) without gating', () => {
    const health = jobs.health!;
    expect(health.if).toBe("github.event_name != 'pull_request'");
    expect(runs(health)).toContain('$DOCPROOF report "$ROOT" --format html -o docproof-report.html');
    expect(runs(health)).toContain('$DOCPROOF report "$ROOT" --format markdown >> "$GITHUB_STEP_SUMMARY"');
    expect(health.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!.with!.path).toBe('docproof-report.html');
  });

  it('has one gate check that fails when lint or e2e failed', () => {
    const gate = jobs.gate!;
    expect(gate.needs).toEqual(['changed', 'lint', 'e2e']);
    expect(gate.if).toContain('always()');
    expect(runs(gate)).toContain('select(.value.result != "success" and .value.result != "skipped")');
  });
});
