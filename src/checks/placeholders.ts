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
 * ## Severity
 *
 * - `error`: a URL of authentik's endpoints on another host than the one the guide's other authentik URLs use
 *   (its authentik placeholder, `authentik.company`), when that host is a real-looking one or another `*.company`
 *   placeholder. authentik is one instance; a reader replaces the placeholder and this URL still points elsewhere,
 *   so the application is sent to a server that is not the reader's authentik. (Hosts that stand for an internal
 *   address, such as `authentik-server:9000` or `localhost`, are not judged: guides give those on purpose.)
 * - `warning`: a `*.company` host used but not introduced in Preparation (the reader may not know what to
 *   replace it with); a real-looking host in an authentik URL of a guide that uses no authentik placeholder
 *   elsewhere.
 * - `info`: a placeholder introduced but never used (a leftover of the template: nothing breaks).
 *
 * ## Options
 *
 * None.
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
 *   11:3: info: placeholder `portainer.company` is introduced but never used
 *   12:3: info: placeholder `authentik.company` is introduced but never used
 *   16:30: warning: `docker.company` is used but not introduced in Preparation
 *   17:35: warning: real-looking host `sso.acme-corp.net` where a placeholder belongs (`authentik.company`)
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
 *   - **Redirect URL**: `https://portainer.company/`
 *   - **Authorization URL**: `https://sso.acme-corp.net/application/o/authorize/`
 *   - **Access Token URL**: `https://authentik.company/application/o/token/`
 *   - **Resource URL**: `https://portainer.company/application/o/userinfo/`
 *
 * @example
 *   {"name": "portainer/index.md", "label": "output"}
 *
 *   17:35: error: authentik URL on host `sso.acme-corp.net`, but the guide's other authentik URLs use `authentik.company` (line 18): a reader who replaces the placeholder still sends this one to `sso.acme-corp.net`
 *   19:30: error: authentik URL on host `portainer.company`, but the guide's other authentik URLs use `authentik.company` (line 18): a reader who replaces the placeholder still sends this one to `portainer.company`
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

/** `authentik.company:9000` → `authentik.company`. */
function bareHost(host: string): string {
  return host.toLowerCase().replace(/:\d+$/, '');
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
      // A leftover: the template lists `authentik.company` in every guide, and a guide whose steps never need a
      // host leaves it unused. Worth knowing, but nothing breaks.
      report({
        line: p.line,
        column: p.column,
        severity: 'info',
        message: `placeholder \`${p.token}\` is introduced but never used`,
        hint: 'Remove it from Preparation, or use it where the guide means it.',
      });
    }

    // The host the guide's authentik URLs use, and the authentik URLs on another (placeholder-like or real) host.
    const known = [...introducedHosts];
    const authentikHost = known.find((h) => h.startsWith('authentik')) ?? 'authentik.company';
    const urls = authentikUrls(guide, lines).filter((u) => /^https?:/i.test(u.url) && u.host);
    const onAuthentikHost = urls.find((u) => bareHost(u.host!) === authentikHost);
    const stray = new Set(
      onAuthentikHost
        ? urls.map((u) => bareHost(u.host!)).filter((h) => h !== authentikHost && (!isPlaceholderHost(h, known) || /\.company$/.test(h)))
        : [],
    );

    // Used but not introduced: `*.company` hosts in the values and URLs the guide gives (only when it has a list).
    if (range && introduced.length > 0) {
      const reported = new Set<string>(stray);
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
    for (const u of urls) {
      const host = bareHost(u.host!);
      if (stray.has(host)) {
        const at = locate(lines, u.host!, u.line, u.column);
        report({
          ...at,
          severity: 'error',
          message: `authentik URL on host \`${host}\`, but the guide's other authentik URLs use \`${authentikHost}\` (line ${onAuthentikHost!.line}): a reader who replaces the placeholder still sends this one to \`${host}\``,
          hint: `Write \`${authentikHost}\` here too: authentik is one instance, reached at one host.`,
        });
        continue;
      }
      if (isPlaceholderHost(u.host!, known)) continue;
      const at = locate(lines, u.host!, u.line, u.column);
      report({
        ...at,
        message: `real-looking host \`${u.host}\` where a placeholder belongs (\`${authentikHost}\`)`,
        hint: 'Write the placeholder the guide introduces in Preparation, so readers replace it with their own host.',
      });
    }
  },
);
