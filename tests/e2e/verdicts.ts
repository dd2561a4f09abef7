/**
 * Three tiers, one truth: each e2e suite (spec file) records the verdict of every scenario (exit code, and the error
 * findings as "line rule-id") in DOCPROOF_VERDICTS_DIR/<stack>--<suite>.json, and `tsx tests/e2e/compare-verdicts.ts
 * DIR` fails when two stacks that ran a suite disagree on any of its scenarios. The expectations in the specs are the
 * same for every stack; this comparison also catches a scenario that one stack skipped or that differs in a finding
 * the test does not pin. A suite CI does not run on a stack at all (pgAdmin's on the older stand-in lines, to keep
 * the stand-in tier in its budget) is named as such, not counted as a disagreement.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliResult, RunJson } from './cli.js';

export interface Verdict {
  code: number | null;
  /** Error findings, "line rule-id", sorted. */
  errors: string[];
}

const verdicts = new Map<string, Verdict>();

export function verdictOf(r: CliResult): Verdict {
  let findings: RunJson['findings'] = [];
  try {
    findings = (JSON.parse(r.stdout) as RunJson).findings;
  } catch {
    // no JSON: the exit code says what happened
  }
  const errors = findings.filter((f) => f.severity === 'error').map((f) => `${f.line ?? '-'} ${f.ruleId ?? '-'}`);
  return { code: r.code, errors: [...new Set(errors)].sort() };
}

export function recordVerdict(scenario: string, r: CliResult): void {
  verdicts.set(scenario, verdictOf(r));
}

/** "real (authentik 2026.5.0-rc1 source build, …)" → "real-authentik-2026-5-0-rc1-source-build-…". */
export function stackFileName(label: string): string {
  return `${label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 120)}.json`;
}

/** `suite`: the spec file's name without `.spec.ts` ("run", "pgadmin"). */
export function writeVerdicts(stackLabel: string, suite: string): void {
  const dir = process.env.DOCPROOF_VERDICTS_DIR;
  if (!dir || verdicts.size === 0) return;
  mkdirSync(dir, { recursive: true });
  const body = { stack: stackLabel, suite, scenarios: Object.fromEntries([...verdicts].sort(([a], [b]) => (a < b ? -1 : 1))) };
  writeFileSync(path.join(dir, stackFileName(stackLabel).replace(/\.json$/, `--${suite}.json`)), `${JSON.stringify(body, null, 2)}\n`);
  // One worker runs the spec files one after another in one process: the next suite starts from nothing.
  verdicts.clear();
}
