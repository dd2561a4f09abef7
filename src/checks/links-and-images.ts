/**
 * Checks that relative links, images and MDX imports resolve to files next to the guide, and, with
 * `--check-links`, that absolute links answer.
 *
 * ## When to use
 *
 * Always for the relative part, which reads only the file system. A missing image leaves a broken picture in the
 * published guide; a missing import breaks the site's build. The online part is off by default because CI
 * runners and reviewers' machines may have no network; with `docproof lint --check-links` every absolute
 * `http(s)` link is requested (HEAD, or GET when HEAD is refused; redirects followed; 8 s timeout; 4 requests
 * at once; each URL once per run). Placeholder hosts (`*.company`, example domains, localhost) and site-root
 * links (`/docs/…`, resolved by the docs site, not the file system) are not requested.
 *
 * ## Severity
 *
 * - `error`: a relative image or import that does not resolve (the site's build fails on it), a relative link
 *   to no file (a 404 for every reader), an absolute link that answers 404 or 410.
 * - `warning`: an absolute link that cannot be reached now (timeout, DNS, 5xx, 403): it may be a passing outage.
 *
 * ## Options
 *
 * None. The online check is switched on by the command's `--check-links`.
 *
 * ## Fix
 *
 * Add the file next to the guide or correct the path; for a link that answers 404, find the page's new address.
 * An "unreachable" finding (timeout, DNS, 5xx, 403) is a warning: check it by hand before changing the guide.
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
 *   See the [Portainer documentation](https://docs.portainer.io/admin/settings/authentication/oauth).
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
 *   ![](./port1.png)
 *
 *   See [the Grafana guide](../grafana/).
 *
 * @example
 *   {"name": "portainer/index.md", "label": "output"}
 *
 *   7:1: error: image `./port1.png` not found next to the guide (portainer/port1.png)
 *   9:5: error: link `../grafana/` not found next to the guide (grafana)
 */
import path from 'node:path';
import { createRule, type LintEnv } from './rule.js';
import { isPlaceholderHost, parseLoose } from './urls.js';
import { localReference } from '../guide/local-reference.js';

/** The file a relative reference points at, or null when it is not a relative file reference. */
export function relativeTarget(guideFile: string, url: string, kind: 'image' | 'link' | 'import'): string | null {
  let ref = localReference(kind, url);
  if (ref === null) return null;
  try {
    ref = decodeURI(ref);
  } catch {
    /* keep it as written */
  }
  return path.join(path.dirname(guideFile), ref);
}

/** A link to another doc may leave out its extension or name its folder (Docusaurus resolves both). */
async function resolves(env: LintEnv, target: string, kind: 'image' | 'link' | 'import'): Promise<boolean> {
  if (kind !== 'link') return env.exists(target);
  const bare = target.replace(/[\\/]+$/, '');
  for (const candidate of [bare, `${bare}.md`, `${bare}.mdx`, path.join(bare, 'index.md'), path.join(bare, 'index.mdx')]) {
    if (await env.exists(candidate)) return true;
  }
  return false;
}

export default createRule(
  { id: 'links-and-images', severity: 'error', doc: 'Relative links, images and imports resolve to files; with --check-links, absolute links answer.' },
  async ({ guide, env, report }) => {
    const online: { url: string; line: number; column: number }[] = [];
    for (const r of guide.resources) {
      const target = relativeTarget(guide.file, r.url, r.kind);
      if (target !== null) {
        if (await resolves(env, target, r.kind)) continue;
        const shown = path.relative(path.dirname(path.dirname(guide.file)), target) || target;
        report({
          line: r.line,
          column: r.column,
          message: `${r.kind} \`${r.url}\` not found next to the guide (${shown.split(path.sep).join('/')})`,
          hint: r.kind === 'image' ? 'Add the image file next to the guide, or correct the path.' : 'Correct the path, or link to the published page.',
        });
        continue;
      }
      if (!/^https?:\/\//i.test(r.url) || !env.checkUrl) continue;
      const host = parseLoose(r.url).host;
      if (!host || isPlaceholderHost(host, guide.placeholders.map((p) => p.token))) continue;
      if (!online.some((o) => o.url === r.url && o.line === r.line)) online.push({ url: r.url, line: r.line, column: r.column });
    }
    const checkUrl = env.checkUrl;
    if (!checkUrl) return;
    const results = await Promise.all(online.map(async (o) => ({ ...o, result: await checkUrl(o.url) })));
    for (const { url, line, column, result } of results) {
      if (result.ok) continue;
      const gone = result.status === 404 || result.status === 410;
      report({
        line,
        column,
        severity: gone ? 'error' : 'warning',
        message: gone ? `link \`${url}\` not found (HTTP ${result.status})` : `link \`${url}\` unreachable (${result.reason})`,
        hint: gone ? "Find the page's new address, or remove the link." : 'Check the link by hand; the site may block automated requests or be down for now.',
      });
    }
  },
);
