/**
 * Whether a markdown file is an integration guide. The corpus also holds shared partials
 * (`_redirect-uri-2026-5-note.mdx`), listing pages (`index.mdx`, `applications.mdx`, which carry
 * `sidebar_position`; the 2025-05 `services/index.mdx`, which does not) and the authoring template
 * (`template/service.md`).
 */
import path from 'node:path';

/**
 * The applications listing page's title in both trees (the current `applications.mdx`, the 2025-05
 * `services/index.mdx`). It reads like a guide's "Integrate with …", and the 2025-05 page has no
 * `sidebar_position`, so the title is what marks it.
 */
const LISTING_TITLE = /^integrate with applications$/i;

export function notAGuideReason(file: string, frontmatter: Record<string, unknown>, hasFrontmatter: boolean): string | null {
  const base = path.basename(file);
  if (base.startsWith('_')) return 'a shared partial that guides import (file name starts with "_")';
  const parts = file.split(/[\\/]/);
  if (parts[parts.length - 2] === 'template' && !/^index\.mdx?$/i.test(base)) return 'the authoring template for guides';
  if (!hasFrontmatter) return 'no frontmatter (a guide starts with --- title: … ---)';
  if (typeof frontmatter.title !== 'string' || frontmatter.title.trim() === '') return 'frontmatter has no title';
  if ('sidebar_position' in frontmatter && !('support_level' in frontmatter)) return 'a listing page (sidebar_position, no support_level)';
  if (LISTING_TITLE.test(frontmatter.title.trim()) && !('support_level' in frontmatter)) {
    return `a listing page ("${frontmatter.title.trim()}", no support_level)`;
  }
  return null;
}

/**
 * An overview page that has no listing marker (the 2025-05 `index.mdx`): no support_level, a title that is
 * not "Integrate with …", and nothing to configure. Older guides titled just "Portainer" still configure a
 * provider or settings, so they stay guides.
 */
export function notAGuideByContent(frontmatter: Record<string, unknown>, configured: number): string | null {
  const title = String(frontmatter.title ?? '');
  if ('support_level' in frontmatter || /^integrate with /i.test(title) || configured > 0) return null;
  return `an overview page ("${title}": no support_level, nothing to configure)`;
}
