/**
 * Checks that the redirect (callback) URL a guide gives the application is registered in authentik: equal, byte
 * for byte, to a `Strict` authorization redirect URI, or matched in full by a `Regex` one.
 *
 * ## When to use
 *
 * For OAuth2/OpenID Connect guides that tell the application its redirect URL. authentik compares the
 * `redirect_uri` the application sends with the registered URIs exactly (strict) or with `re.fullmatch` (regex), and
 * answers "Redirect URI Error" on any difference: a trailing slash, `http` for `https`, another host or path.
 * A registered URI that differs from the application's only in such a detail is named in the finding (the two
 * lines disagree, and either may be the wrong one). Applications that compute their own redirect URL (the guide
 * gives none) are not checked; neither are redirect URLs that point at authentik itself (a source's callback).
 *
 * ## Severity
 *
 * - `error`: always. authentik refuses the sign-in with "Redirect URI Error" for a URL it has not registered, and
 *   refuses to save a regex URI that is not a valid pattern.
 *
 * ## Options
 *
 * None.
 *
 * ## Fix
 *
 * Make the two values identical: copy the URL the application shows (or the one the guide gives it) into the
 * provider's redirect URI in authentik.
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
 *   ## authentik configuration
 *
 *   - **Choose a Provider type**: select **OAuth2/OpenID Connect** as the provider type.
 *   - **Configure the Provider**:
 *       - Set a `Strict` redirect URI to `https://portainer.company/`.
 *
 *   ## Portainer configuration
 *
 *   - **Redirect URL**: `https://portainer.company/`
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
 *   ## authentik configuration
 *
 *   - **Choose a Provider type**: select **OAuth2/OpenID Connect** as the provider type.
 *   - **Configure the Provider**:
 *       - Set a `Strict` redirect URI to `https://portainer.company/`.
 *
 *   ## Portainer configuration
 *
 *   - **Redirect URL**: `https://portainer.company`
 *
 * @example
 *   {"name": "portainer/index.md", "label": "output"}
 *
 *   15:21: error: redirect URL `https://portainer.company` is not registered in authentik: the strict redirect URI at line 11 is `https://portainer.company/` (the trailing slash differs)
 */
import type { RedirectUri } from '../guide/model.js';
import { createRule } from './rule.js';
import { meaningOf } from '../guide/meaning.js';
import { parseLoose, singleUrl } from './urls.js';

/** How two URLs differ, for the message; null when they differ in more than one detail. */
export function nearMiss(a: string, b: string): string | null {
  const ua = parseLoose(a);
  const ub = parseLoose(b);
  const details: string[] = [];
  if (ua.scheme !== ub.scheme) details.push('the scheme differs');
  if ((ua.host ?? '') !== (ub.host ?? '')) details.push(ua.host?.toLowerCase() === ub.host?.toLowerCase() ? 'the host case differs' : 'the host differs');
  const pa = ua.path || '/';
  const pb = ub.path || '/';
  if (pa !== pb) details.push(pa.replace(/\/+$/, '') === pb.replace(/\/+$/, '') ? 'the trailing slash differs' : pa.toLowerCase() === pb.toLowerCase() ? 'the path case differs' : 'the path differs');
  if (ua.query !== ub.query) details.push('the query differs');
  if (details.length === 0 && a !== b) details.push('the trailing slash differs');
  return details.length === 1 ? details[0]! : null;
}

function regexMatches(uri: RedirectUri, url: string): boolean | 'invalid' {
  try {
    return new RegExp(`^(?:${uri.url})$`).test(url);
  } catch {
    return 'invalid';
  }
}

export default createRule(
  { id: 'redirect-uri-consistency', severity: 'error', doc: "The application's redirect URL equals a strict redirect URI in authentik, or matches a regex one." },
  ({ guide, report }) => {
    const registered = guide.providers.flatMap((p) => p.redirectUris.filter((u) => u.kind === 'authorization'));
    for (const uri of registered) {
      if (uri.matchingMode === 'regex' && regexMatches(uri, '') === 'invalid') {
        report({ line: uri.line, column: uri.column, message: `regex redirect URI \`${uri.url}\` is not a valid regular expression` });
      }
    }
    if (registered.length === 0) return;
    const appUrls = guide.settings
      .filter((s) => s.side === 'app' && meaningOf(s.key) === 'redirectUrl')
      .map((s) => ({ setting: s, url: singleUrl(s.value) }))
      .filter((x): x is { setting: (typeof x)['setting']; url: string } => x.url !== null && /^https?:\/\//i.test(x.url))
      .filter((x) => !/\/application\/o\/|\/source\/oauth\//.test(x.url) && !/^https?:\/\/authentik\./i.test(x.url));

    for (const { setting, url } of appUrls) {
      const ok = registered.some((u) => (u.matchingMode === 'strict' ? u.url === url : regexMatches(u, url) === true));
      if (ok) continue;
      const strict = registered.filter((u) => u.matchingMode === 'strict');
      const close = strict.map((u) => ({ u, why: nearMiss(url, u.url) })).find((x) => x.why);
      const list = close
        ? `the strict redirect URI at line ${close.u.line} is \`${close.u.url}\` (${close.why})`
        : `the guide registers ${registered.map((u) => `\`${u.url}\` (${u.matchingMode}, line ${u.line})`).join(', ')}`;
      report({
        line: setting.line,
        column: setting.column,
        message: `redirect URL \`${url}\` is not registered in authentik: ${list}`,
        hint: "Make the application's redirect URL and the provider's redirect URI identical, character for character.",
      });
    }
  },
);
