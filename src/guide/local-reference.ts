/** The part of a link, image or import that names a file of the docs tree, shared by lint and `changed`. */
import type { Resource } from './model.js';

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The relative path a reference names, undecoded and without `?query` or `#fragment`; null for what is not a file
 * of the docs tree: URLs, site paths (`/docs/...`, resolved by the site, not by path), anchors, and package imports
 * (`@theme/Tabs`). An import is a JavaScript string, so `\_` in it is `_` (the docs escape underscores for MDX).
 */
export function localReference(kind: Resource['kind'], raw: string): string | null {
  let spec = raw.trim();
  if (kind === 'import') spec = spec.replace(/\\(.)/g, '$1');
  if (spec === '' || spec.startsWith('#') || spec.startsWith('/') || SCHEME.test(spec)) return null;
  if (kind === 'import' && !spec.startsWith('.')) return null;
  spec = spec.replace(/[?#].*$/, '');
  return spec === '' ? null : spec;
}
