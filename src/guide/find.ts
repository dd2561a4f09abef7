/** Guide files from command-line paths: files as given; folders → every index.md / index.mdx below, sorted. */
import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { GuideInputError } from './extract.js';

const GUIDE = /^index\.mdx?$/i;
const MARKDOWN = /\.mdx?$/i;

export async function findGuides(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) out.push(...(await expandPath(p)).files);
  return out;
}

/**
 * One command-line path as the guide files it stands for, and whether it was a folder (whose listing pages,
 * partials and template the commands skip, where a file named on its own is bad input).
 */
export async function expandPath(p: string): Promise<{ files: string[]; fromFolder: boolean }> {
  if (kindOf(p) === 'file') return { files: [p], fromFolder: false };
  return { files: await walk(p, GUIDE), fromFolder: true };
}

/** Every .md / .mdx file below `dir` (for the summary, which also names files that are not guides). */
export async function findMarkdown(dir: string): Promise<string[]> {
  return walk(dir, MARKDOWN);
}

/** Synchronous: one stat per command-line path, far cheaper than a round trip through the thread pool. */
function kindOf(p: string): 'file' | 'dir' {
  try {
    const s = statSync(p);
    return s.isDirectory() ? 'dir' : 'file';
  } catch {
    throw new GuideInputError(p, null, 'no such file or folder');
  }
}

async function walk(dir: string, match: RegExp): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && match.test(e.name) && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.split(path.sep).includes('node_modules'));
  return files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
