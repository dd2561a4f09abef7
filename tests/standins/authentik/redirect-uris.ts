/**
 * authentik's redirect URI matching (since 2024.8.5 / 2024.10.3 / 2024.12, reference sections D and H):
 * each entry is `strict` (exact string comparison, nothing normalised: a missing trailing slash is a
 * mismatch) or `regex` (Python `re.fullmatch`). An empty list adopts the first redirect URI used, as strict.
 */
import type { OAuth2ProviderRecord, RedirectUri } from './state.js';

/**
 * Python `re` pattern → JavaScript RegExp anchored for a full match. The common Python-only spellings are
 * translated (`(?P<n>`, `(?P=n)`, `\A`, `\Z`); anything else JavaScript rejects counts as an invalid pattern,
 * as Python would reject it too for the patterns guides use (an approximation, not a Python regex engine).
 */
export function compileAuthentikRegex(pattern: string): RegExp | undefined {
  const js = pattern
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  try {
    return new RegExp(`^(?:${js})$`, 'u');
  } catch {
    try {
      return new RegExp(`^(?:${js})$`);
    } catch {
      return undefined;
    }
  }
}

export function authorizationRedirectUris(provider: OAuth2ProviderRecord): RedirectUri[] {
  return provider.redirect_uris.filter((u) => (u.redirect_uri_type ?? 'authorization') === 'authorization');
}

export function redirectUriAllowed(provider: OAuth2ProviderRecord, uri: string): boolean {
  return authorizationRedirectUris(provider).some((allowed) =>
    allowed.matching_mode === 'strict' ? allowed.url === uri : Boolean(compileAuthentikRegex(allowed.url)?.test(uri)),
  );
}

const FORBIDDEN_SCHEMES = new Set(['javascript:', 'data:', 'vbscript:']);

/** The authorize endpoint's check; adopts the first URI when the provider has none (section D). */
export function checkAuthorizeRedirectUri(provider: OAuth2ProviderRecord, uri: string): boolean {
  if (!uri) return false;
  if (authorizationRedirectUris(provider).length === 0) {
    provider.redirect_uris.push({ matching_mode: 'strict', url: uri, redirect_uri_type: 'authorization' });
  }
  if (!redirectUriAllowed(provider, uri)) return false;
  try {
    return !FORBIDDEN_SCHEMES.has(new URL(uri).protocol);
  } catch {
    return true;
  }
}
