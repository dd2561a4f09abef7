/**
 * GitHub Flavored Markdown as guides need it: tables, strikethrough, footnotes, task lists, and bare
 * `https://…` / `www.…` URLs as links, the way Docusaurus renders them. Two parts of remark-gfm are left out,
 * because together they cost about a quarter of the whole parse of the corpus and carry nothing a guide
 * configures:
 * - email autolink literals (`user@example.org`): micromark tries them at every letter and digit of the text;
 * - the regex pass over every text node after parsing (mdast-util-gfm-autolink-literal's transform), which
 *   finds URLs micromark's GFM rules do not (after `[`, say) and makes links without a position.
 * URL autolinks keep the positions of their micromark tokens. tests/guide/gfm.test.ts pins what changes.
 */
import type { Extension as FromMarkdownExtension } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { gfm } from 'micromark-extension-gfm';
import type { Construct, Extension as MicromarkExtension } from 'micromark-util-types';
import type { Processor } from 'unified';

function withoutEmailAutolinks(extension: MicromarkExtension): MicromarkExtension {
  const text: Record<number, Construct | Construct[]> = {};
  for (const [code, constructs] of Object.entries(extension.text ?? {})) {
    const kept = [constructs].flat().filter((c): c is Construct => c !== undefined && c.name !== 'emailAutolink');
    if (kept.length) text[Number(code)] = kept;
  }
  return { ...extension, text };
}

const micromarkExtension = withoutEmailAutolinks(gfm());
const fromMarkdownExtensions: FromMarkdownExtension[] = gfmFromMarkdown().map(({ transforms: _, ...rest }) => rest);

export default function remarkGfmGuides(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(micromarkExtension);
  (data.fromMarkdownExtensions ??= []).push(fromMarkdownExtensions);
}
