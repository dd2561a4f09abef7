/**
 * The one place where a guide's placeholders become the stack's real addresses:
 *   `https://authentik.company`  → the stack's authentik base URL
 *   `https://<app>.company`      → the stack's application base URL (every host the Preparation section introduces
 *                                  as a placeholder; when it introduces none but authentik's, every other
 *                                  `*.company` host the guide uses, as older guides have no Preparation list)
 *   `<application_slug>` (and the corpus' variants `<slug>`, `<application-slug>`) → the slug authentik created
 * A host the guide never introduces is no placeholder: it stays as written, and a run that is sent there says so.
 *
 * The scheme the guide writes is replaced together with the host, since the stack decides http or https. What
 * differs in the guide must still differ on the stack: a host's dominant scheme in the guide (the one it writes
 * most, https on a tie) maps onto the stack's base URL, and the other scheme, where the guide writes it too, onto
 * a second address of the same service (`alternates`: the run starts a forwarder for it), so that
 * `http://portainer.company/` and `https://portainer.company/` are two strings to authentik, as for a reader.
 * Every replacement is recorded, so the run can say what was mapped.
 */
import type { Guide } from '../guide/model.js';
import { escapeRegExp } from '../regexp.js';

export const AUTHENTIK_HOST = 'authentik.company';
/** The spellings of the application-slug placeholder in the corpus. */
export const SLUG_TOKENS = ['<application_slug>', '<application-slug>', '<app_slug>', '<slug>'];

export interface Mapping {
  from: string;
  to: string;
}

export type Scheme = 'http' | 'https';

/** A placeholder host, what it stands for, the scheme the guide writes most for it, and whether it writes the other too. */
export interface PlaceholderHost {
  host: string;
  target: 'authentik' | 'app';
  /** The scheme mapped onto the stack's base URL (absent in plans made before it existed: https). */
  scheme?: Scheme;
  /** True when the guide also writes the host with the other scheme: that one needs an address of its own. */
  otherScheme?: boolean;
}

/** A second address of a service, for a placeholder host written with its non-dominant scheme. */
export interface Alternate {
  host: string;
  scheme: Scheme;
  /** Base URL on the stack, e.g. `http://127.0.0.5:40117`, reaching the same service as the target's base URL. */
  url: string;
}

export interface PlaceholderTargets {
  authentikUrl: string;
  appUrl: string;
  slug?: string | null;
  alternates?: Alternate[];
}

export interface PlaceholderMap {
  /** Placeholder hosts → which base URL they stand for. */
  hosts: PlaceholderHost[];
  slugTokens: string[];
}

export function otherSchemeOf(scheme: Scheme): Scheme {
  return scheme === 'https' ? 'http' : 'https';
}

const HOSTLIKE = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;


/** The placeholder hosts of a guide: authentik.company and the hosts Preparation introduces (see above). */
export function placeholderMap(guide: Pick<Guide, 'placeholders' | 'urls' | 'settings'>): PlaceholderMap {
  const hosts = new Map<string, 'authentik' | 'app'>([[AUTHENTIK_HOST, 'authentik']]);
  for (const p of guide.placeholders) {
    const token = p.token.replace(/^https?:\/\//, '').replace(/[/:].*$/, '').toLowerCase();
    if (HOSTLIKE.test(token) && !hosts.has(token)) hosts.set(token, 'app');
  }
  const texts = [...guide.urls.map((u) => u.url), ...guide.settings.map((s) => s.value ?? '')];
  if (hosts.size === 1) {
    for (const t of texts) {
      for (const m of t.matchAll(/\b([a-z0-9-]+(?:\.[a-z0-9-]+)*\.company)\b/gi)) {
        const host = m[1]!.toLowerCase();
        if (!hosts.has(host)) hosts.set(host, 'app');
      }
    }
  }
  // How often the guide writes each host with each scheme (a setting's value and its URL use at the same line are one).
  const writings = new Set([...guide.urls.map((u) => `${u.line}\0${u.url}`), ...guide.settings.map((s) => `${s.line}\0${s.value ?? ''}`)]);
  const seen = new Map<string, { http: number; https: number }>();
  for (const t of writings) {
    for (const m of t.matchAll(/\b(https?):\/\/([a-z0-9.-]+)/gi)) {
      const host = m[2]!.toLowerCase();
      if (!hosts.has(host)) continue;
      const n = seen.get(host) ?? { http: 0, https: 0 };
      n[m[1]!.toLowerCase() as Scheme] += 1;
      seen.set(host, n);
    }
  }
  return {
    // Longest first: `portainer.company` must not be eaten by a shorter host that ends the same way.
    hosts: [...hosts]
      .map(([host, target]): PlaceholderHost => {
        const n = seen.get(host) ?? { http: 0, https: 0 };
        const scheme: Scheme = n.http > n.https ? 'http' : 'https';
        return { host, target, scheme, otherScheme: n[otherSchemeOf(scheme)] > 0 };
      })
      .sort((a, b) => b.host.length - a.host.length),
    slugTokens: SLUG_TOKENS,
  };
}

/** Replaces every placeholder in `value`; returns the new value and what was replaced. */
export function mapValue(value: string, map: PlaceholderMap, targets: PlaceholderTargets): { value: string; mapped: Mapping[] } {
  const mapped: Mapping[] = [];
  let out = value;
  for (const { host, target, scheme = 'https' } of map.hosts) {
    const base = (target === 'authentik' ? targets.authentikUrl : targets.appUrl).replace(/\/+$/, '');
    const withScheme = new RegExp(`\\b(https?)://${escapeRegExp(host)}(?![a-z0-9.-])`, 'gi');
    out = out.replace(withScheme, (m, written: string) => {
      const alternate =
        written.toLowerCase() !== scheme ? targets.alternates?.find((a) => a.host === host && a.scheme === written.toLowerCase()) : undefined;
      const to = alternate ? alternate.url.replace(/\/+$/, '') : base;
      mapped.push({ from: m, to });
      return to;
    });
    const bare = new RegExp(`(?<![a-z0-9./-])${escapeRegExp(host)}(?![a-z0-9.-])`, 'gi');
    const hostPort = new URL(base).host;
    out = out.replace(bare, (m) => {
      mapped.push({ from: m, to: hostPort });
      return hostPort;
    });
  }
  if (targets.slug) {
    for (const token of map.slugTokens) {
      if (!out.includes(token)) continue;
      out = out.split(token).join(targets.slug);
      mapped.push({ from: token, to: targets.slug });
    }
  }
  return { value: out, mapped };
}

/** Deduplicated "from → to" lines for the report. */
export function describeMappings(all: Mapping[]): string[] {
  return [...new Set(all.map((m) => `${m.from} → ${m.to}`))];
}
