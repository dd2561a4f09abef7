/**
 * The unified parser stack for guides: remark-parse + frontmatter (YAML) + GFM (src/guide/gfm.ts) + directives (Docusaurus
 * admonitions), plus remark-mdx for `.mdx`. An `.mdx` file that is not valid MDX is read again as plain
 * markdown (`mdxFallback`), the way a reviewer would still read it.
 */
import type { Root } from 'mdast';
import remarkDirective from 'remark-directive';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import remarkGfm from './gfm.js';

const markdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkDirective).freeze();
const mdx = unified()
  .use(remarkParse)
  .use(remarkMdx)
  .use(remarkFrontmatter, ['yaml'])
  .use(remarkGfm)
  .use(remarkDirective)
  .freeze();

export type GuideFormat = 'md' | 'mdx';

export interface MdxError {
  line: number;
  column: number;
  message: string;
}

type Point = { line?: number; column?: number };

export interface Parsed {
  tree: Root;
  mdxFallback: boolean;
  /** Why MDX failed, at the line and column the MDX parser gives, when `mdxFallback` is true. */
  mdxError: MdxError | null;
}

export function formatOf(path: string): GuideFormat {
  return path.toLowerCase().endsWith('.mdx') ? 'mdx' : 'md';
}

export function parseGuideText(text: string, format: GuideFormat): Parsed {
  if (format === 'md') return { tree: markdown.parse(text), mdxFallback: false, mdxError: null };
  try {
    return { tree: mdx.parse(text), mdxFallback: false, mdxError: null };
  } catch (err) {
    // The MDX parsers throw a VFileMessage whose place is a point or a position (a mismatched closing tag).
    const e = err as Point & { place?: Point & { start?: Point }; reason?: string; message?: string };
    const at = e.place?.start ?? e.place ?? e;
    const message = String(e.reason ?? e.message ?? err).split('\n')[0] || 'MDX syntax error';
    return { tree: markdown.parse(text), mdxFallback: true, mdxError: { line: at.line ?? e.line ?? 1, column: at.column ?? e.column ?? 1, message } };
  }
}
