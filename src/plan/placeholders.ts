/**
 * The one place where a guide's placeholders become the stack's real addresses:
 *   `https://authentik.company`  → the stack's authentik base URL
 *   `https://<app>.company`      → the stack's application base URL (every other `*.company` host the guide uses,
 *                                  and every host the Preparation section introduces as a placeholder)
 *   `<application_slug>` (and the corpus' variants `<slug>`, `<application-slug>`) → the slug authentik created
 * The scheme the guide writes is replaced together with the host, since the stack decides http or https.
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

export interface PlaceholderTargets {
  authentikUrl: string;
  appUrl: string;
  slug?: string | null;
}

export interface PlaceholderMap {
  /** Placeholder hosts → which base URL they stand for. */
  hosts: { host: string; target: 'authentik' | 'app' }[];
  slugTokens: string[];
}

const HOSTLIKE = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;


/** The placeholder hosts of a guide: authentik.company, the hosts Preparation introduces, any other `*.company`. */
export function placeholderMap(guide: Pick<Guide, 'placeholders' | 'urls' | 'settings'>): PlaceholderMap {
  const hosts = new Map<string, 'authentik' | 'app'>([[AUTHENTIK_HOST, 'authentik']]);
  for (const p of guide.placeholders) {
    const token = p.token.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (HOSTLIKE.test(token) && !hosts.has(token)) hosts.set(token, 'app');
  }
  const texts = [...guide.urls.map((u) => u.url), ...guide.settings.map((s) => s.value ?? '')];
  for (const t of texts) {
    for (const m of t.matchAll(/\b([a-z0-9-]+(?:\.[a-z0-9-]+)*\.company)\b/gi)) {
      const host = m[1]!.toLowerCase();
      if (!hosts.has(host)) hosts.set(host, 'app');
    }
  }
  return {
    // Longest first: `portainer.company` must not be eaten by a shorter host that ends the same way.
    hosts: [...hosts].map(([host, target]) => ({ host, target })).sort((a, b) => b.host.length - a.host.length),
    slugTokens: SLUG_TOKENS,
  };
}

/** Replaces every placeholder in `value`; returns the new value and what was replaced. */
export function mapValue(value: string, map: PlaceholderMap, targets: PlaceholderTargets): { value: string; mapped: Mapping[] } {
  const mapped: Mapping[] = [];
  let out = value;
  for (const { host, target } of map.hosts) {
    const base = (target === 'authentik' ? targets.authentikUrl : targets.appUrl).replace(/\/+$/, '');
    const withScheme = new RegExp(`\\bhttps?://${escapeRegExp(host)}(?![a-z0-9.-])`, 'gi');
    out = out.replace(withScheme, (m) => {
      mapped.push({ from: m, to: base });
      return base;
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
