/**
 * Checks the application slug in per-slug URLs (`/application/o/<slug>/end-session/`, `jwks/`, the issuer and
 * `.well-known/openid-configuration`): the same everywhere in the guide, and either a placeholder
 * (`<application_slug>`) or the slug of the application the guide tells the reader to create.
 *
 * ## When to use
 *
 * Always. authentik makes the slug from the application's name unless the reader sets it; a guide that writes
 * `/application/o/wiki-js/` in one place and `/application/o/wiki/` in another, or a slug the reader was never
 * asked to use, sends the application to a provider that does not exist (404).
 *
 * A literal slug is accepted when it is the slug the guide sets (**Slug**: `…`), or, when the guide sets none,
 * the slug authentik's application wizard makes of the application's name (the guide's `sidebar_label`, else its
 * title; `portainer` for Portainer), which is what a reader who follows the guide gets.
 *
 * ## Severity
 *
 * - `error`: a reserved slug; two different literal slugs; a literal slug the guide never asks for (it sets no
 *   slug, and the wizard makes another one of the application's name, so a reader who follows the guide has an
 *   application under another slug and this URL answers 404). In a guide with several providers, which may use
 *   several slugs, the last two are warnings.
 * - `warning`: a literal slug where the guide elsewhere writes a placeholder (it breaks unless the reader's slug
 *   happens to be this one).
 * - `info`: two spellings of the slug placeholder (`<application_slug>` and `<slug>`): a reader replaces both.
 *
 * ## Options
 *
 * None.
 *
 * ## Fix
 *
 * Write `<application_slug>` in every per-slug URL (and introduce it in Preparation), or set the slug explicitly
 * in the application step and use that one everywhere.
 *
 * @example
 *   {"name": "wiki-js/index.md"}
 *
 *   ---
 *   title: Integrate with Wiki.js
 *   sidebar_label: Wiki.js
 *   support_level: community
 *   ---
 *
 *   ## Wiki.js configuration
 *
 *   - **Issuer**: `https://authentik.company/application/o/<application_slug>/`
 *   - **Logout URL**: `https://authentik.company/application/o/<application_slug>/end-session/`
 *
 * @example
 *   {"name": "wiki-js/index.md", "label": "input"}
 *
 *   ---
 *   title: Integrate with Wiki.js
 *   sidebar_label: Wiki.js
 *   support_level: community
 *   ---
 *
 *   ## Wiki.js configuration
 *
 *   - **Issuer**: `https://authentik.company/application/o/wiki/`
 *   - **Logout URL**: `https://authentik.company/application/o/wiki/end-session/`
 *
 * @example
 *   {"name": "wiki-js/index.md", "label": "output"}
 *
 *   9:56: error: slug `wiki` is not one the guide asks for: it sets no slug, and authentik would make `wiki-js` from the application's name
 */
import { createRule, linesOf } from './rule.js';
import { meaningOf } from '../guide/meaning.js';
import { applicationNameOf, slugify } from '../plan/spec.js';
import { RESERVED_SLUGS } from '../authentik/endpoints.js';
import { authentikUrls, isPlaceholderSlug } from './urls.js';

export default createRule(
  { id: 'slug-consistency', severity: 'error', doc: 'The slug in per-slug URLs is the same everywhere and is a placeholder or the slug the guide sets.' },
  ({ guide, file, report }) => {
    const several = guide.providers.length > 1;
    const set = guide.settings.filter((s) => s.side === 'authentik' && meaningOf(s.key) === 'slug' && s.value && s.literal);
    for (const s of set) {
      const slug = s.value!.trim();
      if (RESERVED_SLUGS.includes(slug)) {
        report({ line: s.line, column: s.column, message: `\`${slug}\` is a reserved name in authentik and cannot be an application slug`, hint: `authentik reserves ${RESERVED_SLUGS.join(', ')}.` });
      }
    }
    const explicit = set.map((s) => s.value!.trim()).filter((v) => !isPlaceholderSlug(v));

    const uses = authentikUrls(guide, linesOf(file))
      .filter((u) => u.endpoint.slug !== null && !RESERVED_SLUGS.includes(u.endpoint.slug))
      .map((u) => ({ slug: u.endpoint.slug!, line: u.line, column: u.column + u.url.indexOf(`/${u.endpoint.slug}`) + 1 }));
    if (uses.length === 0) return;

    const first = new Map<string, { line: number; column: number }>();
    for (const u of uses) if (!first.has(u.slug)) first.set(u.slug, u);
    const literal = [...first.keys()].filter((s) => !isPlaceholderSlug(s));
    const placeholder = [...first.keys()].filter((s) => isPlaceholderSlug(s));
    const reference = explicit[0] ?? literal[0];
    // The slug the application wizard proposes from the name the reader gives it; the guide's folder name otherwise.
    const name = applicationNameOf(guide);
    const proposed = name !== null ? slugify(name) : guide.appSlug;

    for (const [slug, at] of first) {
      if (isPlaceholderSlug(slug)) continue;
      if (slug !== reference) {
        const where = explicit[0] === reference ? `the slug the guide sets (\`${reference}\`)` : `\`${reference}\` at line ${first.get(reference!)!.line}`;
        report({ ...at, severity: several ? 'warning' : 'error', message: `slug \`${slug}\` differs from ${where}` });
        continue;
      }
      if (explicit.length === 0 && placeholder.length > 0) {
        const p = placeholder[0]!;
        report({
          ...at,
          severity: 'warning',
          message: `slug \`${slug}\` is written literally here, but as \`${p}\` at line ${first.get(p)!.line}`,
          hint: `Write \`${p}\` here too.`,
        });
        continue;
      }
      if (explicit.length === 0 && proposed !== null && slug !== proposed) {
        report({
          ...at,
          severity: several ? 'warning' : 'error',
          message: `slug \`${slug}\` is not one the guide asks for: it sets no slug, and authentik would make \`${proposed}\` from the application's name`,
          hint: 'Write `<application_slug>` instead, or tell the reader to set this slug in the application step.',
        });
      }
    }
    if (placeholder.length > 1) {
      const at = first.get(placeholder[1]!)!;
      report({ ...at, severity: 'info', message: `the slug placeholder is written as \`${placeholder[1]}\` here but as \`${placeholder[0]}\` at line ${first.get(placeholder[0]!)!.line}` });
    }
  },
);
