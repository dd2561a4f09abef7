/**
 * The corpus health report behind `docproof report DIR`: every guide's findings by rule, the authentik version it
 * states it was tested with and how far behind the pinned release that is, its provider types; the most common
 * problems across the corpus; and the guides ranked by how outdated they are.
 */
import path from 'node:path';
import type { VFile } from 'vfile';
import { fsEnv, lintPaths, type LintConfig } from '../checks/lint.js';
import type { LintEnv } from '../checks/rule.js';
import { ageOf, describeAge, type VersionAge } from '../checks/tested-version.js';
import type { Severity } from '../findings.js';
import type { Guide } from '../guide/model.js';
import { PINNED } from '../versions.js';
import { toFinding, type Finding } from './format.js';
import { runnableOf, type NotRunnableKind, type Runnable } from './runnable.js';

export interface GuideHealth {
  /** Path relative to the report's folder, forward slashes. */
  file: string;
  title: string;
  providerTypes: string[];
  testedWith: string | null;
  testedLine: number | null;
  age: VersionAge | null;
  /** "5 years and 39 releases behind", "current", or null when no version is stated. */
  ageText: string | null;
  counts: Record<Severity, number>;
  byRule: Record<string, number>;
  findings: Finding[];
  /** Whether `docproof run` can perform the guide end to end, with which driver, or why not. */
  runnable: Runnable;
}

/** How many guides docproof can run end to end, by driver, and why the others cannot. */
export interface RunnableTotals {
  runnable: number;
  byDriver: { driver: string; takes: string; guides: number }[];
  notRunnable: { kind: NotRunnableKind; guides: number }[];
}

export interface Problem {
  ruleId: string;
  /** The message with its specifics (values, names, numbers) blanked, so equal problems group. */
  problem: string;
  severity: Severity;
  guides: number;
  findings: number;
}

export interface HealthReport {
  dir: string;
  pinned: { authentik: string; pinnedOn: string };
  guides: GuideHealth[];
  summary: {
    guides: number;
    withErrors: number;
    withWarnings: number;
    statingVersion: number;
    counts: Record<Severity, number>;
    byRule: { ruleId: string; guides: number; findings: number }[];
    problems: Problem[];
    runnable: RunnableTotals;
  };
  /** Guides that state a version, most outdated first; then the count of those that state none. */
  outdated: { file: string; testedWith: string; ageText: string; releasesBehind: number; months: number }[];
  notStated: number;
  skipped: string[];
  unreadable: string[];
}

/** `tested with authentik 2021.7.3, 5 years …` → `tested with authentik N, N years …`; code spans and parentheticals blanked. */
export function problemOf(message: string): string {
  return message
    .replace(/`[^`]*`/g, '`…`')
    .replace(/\s*\((?:[^()]|\([^()]*\))*\)/g, '')
    .replace(/\b\d+(\.\d+)*(\.x)?\b/g, 'N')
    .replace(/\bN (year|month|release)s?\b/g, 'N $1s')
    .trim();
}

function rel(dir: string, file: VFile): string {
  const p = path.relative(dir, path.resolve(file.path ?? ''));
  return p.split(path.sep).join('/');
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export async function buildHealth(dir: string, config: LintConfig = {}, env: LintEnv = fsEnv): Promise<HealthReport> {
  const outcome = await lintPaths([dir], config, env);
  const guides: GuideHealth[] = [];
  for (const file of outcome.files) {
    const guide = (file.data as { guide?: Guide }).guide;
    const relative = rel(dir, file);
    const findings = file.messages.map((m) => ({ ...toFinding(file, m), file: relative }));
    const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
    const byRule: Record<string, number> = {};
    for (const f of findings) {
      counts[f.severity]++;
      byRule[f.ruleId ?? 'other'] = (byRule[f.ruleId ?? 'other'] ?? 0) + 1;
    }
    const testedWith = guide?.testedWith.authentik ?? null;
    const age = testedWith ? ageOf(testedWith) : null;
    guides.push({
      file: relative,
      title: typeof guide?.frontmatter.title === 'string' ? guide.frontmatter.title : relative,
      providerTypes: [...new Set(guide?.providers.map((p) => p.type) ?? [])],
      testedWith,
      testedLine: guide?.testedWith.line ?? null,
      age,
      ageText: age ? (age.releasesBehind === 0 ? 'current' : describeAge(age)) : null,
      counts,
      byRule,
      findings,
      runnable: guide ? runnableOf(guide) : { runnable: false, driver: null, kind: 'other', reason: 'the guide could not be modelled', line: null },
    });
  }
  guides.sort((a, b) => a.file.localeCompare(b.file));

  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const rules = new Map<string, { guides: Set<string>; findings: number }>();
  const problems = new Map<string, Problem & { files: Set<string> }>();
  for (const g of guides) {
    for (const severity of SEVERITIES) counts[severity] += g.counts[severity];
    for (const f of g.findings) {
      const id = f.ruleId ?? 'other';
      const r = rules.get(id) ?? { guides: new Set(), findings: 0 };
      r.guides.add(g.file);
      r.findings++;
      rules.set(id, r);
      const problem = problemOf(f.message);
      const key = `${id}\u0000${problem}`;
      const p = problems.get(key) ?? { ruleId: id, problem, severity: f.severity, guides: 0, findings: 0, files: new Set<string>() };
      p.files.add(g.file);
      p.findings++;
      problems.set(key, p);
    }
  }
  const outdated = guides
    .filter((g) => g.testedWith && g.age)
    .map((g) => ({ file: g.file, testedWith: g.testedWith!, ageText: g.ageText!, releasesBehind: g.age!.releasesBehind, months: g.age!.months }))
    .sort((a, b) => b.releasesBehind - a.releasesBehind || b.months - a.months || a.file.localeCompare(b.file));

  return {
    dir,
    pinned: { authentik: PINNED.authentik.version, pinnedOn: PINNED.authentik.pinnedOn },
    guides,
    summary: {
      guides: guides.length,
      withErrors: guides.filter((g) => g.counts.error > 0).length,
      withWarnings: guides.filter((g) => g.counts.warning > 0).length,
      statingVersion: guides.filter((g) => g.testedWith).length,
      counts,
      byRule: [...rules]
        .map(([ruleId, r]) => ({ ruleId, guides: r.guides.size, findings: r.findings }))
        .sort((a, b) => b.guides - a.guides || b.findings - a.findings || a.ruleId.localeCompare(b.ruleId)),
      problems: [...problems.values()]
        .map(({ files, ...p }) => ({ ...p, guides: files.size }))
        .sort((a, b) => b.guides - a.guides || b.findings - a.findings || a.problem.localeCompare(b.problem)),
      runnable: runnableTotals(guides),
    },
    outdated,
    notStated: guides.filter((g) => !g.testedWith).length,
    skipped: outcome.skipped.map((s) => s.toLine()),
    unreadable: outcome.inputErrors.map((e) => e.toLine()),
  };
}

export function runnableTotals(guides: readonly GuideHealth[]): RunnableTotals {
  const drivers = new Map<string, { driver: string; takes: string; guides: number }>();
  const kinds = new Map<NotRunnableKind, number>();
  for (const g of guides) {
    const r = g.runnable;
    if (r.runnable) {
      const d = drivers.get(r.driver) ?? { driver: r.driver, takes: r.takes, guides: 0 };
      d.guides++;
      drivers.set(r.driver, d);
    } else kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  }
  return {
    runnable: guides.filter((g) => g.runnable.runnable).length,
    byDriver: [...drivers.values()].sort((a, b) => b.guides - a.guides || a.driver.localeCompare(b.driver)),
    notRunnable: [...kinds].map(([kind, n]) => ({ kind, guides: n })).sort((a, b) => b.guides - a.guides || a.kind.localeCompare(b.kind)),
  };
}
