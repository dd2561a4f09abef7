/**
 * The local files a guide depends on: the partials it imports (MDX `import X from "../../\_note.mdx"`), the images it
 * shows and the local files it links, each resolved to an absolute path; and, through partials, what they import or
 * show in turn. Guides are read with the extractor (src/guide/extract.ts: guide.resources); partials, which are not
 * guides, with the same parser, taking imports from the ESM syntax tree that remark-mdx builds.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Root } from 'mdast';
import { visit } from 'unist-util-visit';
import type { Resource } from '../guide/model.js';
import { formatOf, parseGuideText } from '../guide/parse.js';
import { localReference } from '../guide/local-reference.js';

export type ReferenceKind = Resource['kind'];

export interface Reference {
  kind: ReferenceKind;
  /** Absolute path of the file referred to (it may no longer exist: a deleted partial still touches its guides). */
  target: string;
  /** Candidate paths for an import without extension (`./note` → ./note.mdx, ./note.md, ...). */
  candidates: string[];
  /** Line in the file that holds the reference. */
  line: number;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * The local file a reference points at, or null for what is not a file of this repository: URLs, site paths
 * (`/docs/...`, resolved by the docs site, not by path), anchors, package imports (`@theme/Tabs`, `react`).
 */
export function resolveReference(fromFile: string, kind: ReferenceKind, raw: string, line: number): Reference | null {
  let spec = localReference(kind, raw);
  if (spec === null) return null;
  if (kind !== 'import') spec = safeDecode(spec);
  const target = path.resolve(path.dirname(fromFile), spec);
  const candidates = [target];
  if (kind === 'import' && !path.extname(target)) {
    for (const ext of ['.mdx', '.md', '.js', '.jsx', '.ts', '.tsx']) candidates.push(target + ext);
    for (const ext of ['.mdx', '.md', '.js']) candidates.push(path.join(target, `index${ext}`));
  }
  return { kind, target, candidates, line };
}

/** The references of a guide, from its extracted resources. */
export function guideReferences(file: string, resources: Resource[]): Reference[] {
  return resources.map((r) => resolveReference(file, r.kind, r.url, r.line)).filter((r): r is Reference => r !== null);
}

interface EsmNode {
  data?: { estree?: { body?: { type: string; source?: { value?: unknown } }[] } };
  position?: { start: { line: number } };
}

/** The references of a partial (.md/.mdx that is not a guide): its imports, images and links. */
export function partialReferences(file: string): Reference[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const tree: Root = parseGuideText(text, formatOf(file)).tree;
  const out: Reference[] = [];
  const add = (kind: ReferenceKind, url: string, line: number | undefined) => {
    const r = resolveReference(file, kind, url, line ?? 1);
    if (r) out.push(r);
  };
  visit(tree, (node) => {
    const n = node as { type: string; url?: string; position?: { start: { line: number } } };
    if (n.type === 'image') add('image', n.url ?? '', n.position?.start.line);
    else if (n.type === 'link' || n.type === 'definition') add('link', n.url ?? '', n.position?.start.line);
    else if (n.type === 'mdxjsEsm') {
      const esm = node as unknown as EsmNode;
      for (const stmt of esm.data?.estree?.body ?? []) {
        // acorn has already unescaped the string literal here.
        if (stmt.type === 'ImportDeclaration' && typeof stmt.source?.value === 'string') {
          const r = resolveReference(file, 'import', stmt.source.value, esm.position?.start.line ?? 1);
          if (r) out.push(r);
        }
      }
    }
  });
  return out;
}

/** Whether a referenced file is itself markdown whose own references count (a partial). */
export function isMarkdown(file: string): boolean {
  return /\.mdx?$/i.test(file) && existsSync(file);
}
