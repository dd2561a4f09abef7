/**
 * Checks that the guide has the sections of authentik's authoring template (`website/integrations/template/service.md`):
 * "What is <App>", "Preparation", "authentik configuration", "<App> configuration" and "Configuration verification",
 * as level-2 headings. The wording variants found in the corpus are accepted: "What is <App>?", "authentik
 * Configuration", "Configure authentik", "<App> Configuration (using CLI)", the application's name alone
 * ("## NetBox", "## Paperless" for Paperless-ng) as its configuration section, "Configuration Verification",
 * "Verification", "Test the login", "Verify the configuration".
 *
 * ## When to use
 *
 * For guides that follow the integrations site's template. A reader (and `docproof run`) relies on the
 * sections to know which side each step belongs to; a guide without "Configuration verification" gives no way
 * to tell that the integration works.
 *
 * ## Severity
 *
 * - `warning`: no "authentik configuration" or "<App> configuration" section: without them neither a reader nor
 *   `docproof run` can tell which side a step belongs to.
 * - `info`: any other missing section, or a section at level 3 (the template's structure; nothing breaks).
 *
 * ## Options
 *
 * None.
 *
 * ## Fix
 *
 * Add the missing section where the finding points (before the heading named), following
 * `website/integrations/template/service.md`.
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
 *   ## What is Portainer?
 *
 *   ## Preparation
 *
 *   ## authentik configuration
 *
 *   ## Portainer configuration
 *
 *   ## Configuration verification
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
 *   ## What is Portainer
 *
 *   ### Preparation
 *
 *   ## Portainer configuration
 *
 *   ## Notes
 *
 * @example
 *   {"name": "portainer/index.md", "label": "output"}
 *
 *   9:1: info: “Preparation” is a level-3 heading; the template makes it a level-2 section (## Preparation)
 *   11:1: warning: missing section “authentik configuration” (expected before “Portainer configuration”)
 *   13:1: info: missing section “Configuration verification” (expected before “Notes”)
 */
import type { Heading } from '../guide/model.js';
import { createRule, linesOf } from './rule.js';
import { applicationNameOf } from '../plan/spec.js';

interface Section {
  name: string;
  matches: (text: string, app: string) => boolean;
  /** Whether a reader can still tell which side each step is for without it: then its absence is style (info). */
  sides?: true;
}

/** Lower case, single spaces, without a trailing "?"/":" and without a parenthetical or _(optional)_ suffix. */
const norm = (t: string) =>
  t
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\s*(\([^)]*\)|_\([^)]*\)_)$/, '')
    .replace(/[?:.]$/, '')
    .toLowerCase();

const isAuthentikConfiguration = (t: string) => /^(authentik( configuration| setup)?|configure authentik)$/.test(norm(t));
const isVerification = (t: string) =>
  /^(configuration verification|verification|verify( the)? (configuration|integration|login|setup)|test(ing)?( the)? (login|configuration|integration|setup)|testing)$/.test(norm(t));

export const SECTIONS: Section[] = [
  { name: 'What is <App>', matches: (t) => /^what (is|are)\b/.test(norm(t)) },
  { name: 'Preparation', matches: (t) => norm(t) === 'preparation' },
  { name: 'authentik configuration', matches: isAuthentikConfiguration, sides: true },
  {
    name: '<App> configuration',
    matches: (t, app) => {
      if (isAuthentikConfiguration(t) || isVerification(t)) return false;
      const n = norm(t);
      const a = app.toLowerCase();
      // "## NetBox", "## Paperless" (for Paperless-ng): the application's name alone heads its section in older guides.
      const named = a !== '' && (n === a || (a.startsWith(n) && /^[^a-z0-9]/.test(a.slice(n.length))));
      return named || /^.+ (configuration|setup)$|^configur(e|ing) .+$/.test(n);
    },
    sides: true,
  },
  { name: 'Configuration verification', matches: isVerification },
];

export default createRule(
  { id: 'template-structure', severity: 'warning', doc: "The authoring template's sections are present as level-2 headings." },
  ({ guide, file, report }) => {
    const h2 = guide.headings.filter((h) => h.depth === 2);
    const app = applicationNameOf(guide) ?? '';
    const found: (Heading | null)[] = SECTIONS.map((s) => h2.find((h) => s.matches(h.text, app)) ?? null);
    const lastLine = linesOf(file).length;
    SECTIONS.forEach((section, i) => {
      if (found[i]) return;
      const elsewhere = guide.headings.find((h) => h.depth > 2 && section.matches(h.text, app) && i !== 3);
      if (elsewhere) {
        report({
          line: elsewhere.line,
          column: elsewhere.column,
          severity: 'info',
          message: `“${elsewhere.text}” is a level-${elsewhere.depth} heading; the template makes it a level-2 section (## ${elsewhere.text})`,
        });
        return;
      }
      // Point where the section belongs: at the first level-2 heading after the previous section that is present.
      let previous: Heading | null = null;
      for (let j = i - 1; j >= 0 && !previous; j--) previous = found[j] ?? null;
      const before = h2.find((h) => (previous ? h.line > previous.line : true));
      const name = section.name.replace('<App>', app || '<App>');
      report({
        line: before?.line ?? lastLine,
        column: 1,
        severity: section.sides ? 'warning' : 'info',
        message: `missing section “${name}”${before ? ` (expected before “${before.text}”)` : ' (expected at the end)'}`,
        hint: 'Follow the authoring template: What is <App>, Preparation, authentik configuration, <App> configuration, Configuration verification.',
      });
    });
  },
);
