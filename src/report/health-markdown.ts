/** The corpus health report as markdown (a CI job summary, an issue comment). */
import { cell } from './format.js';
import type { HealthReport } from './health.js';
import { describeRunnable, NOT_RUNNABLE_LABEL } from './runnable.js';

export function renderHealthMarkdown(r: HealthReport, limit = 20): string {
  const s = r.summary;
  const out: string[] = [
    '# docproof corpus report',
    '',
    `- Folder: \`${cell(r.dir)}\``,
    `- authentik ${r.pinned.authentik} (pinned ${r.pinned.pinnedOn})`,
    `- ${s.guides} guides: ${s.withErrors} with errors, ${s.withWarnings} with warnings; ${s.counts.error} errors, ${s.counts.warning} warnings, ${s.counts.info} info`,
    `- ${s.statingVersion} guides state the authentik version they were tested with; ${r.notStated} do not`,
    `- ${s.runnable.runnable} of ${s.guides} guides docproof can run end to end${s.runnable.byDriver.length ? ` (${s.runnable.byDriver.map((d) => `${d.driver}: ${d.guides}`).join(', ')})` : ''}`,
    '',
    '## Runnable end to end',
    '',
    '| Driver or reason | Guides |',
    '|---|---:|',
    ...s.runnable.byDriver.map((d) => `| ${cell(d.driver)} (${d.takes === 'configuration' ? 'configuration' : 'UI steps'}) | ${d.guides} |`),
    ...s.runnable.notRunnable.map((n) => `| not runnable: ${cell(NOT_RUNNABLE_LABEL[n.kind])} | ${n.guides} |`),
    '',
    '## Most common problems',
    '',
    '| Rule | Problem | Guides | Findings |',
    '|---|---|---:|---:|',
    ...s.problems.slice(0, limit).map((p) => `| ${p.ruleId} | ${cell(p.problem)} | ${p.guides} | ${p.findings} |`),
    '',
    '## Most outdated guides',
    '',
    '| Guide | Tested with | Behind |',
    '|---|---|---|',
    ...r.outdated.map((o) => `| \`${cell(o.file)}\` | ${cell(o.testedWith)} | ${cell(o.ageText)} |`),
    '',
    `${r.notStated} guides state no version.`,
    '',
    '## Guides',
    '',
    '| Guide | Providers | Tested with | Errors | Warnings | Findings by rule | Runnable end to end |',
    '|---|---|---|---:|---:|---|---|',
    ...r.guides.map(
      (g) =>
        `| \`${cell(g.file)}\` | ${cell(g.providerTypes.join(', ') || '–')} | ${cell(g.testedWith ? `${g.testedWith} (${g.ageText})` : 'not stated')} | ${g.counts.error} | ${g.counts.warning} | ${cell(
          Object.entries(g.byRule)
            .map(([rule, n]) => `${rule} ${n}`)
            .join(', ') || '–',
        )} | ${cell(describeRunnable(g.runnable))} |`,
    ),
    '',
  ];
  if (r.skipped.length) out.push('## Skipped (not guides)', '', ...r.skipped.map((l) => `- ${cell(l)}`), '');
  if (r.unreadable.length) out.push('## Could not be read', '', ...r.unreadable.map((l) => `- ${cell(l)}`), '');
  return out.join('\n');
}
