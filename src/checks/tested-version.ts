/**
 * Warns when the authentik version a guide says it was tested with ("This is based on authentik 2021.7.3",
 * "tested with authentik 2025.10.3", or `authentik_version` in the frontmatter) is older than the current
 * release docproof knows (`src/versions.ts`) by more than a number of releases or months, and says how old.
 *
 * ## When to use
 *
 * To find guides that nobody has followed on a recent authentik: between releases authentik renames buttons,
 * changes how redirect URIs are entered and what scopes send. A guide that states no version is not reported
 * (`docproof report` lists those as "not stated").
 *
 * ## Severity
 *
 * - `warning`: always. An old tested version makes an outdated step likely, not certain; the other rules and
 *   `docproof run` say which step.
 *
 * ## Options
 *
 * - `maxReleases` (number, default `4`): how many release lines behind the current one a guide may be.
 * - `maxAgeMonths` (number, default `12`): how many months older than the current release line it may be.
 *
 * A guide older than either limit is reported. Release lines are authentik's `YEAR.MONTH` versions; a line's
 * age is counted from its month.
 *
 * ## Fix
 *
 * Run the guide against the current authentik (`docproof run`), correct what changed, and update the version in
 * the "tested with" note.
 *
 * @example
 *   {"name": "portainer/index.md"}
 *
 *   ---
 *   title: Integrate with Portainer
 *   sidebar_label: Portainer
 *   support_level: community
 *   ---
 *
 *   :::info
 *   This documentation has been tested with authentik 2026.5.2 and Portainer 2.33.6 LTS.
 *   :::
 *
 * @example
 *   {"name": "portainer/index.md", "label": "input"}
 *
 *   ---
 *   title: Integrate with Portainer
 *   sidebar_label: Portainer
 *   support_level: community
 *   ---
 *
 *   :::note
 *   This is based on authentik 2021.7.3 and Portainer 2.6.x-CE.
 *   :::
 *
 * @example
 *   {"name": "portainer/index.md", "label": "output"}
 *
 *   8:28: warning: tested with authentik 2021.7.3, 5 years and 39 releases behind 2026.8.3
 */
import { PINNED } from '../versions.js';
import { createRule, linesOf } from './rule.js';

export interface TestedVersionOptions {
  maxReleases: number;
  maxAgeMonths: number;
}

export interface VersionAge {
  /** Release lines newer than the tested one, up to and including the current one. */
  releasesBehind: number;
  /** Months between the tested line and the current line. */
  months: number;
}

function lineOf(version: string): { year: number; month: number } | null {
  const m = /^v?(\d{4})\.(\d{1,2})(?:\.|$|-)/.exec(version.trim());
  if (!m) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? { year: Number(m[1]), month } : null;
}

/** How far `version` is behind the pinned authentik release; null when it is not a YEAR.MONTH version. */
export function ageOf(version: string, pinned: { version: string; releases: readonly string[] } = PINNED.authentik): VersionAge | null {
  const tested = lineOf(version);
  const current = lineOf(pinned.version);
  if (!tested || !current) return null;
  const key = (l: { year: number; month: number }) => l.year * 12 + l.month;
  const releasesBehind = pinned.releases.filter((r) => {
    const l = lineOf(r);
    return l !== null && key(l) > key(tested) && key(l) <= key(current);
  }).length;
  return { releasesBehind, months: Math.max(0, key(current) - key(tested)) };
}

export function describeAge(age: VersionAge): string {
  const years = Math.floor(age.months / 12);
  const time = years >= 1 ? `${years} year${years === 1 ? '' : 's'}` : `${age.months} month${age.months === 1 ? '' : 's'}`;
  return `${time} and ${age.releasesBehind} release${age.releasesBehind === 1 ? '' : 's'} behind`;
}

export default createRule<TestedVersionOptions>(
  {
    id: 'tested-version',
    severity: 'warning',
    doc: 'The authentik version a guide was tested with is not too far behind the current release.',
    defaults: { maxReleases: 4, maxAgeMonths: 12 },
  },
  ({ guide, file, options, report }) => {
    const version = guide.testedWith.authentik;
    if (!version) return;
    const age = ageOf(version);
    if (!age) return;
    if (age.releasesBehind <= options.maxReleases && age.months <= options.maxAgeMonths) return;
    const line = guide.testedWith.line ?? 1;
    const text = linesOf(file)[line - 1] ?? '';
    const column = text.indexOf(version) + 1 || 1;
    report({
      line,
      column,
      message: `tested with authentik ${version}, ${describeAge(age)} ${PINNED.authentik.version}`,
      hint: `Follow the guide on authentik ${PINNED.authentik.version} (docproof run), correct what changed, and update the version it states.`,
    });
  },
);
