/** The comparison behind compare-verdicts.ts, apart from its I/O so that a unit test can run it. */
import type { Verdict } from './verdicts.js';

export interface StackVerdicts {
  stack: string;
  /** The spec file the verdicts come from ("run", "pgadmin"); files written before suites existed have none. */
  suite?: string;
  scenarios: Record<string, Verdict>;
}

/** "the guide as given [authentik ui]" → "the guide as given". */
export function baseName(scenario: string): string {
  return scenario.replace(/ \[[^\]]+\]$/, '');
}

function show(v: Verdict | undefined): string {
  if (!v) return 'not run';
  return `exit ${v.code}${v.errors.length ? `: ${v.errors.join(', ')}` : ''}`;
}

/**
 * Per suite, every stack that ran it must give every one of its scenarios the same verdict (a scenario missing on
 * one of them differs). A suite that ran on one stack only has nothing to be compared with: it is named, not failed.
 */
export function compareVerdicts(files: StackVerdicts[]): { lines: string[]; agree: boolean } {
  const suites = [...new Set(files.map((f) => f.suite ?? 'run'))].sort();
  const allStacks = [...new Set(files.map((f) => f.stack))];
  const lines: string[] = [];
  let agree = true;
  let compared = 0;
  for (const suite of suites) {
    const stacks = files.filter((f) => (f.suite ?? 'run') === suite);
    const names = [...new Set(stacks.flatMap((s) => Object.keys(s.scenarios)))].sort();
    const notRun = allStacks.filter((s) => !stacks.some((f) => f.stack === s));
    lines.push(
      `suite ${suite}: ${names.length} scenarios on ${stacks.length} stacks: ${stacks.map((s) => s.stack).join(' | ')}` +
        (notRun.length ? ` (not run on: ${notRun.join(' | ')})` : ''),
    );
    if (stacks.length < 2) {
      lines.push(`  ran on one stack only: nothing to compare`);
      continue;
    }
    for (const name of names) {
      // A scenario whose verdict depends on how the stack was run ("the guide as given [authentik ui]") is compared
      // among the stacks run that way; every stack must still have run one variant of it.
      const base = baseName(name);
      const variant = base !== name;
      const these = variant ? stacks.filter((s) => name in s.scenarios || !Object.keys(s.scenarios).some((n) => baseName(n) === base)) : stacks;
      const shown = these.map((s) => show(s.scenarios[name]));
      const same = shown.every((x) => x === shown[0]);
      compared++;
      if (!same) agree = false;
      const where = variant && these.length < stacks.length ? ` (on ${these.map((s) => s.stack).join(' | ')})` : '';
      lines.push(same ? `  same     ${name}: ${shown[0]}${where}` : `  DIFFER   ${name}: ${these.map((s, i) => `${s.stack} → ${shown[i]}`).join('; ')}`);
    }
  }
  lines.push(agree ? `all ${compared} scenarios agree` : 'the stacks disagree: where a stand-in differs from the real programs, the stand-in is wrong');
  return { lines, agree };
}
