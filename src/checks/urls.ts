/**
 * URL helpers for the rules: finding URLs inside one setting value, splitting a URL that may contain
 * placeholders (`https://authentik.company/application/o/<application_slug>/`), and naming the authentik
 * OAuth2/OIDC endpoint a path points at (reference/authentik.md section C).
 */
import { GLOBAL_ENDPOINTS } from '../authentik/endpoints.js';
import type { Guide } from '../guide/model.js';
import { meaningOf, type Meaning } from '../guide/meaning.js';

/** A placeholder in angle brackets may hold spaces: `<Slug of the application from above>`. */
const URL_IN_TEXT = /\bhttps?:\/\/(?:<[^<>\n]+>|[^\s`'"<>()[\]{},|\\])+|(?<![\w.])\/application\/o\/(?:<[^<>\n]+>|[^\s`'"<>()[\]{},|\\])*/g;

export function urlsIn(text: string): { url: string; index: number }[] {
  const out: { url: string; index: number }[] = [];
  for (const m of text.matchAll(URL_IN_TEXT)) {
    // Sentence punctuation after a URL is not part of it.
    const url = m[0].replace(/[.,;:!?]+$/, '');
    out.push({ url, index: m.index });
  }
  return out;
}

/** The value without the quotes or angle brackets a guide sometimes wraps it in, when it is one URL; else null. */
export function singleUrl(value: string | null): string | null {
  if (!value) return null;
  const v = value.trim().replace(/^["'<]|["'>]$/g, '').trim();
  const found = urlsIn(v);
  return found.length === 1 && found[0]!.url === v ? v : null;
}

export interface LooseUrl {
  scheme: string | null;
  /** Host (and port), lower-cased; without user:password@. */
  host: string | null;
  path: string;
  query: string;
}

export function parseLoose(url: string): LooseUrl {
  const m = /^(?:(https?):\/\/([^/?#]*))?([^?#]*)(\?[^#]*)?/i.exec(url);
  const authority = m?.[2] ?? null;
  return {
    scheme: m?.[1]?.toLowerCase() ?? null,
    host: authority === null ? null : authority.replace(/^.*@/, '').toLowerCase(),
    path: m?.[3] ?? '',
    query: m?.[4] ?? '',
  };
}

export type EndpointKind =
  | (typeof GLOBAL_ENDPOINTS)[number]
  | 'end-session'
  | 'jwks'
  | 'discovery'
  | 'provider-root'
  | 'base';

export interface Endpoint {
  kind: EndpointKind | null;
  /** The slug segment of a per-slug URL. */
  slug: string | null;
  /** True when a path that authentik serves with a trailing slash is written without one. */
  missingSlash: boolean;
  /** For an unknown path: the path authentik serves that was probably meant. */
  suggestion: string | null;
}

const PREFIX = '/application/o';
const RFC8414 = '/.well-known/oauth-authorization-server/application/o/';
const PER_SLUG_ALIASES: Record<string, 'end-session' | 'jwks'> = {
  'end-session': 'end-session',
  end_session: 'end-session',
  endsession: 'end-session',
  logout: 'end-session',
  'end-session-endpoint': 'end-session',
  jwks: 'jwks',
  'jwks.json': 'jwks',
  jwk: 'jwks',
  keys: 'jwks',
  certs: 'jwks',
};

/** The endpoint a path under authentik's `/application/o/` names, or null when the path is elsewhere. */
export function authentikEndpoint(path: string): Endpoint | null {
  if (path.startsWith(RFC8414)) {
    const slug = path.slice(RFC8414.length).split('/')[0] || null;
    return { kind: 'discovery', slug, missingSlash: false, suggestion: null };
  }
  if (path !== PREFIX && !path.startsWith(PREFIX + '/')) return null;
  const rest = path.slice(PREFIX.length);
  const segments = rest.split('/').filter(Boolean);
  const slash = rest.endsWith('/');
  const ok = (kind: EndpointKind, slug: string | null, missingSlash = false): Endpoint => ({ kind, slug, missingSlash, suggestion: null });
  const unknown = (suggestion: string | null, slug: string | null): Endpoint => ({ kind: null, slug, missingSlash: false, suggestion });

  if (segments.length === 0) return ok('base', null);
  const [first, second, third] = segments as [string, string | undefined, string | undefined];
  const global = (GLOBAL_ENDPOINTS as readonly string[]).includes(first);
  if (segments.length === 1) return global ? ok(first as EndpointKind, null, !slash) : ok('provider-root', first);
  if (global) return unknown(`${PREFIX}/${first}/`, null);
  if (segments.length === 2) {
    if (second === 'end-session' || second === 'jwks') return ok(second, first, !slash);
    const alias = PER_SLUG_ALIASES[second!.toLowerCase()];
    if (alias) return unknown(`${PREFIX}/${first}/${alias}/`, first);
    if ((GLOBAL_ENDPOINTS as readonly string[]).includes(second!)) return unknown(`${PREFIX}/${second}/`, first);
    if (second === '.well-known') return unknown(`${PREFIX}/${first}/.well-known/openid-configuration`, first);
    return unknown(null, first);
  }
  if (segments.length === 3 && second === '.well-known' && third === 'openid-configuration') return ok('discovery', first);
  if (segments.length === 3 && second === '.well-known') return unknown(`${PREFIX}/${first}/.well-known/openid-configuration`, first);
  return unknown(null, first);
}

/** The endpoints a setting with this meaning may point at. */
export const ENDPOINTS_FOR: Partial<Record<Meaning, EndpointKind[]>> = {
  authorizationUrl: ['authorize'],
  tokenUrl: ['token'],
  userinfoUrl: ['userinfo'],
  introspectionUrl: ['introspect'],
  logoutUrl: ['end-session'],
  jwksUrl: ['jwks'],
  issuer: ['provider-root', 'discovery'],
  discoveryUrl: ['provider-root', 'discovery'],
};

/** A slug segment that is a placeholder rather than a real slug: `<application_slug>`, `your-application-slug`. */
export function isPlaceholderSlug(slug: string): boolean {
  return /^<.*>$/.test(slug) || /slug/i.test(slug) || /^\{.*\}$/.test(slug) || /^\$/.test(slug);
}

/** Every URL that names a path under authentik's `/application/o/`, with its place and the setting it is the value of. */
export interface AuthentikUrl {
  url: string;
  path: string;
  host: string | null;
  endpoint: Endpoint;
  line: number;
  column: number;
  /** The meaning of the setting whose whole value is this URL. */
  meaning: Meaning | null;
  key: string | null;
}

/**
 * Places a URL found in a setting value in the file: the extractor gives the value's start; the URL may sit
 * later in the value (or on a later line of a multi-line value), so look for it from there.
 */
export function locate(lines: readonly string[], needle: string, fromLine: number, fromColumn: number): { line: number; column: number } {
  for (let l = fromLine; l <= Math.min(lines.length, fromLine + 200); l++) {
    const text = lines[l - 1] ?? '';
    const i = text.indexOf(needle, l === fromLine ? Math.max(0, fromColumn - 1) : 0);
    if (i >= 0) return { line: l, column: i + 1 };
    if (l === fromLine) {
      const j = text.indexOf(needle);
      if (j >= 0) return { line: l, column: j + 1 };
    }
  }
  return { line: fromLine, column: fromColumn };
}

const memo = new WeakMap<Guide, AuthentikUrl[]>();

/** Several rules ask for these; they are computed once per guide. */
export function authentikUrls(guide: Guide, lines: readonly string[]): AuthentikUrl[] {
  let found = memo.get(guide);
  if (!found) {
    found = findAuthentikUrls(guide, lines);
    memo.set(guide, found);
  }
  return found;
}

function findAuthentikUrls(guide: Guide, lines: readonly string[]): AuthentikUrl[] {
  const out: AuthentikUrl[] = [];
  const seen = new Set<string>();
  const add = (url: string, line: number, column: number, meaning: Meaning | null, key: string | null) => {
    const { path, host } = parseLoose(url);
    const endpoint = authentikEndpoint(path);
    if (!endpoint) return;
    // A URL the extractor cut short at a placeholder overlaps one already taken from a setting: keep the longer.
    const overlapping = out.find((o) => o.line === line && column < o.column + o.url.length && o.column < column + url.length);
    if (overlapping || seen.has(`${line}:${column}`)) return;
    seen.add(`${line}:${column}`);
    out.push({ url, path, host, endpoint, line, column, meaning, key });
  };
  for (const s of guide.settings) {
    if (!s.value) continue;
    const whole = singleUrl(s.value);
    for (const { url } of urlsIn(s.value)) {
      const at = locate(lines, url, s.line, s.column);
      add(url, at.line, at.column, whole === url ? meaningOf(s.key) : null, whole === url ? s.key : null);
    }
  }
  for (const p of guide.providers) for (const r of p.redirectUris) for (const { url } of urlsIn(r.url)) add(url, r.line, r.column, null, null);
  for (const u of guide.urls) for (const { url } of urlsIn(u.url)) add(url, u.line, u.column, null, null);
  return out.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * Hosts that stand for the reader's own: the `*.company` placeholders of the corpus, reserved example domains
 * (RFC 2606), loopback and private addresses, and anything with a template marker.
 */
export function isPlaceholderHost(host: string, introduced: Iterable<string> = []): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  for (const t of introduced) if (h === t.toLowerCase()) return true;
  return (
    /[<>{}$]/.test(h) ||
    /(^|\.)company$/.test(h) ||
    /(^|\.)(example|test|invalid|localhost|local|lan|internal|home\.arpa)$/.test(h) ||
    /(^|\.)example\.(com|org|net)$/.test(h) ||
    /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|\[::1\])$/.test(h) ||
    !h.includes('.')
  );
}
