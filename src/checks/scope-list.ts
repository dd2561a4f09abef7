/**
 * Checks the scopes a guide tells the application to request: separated by spaces, each one known to authentik's
 * default scope mappings (`openid`, `email`, `profile`, `offline_access`, `entitlements`, `goauthentik.io/api`)
 * or created by the guide (a scope mapping with that **Scope name**), `openid` present when the application
 * calls authentik's userinfo endpoint, and the claim the application takes the user identifier from covered:
 * `preferred_username`, `nickname`, `name`, `given_name` and `groups` need `profile`, `email` needs `email`,
 * `sub` is always sent.
 *
 * ## When to use
 *
 * For OAuth2/OpenID Connect guides. authentik splits the requested scopes on whitespace and silently drops those
 * the provider does not have (reference: `authentik/providers/oauth2/views/authorize.py`), so `openid,profile,email`
 * is one unknown scope and the token carries none; userinfo answers 403 without `openid`; and a claim whose
 * scope was not requested is simply absent, so the application finds no user name.
 *
 * ## Severity
 *
 * - `error`: a comma-separated list for an application docproof knows to send the value to authentik unchanged
 *   (`scopes.sent: 'verbatim'` in `src/apps/facts.ts`: Portainer builds the authorize URL with the Scopes field as
 *   is), recognised by the guide's folder or by its title, so a copy of the Portainer guide anywhere is judged
 *   alike; `openid` missing while the application calls userinfo (403 on every sign-in); the user identifier's
 *   claim not covered by the scopes (the application finds no user name).
 * - `warning`: a scope that is neither a default one nor created by the guide (authentik drops it; the sign-in
 *   fails only if the application needs its claims); the claim of an alternative identifier the guide offers is
 *   not covered.
 * - `info`: a comma-separated list for any other application: many (Spring, MinIO, Harbor, Vault, …) split their
 *   own setting on commas, and docproof does not know which one this is.
 *
 * ## Options
 *
 * None.
 *
 * ## Fix
 *
 * Separate scopes with spaces, add `openid`, add the scope that sends the identifier claim, or create the scope
 * mapping the guide's scope stands for.
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
 *
 *   ## Portainer configuration
 *
 *   - **Resource URL**: `https://authentik.company/application/o/userinfo/`
 *   - **User identifier**: `preferred_username`
 *   - **Scopes**: `openid profile email`
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
 *
 *   ## Portainer configuration
 *
 *   - **Resource URL**: `https://authentik.company/application/o/userinfo/`
 *   - **User identifier**: `preferred_username`
 *   - **Scopes**: `email,groups`
 *
 * @example
 *   {"name": "portainer/index.md", "label": "output"}
 *
 *   14:24: error: user identifier `preferred_username` is sent only with the `profile` scope, which the scopes (line 15) do not include
 *   15:15: error: scopes `email,groups` are separated by commas; authentik splits scopes on spaces, and Portainer passes the value unchanged, so this is one unknown scope
 *   15:15: warning: scope `groups` is not one of authentik's default scopes and the guide creates no scope mapping named `groups`; authentik drops it
 *   15:15: error: scopes lack `openid`: authentik's userinfo endpoint (line 13) answers 403 insufficient_scope without it
 */
import type { Guide, Setting } from '../guide/model.js';
import { createRule, linesOf } from './rule.js';
import { isAdditionalScopes, meaningOf } from '../guide/meaning.js';
import { authentikUrls } from './urls.js';
import { appFactsOf } from '../apps/facts.js';

export const DEFAULT_SCOPES = ['openid', 'email', 'profile', 'offline_access', 'entitlements', 'goauthentik.io/api'];

/** The scope each claim of authentik's default mappings comes with (reference/authentik.md section I). */
export const CLAIM_SCOPE: Record<string, string | null> = {
  sub: null,
  preferred_username: 'profile',
  nickname: 'profile',
  name: 'profile',
  given_name: 'profile',
  groups: 'profile',
  email: 'email',
  email_verified: 'email',
  entitlements: 'entitlements',
  roles: 'entitlements',
};

interface ScopeList {
  key: string;
  line: number;
  column: number;
  raw: string;
  scopes: string[];
  commas: boolean;
  additional: boolean;
}

/** Scope settings of one line and key (a YAML or JSON list is extracted as one setting per item) form one list. */
function scopeLists(settings: Setting[]): ScopeList[] {
  const groups = new Map<string, Setting[]>();
  for (const s of settings) {
    if (s.side !== 'app' || !s.value || meaningOf(s.key) !== 'scopes') continue;
    if (!s.literal && s.origin !== 'codeblock') continue;
    const k = `${s.key}\u0000${s.line}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const out: ScopeList[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const raw = group.length > 1 ? group.map((s) => s.value).join(' ') : first.value!.trim().replace(/^["']|["']$/g, '');
    // A list literal of a configuration block (`["openid", "profile", "email"]`) is a list, not a comma-separated value.
    const listLiteral = group.length === 1 && first.syntax === 'literal' && /^[[(]/.test(raw);
    const commas = group.length === 1 && !listLiteral && raw.includes(',');
    const scopes = raw.split(/[\s,]+/).map((t) => t.replace(/^["'[]+|["'\]]+$/g, '')).filter(Boolean);
    // A value that is not a list of scope tokens (a sentence, an LDAP search scope "1 (singleLevel)") is not a scope list.
    if (scopes.length === 0 || scopes.some((t) => !/^[A-Za-z][\w.:/-]*$/.test(t))) continue;
    out.push({ key: first.key, line: first.line, column: first.column, raw, scopes, commas, additional: isAdditionalScopes(first.key) });
  }
  return out;
}

/** Scopes the guide creates: the **Scope name** of the scope mappings it tells the reader to create. */
function createdScopes(guide: Guide): Set<string> {
  const out = new Set<string>();
  for (const s of guide.settings) if (s.value && meaningOf(s.key) === 'scopeName') out.add(s.value.trim().replace(/^["']|["']$/g, ''));
  return out;
}

export default createRule(
  { id: 'scope-list', severity: 'error', doc: 'Scopes are space-separated, known or created by the guide, include openid for userinfo, and cover the identifier claim.' },
  ({ guide, file, report }) => {
    if (!guide.providers.some((p) => p.type === 'oauth2')) return;
    const lists = scopeLists(guide.settings);
    if (lists.length === 0) return;
    const created = createdScopes(guide);
    const userinfo = authentikUrls(guide, linesOf(file)).find((u) => u.endpoint.kind === 'userinfo');
    const scopesFact = appFactsOf(guide)?.scopes;
    const unchanged = scopesFact?.sent === 'verbatim' ? scopesFact.why : undefined;

    for (const list of lists) {
      const place = { line: list.line, column: list.column };
      if (list.commas) {
        report({
          ...place,
          severity: unchanged ? 'error' : 'info',
          message: unchanged
            ? `scopes \`${list.raw}\` are separated by commas; authentik splits scopes on spaces, and ${unchanged}, so this is one unknown scope`
            : `scopes \`${list.raw}\` are separated by commas; authentik splits scopes on spaces, so this works only if the application splits the value on commas itself`,
          hint: 'Separate the scopes with spaces, unless the application documents a comma-separated setting.',
        });
      }
      for (const scope of list.scopes) {
        if (DEFAULT_SCOPES.includes(scope) || created.has(scope)) continue;
        report({
          ...place,
          severity: 'warning',
          message: `scope \`${scope}\` is not one of authentik's default scopes and the guide creates no scope mapping named \`${scope}\`; authentik drops it`,
          hint: 'Create a scope mapping with this scope name and add it to the provider, or remove the scope.',
        });
      }
      if (!list.additional && !list.scopes.includes('openid') && userinfo) {
        report({
          ...place,
          message: `scopes lack \`openid\`: authentik's userinfo endpoint (line ${userinfo.line}) answers 403 insufficient_scope without it`,
          hint: 'Add `openid` to the scopes.',
        });
      }
    }

    // The identifier claim, against the scope list nearest to it (the same section first).
    for (const s of guide.settings) {
      if (s.side !== 'app' || !s.value || meaningOf(s.key) !== 'userIdentifier') continue;
      const near = lists.filter((l) => guide.settings.some((x) => x.line === l.line && x.section === s.section));
      const pool = near.length ? near : lists;
      const list = pool.reduce((a, b) => (Math.abs(b.line - s.line) < Math.abs(a.line - s.line) ? b : a));
      const available = new Set([...list.scopes, ...(list.additional ? ['openid'] : [])]);
      const claims = [s.value.trim(), ...s.alternatives.map((a) => a.trim())];
      claims.forEach((claim, i) => {
        const needed = CLAIM_SCOPE[claim];
        if (!needed || available.has(needed)) return;
        report({
          line: s.line,
          column: s.column,
          severity: i === 0 ? 'error' : 'warning',
          message: `user identifier \`${claim}\`${i > 0 ? ' (the alternative the guide offers)' : ''} is sent only with the \`${needed}\` scope, which the scopes (line ${list.line}) do not include`,
          hint: `Add \`${needed}\` to the scopes, or take the identifier from a claim they cover.`,
        });
      });
    }
  },
);
