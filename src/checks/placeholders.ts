/**
 * Checks the guide's placeholders: every placeholder host it uses (`portainer.company`) is introduced in
 * Preparation ("The following placeholders are used in this guide: …"), every one introduced there is used, and
 * no real-looking host stands where a placeholder belongs (in a URL of authentik's `/application/o/` endpoints:
 * authentik is always the reader's own instance).
 *
 * ## When to use
 *
 * Always. A reader replaces the placeholders listed in Preparation with their own hosts; a host that is not
 * listed is easy to copy unchanged, and a guide that writes `https://auth.example-corp.net/application/o/token/`
 * where it means `https://authentik.company/…` reads as if that address were part of the configuration.
 *
 * ## Options
 *
 * None.
 *
 * An unused `authentik.company` is reported as `info` only: the template lists it in every guide, and guides
 * whose steps never need the host (a SAML metadata download) leave it unused.
 *
 * ## Fix
 *
 * List each placeholder in Preparation as "- `app.company` is the FQDN of the App installation.", remove the
 * ones the guide does not use, and write placeholders instead of real hosts.
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
 *   ## Preparation
 *
 *   The following placeholders are used in this guide:
 *
 *   - `portainer.company` is the FQDN of the Portainer installation.
 *   - `authentik.company` is the FQDN of the authentik installation.
 *
 *   ## Portainer configuration
 *
 *   - **Redirect URL**: `https://portainer.company/`
 *   - **Authorization URL**: `https://authentik.company/application/o/authorize/`
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
 *   ## Preparation
 *
 *   The following placeholders are used in this guide:
 *
 *   - `portainer.company` is the FQDN of the Portainer installation.
 *   - `authentik.company` is the FQDN of the authentik installation.
 *
 *   ## Portainer configuration
 *
 *   - **Redirect URL**: `https://docker.company/`
 *   - **Authorization URL**: `https://sso.acme-corp.net/application/o/authorize/`
 *
 * @example
 *   {"name": "portainer/index.md", "label": "output"}
 *
 *   11:3: warning: placeholder `portainer.company` is introduced but never used
 *   12:3: info: placeholder `authentik.company` is introduced but never used
 *   16:30: warning: `docker.company` is used but not introduced in Preparation
 *   17:35: warning: real-looking host `sso.acme-corp.net` where a placeholder belongs (`authentik.company`)
 */
import type { Guide } from '../guide/model.js';
import { createRule, linesOf } from './rule.js';
import { authentikUrls, isPlaceholderHost, locate } from './urls.js';

const HOSTLIKE = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;
const COMPANY_HOST = /\b((?:[a-z0-9-]+\.)+company)\b/gi;

/** The line range of the Preparation section (its heading to the next heading of the same or higher level). */
function preparationRange(guide: Guide): [number, number] | null {
  const i = guide.headings.findIndex((h) => /^preparation\b/i.test(h.text.trim()));
  if (i < 0) return null;
  const start = guide.headings[i]!;
  const next = guide.headings.slice(i + 1).find((h) => h.depth <= start.depth);
  return [start.line, next ? next.line - 1 : Number.MAX_SAFE_INTEGER];
}

/** `https://portainer.company/` → `portainer.company`; non-host tokens are returned unchanged. */
function hostOf(token: string): string {
  return token.replace(/^https?:\/\//i, '').replace(/[/:].*$/, '').toLowerCase();
}

export default createRule(
  { id: 'placeholders', severity: 'warning', doc: 'Placeholders used are introduced in Preparation, those introduced are used, no real hosts where a placeholder belongs.' },
  ({ guide, file, report }) => {
    const lines = linesOf(file);
    const lowerLines = lines.map((l) => l.toLowerCase());
    const range = preparationRange(guide);
    // Introduced = listed as a bullet that starts with the placeholder ("- `app.company` is the FQDN of …");
    // a token merely used inside Preparation (in a JSON example, say) is not introduced there.
    const introduced = range
      ? guide.placeholders.filter((p) => p.line >= range[0] && p.line <= range[1] && /^\s*([-*+]|\d+[.)])\s+$/.test((lines[p.line - 1] ?? '').slice(0, p.column - 1)))
      : [];
    const introducedHosts = new Set(introduced.map((p) => hostOf(p.token)).filter((h) => HOSTLIKE.test(h)));

    // Introduced but never used: the token appears nowhere outside the line that introduces it.
    for (const p of introduced) {
      const needle = HOSTLIKE.test(hostOf(p.token)) ? hostOf(p.token) : p.token;
      const lowerNeedle = needle.toLowerCase();
      const used = lowerLines.some((l, i) => i + 1 !== p.line && l.includes(lowerNeedle));
      if (used) continue;
      // The template lists `authentik.company` in every guide; a guide whose steps never need the host
      // (metadata download, SAML) leaves it unused, which is worth knowing but not worth a warning.
      report({
        line: p.line,
        column: p.column,
        severity: needle === 'authentik.company' ? 'info' : undefined,
        message: `placeholder \`${p.token}\` is introduced but never used`,
        hint: 'Remove it from Preparation, or use it where the guide means it.',
      });
    }

    // Used but not introduced: `*.company` hosts in the values and URLs the guide gives (only when it has a list).
    if (range && introduced.length > 0) {
      const reported = new Set<string>();
      const uses: { text: string; line: number; column: number }[] = [
        ...guide.settings.filter((s) => s.value).map((s) => ({ text: s.value!, line: s.line, column: s.column })),
        ...guide.providers.flatMap((p) => p.redirectUris.map((r) => ({ text: r.url, line: r.line, column: r.column }))),
        ...guide.urls.map((u) => ({ text: u.url, line: u.line, column: u.column })),
      ].sort((a, b) => a.line - b.line || a.column - b.column);
      for (const use of uses) {
        for (const m of use.text.matchAll(COMPANY_HOST)) {
          const host = m[1]!.toLowerCase();
          if (introducedHosts.has(host) || reported.has(host)) continue;
          reported.add(host);
          const at = locate(lines, m[1]!, use.line, use.column);
          report({ ...at, message: `\`${host}\` is used but not introduced in Preparation`, hint: `Add "- \`${host}\` is the FQDN of …" to the placeholder list in Preparation, or use a placeholder it lists.` });
        }
      }
    }

    // Real-looking hosts where a placeholder belongs: authentik is always the reader's own instance, so a URL of
    // its OAuth2 endpoints must use a placeholder host. (Redirect URIs may legitimately name a SaaS host such as
    // login.tailscale.com, so they are not judged here.)
    const known = [...introducedHosts];
    const authentikHost = known.find((h) => h.startsWith('authentik')) ?? 'authentik.company';
    for (const u of authentikUrls(guide, lines)) {
      if (!/^https?:/i.test(u.url) || !u.host || isPlaceholderHost(u.host, known)) continue;
      const at = locate(lines, u.host, u.line, u.column);
      report({
        ...at,
        message: `real-looking host \`${u.host}\` where a placeholder belongs (\`${authentikHost}\`)`,
        hint: 'Write the placeholder the guide introduces in Preparation, so readers replace it with their own host.',
      });
    }
  },
);
