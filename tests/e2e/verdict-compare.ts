/** The comparison behind compare-verdicts.ts, apart from its I/O so that a unit test can run it. */
import type { Verdict } from './verdicts.js';

export interface StackVerdicts {
  stack: string;
  scenarios: Record<string, Verdict>;
}

function show(v: Verdict | undefined): string {
  if (!v) return 'not run';
  return `exit ${v.code}${v.errors.length ? `: ${v.errors.join(', ')}` : ''}`;
}

export function compareVerdicts(stacks: StackVerdicts[]): { lines: string[]; agree: boolean } {
  const names = [...new Set(stacks.flatMap((s) => Object.keys(s.scenarios)))].sort();
  const lines = [`verdicts of ${names.length} scenarios on ${stacks.length} stacks: ${stacks.map((s) => s.stack).join(' | ')}`];
  let agree = true;
  for (const name of names) {
    const shown = stacks.map((s) => show(s.scenarios[name]));
    const same = shown.every((x) => x === shown[0]);
    if (!same) agree = false;
    lines.push(same ? `  same     ${name}: ${shown[0]}` : `  DIFFER   ${name}: ${stacks.map((s, i) => `${s.stack} → ${shown[i]}`).join('; ')}`);
  }
  lines.push(agree ? `all ${names.length} scenarios agree` : 'the stacks disagree: where a stand-in differs from the real programs, the stand-in is wrong');
  return { lines, agree };
}
