/**
 * Three tiers, one truth: each e2e run records the verdict of every scenario (exit code, and the error findings as
 * "line rule-id") in DOCPROOF_VERDICTS_DIR/<stack>.json, and `tsx tests/e2e/compare-verdicts.ts DIR` fails when
 * two stacks disagree on any scenario. The expectations in run.spec.ts are the same for every stack; this
 * comparison also catches a scenario that one stack skipped or that differs in a finding the test does not pin.
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

export function writeVerdicts(stackLabel: string): void {
  const dir = process.env.DOCPROOF_VERDICTS_DIR;
  if (!dir || verdicts.size === 0) return;
  mkdirSync(dir, { recursive: true });
  const body = { stack: stackLabel, scenarios: Object.fromEntries([...verdicts].sort(([a], [b]) => (a < b ? -1 : 1))) };
  writeFileSync(path.join(dir, stackFileName(stackLabel)), `${JSON.stringify(body, null, 2)}\n`);
}
