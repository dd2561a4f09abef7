/**
 * Corpus summary for `docproof extract --summary`: per tree, how many files are guides, how many name a
 * provider, how many OAuth2 guides yield at least one redirect URI and one application-side setting, and
 * every file that could not be modelled, with why (files that are not guides are listed apart, not as failures).
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CORPUS_TREES } from './corpus.js';
import { extractFile, GuideInputError } from './extract.js';
import { findMarkdown } from './find.js';
import type { Guide } from './model.js';

export interface TreeSummary {
  tree: string;
  files: number;
  guides: number;
  withProvider: number;
  oauth2: number;
  /** OAuth2 guides with ≥1 redirect URI and ≥1 application-side setting. */
  oauth2Complete: number;
  /** OAuth2 guides that lack one of them, with what is missing. */
  oauth2Incomplete: { file: string; missing: string }[];
  notGuides: { file: string; why: string }[];
  failed: { file: string; line: number | null; why: string }[];
}

/** A folder argument is one tree, unless it is the corpus root: then each known tree below it is one. */
export function treesOf(arg: string): string[] {
  if (!existsSync(arg) || !statSync(arg).isDirectory()) return [arg];
  const known = CORPUS_TREES.map((t) => path.join(arg, t)).filter((t) => existsSync(t));
  return known.length ? [...known, arg] : [arg];
}

export function oauth2Gaps(guide: Guide): string | null {
  const oauth = guide.providers.filter((p) => p.type === 'oauth2');
  if (oauth.length === 0) return null;
  const missing: string[] = [];
  if (!oauth.some((p) => p.redirectUris.length > 0)) missing.push('no redirect URI');
  if (!guide.settings.some((s) => s.side === 'app')) missing.push('no application-side setting');
  return missing.length ? missing.join(', ') : '';
}

export async function summarizeTree(tree: string, exclude: readonly string[] = []): Promise<TreeSummary> {
  const s: TreeSummary = {
    tree,
    files: 0,
    guides: 0,
    withProvider: 0,
    oauth2: 0,
    oauth2Complete: 0,
    oauth2Incomplete: [],
    notGuides: [],
    failed: [],
  };
  let files: string[];
  if (existsSync(tree) && statSync(tree).isDirectory()) {
    files = (await findMarkdown(tree)).filter((f) => !exclude.some((e) => f.startsWith(e + path.sep)));
  } else files = [tree];
  for (const file of files) {
    s.files++;
    try {
      const { guide } = await extractFile(file);
      s.guides++;
      if (guide.providers.length) s.withProvider++;
      const gaps = oauth2Gaps(guide);
      if (gaps !== null) {
        s.oauth2++;
        if (gaps === '') s.oauth2Complete++;
        else s.oauth2Incomplete.push({ file, missing: gaps });
      }
    } catch (err) {
      if (err instanceof GuideInputError && err.notAGuide !== null) {
        s.notGuides.push({ file, why: err.notAGuide });
      } else if (err instanceof GuideInputError) s.failed.push({ file, line: err.line, why: err.message });
      else s.failed.push({ file, line: null, why: `internal error: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return s;
}

export function formatSummary(s: TreeSummary): string {
  const lines = [
    `${s.tree}`,
    `  files: ${s.files}   guides: ${s.guides}   with a provider: ${s.withProvider}`,
    `  OAuth2 guides: ${s.oauth2}   with ≥1 redirect URI and ≥1 app-side setting: ${s.oauth2Complete}`,
  ];
  for (const g of s.oauth2Incomplete) lines.push(`    incomplete: ${g.file}: ${g.missing}`);
  lines.push(`  not guides: ${s.notGuides.length}`);
  for (const n of s.notGuides) lines.push(`    ${n.file}: ${n.why}`);
  lines.push(`  could not model: ${s.failed.length}`);
  for (const f of s.failed) lines.push(`    ${f.file}${f.line ? `:${f.line}` : ''}: ${f.why}`);
  return lines.join('\n') + '\n';
}
