/**
 * Checks the guide's frontmatter: `title`, `sidebar_label` and `support_level` present, `support_level` one
 * of `authentik`, `community`, `vendor`, `deprecated`, and no H1 in the body.
 *
 * ## When to use
 *
 * Always. The integrations site renders the title and the support badge from the frontmatter, and throws on a
 * page that has badges and also an H1 (`website/docusaurus-theme/theme/DocItem/Content/index.tsx`); the allowed
 * support levels come from `website/docusaurus-theme/remark/support-directive.mjs`.
 *
 * ## Severity
 *
 * - `error`: a `support_level` that is not one of the four (the site's support directive knows no other); an H1
 *   equal to the `title` on a page with a `support_level` (the theme throws on a page with badges and such an
 *   H1: the site does not build).
 * - `warning`: no `title` (the site falls back to the first heading or the file name, `index`), no
 *   `support_level` (the page shows no support badge; two upstream guides lack it and the site builds); any
 *   other H1 in the body (a second page title).
 * - `info`: no `sidebar_label` (the sidebar shows the `title` instead).
 *
 * ## Options
 *
 * None.
 *
 * ## Fix
 *
 * Add the missing key to the YAML block at the top of the file, use one of the four support levels, and turn
 * an H1 (`# …`) into the `title` or an H2.
 *
 * @example
 *   {"name": "grafana/index.md"}
 *
 *   ---
 *   title: Integrate with Grafana
 *   sidebar_label: Grafana
 *   support_level: community
 *   ---
 *
 *   ## What is Grafana
 *
 * @example
 *   {"name": "grafana/index.md", "label": "input"}
 *
 *   ---
 *   title: Integrate with Grafana
 *   support_level: partner
 *   ---
 *
 *   # Integrate with Grafana
 *
 * @example
 *   {"name": "grafana/index.md", "label": "output"}
 *
 *   1:1: info: frontmatter lacks `sidebar_label`
 *   3:1: error: `support_level: partner` is not a support level; use one of authentik, community, vendor, deprecated
 *   6:1: error: H1 “Integrate with Grafana” in the body; the page title comes from the frontmatter `title`
 */
import { createRule } from './rule.js';

export const SUPPORT_LEVELS = ['authentik', 'community', 'vendor', 'deprecated'] as const;
const REQUIRED = ['title', 'sidebar_label', 'support_level'] as const;
/** What a missing key costs: the site still builds without any of them. */
const MISSING_SEVERITY = { title: 'warning', sidebar_label: 'info', support_level: 'warning' } as const;

export default createRule(
  { id: 'frontmatter', severity: 'error', doc: 'title, sidebar_label and a valid support_level in the frontmatter; no H1 in the body.' },
  ({ guide, report }) => {
    const fm = guide.frontmatter;
    for (const key of REQUIRED) {
      const value = fm[key];
      if (value === undefined || value === null) {
        report({ line: 1, column: 1, severity: MISSING_SEVERITY[key], message: `frontmatter lacks \`${key}\``, hint: `Add \`${key}: …\` to the YAML block at the top of the guide.` });
      } else if (typeof value !== 'string' || value.trim() === '') {
        report({ line: guide.frontmatterLines[key] ?? 1, column: 1, severity: MISSING_SEVERITY[key], message: `frontmatter \`${key}\` is empty or not text` });
      }
    }
    const level = fm.support_level;
    if (typeof level === 'string' && level.trim() !== '' && !(SUPPORT_LEVELS as readonly string[]).includes(level)) {
      report({
        line: guide.frontmatterLines.support_level ?? 1,
        column: 1,
        message: `\`support_level: ${level}\` is not a support level; use one of ${SUPPORT_LEVELS.join(', ')}`,
      });
    }
    const badges = typeof level === 'string' && level.trim() !== '';
    const title = typeof fm.title === 'string' ? fm.title.trim() : null;
    for (const h of guide.headings) {
      if (h.depth !== 1) continue;
      report({
        line: h.line,
        column: h.column,
        severity: badges && h.text.trim() === title ? 'error' : 'warning',
        message: `H1 “${h.text}” in the body; the page title comes from the frontmatter \`title\``,
        hint: 'Remove the H1 (the site renders `title` as the heading) or make it an H2.',
      });
    }
  },
);
