/**
 * What "pinned by exact tag" means for the compose stack's images: a registry path and a tag of at least three
 * numeric parts (2026.8.3; 16.11-alpine and pgAdmin's 9.18 count as two-part releases, see below). Floating tags (latest, lts, sts,
 * a bare major like 16-alpine, a release line like 2026.8) are refused.
 */

/** Tags that move by design. */
const FLOATING = new Set(['latest', 'lts', 'sts', 'stable', 'edge', 'main', 'master', 'nightly']);

/**
 * The tag is exact when it names one release: three or more numeric parts (2.21.4, 2026.8.3, 1.8.0.3), or for
 * PostgreSQL and pgAdmin 4, whose releases have two parts, major.minor (16.11, 9.18) — each optionally followed by
 * a variant suffix (-alpine, -alpine3.22).
 */
const EXACT_TAG = /^\d+(\.\d+){2,}(-[a-z][a-z0-9.]*)?$/;
const TWO_PART_TAG = /^\d+\.\d+(-[a-z][a-z0-9.]*)?$/;

export interface ImageRef {
  repository: string;
  tag: string | null;
}

export function parseImage(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const base = at >= 0 ? ref.slice(0, at) : ref;
  const slash = base.lastIndexOf('/');
  const colon = base.lastIndexOf(':');
  if (colon > slash) return { repository: base.slice(0, colon), tag: base.slice(colon + 1) };
  return { repository: base, tag: null };
}

/** Why `ref` is not pinned by an exact tag, or null when it is. */
export function whyNotExact(ref: string): string | null {
  const { repository, tag } = parseImage(ref);
  if (tag === null) return `${ref}: no tag (means latest)`;
  if (FLOATING.has(tag.toLowerCase())) return `${ref}: "${tag}" is a floating tag`;
  const twoPartReleases = /(^|\/)(postgres|pgadmin4)$/.test(repository);
  if (EXACT_TAG.test(tag) || (twoPartReleases && TWO_PART_TAG.test(tag))) return null;
  return `${ref}: "${tag}" does not name one release (a major or a release line floats)`;
}
